"""Find live markup in built HTML: what a value from content must never become (issue 14).

Every payload carries the word `pwned`. Parsed by element: a payload is inert when it is only
ever text (element text, or the value of an attribute that is shown as text).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

MARK = "pwned"
# Attributes a browser shows or keeps as text; a payload there is text.
TEXT_ATTRIBUTES = {
    "title",
    "alt",
    "aria-label",
    "content",
    "value",
    "placeholder",
    "datetime",
    # the registry's filters read these as data (JSON.parse, ===), never as markup
    "data-conditions",
    "data-countries",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href"}
SAFE_SCHEMES = {"", "http", "https", "mailto"}
SCRIPT_TYPES = {"", "text/javascript", "module", "application/javascript"}


class LiveMarkup(HTMLParser):
    """Collect every element, attribute or URL of a page that a payload made live."""

    def __init__(self, own_hosts: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.own_hosts = own_hosts
        self.problems: list[str] = []
        self.script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = self.problems.append
        values = dict(attrs)
        if MARK in tag:
            found(f"element <{tag}>")
        for name, raw in attrs:
            value = raw or ""
            if MARK in name or name.startswith("on") or name == "autofocus":
                found(f"<{tag} {name}={value[:60]!r}>: attribute from content")
            elif name in URL_ATTRIBUTES:
                self._check_url(tag, name, value)
            elif name == "id" and re.fullmatch(r"[\w-]+", value):
                continue  # a heading's id slugified from its text: letters and hyphens
            elif MARK in value and name not in TEXT_ATTRIBUTES:
                found(f"<{tag} {name}={value[:60]!r}>: payload in a live attribute")
        if tag == "script":
            kind = (values.get("type") or "").lower()
            self.script = "" if kind in SCRIPT_TYPES and not values.get("src") else None
        equiv = (values.get("http-equiv") or "").lower()
        if tag in ("iframe", "object", "embed", "base", "frame") or (
            tag == "meta" and equiv and equiv != "content-security-policy"
        ):
            found(f"<{tag}>: not an element any page has")

    def _check_url(self, tag: str, name: str, value: str) -> None:
        url = value.strip()
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in SAFE_SCHEMES:
            self.problems.append(f"<{tag} {name}={url[:60]!r}>: scheme {scheme!r}")
        elif parts.hostname and parts.hostname not in self.own_hosts and MARK in url:
            if not url.startswith("https://doi.org/"):
                self.problems.append(f"<{tag} {name}={url[:60]!r}>: a URL from content")
        elif tag in ("img", "script", "iframe", "link") and parts.hostname not in (
            None, *self.own_hosts,
        ):  # fmt: skip
            self.problems.append(f"<{tag} {name}={url[:60]!r}>: loads from elsewhere")

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            if MARK in self.script:
                self.problems.append(f"inline script runs a payload: {self.script[:80]!r}")
            self.script = None


def live_markup(html: str, own_hosts: set[str]) -> list[str]:
    """Return what in one page is live markup made from a payload."""
    parser = LiveMarkup(own_hosts)
    parser.feed(html)
    parser.close()
    return parser.problems


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("script", "style", "head")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style", "head")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def shown_text(html: str) -> str:
    """Return the text of a page's body, whitespace collapsed."""
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())
