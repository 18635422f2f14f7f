"""Link the medical words of a patient-page section to their glossary definitions."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from markupsafe import Markup, escape

from ..model import Glossary

# Text already inside a link, a tag, code, a heading or an admonition title is left alone.
_PROTECTED_RE = re.compile(
    r"<a\b[^>]*>.*?</a>|<[^>]+>|\[[^\]]*\]\([^)]*\)|`[^`]*`|^#+ [^\n]*|^!!! [^\n]*|^\?\?\? [^\n]*",
    re.DOTALL | re.MULTILINE,
)
# An element in another language (registry text shown untranslated) or a quotation keeps its
# words: "Stage II Lung Cancer AJCC v8" is a registered name, not French prose (review, French).
_START_TAG_RE = re.compile(r"<(\w+)\b([^<>]*)>")
_LANG_RE = re.compile(r"""\blang\s*=\s*["']([\w-]+)["']""")
_QUOTATIONS = {"cite", "q", "blockquote"}


class GlossaryLinker:
    """Find glossary terms (and their forms) in one language and link the first of each."""

    def __init__(self, glossary: Glossary, lang: str) -> None:
        self.lang = lang
        self.slugs: dict[str, str] = {}
        for slug, entry in glossary.terms.items():
            for word in [entry.term.get(lang), *entry.forms.get(lang, [])]:
                if word:
                    self.slugs.setdefault(_key(word), slug)
        # One alternation, longest words first, so "hepatitis B" wins over "hepatitis".
        words = sorted(self.slugs, key=len, reverse=True)
        alternatives = "|".join(
            _spaced(word) if word.isupper() else f"(?i:{_spaced(word)})" for word in words
        )
        self.regex = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])") if words else None

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Return (start, end, slug) of the first unprotected occurrence of each term."""
        if self.regex is None:
            return []
        found: list[tuple[int, int, str]] = []
        linked: set[str] = set()
        for begin, stop in _free_segments(text, self.lang):
            for match in self.regex.finditer(text, begin, stop):
                word = " ".join(match.group(0).split())
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


def _free_segments(text: str, lang: str) -> list[tuple[int, int]]:
    """Return the (start, end) stretches of text outside links, tags, code, headings, other
    languages and quotations."""
    protected = [match.span() for match in _PROTECTED_RE.finditer(text)]
    protected += foreign_elements(text, lang)
    segments, position = [], 0
    for start, end in sorted(protected):
        if start > position:
            segments.append((position, start))
        position = max(position, end)
    if position < len(text):
        segments.append((position, len(text)))
    return segments


def foreign_elements(text: str, lang: str) -> list[tuple[int, int]]:
    """Return the (start, end) of each element in another language than `lang`, or quoted."""
    found: list[tuple[int, int]] = []
    position = 0
    for match in _START_TAG_RE.finditer(text):
        if match.start() < position:
            continue  # inside an element already found
        tag, attributes = match.group(1).lower(), match.group(2)
        language = _LANG_RE.search(attributes)
        if tag in _QUOTATIONS or (language is not None and language.group(1) != lang):
            position = _element_end(text, tag, match.end())
            found.append((match.start(), position))
    return found


def _element_end(text: str, tag: str, start: int) -> int:
    """Return the end of the element opened before `start`, counting nested same tags."""
    depth = 1
    for match in _tag_pattern(tag).finditer(text, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end()
    return len(text)


@lru_cache(maxsize=64)
def _tag_pattern(tag: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){re.escape(tag)}\b[^<>]*>", re.IGNORECASE)


def _spaced(word: str) -> str:
    """Return the pattern of a term whose words may be split by any spacing or a line break."""
    return r"\s+".join(re.escape(part) for part in word.split())


def _key(word: str) -> str:
    # Acronyms are matched in their case only: French "LES" (lupus) is not the article "les".
    return word if word.isupper() else word.casefold()
