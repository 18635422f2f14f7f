"""`trialsite serve`: the pipeline again after each edit, into a site the engine serves live.

The first build is a full one. After an edit, a trial whose files did not change keeps its
loaded model (no YAML parsing), its pages and findings come from the cache's memory, and the
site engine rewrites and rebuilds only the pages whose Markdown changed (issue 7).
"""

from __future__ import annotations

import gc
import logging
import shutil
import signal
import tempfile
import time
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

from .build import check
from .cache import file_signature
from .errors import TrialsiteError
from .layout import GLOSSARY_FILE, SITE_FILE, TEMPLATES_DIR, site_file
from .loader import load_content, load_file, trial_folders
from .model import Content, Site, Trial
from .site import DirtySite, index_site, live_server, stop_live_server

logger = logging.getLogger(__name__)


class Preview:
    """Builds the preview site in place, doing after each edit only the work the edit needs."""

    def __init__(self, content_dir: Path, site_dir: Path, base_url: str | None,
                 templates_dir: Path, staging: Path) -> None:  # fmt: skip
        self.content_dir = Path(content_dir)
        self.base_url = base_url
        self.templates_dir = templates_dir
        self.site = DirtySite(site_dir, base_url, templates_dir, staging)
        self.trials: dict[str, tuple[tuple[tuple[str, int, int], ...], Trial]] = {}
        self.shared: tuple[tuple[str, int, int], ...] = ()
        self.memory: dict[str, Any] = {}
        """Each trial's pages and findings, by cache key, kept from one build to the next."""

    @property
    def site_dir(self) -> Path:
        """The folder served."""
        return self.site.site_dir

    def build(self) -> str:
        """Check, render and rebuild; return a one-line summary of what was done.

        After a first build, Python's cycle collector is paused and run once at the end: with
        1,000 trials' pages kept in memory, its passes in the middle of a rebuild made it take
        2.1 to 3 s. A full build runs with it, or its garbage would add 300 MB to the peak.
        """
        pause = gc.isenabled() and bool(self.site.written)
        if pause:
            gc.disable()
        try:
            return self._build()
        finally:
            if pause:
                gc.enable()
                gc.collect()  # what MkDocs left behind (about 0.2 s at 1,000 trials)

    def _build(self) -> str:
        start = time.monotonic()
        content = self.load()
        checked = check(self.content_dir, self.templates_dir, content, self.memory, self.base_url)
        rendered = checked.rendered
        changed, full = self.site.write(checked.content.site, rendered.pages, rendered.files)
        if full:
            gc.enable()  # a full build's garbage is collected as it goes
        self.site.rebuild(full)
        # Pagefind has no partial update: the whole built site is indexed again (a whole
        # index is what an edit cannot get wrong), then swapped in for the previous one.
        index_site(self.site_dir, checked.content.site.languages)
        what = "full build" if full else f"{changed} changed page(s) rebuilt"
        return f"Preview: {what} in {time.monotonic() - start:.1f} s"

    def load(self) -> Content:
        """Return the content, parsing again only the trial folders that changed."""
        shared = file_signature(self.content_dir, (SITE_FILE, GLOSSARY_FILE))
        folders = trial_folders(self.content_dir)
        signatures = {str(folder): file_signature(folder) for folder in folders}

        def kept(folder: Path) -> Trial | None:
            known = self.trials.get(str(folder))
            return known[1] if known and known[0] == signatures.get(str(folder)) else None

        reuse = shared == self.shared and bool(self.trials)
        content = load_content(self.content_dir, kept if reuse else None)
        self.shared = shared
        self.trials = {t.folder: (signatures[t.folder], t) for t in content.trials}
        return content

    def close(self) -> None:
        """Stop what the site engine keeps running between rebuilds."""
        self.site.close()


def serve_site(content_dir: Path, dev_addr: str) -> None:
    """Preview the site on `dev_addr` (host:port) until interrupted, with live reload."""
    server = make_server(content_dir, dev_addr)
    # A SIGTERM (a closed terminal, `kill`, CI) stops the preview as Ctrl-C does: the
    # temporary site is removed (issue 14: /tmp/trialsite-serve-* was left behind).
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve()
    except KeyboardInterrupt:
        logger.info("Stopping the preview")
    except OSError as exc:
        raise TrialsiteError(f"cannot serve on {dev_addr}: {exc.strerror or exc}") from None
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop_server(server)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def make_server(content_dir: Path, dev_addr: str) -> Any:
    """Build the site once and return a server that watches `content/` and `templates/`."""
    host, port = parse_address(dev_addr)
    content_dir = Path(content_dir)
    mount = _mount_path(content_dir)
    site_dir = Path(tempfile.mkdtemp(prefix="trialsite-serve-")) / "site"
    base_url = preview_url(content_dir, dev_addr)
    # After the first build, an edit re-renders and rebuilds only the pages it changed (issue 7).
    preview = Preview(content_dir, site_dir, base_url, TEMPLATES_DIR, site_dir.parent / "docs")

    def builder() -> None:
        try:
            logger.info(preview.build())
        except TrialsiteError as error:
            logger.error("%s", error.format_message())

    builder()
    server = live_server(builder, host, port, site_dir, mount, [content_dir, TEMPLATES_DIR])
    server.trialsite_builder = preview  # stopped with it
    return server


def preview_url(content_dir: Path = Path("content"), dev_addr: str = "127.0.0.1:8000") -> str:
    """Return the address the preview serves the site at (`make site` prints it)."""
    host, port = parse_address(dev_addr)
    return f"http://{host}:{port}{_mount_path(Path(content_dir))}"


def stop_server(server: Any) -> None:
    """Stop serving and watching, and remove the temporary site."""
    stop_live_server(server)
    builder = getattr(server, "trialsite_builder", None)
    if builder is not None:
        builder.close()
    shutil.rmtree(Path(server.root).parent, ignore_errors=True)


def parse_address(dev_addr: str) -> tuple[str, int]:
    """Split `host:port`, raising a clear error when it is malformed."""
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise TrialsiteError(
            f'expected an address such as 127.0.0.1:8000 (a port from 1 to 65535), got "{dev_addr}"'
        )
    return host.strip("[]"), int(port)


def _mount_path(content_dir: Path) -> str:
    """Serve under the same sub-path as the published site, to catch sub-path bugs early."""
    site, _ = load_file(site_file(content_dir), Site)
    path = urlsplit(site.base_url).path if site is not None else "/"
    return path if path.endswith("/") else f"{path}/"
