"""What a patient page says about a record: its kind, its recruitment state, what it tests.

Pure functions of the record (no words): the composer turns their answers into sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ...model import Arm, Intervention, Record

Kind = Literal["interventional", "observational", "expanded", "unknown"]
State = Literal["open", "not_yet", "invitation", "active", "ended", "stopped", "paused",
                "withdrawn", "unknown", "available", "unavailable"]  # fmt: skip

STATES: dict[str, State] = {
    "RECRUITING": "open",
    "NOT_YET_RECRUITING": "not_yet",
    "ENROLLING_BY_INVITATION": "invitation",
    "ACTIVE_NOT_RECRUITING": "active",
    "COMPLETED": "ended",
    "TERMINATED": "stopped",
    "SUSPENDED": "paused",
    "WITHDRAWN": "withdrawn",
    "AVAILABLE": "available",
    "NO_LONGER_AVAILABLE": "unavailable",
    "TEMPORARILY_NOT_AVAILABLE": "unavailable",
    "APPROVED_FOR_MARKETING": "unavailable",
    "WITHHELD": "unavailable",
}
OPEN_STATES = ("open", "not_yet")
"""The only states whose page may say how to ask about joining (issue 15)."""

# Parts of a study that are never "what is tested" (issue 15): samples, scans and forms done
# to measure, and substances added to a vaccine (Montanide in NCT00184067).
_ANCILLARY = re.compile(
    r"biospecimen|specimen|sample|sampling|blood draw|blood test|questionnaire|survey|interview"
    r"|quality[- ]of[- ]life|laboratory|biomarker|pharmacokinetic|pharmacological study"
    r"|correlative|assessment|clinical observation|\bplacebo|\bvehicle\b|\bsham\b|\bsaline\b"
    r"|montanide|freund|\balum\b|alumin(?:i)?um hydroxide",
    re.I,
)
_IMAGING = re.compile(
    r"computed tomography|\bct scan|magnetic resonance|\bmri\b|echocardiogra|x-ray|radiograph"
    r"|\bpet\b|ultrasound|scintigraph|\bscan\b",
    re.I,
)
_ADJUVANT = re.compile(r"\badjuvant\b", re.I)
TESTED_TYPES = (
    "DRUG", "BIOLOGICAL", "DEVICE", "PROCEDURE", "RADIATION", "GENETIC", "COMBINATION_PRODUCT",
    "DIETARY_SUPPLEMENT", "BEHAVIORAL", "OTHER", None,
)  # fmt: skip
MAX_NAMED = 3


@dataclass(frozen=True)
class Tested:
    """What a page names as tested: at most three interventions (with their index), and how
    many other interventions the record lists."""

    named: list[tuple[int, Intervention]]
    others: int


def kind(record: Record) -> Kind:
    """Return the kind of study the page describes."""
    if record.study_type == "INTERVENTIONAL":
        return "interventional"
    if record.study_type == "OBSERVATIONAL":
        return "observational"
    if record.study_type == "EXPANDED_ACCESS":
        return "expanded"
    return "unknown"


def typed(record: Record) -> list[str]:
    """Return the field a sentence about the kind of study comes from, when the record has it."""
    return ["study_type"] if record.study_type else []


def state(record: Record) -> State:
    """Return the recruitment state; UNKNOWN, a missing status and odd pairs are "unknown"."""
    found = STATES.get(record.status.overall or "", "unknown")
    access = found in ("available", "unavailable")
    if (record.study_type == "EXPANDED_ACCESS") != access:
        return "unknown"
    return found


def for_people_with_condition(record: Record) -> bool:
    """Return True when the record says the study is for people who have its conditions."""
    eligibility = record.eligibility
    return (
        bool(record.conditions)
        and eligibility is not None
        and (eligibility.healthy_volunteers is False)
    )


def healthy_volunteers(record: Record) -> bool:
    """Return True when healthy volunteers may take part."""
    return bool(record.eligibility and record.eligibility.healthy_volunteers)


def tested(record: Record) -> Tested:
    """Return the interventions that are tested: in experimental arms and not in every other
    arm, never a sample, a form, a scan (outside diagnosis) or an adjuvant; at most three."""
    diagnostic = record.design is not None and record.design.purpose in ("DIAGNOSTIC", "SCREENING")
    candidates = [
        (index, item)
        for index, item in enumerate(record.interventions)
        if _is_tested(item, diagnostic)
    ]
    chosen = _chosen_by_arms(record, candidates)
    named = chosen[:MAX_NAMED]
    return Tested(named, len(record.interventions) - len(named))


def _is_tested(item: Intervention, diagnostic: bool) -> bool:
    if item.type not in TESTED_TYPES and not (diagnostic and item.type == "DIAGNOSTIC_TEST"):
        return False
    if _ANCILLARY.search(item.name):
        return False
    if _ADJUVANT.search(item.name) and item.type in ("BIOLOGICAL", "OTHER", None):
        return False
    return diagnostic or not _IMAGING.search(item.name)


def _chosen_by_arms(
    record: Record, candidates: list[tuple[int, Intervention]]
) -> list[tuple[int, Intervention]]:
    """Order candidates: those of experimental arms not given to every other arm first."""
    arms = [arm for arm in record.arms if arm.interventions]
    experimental = [arm for arm in arms if arm.type == "EXPERIMENTAL"]
    if not experimental:
        experimental = [arm for arm in arms if arm.type not in _CONTROL_TYPES]
    if not experimental:
        return candidates
    others = [arm for arm in arms if arm not in experimental]
    in_experimental = {name for arm in experimental for name in _names(arm)}
    everywhere = set.intersection(*(set(_names(arm)) for arm in others)) if others else set()
    differing = [
        pair for pair in candidates
        if _key(pair[1].name) in in_experimental and _key(pair[1].name) not in everywhere
    ]  # fmt: skip
    if differing:
        return differing
    return [pair for pair in candidates if _key(pair[1].name) in in_experimental]


_CONTROL_TYPES = ("PLACEBO_COMPARATOR", "SHAM_COMPARATOR", "NO_INTERVENTION")


def _names(arm: Arm) -> list[str]:
    return [_key(name) for name in arm.interventions]


def _key(name: str) -> str:
    """Return an intervention name as arms and interventions both spell it."""
    name = re.sub(r"^[A-Za-z ]+:\s*", "", name) if ":" in name[:30] else name
    return " ".join(name.casefold().split())


def arm_types(record: Record) -> dict[str, int]:
    """Return how many arms of each type the record lists (observational groups: "GROUP")."""
    counts: dict[str, int] = {}
    for arm in record.arms:
        key = arm.type or "GROUP"
        counts[key] = counts.get(key, 0) + 1
    return counts


def has_placebo(record: Record) -> bool:
    """Return True when an arm or an intervention is a placebo or a sham."""
    return any(arm.type in ("PLACEBO_COMPARATOR", "SHAM_COMPARATOR") for arm in record.arms) or any(
        re.search(r"\bplacebo\b", item.name, re.I) for item in record.interventions
    )


def cities(record: Record) -> list[str]:
    """Return the distinct cities of the sites, in registry order."""
    return list(dict.fromkeys(site.city for site in record.locations if site.city))
