"""Link the medical words of a patient-page section to their glossary definitions."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from markupsafe import Markup, escape

from ..model import Glossary

logger = logging.getLogger(__name__)

# Text already inside a link, a tag, code, a heading or an admonition title is left alone.
_PROTECTED_RE = re.compile(
    r"<a\b[^>]*>.*?</a>|<[^>]+>|\[[^\]]*\]\([^)]*\)|`[^`]*`|^#+ .*$|^!!! .*$|^\?\?\? .*$",
    re.DOTALL | re.MULTILINE,
)


class GlossaryLinker:
    """Find glossary terms (and their forms) in one language and link the first of each."""

    def __init__(self, glossary: Glossary, lang: str) -> None:
        self.patterns: list[tuple[str, list[re.Pattern[str]]]] = []
        for slug, entry in glossary.terms.items():
            words = [word for word in [entry.term.get(lang), *entry.forms.get(lang, [])] if word]
            if words:
                self.patterns.append((slug, [_pattern(word) for word in words]))
        # Terms with longer words claim their text first ("hepatitis B" before "hepatitis").
        self.patterns.sort(key=lambda item: -max(len(p.pattern) for p in item[1]))

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Return (start, end, slug) of the first unprotected occurrence of each term."""
        free = _free_segments(text)
        found: list[tuple[int, int, str]] = []
        for slug, patterns in self.patterns:
            first: tuple[int, int] | None = None
            for pattern in patterns:
                match = _first_free(pattern, text, free, found)
                if match and (first is None or (match[0], -match[1]) < (first[0], -first[1])):
                    first = match
            if first is not None:
                found.append((*first, slug))
        return sorted(found)

    def link(self, text: str, href: Callable[[str], str]) -> Markup:
        """Return Markdown text with the first occurrence of each term linked to `href(slug)`."""
        out: list[str] = []
        position = 0
        for start, end, slug in self.spans(text):
            out.append(text[position:start])
            out.append(
                f'<a class="glossary-term" href="{escape(href(slug))}">{text[start:end]}</a>'
            )
            position = end
        out.append(text[position:])
        return Markup("".join(out))


def _pattern(word: str) -> re.Pattern[str]:
    # Acronyms match their case only: French "LES" (lupus) is not the article "les".
    flags = 0 if word.isupper() else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", flags)


def _free_segments(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) stretches of text outside links, tags, code and headings."""
    segments, position = [], 0
    for match in _PROTECTED_RE.finditer(text):
        if match.start() > position:
            segments.append((position, match.start()))
        position = match.end()
    if position < len(text):
        segments.append((position, len(text)))
    return segments


def _first_free(
    pattern: re.Pattern[str], text: str, free: list[tuple[int, int]],
    found: list[tuple[int, int, str]],
) -> tuple[int, int] | None:  # fmt: skip
    for begin, stop in free:
        match = pattern.search(text, begin, stop)
        while match is not None:
            start, end = match.span()
            if not any(start < taken_end and end > taken for taken, taken_end, _ in found):
                return start, end
            match = pattern.search(text, end, stop)
    return None
