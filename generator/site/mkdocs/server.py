"""Serve the preview with MkDocs' live-reload server: watch folders, rebuild, reload browsers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mkdocs.livereload import LiveReloadServer


def live_server(
    rebuild: Callable[[], None], host: str, port: int, root: Path, mount: str,
    watched: list[Path],
) -> LiveReloadServer:  # fmt: skip
    """Return a server of `root` under `mount` that calls `rebuild` when a watched file changes."""
    server = LiveReloadServer(rebuild, host, port, str(root), mount_path=mount)
    for folder in watched:
        server.watch(str(folder))
    return server


def stop_live_server(server: LiveReloadServer) -> None:
    """Stop serving and watching."""
    server.shutdown(wait=server.serve_thread.is_alive())
