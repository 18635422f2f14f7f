"""The registry's finder (issue 20): the facts each trial is filtered by, and its JSON per language.

The registry page lists the trials in pages of `PAGE_SIZE` (`trials/`, `trials/page/2/`, ...) so
that every trial is listed without JavaScript, while no page carries thousands of rows. The
filters read `registry/<lang>.json` from the site's own origin: for every trial what the filters
read (values as in `record.yaml`, lower case) and what its row shows, with repeated texts
(conditions, countries, cities, statuses, phases, dates) written once in tables and referred to
by index. `assets/trialsite-registry.js` filters, sorts and pages it in the browser.

Keys of a trial (omitted when empty): `n` NCT id, `t` title (HTML), `s` status, `sl` its label,
`r` 1 when results exist, `rp` 1 when they are shown on the site, `p` phases, `pl` their label,
`y` study type, `c` conditions, `k` countries, `ci` cities (indexes into the tables), `a0`/`a1`
the age range in years, `x` sex, `h` healthy volunteers ("true"/"false"), `u` last update and
`st` start (ISO dates).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Record, Trial, age_in_days

PHASES = ("early_phase1", "phase1", "phase2", "phase3", "phase4", "na")
TYPES = ("interventional", "observational", "expanded_access")
PAGE_SIZE = 50
"""Trials per page of the registry, with and without JavaScript."""
YEAR_DAYS = 365.25
TABLES = ("condition", "country", "city")


def years(age: str | None) -> float | None:
    """Return an age such as "6 Months" in years (0.5); None when the record sets no limit."""
    return None if age is None else round(age_in_days(age) / YEAR_DAYS, 4)


def conditions(record: Record) -> list[str]:
    """Return the conditions the filter knows a trial by: its own, else its MeSH terms."""
    names = record.conditions or [mesh.term for mesh in record.condition_mesh]
    return list(dict.fromkeys(name.lower() for name in names))


def cities(record: Record) -> list[tuple[str, str]]:
    """Return the (city, country) of a trial's sites, once each, as the registry writes them."""
    return list(dict.fromkeys(
        (loc.city, loc.country or "") for loc in record.locations if loc.city
    ))  # fmt: skip


def city_value(city: str, country: str) -> str:
    """Return a city's value in the URL: `lyon/france` (a city name alone is ambiguous)."""
    return f"{city.lower()}/{country.lower()}"


@dataclass(frozen=True)
class Shown:
    """What a trial's row shows in one language (HTML escaped by the templates)."""

    title: str
    status: str
    phase: str
    conditions: list[tuple[str, str, str]]
    """Each condition: its value, its plain label (for the menu) and its HTML (for the row)."""
    date: str
    """The last update in words."""


def entry(record: Record, shown: Shown, country_label: Callable[[str], str]) -> dict[str, Any]:
    """Return one trial's entry, its repeated texts not yet replaced by table indexes."""
    eligibility = record.eligibility
    healthy = eligibility.healthy_volunteers if eligibility else None
    values: dict[str, Any] = {
        "n": record.nct_id, "t": shown.title,
        "s": (record.status.overall or "").lower(), "sl": shown.status,
        "r": int(bool(record.has_results or record.results)), "rp": int(bool(record.results)),
        "p": [phase.lower() for phase in record.phase], "pl": shown.phase,
        "y": (record.study_type or "").lower(),
        "c": shown.conditions,
        "k": [(country, country_label(name)) for country, name in _countries(record).items()],
        "ci": [(city_value(city, country), _city_label(city, country_label(country)))
               for city, country in cities(record)],
        "a0": years(eligibility.min_age) if eligibility else None,
        "a1": years(eligibility.max_age) if eligibility else None,
        "x": ((eligibility.sex if eligibility else None) or "").lower(),
        "h": "" if healthy is None else str(healthy).lower(),
        "u": record.status.last_update or "", "ud": shown.date,
        "st": record.status.start or "",
    }  # fmt: skip
    return values


def _countries(record: Record) -> dict[str, str]:
    """Return each country of a trial's sites once: its value, then its name in the registry."""
    return {loc.country.lower(): loc.country for loc in record.locations if loc.country}


def _city_label(city: str, country: str) -> str:
    return f"{city}, {country}" if country else city


def registry_json(entries: list[dict[str, Any]]) -> bytes:
    """Return the registry of one language as compact JSON (see the module docstring)."""
    keys = {"condition": "c", "country": "k", "city": "ci"}
    tables = {name: _table(item for values in entries for item in values[key])
              for name, key in keys.items()}  # fmt: skip
    labels: dict[str, dict[str, int]] = {"status": {}, "phase": {}}
    dates: dict[str, str] = {}
    trials = []
    for values in entries:
        trial = dict(values)
        for name, key in keys.items():
            trial[key] = [tables[name][tuple(item)] for item in values[key]]
        trial["sl"] = labels["status"].setdefault(values["sl"], len(labels["status"]))
        trial["pl"] = labels["phase"].setdefault(values["pl"], len(labels["phase"]))
        if values["u"]:
            dates[values["u"]] = values["ud"]
        del trial["ud"]
        trials.append({key: value for key, value in trial.items() if _written(key, value)})
    data = {
        "pageSize": PAGE_SIZE,
        **{name: [list(item) for item in table] for name, table in tables.items()},
        "status": list(labels["status"]), "phase": list(labels["phase"]), "dates": dates,
        "trials": trials,
    }  # fmt: skip
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _written(key: str, value: Any) -> bool:
    """Whether a trial's value is written: empty values and false flags are left out."""
    return value not in ("", [], None) and (key not in ("r", "rp") or bool(value))


def _table(items: Iterable[Iterable[str]]) -> dict[tuple[str, ...], int]:
    """Return each distinct (value, label, ...) once, sorted by label, with its index."""
    distinct = sorted(set(map(tuple, items)), key=lambda item: (item[1].casefold(), item))
    return {item: index for index, item in enumerate(distinct)}


def pages_of(trials: list[Trial]) -> list[list[Trial]]:
    """Return the trials in pages of `PAGE_SIZE` (one empty page when there is none)."""
    return [trials[start : start + PAGE_SIZE] for start in range(0, len(trials), PAGE_SIZE)] or [[]]


DATA_PATH = "registry/{lang}.json"
"""Where each language's registry data is written, under the site root."""


def page_path(first: str, number: int) -> str:
    """Return the path of the registry's page `number`: `first`, then `trials/page/2/index.md`."""
    if number == 1:
        return first
    head, _, name = first.rpartition("/")
    return f"{head}/page/{number}/{name}"


def page_window(current: int, count: int, around: int = 2) -> list[int | None]:
    """Return the page numbers a pager links to: first, last, `around` either side of the current
    one; None stands for a gap. The script pages the same way (`assets/trialsite-registry.js`)."""
    shown = {1, count, *range(current - around, current + around + 1)}
    numbers = sorted(n for n in shown if 1 <= n <= count)
    window: list[int | None] = []
    for number in numbers:
        if window and number - (window[-1] or 0) > 1:
            window.append(None)
        window.append(number)
    return window
