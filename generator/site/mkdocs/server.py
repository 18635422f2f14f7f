"""Serve the preview with MkDocs' live-reload server: watch folders, rebuild, reload browsers."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.livereload import LiveReloadServer

# The live-reload client as a file (MkDocs writes it inline, which the pages'
# Content-Security-Policy refuses): it polls until the site's epoch changes, then reloads.
RELOAD_PATH = "/.trialsite-livereload.js"
RELOAD_JS = b"""(function (script) {
  var epoch = +script.dataset.epoch, request = script.dataset.request, timer, xhr;
  function poll() {
    xhr = new XMLHttpRequest();
    xhr.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) { location.reload(); }
      else { timer = setTimeout(poll, this.status === 200 ? 0 : 3000); }
    };
    xhr.open("GET", "/livereload/" + epoch + "/" + request);
    xhr.send();
  }
  function stop() { if (xhr) { xhr.abort(); } clearTimeout(timer); xhr = timer = undefined; }
  window.addEventListener("load", function () { if (!document.hidden) { poll(); } });
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) { stop(); } else { poll(); }
  });
  window.addEventListener("beforeunload", stop);
})(document.currentScript);
"""


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server that answers only requests addressed to it (issue 14).

    A page on another site can make the browser resolve its own name to 127.0.0.1 and read the
    preview (DNS rebinding); such a request carries that name in its `Host` header. Only this
    server's own name, `localhost` or an IP address, on its port, is served.
    """

    def __init__(self, builder: Callable[[], None], host: str, port: int, root: str,
                 mount_path: str) -> None:  # fmt: skip
        super().__init__(builder, host, port, root, mount_path=mount_path)
        self.own_host, self.own_port = host, port

    def serve_request(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        """Refuse a request whose Host is not this server; serve the reload client; else serve."""
        if not allowed_host(environ.get("HTTP_HOST", ""), self.own_host, self.own_port):
            start_response("421 Misdirected Request", [("Content-Type", "text/plain")])
            return [b"421 Misdirected Request: this preview answers only to its own address\n"]
        if environ.get("PATH_INFO") == RELOAD_PATH:
            headers = [("Content-Type", "text/javascript"), ("Cache-Control", "no-store")]
            start_response("200 OK", headers)
            return [RELOAD_JS]
        return super().serve_request(environ, start_response)

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        body_end = content.rfind(b"</body>")
        if body_end < 0:
            return content
        request = round(time.monotonic() * 1000)
        tag = f'<script src="{RELOAD_PATH}" data-epoch="{int(epoch)}" data-request="{request}">'
        return b"%b%b</script>%b" % (content[:body_end], tag.encode(), content[body_end:])


def allowed_host(header: str, host: str, port: int) -> bool:
    """Return True when a Host header names this server: its host, localhost or an IP, its port."""
    name, _, given_port = header.rpartition(":") if not header.endswith("]") else (header, "", "")
    if not name or not given_port.isdigit() or int(given_port) != port:
        return False
    name = name.lower()
    if name in (host.lower(), "localhost"):
        return True
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def live_server(
    rebuild: Callable[[], None], host: str, port: int, root: Path, mount: str,
    watched: list[Path],
) -> LiveReloadServer:  # fmt: skip
    """Return a server of `root` under `mount` that calls `rebuild` when a watched file changes."""
    server = PreviewServer(rebuild, host, port, str(root), mount_path=mount)
    for folder in watched:
        server.watch(str(folder))
    return server


def stop_live_server(server: LiveReloadServer) -> None:
    """Stop serving and watching."""
    server.shutdown(wait=server.serve_thread.is_alive())
