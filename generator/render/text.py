"""Untrusted record text made safe: Markdown escaping, and registry Markdown rendered to HTML.

Record text comes from a registry anyone can write to. It never reaches the page as Markdown
the site's Markdown engine would interpret: either its Markdown punctuation is escaped
(`esc`) or it is rendered here to HTML by markdown-it-py with raw HTML disabled, so `<script>`,
`{{ }}`, `!!!`, `{: }` and `--8<--` show as text. Python-Markdown leaves HTML blocks alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from ..registry import ID_IN_TEXT_RE

# Python-Markdown's escapable characters (plus `|` of the tables extension): escaping any other
# character would leave a visible backslash.
_MD_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]()>#+\-.!|])")
# ASCII whitespace only: Python's \s also matches the no-break spaces (U+00A0, U+202F) a
# French catalog puts in "2 000 mg" and before ":", which must survive to the page (issue 19).
_WHITESPACE_RE = re.compile(r"[ \t\n\r\f\v]+")
_NCT_RE = ID_IN_TEXT_RE
_TAG_OR_TEXT_RE = re.compile(r"(<[^>]*>)")
# Inline HTML placed in a Markdown paragraph is still parsed for emphasis, links and attribute
# lists; as numeric character references these characters mean the same in HTML blocks too.
_MD_ACTIVE_RE = re.compile(r"[\\`*_{}\[\]!|]")

# Registry text uses Markdown for lists and emphasis only. Headings would break the page
# outline, images would load third-party content, indented code is just indentation, and a
# link in registry or pasted text would send readers to a place nobody reviewed (issue 8).
_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable(
    ["image", "heading", "lheading", "code", "fence", "html_block", "html_inline", "hr", "link",
     "autolink"]
)  # fmt: skip


def md_escape(text: str | None) -> Markup:
    """Return text safe to put inline in Markdown: one line, HTML and Markdown escaped."""
    if not text:
        return Markup("")
    one_line = _WHITESPACE_RE.sub(" ", text).strip()
    return Markup(_MD_SPECIAL_RE.sub(r"\\\1", str(escape(one_line))))


def html_block(text: str | None, nct_link: Callable[[str], str] | None = None) -> Markup:
    """Return registry Markdown rendered as HTML with no blank line (safe in an HTML block)."""
    if not text:
        return Markup("")
    rendered = _MD.render(text).strip()
    rendered = re.sub(r"\n\s*\n", "\n", rendered)
    return Markup(link_nct_ids(_inert(rendered), nct_link))


def html_inline(text: str | None, nct_link: Callable[[str], str] | None = None) -> Markup:
    """Return registry Markdown rendered as inline HTML on one line."""
    if not text:
        return Markup("")
    return Markup(link_nct_ids(_inline_html(text), nct_link))


@lru_cache(maxsize=65536)
def _inline_html(text: str) -> str:
    # Titles and criteria repeat on six pages of a trial: render each text once per build.
    return _inert(_WHITESPACE_RE.sub(" ", _MD.renderInline(text.strip())))


def _inert(rendered: str) -> str:
    """Return rendered HTML whose text has no character Python-Markdown would act on."""
    parts = _TAG_OR_TEXT_RE.split(rendered)
    for index in range(0, len(parts), 2):
        parts[index] = _MD_ACTIVE_RE.sub(lambda m: f"&#{ord(m.group(0))};", parts[index])
    return "".join(parts)


def link_nct_ids(rendered: str, nct_link: Callable[[str], str] | None) -> str:
    """Return rendered HTML with every NCT id outside a link turned into a link."""
    if nct_link is None or "NCT" not in rendered:
        return rendered
    parts = _TAG_OR_TEXT_RE.split(rendered)
    in_link = False
    for index, part in enumerate(parts):
        if part.startswith("<"):
            in_link = part.startswith("<a ") or (in_link and not part.startswith("</a"))
        elif not in_link:
            parts[index] = _NCT_RE.sub(
                lambda m: f'<a href="{escape(nct_link(m.group(0)))}">{m.group(0)}</a>', part
            )
    return "".join(parts)
