"""Scratch content folders: the one way tests make a `content/` of their own to change."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
TRIAL = "NCT03562065"
"""The trial with hand-written patient texts in both languages and a full French catalog."""


def write_content(
    target: Path, trials: Iterable[str] | str = (TRIAL,), files: Mapping[str, str] | None = None
) -> Path:
    """Make `target/content`: the shipped settings and glossary, some trials, then `files`.

    `trials` names trial folders of `content/trials/`, or is a glob over them ("*": every
    trial). `files` maps a path under content/ to its text (dedented), written last, so a test
    states only what it changes.
    """
    content = target / "content"
    (content / "trials").mkdir(parents=True, exist_ok=True)
    for name in ("site.yaml", "glossary.yaml"):
        shutil.copy(CONTENT / name, content / name)
    names = (
        sorted(path.name for path in (CONTENT / "trials").glob(trials) if path.is_dir())
        if isinstance(trials, str)
        else list(trials)
    )
    for nct_id in names:
        shutil.copytree(CONTENT / "trials" / nct_id, content / "trials" / nct_id)
    for relpath, text in (files or {}).items():
        path = content / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), "utf-8")
    return content
