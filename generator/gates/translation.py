"""Translation gate: translated, fuzzy (stale) and missing record passages per language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..model import Trial
from ..quantities import Quantity, Written, read_text, unit_powers
from ..terms import Terms
from ..texts import translatable_texts
from .findings import Finding, Level


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


def translation_gate(
    trial: Trial, language: str, allowed: bool = False, terms: Terms | None = None
) -> tuple[TranslationCounts, list[Finding]]:
    """Return the counts of one trial's catalog in `language`, a finding per stale entry and
    one per untranslated passage (`allowed`: `site.yaml` accepts them, as information).

    A passage the catalog lacks but the terms file names whole (a condition) is shown in
    `language` (`render/passages.py`): it counts as translated.
    """
    catalog = trial.translations.get(language, {})
    path = str(Path(trial.folder) / f"{language}.po")
    counts = {"translated": 0, "fuzzy": 0, "missing": 0}
    findings: list[Finding] = []
    for context, english in translatable_texts(trial.record):
        entry = catalog.get(context)
        if (entry is None or not entry.text) and _named(terms, english, language):
            counts["translated"] += 1
        elif entry is None or not entry.text:
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
            # A suggestion (translation memory, old English) must not carry its numbers over.
            difference = number_difference(english, entry.text, language)
            if difference:
                findings.append(Finding("numbers", "warning", difference, trial.record.nct_id,
                                        path, entry.line, field=context))  # fmt: skip
        else:
            counts["translated"] += 1
            difference = number_difference(english, entry.text, language)
            if difference:
                findings.append(Finding("numbers", "error", difference, trial.record.nct_id,
                                        path, entry.line, field=context))  # fmt: skip
    findings += _untranslated(trial, language, counts, allowed, terms)
    return TranslationCounts(**counts), findings


def _named(terms: Terms | None, english: str, language: str) -> bool:
    """Return whether the terms file gives a whole passage in `language`."""
    return terms is not None and terms.translate(english, language) is not None


def _untranslated(
    trial: Trial, language: str, counts: dict[str, int], allowed: bool, terms: Terms | None
) -> list[Finding]:
    """Return a finding per passage shown in English on `language` pages (issue 19).

    A trial with no translation at all is one finding, not one per passage. A warning unless
    `site.yaml` says `allow_untranslated: true`, and the published pages then say so.
    """
    catalog = trial.translations.get(language, {})
    path = str(Path(trial.folder) / f"{language}.po")
    level: Level = "info" if allowed else "warning"
    nct_id = trial.record.nct_id
    if not counts["missing"]:
        return []
    if not counts["translated"] and not counts["fuzzy"]:
        message = (
            f"no {language} translation: its {counts['missing']} passage(s) show in English; "
            f"run `trialsite translations update {nct_id}` and translate {language}.po"
        )
        return [Finding("translation", level, message, nct_id, path)]
    return [
        Finding("translation", level, f"{context}: not translated yet: shows in English",
                nct_id, path, entry.line if entry else None)
        for context, english in translatable_texts(trial.record)
        if ((entry := catalog.get(context)) is None or not entry.text)
        and not _named(terms, english, language)
    ]  # fmt: skip


def number_difference(english: str, translated: str, language: str) -> str | None:
    """Return how a translation's numbers differ from its English, or None when they agree.

    Values are compared, not spellings: "2,5 mg" translates "2.5 mg", "4 × 10⁶" translates
    "4.10^6"; list numbering and section numbers are not compared (issue 16).
    """
    if _digit_runs(unit_powers(english)) == _digit_runs(unit_powers(translated)):
        return None  # the same digits in the same order: only spacing or punctuation differ
    source, target = read_text(english, "en"), read_text(translated, language)
    # Numbers as written, so that word order may part a number from its unit ("the last 2
    # months", « les 2 derniers mois »); then, for a number both give a unit, the same unit.
    ours = _numbers(source)
    theirs = _numbers(target)
    lacking = [ours[key] for key in ours if key not in theirs]
    extra = [theirs[key] for key in theirs if key not in ours]
    extra += _unit_changes(source.quantities, target.quantities)
    if not lacking and not extra:
        return None
    said = ", ".join(f'"{text}"' for text in extra) or "nothing"
    meant = ", ".join(f'"{text}"' for text in lacking) or "nothing"
    return f"the {language} text has {said} where the English has {meant}"


def _numbers(written: Written) -> dict[str | float, str]:
    found: dict[str | float, str] = {d: w for d, w, _ in written.dates}
    for quantity in written.quantities:
        found.setdefault(float(f"{quantity.number:.9g}"), quantity.text)
    return found


def _unit_changes(ours: list[Quantity], theirs: list[Quantity]) -> list[str]:
    """Return the translated quantities whose number the English gives in another unit."""
    changed = []
    for quantity in theirs:
        same = [q for q in ours if q.unit and q.number == quantity.number]
        if quantity.unit and same and not any(quantity.same_amount(q) for q in same):
            changed.append(quantity.text)
    return changed


def _digit_runs(text: str) -> list[str]:
    """Return the runs of ASCII digits of a text, French thousands spaces (2 000) joined."""
    return re.findall(r"[0-9]+", re.sub(r"([0-9])[ \u00a0\u202f]([0-9]{3})\b", r"\1\2", text))
