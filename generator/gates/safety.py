"""Safety gate: patient pages say to talk to one's doctor and never promise a benefit."""

from __future__ import annotations

import re

from ..languages import LANGUAGES
from .claims import find_claims
from .findings import Finding
from .numbers import split_words

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
    for phrase, _ in find_claims(text, language):  # the phrases are data: claims.yaml
        message = f'promise of benefit or safety: "{phrase}"'
        findings.append(Finding("safety", "error", message, nct_id, page))
    return findings
