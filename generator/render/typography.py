"""French spacing: no-break spaces before ; : ? ! and inside « », whoever typed the text.

Translators, the UI catalog and `site.yaml` are written with ordinary spaces on most keyboards;
an ordinary space lets a browser put "?" alone at the start of a line. French typography wants a
no-break space before ":" and inside guillemets, and a narrow one before ";", "?" and "!".
"""

from __future__ import annotations

import re

NO_BREAK = "\u00a0"
NARROW_NO_BREAK = "\u202f"
# An ordinary space between a word (or closing bracket/quote) and the sign: "URL: x" in code or
# "http://" has no space before the colon and is left alone.
_BEFORE_COLON = re.compile(r"(?<=[^\s]) (?=:(?:\s|$))")
_BEFORE_NARROW = re.compile(r"(?<=[^\s]) (?=[;?!](?:[\s)»]|$))")
_AFTER_OPENING = re.compile(r"« ")
_BEFORE_CLOSING = re.compile(r" »")


def french_spacing(text: str) -> str:
    """Return French text with no-break spaces where French typography requires them."""
    if " " not in text:
        return text
    text = _BEFORE_COLON.sub(NO_BREAK, text)
    text = _BEFORE_NARROW.sub(NARROW_NO_BREAK, text)
    text = _AFTER_OPENING.sub("«" + NO_BREAK, text)
    return _BEFORE_CLOSING.sub(NO_BREAK + "»", text)


def spaced(text: str, lang: str) -> str:
    """Return text with the spacing rules of `lang` applied (only French has any)."""
    return french_spacing(text) if lang == "fr" else text
