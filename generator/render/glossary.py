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
    r"<a\b[^>]*>.*?</a>|<[^>]+>|\[[^\]]*\]\([^)]*\)|`[^`]*`|^#+ [^\n]*|^!!! [^\n]*|^\?\?\? [^\n]*",
    re.DOTALL | re.MULTILINE,
)


class GlossaryLinker:
    """Find glossary terms (and their forms) in one language and link the first of each."""

    def __init__(self, glossary: Glossary, lang: str) -> None:
        self.slugs: dict[str, str] = {}
        for slug, entry in glossary.terms.items():
            for word in [entry.term.get(lang), *entry.forms.get(lang, [])]:
                if word:
                    self.slugs.setdefault(_key(word), slug)
        # One alternation, longest words first, so "hepatitis B" wins over "hepatitis".
        words = sorted(self.slugs, key=len, reverse=True)
        alternatives = "|".join(
            re.escape(word) if word.isupper() else f"(?i:{re.escape(word)})" for word in words
        )
        self.regex = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])") if words else None

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Return (start, end, slug) of the first unprotected occurrence of each term."""
        if self.regex is None:
            return []
        found: list[tuple[int, int, str]] = []
        linked: set[str] = set()
        for begin, stop in _free_segments(text):
            for match in self.regex.finditer(text, begin, stop):
                word = match.group(0)
                slug = self.slugs.get(word) or self.slugs.get(word.casefold())
                if slug is not None and slug not in linked:
                    linked.add(slug)
                    found.append((match.start(), match.end(), slug))
        return found

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


def _key(word: str) -> str:
    # Acronyms are matched in their case only: French "LES" (lupus) is not the article "les".
    return word if word.isupper() else word.casefold()
