"""Suspected lost exponents: "0.5.109/L" or "200 x 106 / L" where 10⁹/L or 10⁶/L is meant.

The registry stores plain text, and superscripts pasted into it lose their formatting: 10⁹/L
becomes "109/L" (medical review item 2). We never repair such a number, in any language: the
record is shown as registered with a visible note, the importer warns naming the criterion,
and translators are told in the catalog to keep the number as it is.
"""

from __future__ import annotations

import re

# A number, then a multiplication sign, a dot or a space, then "10" glued to (or one space
# before) a one- or two-digit exponent from 3 to 12, then a per-volume or per-mass unit.
_LOST_RE = re.compile(
    r"\d\s*(?:[x×*·.]\s*|\s+)(?P<power>10\s?(?:[3-9]|1[0-2]))\s*/\s*"
    r"(?:L|l|µL|μL|uL|mL|ml|mm3|mm³|kg)(?![A-Za-z])"
)


# Catalog comment lines start with this mark, so an update replaces them and keeps others; each
# line stays short, as Babel wraps longer comments into lines that would lose the mark.
NOTE_MARK = "trialsite:"


def translator_comments(text: str) -> list[str]:
    """Return the catalog comment lines for a passage with suspected lost exponents."""
    found = lost_exponents(text)
    if not found:
        return []
    return [f"{NOTE_MARK} suspected lost exponent, as registered: {item}" for item in found] + [
        f"{NOTE_MARK} keep these numbers exactly as written, do not correct them;",
        f'{NOTE_MARK} the page shows an "as registered" note beside them.',
    ]


def lost_exponents(text: str | None) -> list[str]:
    """Return each registered expression that looks like a power of ten without its superscript."""
    if not text:
        return []
    found = []
    for match in _LOST_RE.finditer(text):
        start = match.start("power")
        # Back up to the number before the power, for a quotable excerpt: "0.5.109/L".
        head = re.search(r"[\d.,]*\d\s*(?:[x×*·.]\s*|\s+)$", text[max(0, start - 12) : start])
        begin = start - (len(head[0]) if head else 0)
        found.append(text[begin : match.end()])
    return found
