"""Quantities written in text: a number, its unit, and where it stands (issue 16).

One reader for every place a number is written (record text, its French translation, text people
write for patients): 2000 = 2 000 = 2,000; 2.5 = 2,5 in French; 4.10^6 = 4 × 10⁶ = 4 million;
micrograms = mcg = µg; 1 hour = 60 minutes. Each quantity keeps its value in a base unit
(grams, litres, minutes, cells) so that equal amounts compare equal however they are spelled.
List numbering ("1.", "2)") and section numbers are not quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .languages import LANGUAGES

MONTHS = {
    name: number
    for row in LANGUAGES.values()  # the month names of every language of the table
    for number, name in enumerate(row.months.split(), 1)
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_SPACE = "[ \u00a0\u202f\u2009]"
# French typography keeps "5 août 2014" on one line with no-break spaces (issue 19).
_DATE = re.compile(
    rf"(?<![\w-])(?P<iso_y>[0-9]{{4}})-(?P<iso_m>[0-9]{{2}})(?:-(?P<iso_d>[0-9]{{2}}))?(?![\w-])"
    rf"|(?<!\w)(?P<dmy_d>[0-9]{{1,2}})(?:er|st|nd|rd|th)?{_SPACE}(?P<dmy_m>{_MONTH}),?"
    rf"{_SPACE}(?P<dmy_y>[0-9]{{4}})"
    rf"|(?<!\w)(?P<mon_m>{_MONTH}){_SPACE}(?:(?P<mdy_d>[0-9]{{1,2}}),{_SPACE}(?P<mdy_y>[0-9]{{4}})"
    rf"|(?P<my_y>[0-9]{{4}}))(?!\w)",
    re.IGNORECASE,
)
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_CARET_POWER = re.compile(r"(?<=[A-Za-zµμ])\^([0-9])")
_SUPERSCRIPT_POWER = re.compile(r"(?<=[A-Za-zµμ])[²³]")
# A number: scientific (4.10^6, 4 × 10⁶, 10^6), grouped (2 000, 2,000), decimal (2.5, 2,5).
_NUMBER = re.compile(
    rf"(?<![\w.,])(?:(?P<mantissa>[0-9]+(?:[.,][0-9]+)?){_SPACE}*[.x×·*]{_SPACE}*)?"
    rf"10(?:{_SPACE}*\^{_SPACE}*(?P<exp>[0-9]+)|(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]+))"
    rf"|(?<![\w.,])(?P<grouped>[0-9]{{1,3}}(?:(?P<sep>,|{_SPACE})[0-9]{{3}})(?:(?P=sep)[0-9]{{3}})*)"
    rf"(?![0-9]|[.,][0-9])"
    r"|(?<![\w.,])(?P<plain>[0-9]+(?:[.,][0-9]+)?)(?![0-9])",
)
_SCALE = re.compile(r"\s*(?:(?P<million>millions?)|(?P<billion>billions?|milliards?))\b(?:\s+de)?",
                    re.IGNORECASE)  # fmt: skip
_CELLS = r"(?:cells?|cellules?|CSM|MSCs?)"
_PER_KG = (r"\s*(?:/\s*kg|per\s+(?:kilogram|kg)|for\s+each\s+kilogram(?:\s+you\s+weigh)?"
           r"|par\s+(?:kilo(?:gramme)?|kg)"
           r"|pour\s+chaque\s+kilo(?:gramme)?(?:\s+de\s+(?:votre\s+)?poids)?)\b")  # fmt: skip
_MG = r"(?:mg|milligrams?|milligrammes?)"
_UG = r"(?:µg|μg|mcg|ug|micrograms?|microgrammes?)"
# Unit spellings, most specific first: (pattern, base unit, factor to the base unit).
UNITS: tuple[tuple[str, str, float], ...] = (
    (_CELLS + _PER_KG, "cells/kg", 1.0),
    (_CELLS, "cells", 1.0),
    (_MG + r"\s*/\s*m2", "g/m²", 1e-3),
    (_MG + _PER_KG, "g/kg", 1e-3),
    (_UG + _PER_KG, "g/kg", 1e-6),
    (_UG, "g", 1e-6),
    (_MG, "g", 1e-3),
    (r"(?:ng|nanograms?|nanogrammes?)", "g", 1e-9),
    (r"(?:g|grams?|grammes?)", "g", 1.0),
    (r"(?:mL|ml|millilit(?:re|er)s?)", "L", 1e-3),
    (r"(?:IU|UI|international\s+units?|unités?\s+internationales?)", "IU", 1.0),
    (r"(?:%|per\s?cent|pour\s?cent)", "%", 1.0),
    (r"(?:minutes?|mins?)", "min", 1.0),
    (r"(?:hours?|heures?|h)", "min", 60.0),
    (r"(?:days?|jours?)", "min", 1440.0),
    (r"(?:weeks?|semaines?)", "min", 10080.0),
    (r"(?:months?|mois)", "min", 43830.0),
    (r"(?:years?|ans|années?)", "min", 525960.0),
)
_UNIT_NAMES = "|".join(f"(?P<u{i}>{pattern})" for i, (pattern, _, _) in enumerate(UNITS))
_UNIT = re.compile(
    rf"(?:\s*|-)(?:{_UNIT_NAMES})(?![\w²])",
    re.IGNORECASE,
)
_RANGE_TO = re.compile(r"\s*(?:-|–|to|à|and|et|or|ou)\s*", re.IGNORECASE)
_LIST_MARKER = re.compile(r"^[ \t]*(?:[0-9]+|[a-z]|[ivx]+)[.)][ \t]+", re.MULTILINE)
_SECTION_NUMBER = re.compile(r"\b(?:section|part|partie|phase|group|groupe|cohort|cohorte|arm"
                             r"|bras|step|étape|stage|grade|type)\s+[0-9]+(?:[./][0-9]+)*",
                             re.IGNORECASE)  # fmt: skip
_AGE_RANGE = re.compile(
    r"(?<![\w.,])(?P<low>[0-9]+)\s*(?:-|–|to|à|and|et)\s*(?P<high>[0-9]+)\s*(?:years|ans)\b",
    re.IGNORECASE,
)
_PEOPLE = re.compile(
    r"(?<![\w.,])(?P<n>[0-9]+(?:[ ,\u00a0\u202f][0-9]{3})*)\s+(?:(?:adult|healthy|more)\s+)?"
    r"(?:people|persons|participants|patients|volunteers|subjects|personnes|volontaires)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quantity:
    """One number as written: its value in the base unit of `unit` (None: a bare number)."""

    value: float
    unit: str | None
    text: str
    start: int
    number: float | None = None
    """The number as written, before its unit is converted ("2" of "2 months")."""

    def same_amount(self, other: Quantity) -> bool:
        """Return whether two quantities are the same amount in the same kind of unit."""
        scale = max(abs(self.value), abs(other.value), 1e-30)
        return self.unit == other.unit and abs(self.value - other.value) <= 1e-9 * scale


@dataclass
class Written:
    """What a text states: its quantities, its dates, its age ranges and its counts of people."""

    quantities: list[Quantity]
    dates: list[tuple[str, str, int]]
    """ISO date, the text as written, and where it starts."""
    age_ranges: list[tuple[float, float, str, int]]
    people: list[tuple[float, str, int]]


def unit_powers(text: str) -> str:
    """Return text with a unit's power written as a digit: "mm^3" and "mm³" are both "mm3".

    The power of a unit is not a number of the text; "10^6" (a power of a number) stays.
    """
    text = _CARET_POWER.sub(r"\1", text)
    return _SUPERSCRIPT_POWER.sub(lambda m: m.group().translate(_SUPERSCRIPT), text)


def read_text(text: str, language: str) -> Written:
    """Return every quantity, date, age range and count of people that `text` states."""
    text = unit_powers(text)
    text = _LIST_MARKER.sub(lambda m: " " * len(m.group()), text)
    text = _SECTION_NUMBER.sub(lambda m: " " * len(m.group()), text)
    written = Written([], [], [], [])
    for match in _AGE_RANGE.finditer(text):
        low, high = float(match.group("low")), float(match.group("high"))
        written.age_ranges.append((low, high, match.group(), match.start()))
    for match in _PEOPLE.finditer(text):
        number = float(re.sub(r"[ ,\u00a0\u202f]", "", match.group("n")))
        written.people.append((number, match.group(), match.start()))
    text = _DATE.sub(lambda m: _take_date(m, written), text)
    written.quantities = _quantities(text, language)
    return written


def _take_date(match: re.Match[str], written: Written) -> str:
    parts = {name[-1]: value for name, value in match.groupdict().items() if value}
    month = MONTHS.get(parts["m"].lower()) or int(parts["m"])
    if not 1 <= month <= 12:
        return match.group()
    iso = f"{parts['y']}-{month:02d}" + (f"-{int(parts['d']):02d}" if parts.get("d") else "")
    written.dates.append((iso, match.group(), match.start()))
    return " " * len(match.group())


def _quantities(text: str, language: str) -> list[Quantity]:
    found: list[Quantity] = []
    for match in _NUMBER.finditer(text):
        value, start, end = _value(match, language), match.start(), match.end()
        scale = _SCALE.match(text, end)
        if scale:
            value *= 1e6 if scale.group("million") else 1e9
            end = scale.end()
        unit = _UNIT.match(text, end)
        if unit is None:
            found.append(Quantity(value, None, text[start:end], start, value))
            continue
        base, factor = _unit_of(unit)
        before = found[-1] if found else None
        if (
            before is not None
            and before.unit is None
            and _RANGE_TO.fullmatch(text, before.start + len(before.text), start)
        ):  # "30 to 60 minutes": the first number of a range takes the unit of the second
            words = text[before.start : unit.end()].strip()
            found[-1] = Quantity(before.value * factor, base, words, before.start, before.value)
        words = text[start : unit.end()].strip()
        found.append(Quantity(value * factor, base, words, start, value))
    return found


def _unit_of(match: re.Match[str]) -> tuple[str, float]:
    index = int(next(name for name, value in match.groupdict().items() if value)[1:])
    _, base, factor = UNITS[index]
    return base, factor


def _value(match: re.Match[str], language: str) -> float:
    if match.group("exp") is not None or match.group("sup") is not None:
        exponent = int((match.group("exp") or match.group("sup")).translate(_SUPERSCRIPT))
        mantissa = match.group("mantissa")
        return (_decimal(mantissa, language) if mantissa else 1.0) * 10.0**exponent
    grouped = match.group("grouped")
    if grouped is not None:
        if match.group("sep") == "," and language != "en":
            return _decimal(grouped, language)  # French 2,500 is two and a half
        return float(re.sub(r"[^0-9]", "", grouped))
    return _decimal(match.group("plain"), language)


def _decimal(text: str, language: str) -> float:
    return float(text.replace(",", "."))
