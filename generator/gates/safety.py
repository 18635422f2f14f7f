"""Safety gate: patient pages say to talk to one's doctor and never promise a benefit."""

from __future__ import annotations

import re

from ..languages import LANGUAGES
from ..model import Trial
from ..terms import SECTIONS, Terms
from .claims import find_claims
from .findings import Finding
from .numbers import split_words
from .sources import record_sources

TALK_TO_DOCTOR = {code: row.talk_to_doctor for code, row in LANGUAGES.items()}


def normalise(text: str) -> str:
    """Return lower-case text with plain spaces and straight apostrophes, for phrase search."""
    text = re.sub(r"[\u00a0\u202f\s]+", " ", text)
    return text.replace("\u2019", "'").lower()


def safety_gate(nct_id: str, language: str, page: str, markdown: str) -> list[Finding]:
    """Return an error when a patient page lacks the doctor statement or makes a promise.

    Only the page's own words are read: a registry title or name quoted on it (a trial "for
    Virologic Cure of COVID-19") is the registry's wording, as on the investigator page.
    """
    text = normalise(split_words(markdown)[0])
    findings = []
    if not any(phrase in text for phrase in TALK_TO_DOCTOR.get(language, ())):
        statement = TALK_TO_DOCTOR.get(language, ("?",))[0]
        findings.append(Finding("safety", "error", f'no "{statement}" statement', nct_id, page))
    return findings + promise_gate(nct_id, language, page, markdown)


def quoted_claims(trial: Trial, languages: list[str]) -> list[Finding]:
    """Return an error per promise in the record prose the overview quotes (its summary).

    The public page shows the summary as the study's own words, to anyone: a claim there is
    named at its field in `record.yaml`, or at its entry of `<lang>.po` (issue 16). The
    investigator page quotes the whole record as the registry's, and is not read.
    """
    findings = []
    for language in languages:
        for source in record_sources(trial, language):
            if source.field.split(".")[0] != "summary":
                continue
            findings += [Finding("safety", "error", f'promise of benefit or safety: "{phrase}"',
                                 trial.record.nct_id, source.path, source.line, source.field)
                         for phrase, _ in find_claims(source.text, language)]  # fmt: skip
    return findings


def promise_gate(nct_id: str, language: str, page: str, markdown: str) -> list[Finding]:
    """Return an error per promise of benefit or safety a page makes (public pages too)."""
    text = normalise(split_words(markdown)[0])  # its own words; quoted names are the registry's
    return [Finding("safety", "error", f'promise of benefit or safety: "{phrase}"', nct_id, page)
            for phrase, _ in find_claims(text, language)]  # the phrases: claims.yaml  # fmt: skip


def term_claims(terms: Terms, languages: list[str], path: str) -> list[Finding]:
    """Return an error per promise in a name of the terms file (issue 19).

    Pages show a term inside record text, which the promise gate leaves to the registry: a
    promise written into the terms file is caught here, at its entry.
    """
    section_of = {kind: section for section, kind in SECTIONS.items()}
    return [Finding("safety", "error", f'promise of benefit or safety: "{phrase}"', None, path,
                    term.line, f"{section_of[term.kind]}.{term.key}")
            for term in terms.entries() for language in languages
            for name in term.names(language)
            for phrase, _ in find_claims(normalise(name), language)]  # fmt: skip
