"""Read a built site's Pagefind index from disk: which pages each language's index holds, and
the text it holds for each (its fragments: gzip, a signature, then JSON)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


def entry(site: Path) -> dict[str, Any]:
    """Return the index's entry file: its version and, per language, its page count."""
    return json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))


def fragments(site: Path, lang: str) -> dict[str, dict[str, Any]]:
    """Return, by URL (site-root-relative, as `/fr/trials/NCT…/`), each page indexed in `lang`."""
    pages = {}
    for path in sorted((site / "pagefind" / "fragment").glob(f"{lang}_*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        fragment = json.loads(data[len(SIGNATURE) :])
        pages[fragment["url"]] = fragment
    return pages
