"""The registry page's filters (issue 20): each trial's facts as data attributes, and the choices.

Each trial's row carries what the filters read (`data-status`, `data-phase`, ...), values as in
`record.yaml`, lower case; a list is a JSON array. `assets/trialsite-registry.js` filters the
rows in the browser; without JavaScript every row shows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from ..model import Record, Trial, age_in_days

PHASES = ("early_phase1", "phase1", "phase2", "phase3", "phase4", "na")
TYPES = ("interventional", "observational", "expanded_access")
YEAR_DAYS = 365.25


def years(age: str | None) -> str:
    """Return an age such as "6 Months" in years ("0.5"); "" when the record sets no limit."""
    return "" if age is None else f"{age_in_days(age) / YEAR_DAYS:g}"


def conditions(record: Record) -> list[str]:
    """Return the conditions the filter knows a trial by: its own, else its MeSH terms."""
    names = record.conditions or [mesh.term for mesh in record.condition_mesh]
    return list(dict.fromkeys(name.lower() for name in names))


def countries(record: Record) -> list[str]:
    """Return the countries of a trial's sites, once each, in registry order."""
    return list(dict.fromkeys(loc.country.lower() for loc in record.locations if loc.country))


def facets(record: Record) -> dict[str, str]:
    """Return the data attributes of a trial's row (names without `data-`)."""
    eligibility = record.eligibility
    healthy = eligibility.healthy_volunteers if eligibility else None
    return {
        "nct": record.nct_id,
        "status": (record.status.overall or "").lower(),
        "phase": json.dumps([phase.lower() for phase in record.phase]),
        "type": (record.study_type or "").lower(),
        "conditions": json.dumps(conditions(record), ensure_ascii=False),
        "countries": json.dumps(countries(record), ensure_ascii=False),
        "min-age": years(eligibility.min_age) if eligibility else "",
        "max-age": years(eligibility.max_age) if eligibility else "",
        "sex": ((eligibility.sex if eligibility else None) or "").lower(),
        "healthy": "" if healthy is None else str(healthy).lower(),
        "results": str(bool(record.has_results or record.results)).lower(),
        "last-update": record.status.last_update or "",
        "start": record.status.start or "",
    }


def _sorted(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(dict(pairs).items(), key=lambda pair: (pair[1].casefold(), pair[0]))


def choices(
    trials: list[Trial],
    condition_label: Callable[[Trial, int, str], str],
    country_label: Callable[[str], str],
) -> dict[str, list[tuple[str, str]]]:
    """Return the condition and country choices (value, label), sorted by label."""
    found_conditions: list[tuple[str, str]] = []
    found_countries: list[tuple[str, str]] = []
    for trial in trials:
        record = trial.record
        if record.conditions:
            found_conditions += [
                (name.lower(), condition_label(trial, index, name))
                for index, name in enumerate(record.conditions)
            ]
        else:
            found_conditions += [(m.term.lower(), m.term) for m in record.condition_mesh]
        found_countries += [
            (loc.country.lower(), country_label(loc.country))
            for loc in record.locations if loc.country
        ]  # fmt: skip
    return {"conditions": _sorted(found_conditions), "countries": _sorted(found_countries)}
