"""Small text helpers shared by the importers."""

from __future__ import annotations

import re

_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
_TRAILING_SPACE_RE = re.compile(r"[ \t]+$", re.MULTILINE)


def unescape(text: str) -> str:
    """Decode registry and Markdown backslash escapes (`\\<` -> `<`, `1.10\\^6` -> `1.10^6`)."""
    return _ESCAPE_RE.sub(r"\1", text)


def clean(text: str | None) -> str | None:
    """Return text with normalised line ends and no trailing spaces, or None when blank."""
    if text is None:
        return None
    text = _TRAILING_SPACE_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return text or None


def clean_line(text: str | None) -> str | None:
    """Return one-line text with runs of white space collapsed, or None when blank."""
    if text is None:
        return None
    return " ".join(text.split()) or None
