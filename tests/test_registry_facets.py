"""The registry's filter data and static pages over the 88 fixture records (issue 20), EN and FR.

`registry/<lang>.json` must carry each record's facts exactly and offer every condition group
(the condition pages' MeSH terms, else registered conditions, named as those pages are), country
and city some trial has; the static pages must list every trial once, 50 to a page, with a
pager. The browser side is tests/test_browser_registry.py.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from typing import Any

import pytest
from conftest import CONTENT, CTGOV, ROOT
from sitehtml import Node, parse_tree

from generator.importer import read_source
from generator.loader import load_content
from generator.model import Content, Record, Trial, age_in_days
from generator.render.conditions import condition_slug, natural_order, words_of
from generator.render.finder import PAGE_SIZE, page_window, places_json
from generator.render.pages import LanguagePages
from generator.terms import Terms

TEMPLATES = ROOT / "templates"
SOURCES = sorted(p for p in CTGOV.rglob("*") if p.suffix in (".json", ".xml"))


@cache
def records() -> list[Record]:
    return [record for source in SOURCES for record in read_source(source)]


@cache
def language(lang: str) -> LanguagePages:
    """Return the renderer of one language for the 88 fixture records."""
    shipped = load_content(CONTENT)
    trials = [Trial(record=r, folder=f"content/trials/{r.nct_id}") for r in records()]
    content = Content(
        site=shipped.site, glossary=shipped.glossary, trials=trials, terms=shipped.terms
    )
    return LanguagePages(content, TEMPLATES, lang)


@cache
def registry_pages(lang: str) -> dict[str, Node]:
    """Return the registry's pages of the 88 records, each as an element tree, by path."""
    pages = language(lang).site_pages()
    return {
        path: parse_tree(text.split("<!-- trialsite:html -->", 1)[1])
        for path, text in pages.items() if path.startswith("trials/")
    }  # fmt: skip


@cache
def data(lang: str) -> dict[str, Any]:
    return json.loads(language(lang).registry_data())  # type: ignore[no-any-return]


Named = tuple[str, str, str | None]
"""A condition as a record names it: in reading order, as written, its MeSH id."""


def group_names(record: Record) -> dict[str, list[Named]]:
    """Return the condition groups a record is filtered by, by slug: each MeSH term of the
    record, else each condition as registered."""
    named = [(natural_order(m.term), m.term, m.id) for m in record.condition_mesh] or [
        (name, name, None) for name in record.conditions
    ]
    groups: dict[str, list[Named]] = {}
    for item in named:
        groups.setdefault(condition_slug(item[0]), []).append(item)
    return groups


def menu_order(label: str) -> str:
    """A menu's label as it sorts: case and accents aside."""
    decomposed = unicodedata.normalize("NFKD", label)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _years(age: str | None) -> float | None:
    return None if age is None else age_in_days(age) / 365.25


def test_the_fixtures_cover_what_the_filters_read() -> None:
    """The 88 records include each kind of value the filters must handle."""
    rs = records()
    assert len(rs) == 88
    assert {r.study_type for r in rs} >= {"INTERVENTIONAL", "OBSERVATIONAL", "EXPANDED_ACCESS"}
    assert any(r.eligibility and r.eligibility.healthy_volunteers for r in rs)
    assert any(r.has_results for r in rs)
    assert any(not r.conditions for r in rs)  # the MeSH terms, or nothing, stand in
    assert any(r.eligibility and r.eligibility.max_age is None for r in rs)
    assert len(rs) > PAGE_SIZE  # the registry has a second page


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_trial_of_the_data_carries_its_records_facts(lang: str) -> None:
    found = data(lang)
    assert [t["n"] for t in found["trials"]] == [r.nct_id for r in records()]
    for trial, record in zip(found["trials"], records(), strict=True):
        eligibility = record.eligibility

        def table(name: str, key: str, trial: dict[str, Any] = trial) -> set[str]:
            return {found[name][index][0] for index in trial.get(key, [])}

        assert trial.get("s", "") == (record.status.overall or "").lower()
        assert trial.get("p", []) == [p.lower() for p in record.phase]
        assert trial.get("y", "") == (record.study_type or "").lower()
        assert table("condition", "c") == set(group_names(record))
        assert table("country", "k") == {
            loc.country.lower() for loc in record.locations if loc.country
        }
        for key, age in (
            ("a0", eligibility and eligibility.min_age),
            ("a1", eligibility and eligibility.max_age),
        ):
            expected = _years(age or None)
            assert (trial.get(key) is None) == (expected is None), (record.nct_id, key)
            assert expected is None or abs(trial[key] - expected) < 1e-3, (record.nct_id, key)
        assert trial.get("x", "") == ((eligibility and eligibility.sex) or "").lower()
        healthy = eligibility.healthy_volunteers if eligibility else None
        assert trial.get("h", "") == ("" if healthy is None else str(healthy).lower())
        assert bool(trial.get("r")) == bool(record.has_results or record.results)
        assert trial.get("u", "") == (record.status.last_update or "")
        assert trial.get("st", "") == (record.status.start or "")
        if record.status.last_update:
            date = parse_tree(found["dates"][trial["u"]]).find_all("time")[0]
            assert date.attrs["datetime"] == record.status.last_update


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_data_offers_every_condition_country_and_city_labelled(lang: str) -> None:
    found = data(lang)
    rs = records()
    assert {item[0] for item in found["condition"]} == {s for r in rs for s in group_names(r)}
    assert {item[0] for item in found["country"]} == {
        loc.country.lower() for r in rs for loc in r.locations if loc.country
    }
    for name in ("condition", "country"):
        labels = [item[1] for item in found[name]]
        assert all(label.strip() for label in labels), name
        assert labels == sorted(labels, key=menu_order), name
    # The cities are in places.json, read only when needed; each city's country is named here
    # in this language, for the script's "Lyon, France" / "Boston, États-Unis".
    assert "city" not in found and not any("ci" in trial for trial in found["trials"])
    countries = {item[0] for item in found["country"]}
    assert {item[2] for item in places()["city"]} <= countries | {""}


@cache
def places() -> dict[str, Any]:
    return json.loads(places_json(records()))  # type: ignore[no-any-return]


def test_places_carry_each_records_cities_and_site_coordinates() -> None:
    """registry/places.json: every city some trial has, once, and for each trial exactly its
    record's cities and distinct site coordinates (issue 20); a trial with neither is absent."""
    found = places()
    values = [item[0] for item in found["city"]]
    assert len(values) == len(set(values))
    with_geo = 0
    # One trial per id, as in content/ (NCT02513394 is a fixture in JSON and in XML: the XML,
    # read last, is the one places.json keeps).
    for record in {r.nct_id: r for r in records()}.values():
        cities = {f"{loc.city.lower()}/{(loc.country or '').lower()}"
                  for loc in record.locations if loc.city}  # fmt: skip
        points = {(loc.geo.lat, loc.geo.lon) for loc in record.locations if loc.geo}
        city_indexes, geo_indexes = found["trials"].get(record.nct_id, [[], []])
        assert {found["city"][i][0] for i in city_indexes} == cities, record.nct_id
        assert len(city_indexes) == len(set(city_indexes)) == len(cities), record.nct_id
        assert [tuple(found["geo"][i]) for i in geo_indexes] == list(
            dict.fromkeys((loc.geo.lat, loc.geo.lon) for loc in record.locations if loc.geo)
        )
        assert len(geo_indexes) == len(points)
        assert (record.nct_id in found["trials"]) == bool(cities or points)
        with_geo += bool(points)
    assert set(values) == {
        f"{loc.city.lower()}/{(loc.country or '').lower()}"
        for r in records() for loc in r.locations if loc.city
    }  # fmt: skip
    assert with_geo == 18  # the JSON records with geoPoint; the XML records have none


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_static_pages_list_every_trial_once_with_a_pager(lang: str) -> None:
    """Without JavaScript, the registry's pages list every trial, 50 to a page, in order."""
    pages = registry_pages(lang)
    paths = ["trials/index.md"] + [f"trials/page/{n}/index.md" for n in range(2, len(pages) + 1)]
    assert list(pages) == paths
    listed = []
    for number, path in enumerate(paths, 1):
        tree = pages[path]
        rows = [tr.attrs["data-nct"] for tr in tree.find_all("tr") if "data-nct" in tr.attrs]
        assert 0 < len(rows) <= PAGE_SIZE
        listed += rows
        (nav,) = tree.find_all("nav")
        assert nav.attrs["aria-label"]
        current = [a for a in nav.find_all("a") if a.attrs.get("aria-current") == "page"]
        assert [a.text() for a in current] == [str(number)]
        assert all(a.attrs.get("aria-label") or a.attrs.get("rel") for a in nav.find_all("a"))
        assert bool(tree.find_all("form")) == (number == 1)  # the filters: on the first page
    assert listed == [r.nct_id for r in records()]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_form_labels_every_control(lang: str) -> None:
    tree = registry_pages(lang)["trials/index.md"]
    (form,) = [f for f in tree.find_all("form") if f.attrs.get("id") == "trialsite-filters"]
    assert "hidden" in form.attrs  # shown by the script: without it, every trial is listed
    up = "../" if lang == "en" else "../../"
    assert form.attrs["data-registry"] == up + f"registry/{lang}.json"
    assert form.attrs["data-places"] == up + "registry/places.json"  # one for every language
    labelled = {label.attrs.get("for") for label in form.find_all("label")}
    for control in form.find_all("select") + form.find_all("input"):
        inside = any(a.tag == "label" for a in control.ancestors())
        assert inside or control.attrs.get("id") in labelled, control.attrs
        assert all(o.text().strip() for o in control.find_all("option")), control.attrs


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_condition_choice_is_named_as_its_page_in_this_language(lang: str) -> None:
    """A choice is a condition page's group: in French, the terms file's name where it knows
    the MeSH id or the name, else the English, marked; no two choices read alike."""
    terms = load_content(CONTENT).terms
    names: dict[str, set[Named]] = {}
    for record in records():
        for slug, named in group_names(record).items():
            names.setdefault(slug, set()).update(named)
    choices = data(lang)["condition"]
    for slug, label, *english in choices:
        french = {
            term.fr[:1].upper() + term.fr[1:]
            for _, raw, mesh_id in names[slug]
            for term in [terms.entry_for(mesh_id or raw) or terms.entry_for(raw)]
            if term
        }
        if lang == "fr" and french:
            assert label in french and english == [], slug
        else:
            assert label in {name for name, _, _ in names[slug]}, slug
            assert english == ([1] if lang == "fr" else []), slug
    assert len({menu_order(label) for _, label, *_ in choices}) == len(choices)
    assert len(choices) > 100 and (lang == "en" or any(len(item) == 2 for item in choices))


@pytest.mark.parametrize(
    ("current", "count", "window"),
    [
        (1, 1, [1]),
        (1, 4, [1, 2, 3, 4]),
        (1, 200, [1, 2, 3, None, 200]),
        (5, 200, [1, None, 3, 4, 5, 6, 7, None, 200]),
        (4, 200, [1, 2, 3, 4, 5, 6, None, 200]),
        (200, 200, [1, None, 198, 199, 200]),
    ],
)
def test_the_pager_links_first_last_and_two_either_side(
    current: int, count: int, window: list[int | None]
) -> None:
    assert page_window(current, count) == window


def _mesh_trial(nct_id: str, term: str, mesh_id: str) -> Trial:
    record = Record.model_validate({
        "nct_id": nct_id, "title": {"brief": f"A study of {term}"},
        "status": {"overall": "RECRUITING"}, "study_type": "OBSERVATIONAL",
        "condition_mesh": [{"term": term, "id": mesh_id}],
        "source": {"registry": "ClinicalTrials.gov"},
    })  # fmt: skip
    return Trial(record=record, folder=f"content/trials/{nct_id}")


def test_conditions_named_alike_or_not_translated_stay_distinct_choices() -> None:
    """Two MeSH terms the terms file names alike in French are told apart by their English
    names; a term it lacks is offered in English, marked as such for the French menu."""
    shipped = load_content(CONTENT)
    terms = Terms.model_validate({"conditions": {
        "depression": {"en": "Depression", "fr": "dépression", "mesh": ["D003863"]},
        "depressive-disorder": {"en": "Depressive Disorder", "fr": "dépression",
                                "mesh": ["D003866"]},
    }})  # fmt: skip
    trials = [_mesh_trial("NCT00000001", "Depression", "D003863"),
              _mesh_trial("NCT00000002", "Depressive Disorder", "D003866"),
              _mesh_trial("NCT00000003", "Kabuki Syndrome", "D000015")]  # fmt: skip
    content = Content(site=shipped.site, glossary=shipped.glossary, trials=trials, terms=terms)
    menus = {lang: json.loads(LanguagePages(content, TEMPLATES, lang).registry_data())["condition"]
             for lang in ("en", "fr")}  # fmt: skip
    assert menus["en"] == [["depression", "Depression"],
                           ["depressive-disorder", "Depressive Disorder"],
                           ["kabuki-syndrome", "Kabuki Syndrome"]]  # fmt: skip
    assert menus["fr"] == [["depression", "Dépression (Depression)"],
                           ["depressive-disorder", "Dépression (Depressive Disorder)"],
                           ["kabuki-syndrome", "Kabuki Syndrome", 1]]  # fmt: skip


def expected_link(record: Record, index: int, terms: Terms) -> str | None:
    """The page a registered condition links to: the record's MeSH term with its words (or the
    only one, for a record of one condition), else the record's MeSH term whose entry of the terms
    file is the condition's own or one of its `broader` terms, nearest first."""
    name, meshes = record.conditions[index], record.condition_mesh
    for mesh in meshes:
        if words_of(mesh.term) == words_of(name):
            return condition_slug(mesh.term)
    if len(record.conditions) == len(meshes) == 1:
        return condition_slug(meshes[0].term)
    keys = {}
    for mesh in meshes:
        entry = (mesh.id and terms.entry_for(mesh.id)) or terms.entry_for(mesh.term)
        if entry is not None:
            keys.setdefault(entry.key, condition_slug(mesh.term))
    entry, seen = terms.entry_for(name), set()
    while entry is not None and entry.key not in seen:
        if entry.key in keys:
            return keys[entry.key]
        seen.add(entry.key)
        entry = terms.get(entry.broader) if entry.broader else None
    return None


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_row_links_its_conditions_to_pages_that_list_the_trial(lang: str) -> None:
    """A row's condition links to the page of its record's MeSH term it is, or, through the terms
    file, falls under ("Stage IIIA Lung Cancer AJCC v8" to "Lung Neoplasms"); a record without
    MeSH terms links each of its conditions; every link is to a page of the trial's own."""
    terms = load_content(CONTENT).terms
    rows = {
        tr.attrs["data-nct"]: tr
        for tree in registry_pages(lang).values() for tr in tree.find_all("tr")
        if "data-nct" in tr.attrs
    }  # fmt: skip
    linked = 0
    for record in records():
        cell = rows[record.nct_id].find_all("td")[3]
        slugs = [a.attrs["href"].rstrip("/").rsplit("/", 1)[1] for a in cell.find_all("a")]
        if record.condition_mesh and record.conditions:
            wanted = [expected_link(record, i, terms) for i in range(len(record.conditions))]
            assert sorted(slugs) == sorted(slug for slug in wanted if slug), record.nct_id
        else:
            assert slugs == list(group_names(record)), record.nct_id
        linked += len(slugs)
    assert linked > len(records())
    # A stage of lung cancer reaches "Lung Neoplasms" through the terms file only.
    assert "lung-neoplasms" in [
        a.attrs["href"].rstrip("/").rsplit("/", 1)[1]
        for a in rows["NCT04267848"].find_all("td")[3].find_all("a")
    ]
