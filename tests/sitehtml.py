"""The tests' one HTML parser (the standard library's): an element tree, and a built page's
links, anchors, head data, headings and notes."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class Page:
    """What the tests need to know about one built HTML page."""

    lang: str | None = None
    ids: set[str] = field(default_factory=set)
    anchors: list[dict[str, str]] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)
    metas: list[dict[str, str]] = field(default_factory=list)
    sources: list[tuple[str, str]] = field(default_factory=list)
    """(tag, url) of everything the browser fetches by itself: src, data, poster, srcset."""
    scripts: list[tuple[dict[str, str], str]] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    h1: list[tuple[str | None, str]] = field(default_factory=list)
    """(language it is written in: the nearest `lang` around it, text) of each `<h1>`."""
    notes: list[tuple[str | None, str]] = field(default_factory=list)
    """(language, text) of each `.translation-note`."""


_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._script: dict[str, str] | None = None
        self._text: list[str] = []
        self._open: list[tuple[str, str | None]] = []  # (tag, lang) of each open element
        self._texts: list[tuple[str, int, str | None, list[str]]] = []  # h1s and notes read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag not in _VOID:
            inherited = self._open[-1][1] if self._open else None
            self._open.append((tag, values.get("lang", inherited)))
            if tag == "h1" or "translation-note" in values.get("class", "").split():
                self._texts.append((tag, len(self._open), self._open[-1][1], []))
        if tag == "html":
            self.page.lang = values.get("lang")
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        if tag == "a" and "href" in values:
            self.page.anchors.append(values)
        if tag == "link":
            self.page.links.append(values)
        if tag == "meta":
            self.page.metas.append(values)
        for name in ("src", "data", "poster", "srcset"):
            if name in values:
                self.page.sources.append((tag, values[name]))
        if "style" in values:
            self.page.styles.append(values["style"])
        if tag in ("script", "style"):
            self._script, self._text = ({**values, "_tag": tag}, [])

    def handle_data(self, data: str) -> None:
        for *_, parts in self._texts:
            parts.append(data)
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if any(name == tag for name, _ in self._open):
            while self._open and self._open.pop()[0] != tag:
                pass
        while self._texts and len(self._open) < self._texts[-1][1]:
            name, _, lang, parts = self._texts.pop()
            text = " ".join("".join(parts).split())
            (self.page.h1 if name == "h1" else self.page.notes).append((lang, text))
        if tag in ("script", "style") and self._script is not None:
            text = "".join(self._text)
            if tag == "style":
                self.page.styles.append(text)
            else:
                self.page.scripts.append((self._script, text))
            self._script = None


@dataclass
class Node:
    """One parsed HTML element."""

    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    def iter(self) -> list[Node]:
        """Return this element and every element below it, in document order."""
        found = [self]
        for child in self.children:
            if isinstance(child, Node):
                found.extend(child.iter())
        return found

    def find_all(self, tag: str, cls: str | None = None) -> list[Node]:
        """Return the elements with this tag (and class) below this one."""
        return [
            node for node in self.iter()[1:]
            if node.tag == tag and (cls is None or cls in node.attrs.get("class", "").split())
        ]  # fmt: skip

    def text(self) -> str:
        """Return the text content."""
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def ancestors(self) -> list[Node]:
        """Return the enclosing elements, nearest first."""
        node, found = self.parent, []
        while node is not None:
            found.append(node)
            node = node.parent
        return found


class _TreeBuilder(HTMLParser):
    """Build a Node tree with the standard library parser."""

    def __init__(self, strict: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.strict = strict
        self.root = self.current = Node("root", {})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is None or node.parent is None:
            assert not self.strict, f"stray </{tag}>"
            return
        self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse_tree(html: str, strict: bool = False) -> Node:
    """Return the element tree of an HTML text (strict: every element closed, none stray)."""
    builder = _TreeBuilder(strict)
    builder.feed(html)
    builder.close()
    assert not strict or builder.current is builder.root, "unclosed element"
    return builder.root


@cache
def parse(path: Path) -> Page:
    """Parse one built page (cached: the built site is read-only)."""
    parser = _Parser()
    parser.feed(path.read_text("utf-8"))
    parser.close()
    return parser.page


def is_external(url: str) -> bool:
    """True for URLs with a scheme or a host (http:, mailto:, //host)."""
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def resolve(root: Path, page: Path, href: str, base_path: str = "/") -> tuple[Path, str]:
    """Return the file an href of `page` points to, and its #fragment.

    Root-absolute hrefs (`/repo/trials/`, as on 404 pages) are read under `base_path`.
    """
    parts = urlsplit(href)
    base = page.relative_to(root).parent.as_posix()
    if parts.path.startswith("/"):
        assert parts.path.startswith(base_path), f"{href} leaves the site at {base_path}"
        base, parts = "", parts._replace(path=parts.path[len(base_path) :] or ".")
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path))) if parts.path else ""
    path = root / target if parts.path else page
    if parts.path.endswith("/") or (parts.path and path.is_dir()):
        path = path / "index.html"
    return path, unquote(parts.fragment)


def site_path(root: Path, base_url: str, url: str) -> Path:
    """Map an absolute URL of the published site to the file that serves it."""
    assert url.startswith(base_url), f"{url} is not under {base_url}"
    relative = unquote(url[len(base_url) :])
    path = root / relative
    return path / "index.html" if relative.endswith("/") or not relative else path


@dataclass(frozen=True)
class TextNode:
    """One run of text of a page, with the language and the elements it sits in."""

    text: str
    lang: str | None
    """The nearest `lang` attribute above it (the page's own for most text)."""
    tags: tuple[str, ...]
    classes: frozenset[str]
    """Every class of every element it sits in."""


class _TextParser(HTMLParser):
    _VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                       "meta", "source", "wbr"})  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, frozenset[str]]] = []
        self.nodes: list[TextNode] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._VOID:
            return
        values = {name: value or "" for name, value in attrs}
        self.stack.append((tag, values.get("lang"), frozenset(values.get("class", "").split())))

    def handle_endtag(self, tag: str) -> None:
        if tag in self._VOID:
            return
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        lang = next((lang for _, lang, _ in reversed(self.stack) if lang), None)
        tags = tuple(tag for tag, _, _ in self.stack)
        classes = frozenset().union(*(classes for _, _, classes in self.stack))
        self.nodes.append(TextNode(data, lang, tags, classes))


@cache
def text_nodes(path: Path) -> list[TextNode]:
    """Return every run of text of a built page, in document order."""
    parser = _TextParser()
    parser.feed(path.read_text("utf-8"))
    parser.close()
    return parser.nodes
