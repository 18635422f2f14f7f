"""Translation gate: translated, fuzzy (stale) and missing record passages per language."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from ..model import Trial
from ..texts import translatable_texts
from .findings import Finding

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TranslationCounts:
    """How many passages of one trial are translated, fuzzy or missing in one language."""

    translated: int
    fuzzy: int
    missing: int

    @property
    def total(self) -> int:
        """Return the number of translatable passages."""
        return self.translated + self.fuzzy + self.missing


def translation_gate(trial: Trial, language: str) -> tuple[TranslationCounts, list[Finding]]:
    """Return the counts of one trial's catalog in `language` and a finding per stale entry."""
    catalog = trial.translations.get(language, {})
    path = str(Path(trial.folder) / f"{language}.po")
    counts = {"translated": 0, "fuzzy": 0, "missing": 0}
    findings: list[Finding] = []
    for context, english in translatable_texts(trial.record):
        entry = catalog.get(context)
        if entry is None or not entry.text:
            counts["missing"] += 1
        elif entry.fuzzy or entry.source.strip() != english.strip():
            counts["fuzzy"] += 1
            advice = (
                "review it" if entry.fuzzy
                else f"run `trialsite translations update {trial.record.nct_id}`, then review it"
            )  # fmt: skip
            findings.append(Finding(
                "translation", "warning",
                f"{context}: fuzzy: the English changed since it was translated; {advice}",
                trial.record.nct_id, path, entry.line,
            ))  # fmt: skip
        else:
            counts["translated"] += 1
    if counts["missing"] and catalog:
        findings.append(Finding(
            "translation", "info", f"{counts['missing']} passage(s) not translated yet",
            trial.record.nct_id, path,
        ))  # fmt: skip
    return TranslationCounts(**counts), findings
