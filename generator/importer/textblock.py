"""Legacy XML `<textblock>`: indented plain text hard-wrapped at ~80 columns, "-" bullets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .criteria import Criterion, criterion
from .criteria_md import heading_kind

_MARKER_RE = re.compile(r"^(?P<indent> *)(?P<marker>[-*•]|\d{1,3}[.)]|[a-z][.)])\s+(?P<text>\S.*)$")


@dataclass
class _Item:
    """A list item being read: its marker column and the paragraphs of its text."""

    column: int
    paragraphs: list[str]
    children: list[_Item] = field(default_factory=list)
    blank_before: bool = False
    label: str | None = None
    """The item's marker when it is not a bullet: "1.", "a)"."""
    paragraph: bool = False
    """A paragraph outside any list: a sub-heading when it ends with ":" and has items."""

    def add_line(self, text: str, new_paragraph: bool) -> None:
        if new_paragraph or not self.paragraphs:
            self.paragraphs.append(text)
        else:
            self.paragraphs[-1] = f"{self.paragraphs[-1]} {text}"

    def to_criterion(self) -> Criterion:
        text = "\n\n".join(self.paragraphs)
        heading = self.paragraph and bool(self.children) and text.endswith(":")
        return criterion(text, [c.to_criterion() for c in self.children], self.label, heading)


def _lines(block: str) -> list[str | None]:
    """Return the lines with tabs expanded and blank lines as None."""
    return [line.expandtabs().rstrip() or None for line in block.split("\n")]


def unwrap(block: str | None) -> str | None:
    """Return a textblock as Markdown-ish text: wrapped lines rejoined, paragraphs kept."""
    if block is None:
        return None
    lines = _lines(block)
    indents = [len(line) - len(line.lstrip()) for line in lines if line]
    if not indents:
        return None
    base = min(indents)
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line is None:
            paragraphs.append([])
        elif _MARKER_RE.match(line) or not paragraphs[-1]:
            paragraphs[-1].append(line[base:])
        else:
            paragraphs[-1][-1] = f"{paragraphs[-1][-1]} {line.strip()}"
    return "\n\n".join("\n".join(part) for part in paragraphs if part) or None


def _top_paragraphs(lines: list[str | None]) -> list[tuple[int, str, bool]]:
    """Return (indent, text, blank_before) per logical line: wrapped lines not yet joined."""
    result = []
    blank = False
    for line in lines:
        if line is None:
            blank = True
            continue
        result.append((len(line) - len(line.lstrip()), line.strip(), blank))
        blank = False
    return result


def parse_textblock_criteria(block: str | None) -> dict[str, list[Criterion]]:
    """Return {"inclusion", "exclusion"} criteria trees of an XML criteria textblock."""
    groups: dict[str, list[_Item]] = {"inclusion": [], "exclusion": []}
    reader = _Reader(groups)
    for indent, text, blank in _top_paragraphs(_lines(block or "")):
        reader.feed(indent, text, blank)
    reader.flush()
    return {key: [item.to_criterion() for item in items] for key, items in groups.items()}


class _Reader:
    """Build the item trees line by line from indentation."""

    def __init__(self, groups: dict[str, list[_Item]]) -> None:
        self.groups = groups
        self.target = groups["inclusion"]
        self.heading: _Item | None = None
        self.stack: list[_Item] = []
        self.paragraph: _Item | None = None
        self.base: int | None = None

    def feed(self, indent: int, text: str, blank: bool) -> None:
        if self.base is None:
            self.base = indent
        match = _MARKER_RE.match(" " * indent + text)
        if match:
            self.flush()
            marker = match["marker"]
            self._marker(indent, match["text"], None if marker in "-*•" else marker)
        elif self.stack and not blank:
            self.stack[-1].add_line(text, False)
        elif self.stack and indent > self.stack[0].column:
            self._continue(indent, text)
        elif self.paragraph is not None and not blank:
            self.paragraph.add_line(text, False)
        else:
            self.flush()
            self.stack = []
            self.paragraph = _Item(indent, [text], paragraph=True)

    def _marker(self, indent: int, text: str, label: str | None) -> None:
        while self.stack and indent < self.stack[-1].column + 2:
            self.stack.pop()
        item = _Item(indent, [text], label=label)
        if self.stack:
            self.stack[-1].children.append(item)
        else:
            (self.heading.children if self.heading else self.target).append(item)
        self.stack.append(item)

    def _continue(self, indent: int, text: str) -> None:
        """Add a paragraph after a blank line to the item it is indented under."""
        while len(self.stack) > 1 and self.stack[-1].column >= indent:
            self.stack.pop()
        owner = self.stack[-1]
        if owner.children:
            paragraph = _Item(indent, [text])
            owner.children.append(paragraph)
            self.stack.append(paragraph)
        else:
            owner.add_line(text, True)

    def flush(self) -> None:
        """Place a finished top-level paragraph: a heading, a sub-heading or a criterion."""
        item, self.paragraph = self.paragraph, None
        if item is None:
            return
        text = item.paragraphs[0]
        kind, bare = heading_kind(text)
        self.target = self.groups[kind] if kind else self.target
        if bare:
            self.heading = None
            return
        self.target.append(item)
        self.heading = item if text.endswith(":") else None
