"""MkDocs hook: keep each language's search index small enough for a phone (issue 7).

Material's search makes every reader download the whole index of their language; 1,000 trials
(3,000 pages per language) measured 4-5 MB gzip. Every page stays in the index and every word
of it stays findable, but each word is kept once per page: a section keeps its first words as
they read (the result preview), then only the words the page has not indexed yet. Sections
that repeat another page (the registered summary, shown on the overview too) or hold no
searchable facts (downloads, source, links to the other pages) are left out.

Loaded through MkDocs' `hooks:` setting, so a plain `mkdocs build` of a staged config runs it
too; it imports nothing of trialsite. In the preview's dirty rebuilds (only edited pages), it
merges the rebuilt pages into the previous index.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

logger = logging.getLogger("mkdocs.plugins.trialsite.search")

PREVIEW_CHARS = 160
"""Characters of each section kept as written, for the result preview."""
_TAG = re.compile(r"<[^>]+>")
_EDGE = re.compile(r"^\W+|\W+$")
_SPACE = re.compile(r"\s+")


@event_priority(50)  # before Material's search plugin (priority 0) writes search_index.json
def on_post_build(config: Any) -> None:
    """Compact the entries of the search plugin's index before it is written."""
    plugin = next(
        (p for p in config.plugins.values() if hasattr(p, "search_index")), None
    )  # fmt: skip
    if plugin is None or not getattr(plugin.config, "enabled", True):
        return
    separator = re.compile(plugin.config.separator or r"[\s\-]+")
    index = plugin.search_index
    before = sum(len(entry["text"]) for entry in index.entries)
    skipped = config.extra.get("trialsite", {}).get("search_skip", {})
    index.entries = compact_entries(index.entries, separator, skipped)
    if config.extra.get("trialsite_dirty"):
        index.entries = merge_previous(index.entries, config.site_dir)
    after = sum(len(entry["text"]) for entry in index.entries)
    logger.debug("search index text: %d -> %d characters", before, after)


def compact_entries(
    entries: Iterable[dict[str, Any]], separator: re.Pattern[str],
    skipped: dict[str, list[str]] | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """Return the entries without skipped sections, each word kept once per page.

    `skipped` maps a page URL pattern (a regular expression) to the anchors of the sections
    left out of the index (`extra.trialsite.search_skip`, from the page-types table).
    """
    patterns = [(re.compile(url), frozenset(anchors)) for url, anchors in (skipped or {}).items()]
    seen_by_page: dict[str, set[str]] = {}
    compacted = []
    for entry in entries:
        page, _, anchor = entry["location"].partition("#")
        path = page.strip("/") + "/"
        if anchor and any(anchor in skip and url.fullmatch(path) for url, skip in patterns):
            continue
        seen = seen_by_page.setdefault(page, set())
        compacted.append({**entry, "text": compact_text(entry["text"], seen, separator)})
    return compacted


def merge_previous(entries: list[dict[str, Any]], site_dir: str) -> list[dict[str, Any]]:
    """Return the previous index with the entries of the pages rebuilt just now replaced.

    A dirty build (the preview after an edit) indexes only the pages it rebuilt.
    """
    path = Path(site_dir) / "search" / "search_index.json"
    try:
        previous = json.loads(path.read_text("utf-8"))["docs"]
    except (OSError, ValueError, KeyError):
        return entries
    rebuilt = {entry["location"].partition("#")[0] for entry in entries}
    kept = [doc for doc in previous if doc["location"].partition("#")[0] not in rebuilt]
    return kept + entries


def compact_text(text: str, seen: set[str], separator: re.Pattern[str]) -> str:
    """Return the first words as written, then the words `seen` lacks (adding them to it)."""
    plain = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", text))).strip()
    head = plain
    if len(plain) > PREVIEW_CHARS:
        cut = plain.rfind(" ", 0, PREVIEW_CHARS)
        head = plain[: cut if cut > 0 else PREVIEW_CHARS]
    in_head = len(separator.split(head)) if head else 0
    new_words = []
    for position, token in enumerate(separator.split(plain)):
        word = _EDGE.sub("", token).lower()
        if not word:
            continue
        if word not in seen:
            seen.add(word)
            if position >= in_head:
                new_words.append(word)
    rest = " ".join(new_words)
    return html.escape(f"{head} {rest}".strip() if rest else head, quote=False)
