"""Medical words found, not listed: rare words a patient reads that the glossary lacks (issue 16).

A word is rare when everyday language uses it less than a language's threshold on wordfreq's
Zipf scale (log10 of uses per billion words: "vaccine" 4.0, "tuberculosis" 3.6, "micrograms"
2.6; "doctor" 5.3). wordfreq's frequency lists ship inside its wheel, so this runs offline. A word
with a capital is a name, an acronym, a unit or a sentence's first word, and is not read
(countries, "Saint-Louis", "mL"); nor are names quoted from the record, nor web addresses. A
word is known when the glossary defines it (a term or a form, or any word of one) or lists it
under `undefined_ok`, in any inflection the simple stems below reach.
"""

from __future__ import annotations

import functools
import re

from wordfreq import zipf_frequency

from ..languages import LANGUAGES
from ..model import Glossary, Trial
from .findings import Finding
from .readability import page_sections
from .sources import record_names

RARE_BELOW = {code: row.rare_word_zipf for code, row in LANGUAGES.items() if row.rare_word_zipf}
"""Zipf frequency under which a word is rare, from the language table. French inflects more
(each verb form is counted apart, "pesez" 2.4): its stems are tried, its threshold is lower."""
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Web addresses and e-mails ("ClinicalTrials.gov"); each starts where a word does, so that a
# long run without one is read once, not once per character.
_ADDRESS = re.compile(r"(?<![\w.@/-])(?:https?://\S+|[\w-]+(?:\.[\w-]+)+)|(?<!\S)[^\s@]+@\S+")
_ELISION = re.compile(r"^(?:[ldjmntsc]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
_ENDINGS = {
    "en": (("'s", ""), ("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e"), ("ed", ""),
           ("ed", "e"), ("ly", "")),
    "fr": (("ait", "er"), ("aient", "er"), ("iez", "er"), ("ions", "er"), ("enez", "enir"),
           ("is", "ir"), ("i", "ir"), ("eraient", "er"), ("erions", "er"), ("eriez", "er"),
           ("erait", "er"), ("erez", "er"),
           ("era", "er"), ("ez", "er"), ("ons", "er"), ("ent", "er"), ("ées", "er"), ("ée", "er"),
           ("és", "er"), ("é", "er"), ("issez", "ir"), ("issent", "ir"), ("it", "ir"), ("es", "e"),
           ("s", ""), ("x", ""), ("aux", "al"), ("euses", "eux"), ("euse", "eux"), ("ives", "if"),
           ("ive", "if"), ("ales", "al"), ("ale", "al")),
}  # fmt: skip


def known_words(
    glossary: Glossary, language: str, names: tuple[str, ...] | list[str] = ()
) -> frozenset[str]:
    """Return the lower-case words the glossary defines or accepts, and those of `names`."""
    words: set[str] = set()
    for entry in glossary.terms.values():
        for phrase in [entry.term.get(language, ""), *entry.forms.get(language, [])]:
            words |= {w.lower() for w in _WORD.findall(phrase)}
    for phrase in glossary.undefined_ok.get(language, []):
        words |= {w.lower() for w in _WORD.findall(phrase)}
    for name in names:
        words |= {w.lower() for w in _WORD.findall(name)}
    return frozenset(words)


def rare_words(text: str, language: str, known: frozenset[str]) -> list[tuple[str, int]]:
    """Return each rare word of `text` that is not known, once, with where it first stands."""
    threshold = RARE_BELOW.get(language)
    if threshold is None:
        return []
    found: dict[str, int] = {}
    text = _ADDRESS.sub(lambda m: " " * len(m.group()), text)
    for match in _WORD.finditer(text):
        word = match.group()
        if not word.islower():
            continue  # a name, an acronym, a unit (mL), or a sentence's first word
        lowered = _ELISION.sub("", word.lower().replace("’", "'"))
        parts = [lowered, *lowered.split("-")] if "-" in lowered else [lowered]
        if any(_is_known(part, language, known) for part in parts[:1]):
            continue
        if all(_is_known(part, language, known) or common(part, language, threshold)
               for part in parts[1:]) and len(parts) > 1:  # fmt: skip
            continue
        if not common(lowered, language, threshold) and lowered not in found:
            found[lowered] = match.start()
    return list(found.items())


def _is_known(word: str, language: str, known: frozenset[str]) -> bool:
    return any(form in known for form in stems(word, language))


def common(word: str, language: str, threshold: float) -> bool:
    """Return whether a word, or one of its stems, is at least as frequent as `threshold`."""
    return max(_zipf(form, language) for form in stems(word, language)) >= threshold


@functools.lru_cache(maxsize=1 << 16)
def _zipf(word: str, language: str) -> float:
    return float(zipf_frequency(word, language))


@functools.lru_cache(maxsize=1 << 16)
def stems(word: str, language: str) -> tuple[str, ...]:
    """Return a word and the simple stems of its inflections ("kidneys" -> "kidney")."""
    forms = [word]
    for ending, replacement in _ENDINGS.get(language, ()):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            forms.append(word[: -len(ending)] + replacement)
    return tuple(dict.fromkeys(forms))


def generated_words_gate(
    glossary: Glossary, trial: Trial, language: str, page: str, markdown: str
) -> list[Finding]:
    """Return a warning per rare word of the sentences a generated patient page writes.

    Names quoted from the record (`<span class="record">`) are not read; a word of a record
    name met elsewhere on the page is known too (a condition named in a sentence).
    """
    known = known_words(glossary, language, record_names(trial.record))
    found: dict[str, str] = {}
    for section, text in page_sections(markdown):
        for word, _ in rare_words(text, language, known):
            found.setdefault(word, section)
    return [
        Finding("glossary", "warning", f'rare word "{word}" in the generated section {section} '
                "is not in the glossary: define it there, or list it under undefined_ok",
                trial.record.nct_id, page, field=f"undefined_ok.{language}")
        for word, section in found.items()
    ]  # fmt: skip
