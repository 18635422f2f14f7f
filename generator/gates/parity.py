"""Parity gate: each plain-language section states the same numbers and dates in every language.

The record gate cannot see numbers people wrote themselves ("for at least 30 days", "in the
last 60 days"); a French section that says 90 where the English says 60 is caught here.
"""

from __future__ import annotations

from pathlib import Path

from ..languages import SOURCE
from ..model import Trial
from .findings import Finding
from .readability import SECTIONS
from .staleness import line_of_key
from .translation import number_difference


def parity_gate(trial: Trial) -> list[Finding]:
    """Return an error per section whose numbers differ from the English section's."""
    source = trial.plain.get(SOURCE)
    if source is None:
        return []
    findings = []
    for language, plain in sorted(trial.plain.items()):
        if language == SOURCE:
            continue
        path = Path(trial.folder) / f"patients.{language}.yaml"
        for section in SECTIONS:
            english, other = getattr(source, section), getattr(plain, section)
            if not english or not other:
                continue
            message = _difference(english, other, language)
            if message:
                findings.append(Finding(
                    "numbers", "error", f"{section}: {message}", trial.record.nct_id, str(path),
                    line_of_key(path, section),
                ))  # fmt: skip
    return findings


def _difference(english: str, other: str, language: str) -> str | None:
    found = number_difference(english, other, language)
    return f"{found} (list numbering aside)" if found else None
