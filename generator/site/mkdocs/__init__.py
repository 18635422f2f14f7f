"""The site engine: MkDocs and Material, everything that knows them (config, hooks, builds).

Another engine is another sub-package offering the same things: `build_languages` (a full
build of every language into a folder), `stage` (the same, staged to rerun by hand),
`DirtySite` (the preview's site, rebuilt in place after an edit), and `live_server` and
`stop_live_server` (serve it, reloading the browser after each rebuild).
"""

from __future__ import annotations

from .build import build_languages, stage
from .dirty import DirtySite
from .server import live_server, stop_live_server

__all__ = ["DirtySite", "build_languages", "live_server", "stage", "stop_live_server"]
