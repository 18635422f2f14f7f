"""Serve a built site from 127.0.0.1 under a sub-path, as GitHub Pages serves a project site."""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

log = logging.getLogger(__name__)

SUBPATH = "/trialsite/"


class _SubPathHandler(SimpleHTTPRequestHandler):
    """Serve files of one directory only under SUBPATH; everything else is 404."""

    def translate_path(self, path: str) -> str:
        """Map /trialsite/<x> to <directory>/<x>; other paths to a file that does not exist."""
        if not path.startswith(SUBPATH):
            return str(Path(self.directory) / ".not-under-subpath")
        return super().translate_path("/" + path[len(SUBPATH) :])

    def end_headers(self) -> None:
        """Forbid caching so every test sees the freshly built site."""
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        """Send access logs to logging instead of stderr."""
        log.debug(format, *args)


@dataclass(frozen=True)
class SiteServer:
    """A running server: its host:port and the root URL of the served site."""

    host: str
    port: int

    @property
    def netloc(self) -> str:
        """Return host:port, the only origin pages may request."""
        return f"{self.host}:{self.port}"

    @property
    def root(self) -> str:
        """Return the site's root URL, ending with the sub-path."""
        return f"http://{self.netloc}{SUBPATH}"

    def url(self, relpath: str = "") -> str:
        """Return the URL of a site-relative path such as `fr/trials/`."""
        return self.root + relpath.lstrip("/")


@contextmanager
def serve_directory(directory: Path) -> Iterator[SiteServer]:
    """Serve `directory` under SUBPATH on a free port until the block ends."""
    handler = functools.partial(_SubPathHandler, directory=str(directory))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1})
    thread.daemon = True
    thread.start()
    try:
        yield SiteServer("127.0.0.1", httpd.server_address[1])
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
