"""CommonMark eligibility text (API v2 `eligibilityCriteria`) -> inclusion and exclusion trees."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from .criteria import LINE_MARKER_RE, Criterion, criterion, split_inline
from .text import unescape

_PARSER = MarkdownIt("commonmark")
_LISTS = ("bullet_list", "ordered_list")
_QUALIFIER = r"(?:key |main |major |general |additional |other )?"
# "Inclusion Criteria:", "**Key Exclusion Criteria:**", "Eligibility criteria": a bare heading.
HEADING_RE = re.compile(
    rf"^\W*{_QUALIFIER}(?P<kind>inclusion|exclusion|eligibility|selection)"
    r"(?: criteria)?\s*:?\W*$",
    re.IGNORECASE,
)
# "Exclusion criteria for parents:": switches to exclusion and stays as a sub-heading.
_PREFIX_RE = re.compile(rf"^\W*{_QUALIFIER}(?P<kind>inclusion|exclusion) criteri(?:a|on)\b", re.I)
_STRAY_MARKER_RE = re.compile(r"^[-•]\s*(?=[A-Z])")


def _inline_text(raw: str) -> str:
    """Join soft-wrapped lines and decode Markdown escapes."""
    return unescape(" ".join(part.strip() for part in raw.split("\n") if part.strip()))


def _block_text(node: SyntaxTreeNode) -> str:
    if node.type in ("paragraph", "heading"):
        return "\n".join(_inline_text(child.content) for child in node.children)
    if node.type == "blockquote":
        return "\n\n".join(_block_text(child) for child in node.children)
    if node.type == "hr":
        return ""
    return _inline_text(node.content)


def heading_kind(text: str) -> tuple[str | None, bool]:
    """Return the group a paragraph opens (or None) and whether it is a bare heading to drop."""
    match = HEADING_RE.match(text)
    if match:
        kind = match["kind"].lower()
        return (kind if kind in ("inclusion", "exclusion") else None), True
    match = _PREFIX_RE.match(text)
    return (match["kind"].lower() if match else None), False


def _list(node: SyntaxTreeNode) -> list[Criterion]:
    result = []
    for item in node.children:
        texts: list[str] = []
        items: list[Criterion] = []
        for child in item.children:
            if child.type in _LISTS:
                items.extend(_list(child))
            elif text := _block_text(child):
                texts.append(text)
        if texts or items:
            # An ordered list keeps its registered numbers ("3)", "4)") as labels.
            label = f"{item.info}{item.markup}" if node.type == "ordered_list" else None
            result += _with_inline_markers("\n\n".join(texts), items, label)
    return result


def _with_inline_markers(text: str, items: list[Criterion], label: str | None) -> list[Criterion]:
    """Return a list item's criteria, its inline "a. ... b. ..." markers made structure.

    Registry text often writes sub-criteria on one line ("including: a. x b. y i- z"); the
    markers become labels ("a.", "i-") as in the registry-text importer (issue 18).
    """
    if "\n\n" in text or label is not None:
        return [criterion(text, items, label)]
    marker = LINE_MARKER_RE.match(text)
    if marker:  # "* a) Cohort 1: ...": a bullet whose text starts with its own marker
        lead, inline = split_inline(text[marker.end() :])
        return [criterion(lead, inline + items, marker[0].strip())]
    lead, inline = split_inline(text)
    if not inline:
        return [criterion(text, items, label)]
    if lead:
        return [criterion(lead, inline + items)]
    if len(inline) == 1:
        (only,) = inline
        return [criterion(only["text"], only["items"] + items, only.get("label"))]
    return [*inline[:-1], criterion(inline[-1]["text"], inline[-1]["items"] + items,
                                    inline[-1].get("label"))]  # fmt: skip


def parse_markdown_criteria(markdown: str) -> dict[str, list[Criterion]]:
    """Return {"inclusion": [...], "exclusion": [...]}; no Exclusion heading: all is inclusion."""
    groups: dict[str, list[Criterion]] = {"inclusion": [], "exclusion": []}
    target = groups["inclusion"]
    heading: Criterion | None = None
    previous: SyntaxTreeNode | None = None
    for node in SyntaxTreeNode(_PARSER.parse(markdown)).children:
        before, previous = previous, node
        if node.type in _LISTS:
            owner = _open_item(target) if before is not None and before.type in _LISTS else None
            if heading is not None:
                heading["heading"] = True
            (heading or owner or {"items": target})["items"].extend(_list(node))
            continue
        text = _block_text(node)
        if not text:
            continue
        kind, bare = heading_kind(text)
        target = groups[kind] if kind else target
        if bare:
            heading = None
            continue
        item = criterion(_STRAY_MARKER_RE.sub("", text))
        target.append(item)
        heading = item if text.endswith(":") else None
    return groups


def _open_item(target: list[Criterion]) -> Criterion | None:
    """Return the last criterion when it announces sub-criteria ("Presence of:") and has none.

    In the registry's Markdown a "1." list right after a "* Presence of:" bullet is a new list,
    not a nested one (CommonMark needs an indent); it belongs to that bullet.
    """
    last = target[-1] if target else None
    return last if last is not None and last["text"].endswith(":") and not last["items"] else None
