"""Scratch content folders and folder digests for the hostile tests of issue 14."""

from __future__ import annotations

import hashlib
from pathlib import Path

from contentfixtures import write_content

ROOT = Path(__file__).resolve().parents[2]
TRIAL = "NCT03562065"


def scratch_content(target: Path, trial: str = TRIAL) -> Path:
    """Copy the site settings, the glossary and one trial's folder into `target/content/`."""
    return write_content(target, (trial,))


def tree_digest(root: Path) -> str:
    """Return one hash of every path, link target and byte under `root`."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        if path.is_symlink():
            digest.update(str(path.readlink()).encode())
        elif path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()
