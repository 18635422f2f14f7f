"""MkDocs hook: blocks of HTML the templates mark pass through Markdown untouched (issue 7).

Python-Markdown parses a raw HTML block tag by tag only to pass it on unchanged: the registry's
table of 1,000 trials cost a second of every preview rebuild. The templates wrap such blocks
(HTML they build themselves, every record text escaped) between `<!-- trialsite:html -->` and
`<!-- /trialsite:html -->` lines; this hook sets each block aside before Markdown runs, leaves a
numbered comment in its place, and puts the block back into the page's HTML. Imports nothing
of trialsite.
"""

from __future__ import annotations

import re
from typing import Any

_BLOCK = re.compile(
    r"^<!-- trialsite:html -->\n(.*?)\n<!-- /trialsite:html -->$", re.DOTALL | re.MULTILINE
)
_PLACEHOLDER = re.compile(r"<!-- trialsite:html (\d+) -->")
_ATTRIBUTE = "trialsite_html_blocks"
_HEADING = re.compile(r'<h[1-6] id="([^"]+)"[^>]*>(.*?)</h[1-6]>', re.DOTALL)
_TAG = re.compile(r"<a class=\"headerlink\".*?</a>|<[^>]+>", re.DOTALL)
_ASCII_SPACE = " \t\n\r\f\v"


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Set the marked HTML blocks of a page aside, leaving a numbered comment for each."""
    blocks: list[str] = []

    def set_aside(match: re.Match[str]) -> str:
        blocks.append(match.group(1))
        return f"<!-- trialsite:html {len(blocks) - 1} -->"

    markdown = _BLOCK.sub(set_aside, markdown)
    setattr(page, _ATTRIBUTE, blocks)
    return markdown


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Put the blocks set aside back where their comments are; keep headings' spaces in the TOC."""
    blocks: list[str] = getattr(page, _ATTRIBUTE, [])
    if blocks:
        html = _PLACEHOLDER.sub(lambda match: blocks[int(match.group(1))], html)
    _keep_heading_spaces(getattr(page, "toc", None) or [], html)
    return html


def _keep_heading_spaces(items: Any, html: str) -> None:
    """Give each table-of-contents title the no-break spaces of its heading.

    Python-Markdown's toc joins a heading's words with ordinary spaces, so the French
    "Qui peut participer ?" lost its no-break space before "?" in the page's contents list and
    could wrap there (issue 19).
    """
    headings = {match.group(1): match.group(2) for match in _HEADING.finditer(html)}
    for item in _walk(items):
        inner = headings.get(item.id)
        if inner is None:
            continue
        title = _TAG.sub("", inner).strip(_ASCII_SPACE)
        if " ".join(title.split()) == " ".join(str(item.title).split()):
            item.title = title


def _walk(items: Any) -> Any:
    for item in items:
        yield item
        yield from _walk(item.children)
