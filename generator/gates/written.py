"""Hand-written patient text (`patients.<lang>.yaml`) against its record, section by section.

Every dose, duration, percentage, age range, count of people and date a writer states must be
one the record has (in its fields or its registered text), whatever the spelling: "2 mcg" is
"2 micrograms". The text need not repeat the record's numbers; it must not contradict them.
Promises of benefit or safety are errors. Each finding names the file, line and section.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ..model import Glossary, PlainLanguage, Record, Trial, age_in_days
from ..quantities import Quantity, read_text
from ..texts import translatable_texts
from .claims import find_claims
from .findings import Finding
from .readability import SECTIONS
from .sources import section_line
from .words import known_words, rare_words

DOSE_UNITS = {"cells/kg", "cells", "g", "g/kg", "g/m²", "L", "IU", "%"}
_YEAR = 525960.0  # minutes in a year of 365.25 days, the quantities' base unit of time


@dataclass
class RecordValues:
    """What a record states: quantities with units, dates, ages (years) and counts of people."""

    quantities: list[Quantity] = field(default_factory=list)
    dates: set[str] = field(default_factory=set)
    ages: tuple[float | None, float | None] = (None, None)
    people: set[float] = field(default_factory=set)

    def has(self, quantity: Quantity) -> bool:
        """Return whether the record states the same amount in the same kind of unit."""
        return any(quantity.same_amount(known) for known in self.quantities)

    def shown(self, unit: str | None, units: set[str]) -> str:
        """Return the record's quantities of these units as written, `unit` first."""
        kinds = [q for q in self.quantities if q.unit in units]
        ranked = sorted(kinds, key=lambda q: q.unit != unit)
        texts = list(dict.fromkeys(f'"{q.text}"' for q in ranked))
        return ", ".join(texts[:6]) or "none"


def record_values(record: Record) -> RecordValues:
    """Return what a record states, from its structured fields and its registered text."""
    values = RecordValues()
    texts = [text for _, text in translatable_texts(record)]
    doses = [dose for intervention in record.interventions for dose in intervention.doses]
    texts += [f"{_plain(dose.amount)} {dose.unit}" for dose in doses]
    for text in texts:
        written = read_text(text, "en")
        values.quantities += [q for q in written.quantities if q.unit is not None]
        values.dates |= {iso for iso, _, _ in written.dates}
        values.people |= {n for n, _, _ in written.people}
        values.quantities += [Quantity(low * _YEAR, "min", text, 0)
                              for low, high, _, _ in written.age_ranges] + [
            Quantity(high * _YEAR, "min", text, 0) for _, high, _, _ in written.age_ranges
        ]  # fmt: skip
    _structured(record, values)
    return values


def _plain(number: float) -> str:
    return str(int(number)) if number.is_integer() else str(number)


def _structured(record: Record, values: RecordValues) -> None:
    for intervention in record.interventions:
        given = intervention.administration
        for minutes in (given.minutes_min, given.minutes_max) if given else ():
            if minutes is not None:
                values.quantities.append(Quantity(float(minutes), "min", f"{minutes} minutes", 0))
    if record.eligibility is not None:
        ages = [record.eligibility.min_age, record.eligibility.max_age]
        years = [age_in_days(age) / 365.25 if age else None for age in ages]
        values.ages = (years[0], years[1])
        values.quantities += [
            Quantity(y * _YEAR, "min", age, 0)
            for y, age in zip(years, ages, strict=True)
            if y is not None and age
        ]
    if record.enrollment is not None:
        values.people.add(float(record.enrollment.count))
    status = record.status
    for date in (status.start, status.primary_completion, status.completion, status.last_update):
        if date:
            values.dates |= {date, date[:7]}


def written_gate(
    trial: Trial, glossary: Glossary | None = None, values: RecordValues | None = None
) -> list[Finding]:
    """Return an error per number or promise of a hand-written text the record does not back,
    and a warning per rare word the glossary neither defines nor accepts."""
    values = values or record_values(trial.record)
    findings = []
    for language, plain in sorted(trial.plain.items()):
        path = Path(trial.folder) / f"patients.{language}.yaml"
        # The record's last update as the writer read it is a date of that record ("the record
        # was last updated on ..."); the staleness gate asks for a review once it changes.
        known = replace(values, dates=values.dates | {plain.reviewed_against})
        seen: set[str] = set()  # a rare word is named once per file, where it first stands
        for section, text in sections(plain):
            for offset, gate, message in _section_problems(text, language, known):
                line = section_line(path, section, offset, text)
                findings.append(Finding(gate, "error", message, trial.record.nct_id, str(path),
                                        line, field=section))  # fmt: skip
            if glossary is not None:
                findings += _rare(trial, glossary, language, path, section, text, seen)
    return findings


def sections(plain: PlainLanguage) -> list[tuple[str, str]]:
    """Return the hand-written sections of a patient text that have text, in page order."""
    return [(name, text) for name in SECTIONS if (text := getattr(plain, name))]


def _section_problems(text: str, language: str, values: RecordValues) -> list[tuple[int, str, str]]:
    written = read_text(text, language)
    problems: list[tuple[int, str]] = []  # numbers
    in_ranges = [range(start, start + len(words)) for _, _, words, start in written.age_ranges]
    for quantity in written.quantities:
        if any(quantity.start in span for span in in_ranges):
            continue  # an age range is compared as a range below
        if quantity.unit in DOSE_UNITS and not values.has(quantity):
            have = values.shown(quantity.unit, DOSE_UNITS if quantity.unit != "%" else {"%"})
            problems.append((quantity.start, f'"{quantity.text}" is not in the record '
                                             f"(the record has {have})"))  # fmt: skip
        elif quantity.unit == "min" and not values.has(quantity):
            problems.append((quantity.start, f'"{quantity.text}" is not a duration or age '
                                             "the record states"))  # fmt: skip
    low, high = values.ages
    for first, last, words, start in written.age_ranges:
        if low is not None and high is not None and (first, last) != (round(low), round(high)):
            problems.append((start, f'"{words}" but the record says {low:g} to {high:g} years '
                                    "(eligibility.min_age, eligibility.max_age)"))  # fmt: skip
    for number, words, start in written.people:
        if values.people and number not in values.people:
            counts = ", ".join(f"{n:g}" for n in sorted(values.people))
            problems.append((start, f'"{words}" but the record says {counts} (enrollment.count)'))
    for iso, words, start in written.dates:
        if iso not in values.dates:
            known = ", ".join(sorted(d for d in values.dates if len(d) == 10)) or "none"
            problems.append((start, f'"{words}" is not a date of the record (its dates: {known})'))
    found = [(start, "numbers", message) for start, message in problems]
    found += [(start, "safety", f'promise of benefit or safety: "{phrase}"')
              for phrase, start in find_claims(text, language)]  # fmt: skip
    return sorted(found)


def _rare(
    trial: Trial, glossary: Glossary, language: str, path: Path, section: str, text: str,
    seen: set[str],
) -> list[Finding]:  # fmt: skip
    known = known_words(glossary, language)
    words = [(word, offset) for word, offset in rare_words(text, language, known)
             if word not in seen]  # fmt: skip
    seen |= {word for word, _ in words}
    return [
        Finding("glossary", "warning", f'rare word "{word}" is not in glossary.yaml: define it '
                "there, or list it under undefined_ok if everyone knows it", trial.record.nct_id,
                str(path), section_line(path, section, offset, text), field=section)
        for word, offset in words
    ]  # fmt: skip
