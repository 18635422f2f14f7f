"""The writer: rendered Markdown becomes the built site, swapped in only when the build worked.

Everything that knows the site engine (MkDocs and Material: config, hooks, builds, the live
preview) is in the `mkdocs` sub-package; this package re-exports what the pipeline needs.
"""

from __future__ import annotations

from .mkdocs import DirtySite, live_server, stage, stop_live_server
from .mkdocs import build_languages as write_site  # the engine builds every language
from .writer import atomic_dir, check_site_dir, wait_at_gate

__all__ = [
    "DirtySite", "atomic_dir", "check_site_dir", "live_server", "stage", "stop_live_server",
    "wait_at_gate", "write_site",
]  # fmt: skip
