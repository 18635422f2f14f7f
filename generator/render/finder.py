"""The registry's finder (issue 20): the facts each trial is filtered by, and its JSON per language.

The registry page lists the trials in pages of `PAGE_SIZE` (`trials/`, `trials/page/2/`, ...) so
that every trial is listed without JavaScript, while no page carries thousands of rows. The
filters read `registry/<lang>.json` from the site's own origin: for every trial what the filters
read (values as in `record.yaml`, lower case) and what its row shows, with repeated texts
(conditions, countries, statuses, phases, dates) written once in tables and referred to
by index. `assets/trialsite-registry.js` filters, sorts and pages it in the browser.

The condition filter offers the groups of the condition pages (`conditions.py`): a trial is
found under each MeSH term of its record, or, without any, under each condition as registered,
so "SLE" and "Systemic Lupus Erythematosus" mapped to one MeSH term are one choice. A choice's
value in the URL is its page's slug (`condition=systemic-lupus-erythematosus`, the page
`conditions/<slug>/`), stable and readable; its label is the page's name in the page's language
(the terms file, else a trial's catalog, else the English, marked `lang="en"`). The script tries
a value that is no group's slug as one (`condition=covid19` is `covid-19`), else ignores it.

Keys of a trial (omitted when empty): `n` NCT id, `t` title (HTML), `s` status, `sl` its label,
`r` 1 when results exist, `rp` 1 when they are shown on the site, `p` phases, `pl` their label,
`y` study type, `c` condition groups, `cc` the row's conditions, `k` countries (indexes into
the tables `condition` [slug, label, 1 when English], `cell` [HTML] and `country` [value,
label]), `a0`/`a1` the age range in years, `x` sex, `h` healthy volunteers ("true"/"false"), `u`
last update and `st` start (ISO dates).

Where the trials take place is in `registry/places.json`, one file for every language, which
the script reads only when a reader needs it (the city menu, a city in the URL, the distance
sort): at 1,000 trials the cities and coordinates are a fifth of what the filters read, and most
readers use neither. It holds `city`, each distinct city as `[value, name, country value]` (the
script labels it with the country's name in the page's language), `geo`, each distinct site
coordinate as `[lat, lon]` (the registry's geocode, as in `record.yaml`), and `trials`, for each
NCT id that has any, `[city indexes, geo indexes]`. Keyed by id rather than by position, so a
places file of another build (a cache) still answers for each trial it knows.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Record, Trial, age_in_days
from .conditions import record_conditions

PHASES = ("early_phase1", "phase1", "phase2", "phase3", "phase4", "na")
TYPES = ("interventional", "observational", "expanded_access")
PAGE_SIZE = 50
"""Trials per page of the registry, with and without JavaScript."""
YEAR_DAYS = 365.25


def years(age: str | None) -> float | None:
    """Return an age such as "6 Months" in years (0.5); None when the record sets no limit."""
    return None if age is None else round(age_in_days(age) / YEAR_DAYS, 4)


def conditions(record: Record) -> list[str]:
    """Return the condition groups the filter knows a trial by: the slugs of its condition pages."""
    return [named.slug for named in record_conditions(record)]


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
    conditions: list[str]
    """The HTML of each condition the row shows (linked to its page, in the record's words)."""
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
        "c": conditions(record), "cc": [(cell,) for cell in shown.conditions],
        "k": [(country, country_label(name)) for country, name in _countries(record).items()],
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


def registry_json(entries: list[dict[str, Any]], choices: dict[str, tuple[str, bool]]) -> bytes:
    """Return the registry of one language as compact JSON (see the module docstring).

    `choices`: each condition group's label in the menu and whether it is English, by slug
    (`ConditionPages.choices`); they depend on every trial, so the entries name slugs only.
    """
    groups = {slug: (slug, label, 1) if english else (slug, label)
              for slug, (label, english) in choices.items()}  # fmt: skip
    entries = [{**values, "c": [groups[slug] for slug in values["c"]]} for values in entries]
    keys = {"condition": "c", "cell": "cc", "country": "k"}
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
        **{name: [item[0] if len(item) == 1 else list(item) for item in table]
           for name, table in tables.items()},
        "status": list(labels["status"]), "phase": list(labels["phase"]), "dates": dates,
        "trials": trials,
    }  # fmt: skip
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _written(key: str, value: Any) -> bool:
    """Whether a trial's value is written: empty values and false flags are left out."""
    return value not in ("", [], None) and (key not in ("r", "rp") or bool(value))


def _table(items: Iterable[Iterable[Any]]) -> dict[tuple[Any, ...], int]:
    """Return each distinct (value, label, ...) or (text,) once, sorted by label, with its
    index."""
    distinct = sorted(set(map(tuple, items)), key=lambda item: (_label(item), item))
    return {item: index for index, item in enumerate(distinct)}


def _label(item: tuple[Any, ...]) -> str:
    """Return an item's label as it sorts in a menu: case and accents aside (É with E)."""
    label = unicodedata.normalize("NFKD", str(item[1] if len(item) > 1 else item[0]))
    return "".join(char for char in label if not unicodedata.combining(char)).casefold()


def pages_of(trials: list[Trial]) -> list[list[Trial]]:
    """Return the trials in pages of `PAGE_SIZE` (one empty page when there is none)."""
    return [trials[start : start + PAGE_SIZE] for start in range(0, len(trials), PAGE_SIZE)] or [[]]


DATA_PATH = "registry/{lang}.json"
"""Where each language's registry data is written, under the site root."""
PLACES_PATH = "registry/places.json"
"""Where the trials' cities and site coordinates are written, for every language."""


def places_json(records: list[Record]) -> bytes:
    """Return the cities and site coordinates of every trial (see the module docstring)."""
    # One row per value: "Lyon" and "LYON" in France are one choice, named as first sorted.
    city_rows: dict[str, tuple[str, str, str]] = {}
    for row in sorted({(city_value(city, country), city, country.lower())
                       for record in records for city, country in cities(record)}):  # fmt: skip
        city_rows.setdefault(row[0], row)
    city_table = {value: index for index, value in enumerate(city_rows)}
    geo_table = {point: index for index, point in enumerate(sorted(
        {point for record in records for point in _points(record)}))}  # fmt: skip
    trials = {}
    for record in records:
        city_indexes = list(
            dict.fromkeys(city_table[city_value(city, country)] for city, country in cities(record))
        )
        geo_indexes = [geo_table[point] for point in _points(record)]
        if city_indexes or geo_indexes:
            trials[record.nct_id] = [city_indexes, geo_indexes]
    data = {"city": [list(row) for row in city_rows.values()],
            "geo": [list(point) for point in geo_table], "trials": trials}  # fmt: skip
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _points(record: Record) -> list[tuple[float, float]]:
    """Return the coordinates of a trial's sites, once each."""
    return list(dict.fromkeys((loc.geo.lat, loc.geo.lon) for loc in record.locations if loc.geo))


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
