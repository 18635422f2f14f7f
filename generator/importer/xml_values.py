"""Legacy XML values -> API v2 enumerations and ISO dates; an unknown value is a ContentError."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, get_args

from .. import model as m

ENUMS: dict[str, set[str]] = {
    "status": set(get_args(m.OverallStatus)),
    "study_type": set(get_args(m.StudyType)),
    "allocation": set(get_args(m.Allocation)),
    "model": set(get_args(m.InterventionModel)) | set(get_args(m.ObservationalModel)),
    "purpose": set(get_args(m.PrimaryPurpose)),
    "masking": set(get_args(m.Masking)),
    "sex": set(get_args(m.Sex)),
    "class": set(get_args(m.AgencyClass)),
    "arm_type": set(get_args(m.ArmType)),
    "intervention_type": set(get_args(m.InterventionType)),
    "reference_type": set(get_args(m.ReferenceType)),
}
SPECIAL = {
    "unknown status": "UNKNOWN",
    "observational [patient registry]": "OBSERVATIONAL",
    "u.s. fed": "FED",
    "individual": "INDIV",
    "ambiguous": "AMBIG",
    "other u.s. federal agency": "FED",
    "none (open label)": "NONE",
    "no masking": "NONE",
    "open label": "NONE",
    "both": "ALL",
    "educational/counseling/training": "ECT",
    "n/a": "NA",
}
_DATE_RE = re.compile(r"^(?P<month>[A-Z][a-z]+)(?: (?P<day>\d{1,2}),)? (?P<year>\d{4})$")
_MONTHS = {name: number for number, name in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"], 1)}  # fmt: skip


class ValueProblem(ValueError):
    """A value the importer cannot map; the caller adds the file and field."""


def enum_value(kind: str, text: str | None) -> str | None:
    """Map a human label ("Active, not recruiting") to the API v2 value (ACTIVE_NOT_RECRUITING)."""
    if text is None or not text.strip():
        return None
    label = " ".join(text.split())
    value = SPECIAL.get(label.lower())
    if value is None:
        value = re.sub(r"[^A-Z0-9]+", "_", label.upper()).strip("_")
        value = value.removesuffix("_ASSIGNMENT")
    if value not in ENUMS[kind]:
        raise ValueProblem(f'unknown value "{label}"')
    return value


def masking(text: str | None) -> tuple[str | None, list[str]]:
    """Split "Double (Participant, Investigator)" into DOUBLE and the roles masked."""
    if text is None or not text.strip():
        return None, []
    if text.strip().lower() in SPECIAL:
        return enum_value("masking", text), []
    head, _, roles = text.partition("(")
    level = enum_value("masking", head.split()[0] if head.split() else head)
    who = [re.sub(r"[^A-Z]+", "_", role.strip().upper()) for role in roles.rstrip(")").split(",")]
    return level, [("PARTICIPANT" if role == "SUBJECT" else role) for role in who if role]


def phases(text: str | None) -> list[str]:
    """Map "Phase 1/Phase 2" to [PHASE1, PHASE2] and "N/A" to [NA]."""
    if text is None or not text.strip():
        return []
    if text.strip() == "N/A":
        return ["NA"]
    result = []
    for part in text.split("/"):
        value = re.sub(r"[^A-Z0-9]+", "_", part.strip().upper()).replace("PHASE_", "PHASE")
        if value not in ("EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4"):
            raise ValueProblem(f'unknown phase "{text.strip()}"')
        result.append(value)
    return result


def date(text: str | None) -> str | None:
    """Map "September 2019" to 2019-09 and "June 1, 2024" to 2024-06-01."""
    if text is None or not text.strip():
        return None
    text = " ".join(text.split())
    if re.fullmatch(r"\d{4}(-\d{2}){0,2}", text):
        return text
    match = _DATE_RE.match(text)
    if not match or match["month"] not in _MONTHS:
        raise ValueProblem(f'unknown date "{text}"')
    year, month = int(match["year"]), _MONTHS[match["month"]]
    if match["day"] is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, int(match["day"])).isoformat()
    except ValueError:
        raise ValueProblem(f'"{text}" is not a real date') from None


def date_type(value: str | None) -> str | None:
    """Map the XML date type (Actual, Anticipated, Estimate) to ACTUAL or ESTIMATED."""
    if value is None:
        return None
    return "ACTUAL" if value.lower() == "actual" else "ESTIMATED"


def age(text: str | None) -> str | None:
    """Return "18 Years" as is; "N/A" and blanks are no limit."""
    if text is None or text.strip() in ("", "N/A"):
        return None
    number, _, unit = text.strip().partition(" ")
    return f"{number} {unit.capitalize()}" if unit else text.strip()


def yes_no(text: str | None) -> bool | None:
    """Map Yes / No / "Accepts Healthy Volunteers" to a boolean."""
    if text is None or not text.strip():
        return None
    return text.strip().lower() in ("yes", "accepts healthy volunteers")


def optional(data: dict[str, Any]) -> dict[str, Any]:
    """Return a mapping without its None values."""
    return {key: value for key, value in data.items() if value is not None}
