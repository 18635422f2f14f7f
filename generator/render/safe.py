"""The one safe path from a value to the page: escaping named by the context a value lands in.

Templates write Markdown that Python-Markdown (with `attr_list`, `tables`, `def_list`,
`admonition`) turns into HTML, and parts of it are raw HTML. A value from a record, a catalog, a
person or the settings must stay text in every one of those contexts (issue 14):

- `text` (also what every `{{ value }}` that is not markup gets, through `finalize`): plain text
  inline in Markdown, in a Markdown block line, in HTML or in a quoted HTML attribute. HTML
  escaped; Markdown's active characters as numeric references (the same character in HTML, but
  no emphasis, link, `{: }` attribute list or table cell); one line.
- `md_inline`, `md_block` (`text.py`): registry Markdown rendered to inert HTML.
- `url`: an `href` value, allowed by scheme (https, http, mailto with a valid address,
  `doi:` as an https link to doi.org), percent-encoded; anything else is refused (empty).
- `link(label)`: an `<a>` to an allowed URL, or the label alone as text when refused.
- `anchor`: an `id` (`{ #slug }`): lowercase letters, digits and hyphens only.
- `json_script`: JSON inside `<script>`, with `<`, `>` and `&` as `\\uXXXX`.
"""

from __future__ import annotations

import json
import logging
import re
import string
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from ..model import EMAIL_RE

logger = logging.getLogger(__name__)

# What Python-Markdown and its extensions act on inside a line: escapes, code, emphasis,
# links and images, attribute lists, tables. Python-Markdown runs its link pattern before its
# raw-HTML pattern, so these are live even inside an attribute of inline HTML.
_MD_ACTIVE_RE = re.compile(r"[\\`*_{}\[\]!|~^]")
# What makes a line a heading, list item, quote, definition or admonition when it starts one.
_LINE_START_RE = re.compile(r"^(?:[#+\-=:]|(?P<digits>\d+)[.)](?=\s|$))")
# Characters that break a line or reorder what is shown: C0/C1 controls, bidi overrides.
CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_SPACE_RE = re.compile(r" {2,}")  # two spaces at a line end are a <br> in Markdown
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
DOI_BASE = "https://doi.org/"
# Characters a URL keeps as they are; every other one is percent-encoded (an equivalent URL).
_URL_KEEP = frozenset(string.ascii_letters + string.digits + "-._~:/?#@=&+,;%")
_PERCENT_RE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_ANCHOR_RE = re.compile(r"^[a-z0-9](?:[a-z0-9_-]{0,78}[a-z0-9])?$")


def text(value: Any) -> Markup:
    """Return any value as text that is inert in Markdown, in HTML and in a quoted attribute."""
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return value
    one_line = _SPACE_RE.sub(" ", CONTROL_RE.sub(" ", str(value)))
    escaped = str(escape(one_line))
    escaped = _LINE_START_RE.sub(_line_start, escaped)
    return Markup(_MD_ACTIVE_RE.sub(lambda m: f"&#{ord(m.group(0))};", escaped))


def _line_start(match: re.Match[str]) -> str:
    """Return a line-start marker (`#`, `-`, `1.`) with its last character as a reference."""
    marker = match.group(0)
    return f"{marker[:-1]}&#{ord(marker[-1])};"


def finalize(value: Any) -> Any:
    """Return what `{{ value }}` writes: markup as it is, anything else as `text`."""
    if isinstance(value, Markup) or value is None:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return text(value)


def safe_url(value: str | None) -> str | None:
    """Return `value` as an allowed, percent-encoded URL, or None when it is not allowed.

    Relative links (no scheme, not `//host`) are the site's own and pass as they are encoded.
    """
    if not value:
        return None
    value = value.strip()
    if CONTROL_RE.search(value) or " " in value or "\\" in value:
        return None
    scheme, _, rest = value.partition(":")
    scheme = scheme.lower() if rest and re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", scheme) else ""
    if scheme in ("http", "https"):
        parts = urlsplit(value)
        if not parts.hostname or not rest.startswith("//"):
            return None
        return _encoded(value)
    if scheme == "mailto":
        return f"mailto:{_encoded(rest)}" if EMAIL_RE.match(rest) else None
    if scheme == "doi":
        return f"{DOI_BASE}{_encoded(rest)}" if DOI_RE.match(rest) else None
    if scheme or value.startswith("//"):
        return None
    return _encoded(value)


def _encoded(url: str) -> str:
    url = _PERCENT_RE.sub("%25", url)
    return "".join(c if c in _URL_KEEP else _percent(c) for c in url)


def _percent(char: str) -> str:
    return "".join(f"%{byte:02X}" for byte in char.encode("utf-8"))


def url(value: str | None) -> Markup:
    """Return an allowed URL ready for a quoted `href`, or an empty value when refused."""
    allowed = safe_url(value)
    if allowed is None:
        if value:
            logger.debug("URL not allowed on a page: %r", value[:80])
        return Markup("")
    return text(allowed)


def link(value: str | None, label: Any = None) -> Markup:
    """Return `<a href>` to an allowed URL showing `label` (the value itself by default).

    A refused URL shows its label as text: the reader still sees what the record says.
    """
    shown = text(value if label is None else label)
    href = url(value)
    if not href:
        return shown
    return Markup('<a href="{}">{}</a>').format(href, shown)


def anchor(value: str) -> Markup:
    """Return an element id for `{ #id }` or `id="..."`; refuse anything but a plain slug."""
    if not _ANCHOR_RE.match(value):
        raise ValueError(f"not a valid anchor (lowercase letters, digits, - and _): {value!r}")
    return Markup(value)


def json_script(data: Any) -> Markup:
    """Return data as JSON safe inside a `<script>` element."""
    dumped = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        dumped = dumped.replace(char, f"\\u{ord(char):04x}")
    return Markup(dumped)


FILTERS = {
    "text": text, "url": url, "link": link, "anchor": anchor, "json_script": json_script,
}  # fmt: skip
"""The escaping filters by the name templates use; `md_inline`, `md_block` come from text.py."""
