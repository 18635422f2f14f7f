"""Glossary gate: terms on a patient page link to their definition; medical words are defined."""

from __future__ import annotations

import functools
import re

from ..model import Glossary
from ..render.glossary import foreign_elements
from .findings import Finding

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_SPACES = re.compile(r"\s+")
# Where the renderer does not link terms: links, tags, code, headings, admonition titles, and
# the registry's title quoted under a patient page's plain title (issue 15).
# Negated classes exclude their own opening character so that hostile runs stay linear.
_UNLINKABLE = re.compile(
    r"<a\b[^<>]*>.*?</a>|<(h[1-6])\b[^<>]*>[^\n]*?</\1>"
    r'|<p class="trialsite-official-title">[^\n]*?</p>'
    r"|<[^<>]+>|\[[^\[\]]*\]\([^()\s]*\)|`[^`]*`"
    r"|^(?:#+|!!!|\?\?\?) [^\n]*$",
    re.DOTALL | re.MULTILINE,
)


@functools.lru_cache(maxsize=1024)
def term_pattern(word: str) -> re.Pattern[str]:
    """Return the pattern of one term: acronyms match their case only (LES is not "les")."""
    flags = 0 if word.isupper() else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", flags)


def glossary_words(glossary: Glossary, language: str) -> dict[str, str]:
    """Return every term and form of `language` mapped to its slug."""
    return {
        word: slug
        for slug, entry in glossary.terms.items()
        for word in [entry.term.get(language), *entry.forms.get(language, [])]
        if word
    }


def glossary_gate(
    glossary: Glossary, nct_id: str, language: str, page: str, markdown: str
) -> list[Finding]:
    """Return a warning per term used but not linked, and per medical word not in the glossary."""
    body = _FRONT_MATTER.sub("", markdown)
    # Words in another language or in a quotation are not linked (render/glossary.py); a term
    # split by a line break ("système\n immunitaire") is still the term.
    prose = _UNLINKABLE.sub(" ", _without(body, foreign_elements(body, language)))
    prose = _SPACES.sub(" ", prose)
    lowered = prose.lower()
    words = glossary_words(glossary, language)
    used = {slug for word, slug in words.items() if _uses(prose, lowered, word)}
    linked = set(re.findall(r'href="[^"]*glossary/(?:index\.html|index\.md)?#([\w-]+)"', body))
    linked |= set(re.findall(r"\]\([^)]*glossary/(?:index\.md)?#([\w-]+)\)", body))
    findings = [
        Finding("glossary", "warning", f'"{slug}" is used but not linked to its definition',
                nct_id, page)
        for slug in sorted(used - linked)
    ]  # fmt: skip
    known = {word.lower() for word in words}
    for word in glossary.medical_words.get(language, []):
        if word.lower() not in known and _uses(prose, lowered, word):
            message = f'medical word "{word}" is not in content/glossary.yaml'
            findings.append(Finding("glossary", "warning", message, nct_id, page))
    return findings


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """Return text with the given (start, end) spans replaced by a space."""
    parts, position = [], 0
    for start, end in spans:
        parts.append(text[position:start])
        position = end
    parts.append(text[position:])
    return " ".join(parts)


def _uses(prose: str, lowered: str, word: str) -> bool:
    """True when `prose` uses `word` as a whole word; a substring test first skips most words."""
    present = word in prose if word.isupper() else word.lower() in lowered
    return present and term_pattern(word).search(prose) is not None


def glossary_completeness(
    glossary: Glossary, languages: list[str], path: str = "content/glossary.yaml"
) -> list[Finding]:
    """Return a warning per glossary entry lacking a term or definition in a site language."""
    findings = []
    for slug, entry in sorted(glossary.terms.items()):
        for language in languages:
            if language not in entry.term or language not in entry.definition:
                message = f'"{slug}" has no term or definition in {language}'
                findings.append(Finding("glossary", "warning", message, None, path))
    return findings
