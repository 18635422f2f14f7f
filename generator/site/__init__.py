"""The writer: rendered Markdown becomes the built site, swapped in only when the build worked.

Everything that knows the site engine (MkDocs and Material: config, hooks, builds, the live
preview) is in the `mkdocs` sub-package; the search index (Pagefind, `search.py`) reads the
built pages whatever made them. This package re-exports what the pipeline needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..layout import TEMPLATES_DIR
from ..model import Site
from .mkdocs import DirtySite, build_languages, live_server, stage, stop_live_server
from .search import index_site
from .writer import atomic_dir, check_site_dir, wait_at_gate

__all__ = [
    "DirtySite", "atomic_dir", "check_site_dir", "index_site", "live_server", "stage",
    "stop_live_server", "wait_at_gate", "write_site",
]  # fmt: skip


def write_site(
    site: Site, pages: Mapping[str, Mapping[str, str]], files: Mapping[str, bytes],
    out: Path, base_url: str | None = None, strict: bool = False,
    templates_dir: Path = TEMPLATES_DIR, parallel: bool | None = None,
) -> None:  # fmt: skip
    """Build every language into `out` with the site engine, then index it for search."""
    build_languages(site, pages, files, out, base_url, strict, templates_dir, parallel)
    index_site(out, site.languages)
