"""Conservative extraction of doses, route and administration from registered text.

Every function returns nothing rather than guess. A plain dose ("125 mg", "5 mg/kg") is kept only
when the text mentions exactly one amount with a unit and no range, bound, percentage,
concentration or regimen change; dose levels in powers of ten ("1.10^6 CSM / kg", the registry's
notation for 1 x 10^6 cells/kg) are kept in order.
"""

from __future__ import annotations

import re
from typing import Any

_NUMBER = r"\d+(?:\.\d+)?"
_MASS = r"mg|g|µg|μg|mcg|ug|ng|IU|mL|ml|MBq|mCi|Gy"
_PER = r"(?:\s?/\s?(?:kg|m2|m²|day|d|week|dose))*"
_CELLS = r"(?:CSM|MSCs?|cells?|viable cells)"
# "1.10^6 CSM / kg" (registry text for 1 x 10^6 cells/kg), "2 x 10^6 cells/kg", "2×10^6 cells/kg".
_SCIENTIFIC_RE = re.compile(
    rf"(?<![\w.])(?P<mantissa>{_NUMBER})(?:\.|\s?[x×*]\s?)10\^(?P<exponent>\d{{1,2}})\s*"
    rf"(?P<what>{_CELLS})(?P<per>\s?/\s?kg)?(?!\w)"
)
_SIMPLE_RE = re.compile(
    rf"(?<![\w.,/-])(?P<amount>{_NUMBER})\s?(?P<unit>(?:{_MASS}){_PER})(?!\s?/)(?!\w)"
)
# Every amount with a unit, however written: a text naming several amounts is not trusted.
_ANY_AMOUNT_RE = re.compile(rf"\d+(?:\.\d+)?\s?(?:{_MASS})(?![a-zA-Z])")
# Anything that makes a number uncertain: ranges, bounds, approximations, alternatives.
_AMBIGUOUS_RE = re.compile(
    rf"{_NUMBER}\s?(?:{_MASS}|%)?\s?(?:-|–|to|or|and/or)\s?{_NUMBER}\s?(?:{_MASS})"
    rf"|[<>≤≥~±%]|\b(?:up to|at least|maximum|max\.?|minimum|approximately|about|around|"
    rf"between|no more than|not exceed|exceeding|titrat\w*|adjusted|escalat\w*|reduc\w*|"
    rf"concentration|strength|solution|per mL|followed by|then|loading|maintenance)\b",
    re.IGNORECASE,
)
_ROUTES = {
    "intravenous": r"\bintravenous(?:ly)?\b|\bi\.?v\.? (?:infusion|injection|bolus)|(?-i:\bIV\b)",
    "oral": r"\borally\b|\boral\b|\bby mouth\b",
    "subcutaneous": r"\bsubcutaneous(?:ly)?\b",
    "intramuscular": r"\bintramuscular(?:ly)?\b",
    "intrathecal": r"\bintrathecal(?:ly)?\b",
    "topical": r"\btopical(?:ly)?\b",
    "inhaled": r"\binhal(?:ed|ation)\b",
}
_COUNT_RE = re.compile(r"\b(\d+|one|a single)\s+(?:injection|infusion|administration)s?\b", re.I)
_WORDS = {"one": 1, "a single": 1}
_DURATION_RE = re.compile(
    r"\b(?:during|over)\s+(\d+)\s*(min|minutes|h|hours?)\b"
    r"(?:\s*(?:to|-)\s*(\d+)\s*(min|minutes|h|hours?)\b)?",
    re.I,
)


def _number(text: str) -> float:
    value = float(text)
    return int(value) if value.is_integer() else value


def _unit(raw: str) -> str:
    unit = re.sub(r"\s", "", raw).replace("μg", "µg")
    return re.sub(r"^ml", "mL", unit)


def _scientific(text: str) -> list[dict[str, Any]]:
    doses = []
    for match in _SCIENTIFIC_RE.finditer(text):
        amount = _number(f"{float(match['mantissa']) * 10 ** int(match['exponent']):.6g}")
        unit = "cells/kg" if match["per"] else "cells"
        doses.append({"amount": amount, "unit": unit})
    return doses


def _single_dose(text: str) -> list[dict[str, Any]]:
    """Return the one dose of a text that mentions exactly one amount with a unit."""
    if _AMBIGUOUS_RE.search(text) or len(_ANY_AMOUNT_RE.findall(text)) != 1:
        return []
    match = _SIMPLE_RE.search(text)
    if match is None:
        return []
    return [{"amount": _number(match["amount"]), "unit": _unit(match["unit"])}]


def extract_doses(text: str | None) -> list[dict[str, Any]]:
    """Return the doses `text` states unambiguously, in order, without duplicates."""
    if not text:
        return []
    doses = _scientific(text)
    if not doses:
        return _single_dose(text)
    unique: list[dict[str, Any]] = []
    for dose in doses:
        if dose not in unique and dose["amount"] > 0:
            unique.append(dose)
    return unique


def extract_route(text: str | None) -> str | None:
    """Return the one route of administration `text` names, or None when none or several."""
    if not text:
        return None
    found = [name for name, pattern in _ROUTES.items() if re.search(pattern, text, re.I)]
    return found[0] if len(found) == 1 else None


def _minutes(value: str, unit: str) -> int:
    return int(value) * (60 if unit.lower().startswith("h") else 1)


def extract_administration(text: str | None) -> dict[str, int] | None:
    """Return {count, minutes_min, minutes_max} when `text` states them once, else None."""
    if not text:
        return None
    result: dict[str, int] = {}
    counts = _COUNT_RE.findall(text)
    if len(counts) == 1:
        word = counts[0].lower()
        result["count"] = _WORDS.get(word) or int(word)
    durations = _DURATION_RE.findall(text)
    if len(durations) == 1:
        low, low_unit, high, high_unit = durations[0]
        result["minutes_min"] = _minutes(low, low_unit)
        result["minutes_max"] = _minutes(high, high_unit) if high else result["minutes_min"]
    return result or None
