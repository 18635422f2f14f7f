"""Eligibility text -> nested criteria: `{text, items}` dicts, markers turned into structure."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .text import unescape

Criterion = dict[str, Any]
_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii"]
_LETTERS = "abcdefghijklmnopqrstuvwxyz"

# Each kind names its n-th marker (1-based); lists are recognised in this order.
MARKER_KINDS: dict[str, Callable[[int], str | None]] = {
    "letter-dot": lambda n: f"{_LETTERS[n - 1]}." if n <= len(_LETTERS) else None,
    "letter-paren": lambda n: f"{_LETTERS[n - 1]})" if n <= len(_LETTERS) else None,
    "roman-dash": lambda n: f"{_ROMAN[n - 1]}-" if n <= len(_ROMAN) else None,
    "roman-dot": lambda n: f"{_ROMAN[n - 1]}." if n <= len(_ROMAN) else None,
    "roman-paren": lambda n: f"{_ROMAN[n - 1]})" if n <= len(_ROMAN) else None,
    "digit-dot": lambda n: f"{n}.",
    "digit-paren": lambda n: f"{n})",
}
LINE_MARKER_RE = re.compile(r"^(?:[a-z][.)]|[ivx]+[-.)]|\d{1,2}[.)])\s")


def criterion(
    text: str, items: list[Criterion] | None = None, label: str | None = None,
    heading: bool = False,
) -> Criterion:  # fmt: skip
    """Return one criterion dict; `label` is its marker as registered ("b.", "iv-", "1.")."""
    result: Criterion = {"text": text, "items": items or []}
    if label:
        result["label"] = label
    if heading:
        result["heading"] = True
    return result


def _find_marker(text: str, marker: str, start: int) -> int:
    pattern = rf"(?:(?<=\s)|^){re.escape(marker)}(?=\s)"
    match = re.compile(pattern).search(text, start)
    return match.start() if match else -1


def _sequence(text: str, kind: str) -> list[tuple[int, int]]:
    """Return (start, end) of the markers 1, 2, 3... of `kind` found in order in `text`."""
    name = MARKER_KINDS[kind]
    found: list[tuple[int, int]] = []
    position, number = 0, 1
    while (marker := name(number)) is not None:
        at = _find_marker(text, marker, position)
        if at < 0:
            break
        found.append((at, at + len(marker)))
        position, number = at + len(marker), number + 1
    return found


def _usable(text: str, found: list[tuple[int, int]]) -> bool:
    if not found:
        return False
    lead = text[: found[0][0]].strip()
    return lead == "" or (lead.endswith(":") and len(found) >= 2)


def split_inline(text: str, used: tuple[str, ...] = ()) -> tuple[str, list[Criterion]]:
    """Split "lead: a. x b. y" into the lead text and nested criteria, keeping every word."""
    best: tuple[str, list[tuple[int, int]]] | None = None
    for kind in MARKER_KINDS:
        if kind in used:
            continue
        found = _sequence(text, kind)
        if _usable(text, found) and (best is None or found[0][0] < best[1][0][0]):
            best = (kind, found)
    if best is None:
        return text.strip(), []
    kind, found = best
    items = []
    for index, (start, end) in enumerate(found):
        stop = found[index + 1][0] if index + 1 < len(found) else len(text)
        lead, sub = split_inline(text[end:stop], (*used, kind))
        items.append(criterion(lead, sub, text[start:end]))
    return text[: found[0][0]].strip(), items


def is_marker_line(line: str) -> bool:
    """Whether a line starts with a sub-list marker such as "a.", "1." or "iv-"."""
    return bool(LINE_MARKER_RE.match(line))


def _marker_line(line: str) -> list[Criterion]:
    """Return the items of a line such as "a. x b. y" or "2. x" (numbered on the line above)."""
    lead, items = split_inline(line)
    if not lead:
        return items
    match = LINE_MARKER_RE.match(line)
    label = None
    if match:
        lead, items = split_inline(line[match.end() :])
        label = match[0].strip()
    return [criterion(lead, items, label)]


def from_bullet_lines(lines: list[str]) -> list[Criterion]:
    """Parse registry-text criteria: "* " bullets, marker lines nested under the bullet above."""
    result: list[Criterion] = []
    for raw in lines:
        line = unescape(raw.strip())
        if not line:
            continue
        if line.startswith(("* ", "- ")):
            lead, items = split_inline(line[2:])
            result.append(criterion(lead, items))
        elif is_marker_line(line) or not result:
            target = result[-1]["items"] if result else result
            target.extend(_marker_line(line))
        else:
            last = result[-1]
            last["text"] = f"{last['text']} {line}".strip()
    return result
