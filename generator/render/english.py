"""English left on a page of another language: how much of it, and the visible "EN" mark.

A French page shows registry text nobody has translated yet, and registered names (sites,
sponsors, drug names), in English. Both carry `lang="en"` for screen readers and search
engines; sighted readers see a small "EN" after each (drawn by the stylesheet, so a table of
4,000 adverse-event terms costs no markup; its alternative text reads "(en anglais)"), and a
note at the top of the page when more than a tenth of its words are still English (issue 19).
"""

from __future__ import annotations

import re

from ..languages import SOURCE

NOTE_ABOVE = 0.10
"""Share of English words above which a page says how much of it is still English."""
NAME_CLASSES = frozenset({"verbatim"})
"""Classes of registered names: English by nature, not a translation still to do."""

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)([^<>]*)>")
_LANG = re.compile(r"""\blang\s*=\s*["']([\w-]+)["']""")
_CLASS = re.compile(r"""\bclass\s*=\s*["']([^"'<>]*)["']""")
_WORD = re.compile(r"\w+")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "wbr"})  # fmt: skip


def english_words(markdown: str) -> tuple[int, int, int]:
    """Return (words, English words, English words of names) of a rendered page.

    A regex tokenizer (as `gates.numbers.split_words`): linear on hostile unclosed tags.
    """
    text = _FRONT_MATTER.sub("", markdown)
    counts = [0, 0, 0]
    stack: list[tuple[str, bool, bool]] = []  # (tag, in English, a name)
    position = 0
    for tag in _TAG.finditer(text):
        _count(text[position : tag.start()], stack, counts)
        position = tag.end()
        closing, name, attributes = tag.group(1), tag.group(2).lower(), tag.group(3)
        if closing:
            while stack and stack.pop()[0] != name:
                pass
        elif name not in _VOID and not attributes.rstrip().endswith("/"):
            english, named = stack[-1][1:] if stack else (False, False)
            lang = _LANG.search(attributes)
            if lang is not None:
                english = lang.group(1) == SOURCE
            classes = _CLASS.search(attributes)
            named = named or bool(classes and NAME_CLASSES.intersection(classes.group(1).split()))
            stack.append((name, english, named))
    _count(text[position:], stack, counts)
    return counts[0], counts[1], counts[2]


def _count(text: str, stack: list[tuple[str, bool, bool]], counts: list[int]) -> None:
    words = len(_WORD.findall(text))
    if not words:
        return
    counts[0] += words
    if stack and stack[-1][1]:
        counts[1] += words
        counts[2] += words if stack[-1][2] else 0


def english_share(markdown: str) -> float:
    """Return the share of a page's words still in English, registered names aside."""
    total, english, names = english_words(markdown)
    return (english - names) / total if total else 0.0
