"""Promises of benefit or safety in text, per language, from `generator/claims.yaml` (issue 16)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

CLAIMS_FILE = Path(__file__).resolve().parent.parent / "claims.yaml"
_SENTENCE_END = re.compile(r"[.!?;:\n]\s")
_NEGATION_WORDS = 4  # "will not cure", "n'ont pas été assez efficaces": this close before


@dataclass(frozen=True)
class ClaimPatterns:
    """One language's promise phrases and what makes a phrase no promise."""

    claims: re.Pattern[str]
    negations: re.Pattern[str]
    questions: re.Pattern[str]


@functools.cache
def claim_patterns(language: str) -> ClaimPatterns | None:
    """Return the promise phrases of `language`, or None when the data has none."""
    data = yaml.safe_load(CLAIMS_FILE.read_text(encoding="utf-8"))
    phrases = data.get(language)
    if not phrases:
        return None
    not_claim = data.get(f"{language}_not_claim", {})
    joined = "|".join(f"(?:{phrase})" for phrase in phrases)
    return ClaimPatterns(
        re.compile(rf"(?<!\w)(?:{joined})(?!\w)", re.IGNORECASE),
        re.compile(not_claim.get("negations", r"(?!)"), re.IGNORECASE),
        re.compile(not_claim.get("questions", r"(?!)"), re.IGNORECASE),
    )


def find_claims(text: str, language: str) -> list[tuple[str, int]]:
    """Return each promise in `text` and where it starts; negated or asked phrases are not."""
    patterns = claim_patterns(language)
    if patterns is None:
        return []
    text = text.replace("\u2019", "'").replace("\u00a0", " ")
    found: list[tuple[str, int]] = []
    for match in patterns.claims.finditer(text):
        begin = _sentence_start(text, match.start())
        sentence = text[begin : match.start()]
        for phrase, start in reversed(found):  # "sans danger et efficace": no claim negates
            if start < begin:
                break
            cut = start - begin
            sentence = sentence[:cut] + " " * len(phrase) + sentence[cut + len(phrase) :]
        # "no risk" is itself negative: only the word just before it negates it ("pas sans
        # risque"), since "il n'y a aucun risque" is a promise.
        words = 1 if patterns.negations.match(match.group()) else _NEGATION_WORDS
        close = " ".join(sentence.split()[-words:])
        asked = patterns.questions.search(sentence + match.group())  # "to see if it works"
        if patterns.negations.search(close) or asked:
            continue
        found.append((match.group(), match.start()))
    return found


def _sentence_start(text: str, position: int) -> int:
    starts = [m.end() for m in _SENTENCE_END.finditer(text, max(0, position - 300), position)]
    return starts[-1] if starts else max(0, position - 300)
