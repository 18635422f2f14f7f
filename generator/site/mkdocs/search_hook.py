"""MkDocs hook: mark what Pagefind leaves out of a page's search entry (issue 20).

The page template marks the article `data-pagefind-body` (navigation, header and footer are
outside it). The sections of a trial's page that the page-types table lists in `search_skip`
repeat another page (the registered summary, shown on the overview too) or hold no facts to
find (downloads, source, links to the other pages): each is wrapped, from its heading to the
next heading of its level, in `<div data-pagefind-ignore>`. Headings' permalink signs (¶) are
ignored on every page, so results show a section's title as written.

A page's `search.boost` (the page-types table's `search_boost`, in its front matter) weighs its
whole article: the template writes it on the article, and its headings, which Pagefind weighs
by their level (7 for h1 down to 2 for h6) whatever the article's weight, get that level's
weight times the boost. A trial's plain-language page whose title names the condition then no
longer outranks the trial's overview for that condition.

Loaded through MkDocs' `hooks:` setting, so a plain `mkdocs build` of a staged config runs it
too; it imports nothing of trialsite.
"""

from __future__ import annotations

import re
from typing import Any

_H2 = re.compile(r'<h2 id="([^"]+)"')
_PERMALINK = '<a class="headerlink"'
_HEADING = re.compile(r"<h([1-6])(?=[\s>])(?![^>]*data-pagefind-weight)")
HEADING_WEIGHTS = {1: 7, 2: 6, 3: 5, 4: 4, 5: 3, 6: 2}
"""Pagefind's own weight of each heading level."""


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Mark the page's skipped sections and permalink signs ignored; weigh its headings."""
    html = html.replace(_PERMALINK, f"{_PERMALINK} data-pagefind-ignore")
    skipped = config.extra.get("trialsite", {}).get("search_skip", {})
    path = page.url.strip("/") + "/"
    anchors = {
        anchor for pattern, names in skipped.items() if re.fullmatch(pattern, path)
        for anchor in names
    }  # fmt: skip
    if anchors:
        html = ignore_sections(html, anchors)
    boost = ((page.meta or {}).get("search") or {}).get("boost")
    return html if boost is None else weigh_headings(html, float(boost))


def weigh_headings(html: str, boost: float) -> str:
    """Return `html` with each heading weighted `boost` times its level's weight."""

    def weigh(match: re.Match[str]) -> str:
        weight = round(HEADING_WEIGHTS[int(match.group(1))] * boost, 2)
        return f'{match.group(0)} data-pagefind-weight="{weight:g}"'

    return _HEADING.sub(weigh, html)


def ignore_sections(html: str, anchors: set[str]) -> str:
    """Return `html` with each top-level section headed `<h2 id=anchor>` marked ignored.

    A section runs from its heading to the next `<h2` (or the end): the headings of the
    Markdown pages are top-level elements, so the wrapper closes what it opens.
    """
    starts = [match.start() for match in _H2.finditer(html)] + [len(html)]
    parts, done = [], 0
    for start, end, match in zip(starts, starts[1:], _H2.finditer(html), strict=False):
        if match.group(1) in anchors:
            parts += [html[done:start], "<div data-pagefind-ignore>", html[start:end], "</div>"]
            done = end
    return "".join(parts) + html[done:]
