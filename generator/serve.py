"""`trialsite serve`: build into a temporary folder, serve it, rebuild when sources change."""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.livereload import LiveReloadServer

from .errors import TrialsiteError
from .layout import TEMPLATES_DIR
from .loader import load_file
from .model import Site
from .site.incremental import IncrementalBuilder

logger = logging.getLogger(__name__)


def serve_site(content_dir: Path, dev_addr: str) -> None:
    """Preview the site on `dev_addr` (host:port) until interrupted, with live reload."""
    server = make_server(content_dir, dev_addr)
    try:
        server.serve()
    except KeyboardInterrupt:
        logger.info("Stopping the preview")
    except OSError as exc:
        raise TrialsiteError(f"cannot serve on {dev_addr}: {exc.strerror or exc}") from None
    finally:
        stop_server(server)


def make_server(content_dir: Path, dev_addr: str) -> LiveReloadServer:
    """Build the site once and return a server that watches `content/` and `templates/`."""
    host, port = parse_address(dev_addr)
    content_dir = Path(content_dir)
    mount = _mount_path(content_dir)
    site_dir = Path(tempfile.mkdtemp(prefix="trialsite-serve-")) / "site"
    base_url = preview_url(content_dir, dev_addr)
    # After the first build, an edit re-renders and rebuilds only the pages it changed (issue 7).
    incremental = IncrementalBuilder(content_dir, site_dir, base_url, TEMPLATES_DIR,
                                     site_dir.parent / "docs")  # fmt: skip

    def builder() -> None:
        try:
            logger.info(incremental.build())
        except TrialsiteError as error:
            logger.error("%s", error.format_message())

    builder()
    server = LiveReloadServer(builder, host, port, str(site_dir), mount_path=mount)
    server.trialsite_builder = incremental  # type: ignore[attr-defined]  # stopped with it
    server.watch(str(content_dir))
    server.watch(str(TEMPLATES_DIR))
    return server


def preview_url(content_dir: Path = Path("content"), dev_addr: str = "127.0.0.1:8000") -> str:
    """Return the address the preview serves the site at (`make site` prints it)."""
    host, port = parse_address(dev_addr)
    return f"http://{host}:{port}{_mount_path(Path(content_dir))}"


def stop_server(server: LiveReloadServer) -> None:
    """Stop serving and watching, and remove the temporary site."""
    server.shutdown(wait=server.serve_thread.is_alive())
    builder = getattr(server, "trialsite_builder", None)
    if builder is not None:
        builder.close()
    shutil.rmtree(Path(server.root).parent, ignore_errors=True)


def parse_address(dev_addr: str) -> tuple[str, int]:
    """Split `host:port`, raising a clear error when it is malformed."""
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise TrialsiteError(f'expected an address such as 127.0.0.1:8000, got "{dev_addr}"')
    return host.strip("[]"), int(port)


def _mount_path(content_dir: Path) -> str:
    """Serve under the same sub-path as the published site, to catch sub-path bugs early."""
    site, _ = load_file(content_dir / "site.yaml", Site)
    path = urlsplit(site.base_url).path if site is not None else "/"
    return path if path.endswith("/") else f"{path}/"
