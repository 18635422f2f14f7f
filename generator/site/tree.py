"""The staged Markdown: one folder per language, written file by file, never outside itself."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..errors import BuildError


def write_tree(root: Path, files: Mapping[str, bytes]) -> None:
    """Write `files` (relative path -> bytes) under `root`, refusing paths that leave it."""
    for relpath, data in files.items():
        target = root / relpath
        if ".." in Path(relpath).parts or Path(relpath).is_absolute():
            raise BuildError(f"refusing to write outside the site: {relpath}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
