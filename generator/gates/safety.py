"""Safety gate: patient pages say to talk to one's doctor and never promise a benefit."""

from __future__ import annotations

import logging
import re

from .findings import Finding
from .numbers import page_text

logger = logging.getLogger(__name__)

TALK_TO_DOCTOR = {
    "en": ("talk to your doctor", "speak to your doctor", "ask your doctor"),
    "fr": ("parlez-en à votre médecin", "parlez à votre médecin", "demandez à votre médecin"),
}
# A promise of benefit or safety, in any form a writer might slip in (issue 5).
PROMISES = {
    "en": (
        r"will cure",
        r"cures? (?:lupus|you|the disease)",
        r"guarantee[ds]?",
        r"will heal",
        r"will make you (?:better|well)",
        r"you will get better",
        r"(?:completely|100 ?%) safe",
        r"risk[- ]free",
        r"no risks?",
        r"proven to work",
        r"miracle",
    ),
    "fr": (
        r"guérira",
        r"guérit",
        r"va (?:vous )?guérir",
        r"garanti(?:e|s|es)?",
        r"sans (?:aucun )?risque",
        r"sans danger",
        r"aucun risque",
        r"(?:totalement|100 ?%) sûr",
        r"efficacité prouvée",
        r"vous irez mieux",
        r"miracle",
    ),
}

# "will not cure", "ne guérit pas", "n'est pas sans risque" state a limit, not a promise.
_NEGATION = re.compile(r"(?:\bnot|n't|\bnever|\bne|\bn'|\bpas|\bjamais)\s+(?:\w+\s+)?$")


def normalise(text: str) -> str:
    """Return lower-case text with plain spaces and straight apostrophes, for phrase search."""
    text = re.sub(r"[\u00a0\u202f\s]+", " ", text)
    return text.replace("\u2019", "'").lower()


def safety_gate(nct_id: str, language: str, page: str, markdown: str) -> list[Finding]:
    """Return an error when a patient page lacks the doctor statement or makes a promise."""
    text = normalise(page_text(markdown))
    findings = []
    if not any(phrase in text for phrase in TALK_TO_DOCTOR.get(language, ())):
        statement = TALK_TO_DOCTOR.get(language, ("?",))[0]
        findings.append(Finding("safety", "error", f'no "{statement}" statement', nct_id, page))
    taken: list[range] = []
    for pattern in PROMISES.get(language, ()):
        for match in re.finditer(rf"(?<!\w){pattern}(?!\w)", text):
            negated = _NEGATION.search(text[max(0, match.start() - 16) : match.start()])
            if negated or any(match.start() in span for span in taken):
                continue
            taken.append(range(*match.span()))
            message = f'promise of benefit: "{match.group()}"'
            findings.append(Finding("safety", "error", message, nct_id, page))
    return findings
