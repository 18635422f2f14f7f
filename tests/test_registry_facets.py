"""The registry page's filter data over all 88 fixture records (issue 20), in both languages.

Each row must carry its record's facts exactly, and the form must offer every condition and
country some trial has, each control labelled. The browser side is tests/test_browser_registry.py.
"""

from __future__ import annotations

import json
from functools import cache

import pytest
from conftest import CONTENT, CTGOV, ROOT
from sitehtml import Node, parse_tree

from generator.importer import read_source
from generator.loader import load_content
from generator.model import Content, Record, Trial, age_in_days
from generator.render.pages import LanguagePages

TEMPLATES = ROOT / "templates"
SOURCES = sorted(p for p in CTGOV.rglob("*") if p.suffix in (".json", ".xml"))


@cache
def records() -> list[Record]:
    return [record for source in SOURCES for record in read_source(source)]


@cache
def registry(lang: str) -> Node:
    """Return the rendered registry page of the 88 fixture records, as an element tree."""
    shipped = load_content(CONTENT)
    trials = [Trial(record=r, folder=f"content/trials/{r.nct_id}") for r in records()]
    content = Content(site=shipped.site, glossary=shipped.glossary, trials=trials)
    page = LanguagePages(content, TEMPLATES, lang).site_pages()["trials/index.md"]
    return parse_tree(page.split("<!-- trialsite:html -->", 1)[1])


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


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_row_carries_its_records_facts(lang: str) -> None:
    rows = [tr for tr in registry(lang).find_all("tr") if "data-nct" in tr.attrs]
    assert [tr.attrs["data-nct"] for tr in rows] == [r.nct_id for r in records()]
    for tr, record in zip(rows, records(), strict=True):
        data = {k.removeprefix("data-"): v for k, v in tr.attrs.items() if k.startswith("data-")}
        eligibility = record.eligibility
        assert data["status"] == (record.status.overall or "").lower()
        assert json.loads(data["phase"]) == [p.lower() for p in record.phase]
        assert data["type"] == (record.study_type or "").lower()
        names = record.conditions or [m.term for m in record.condition_mesh]
        assert set(json.loads(data["conditions"])) == {n.lower() for n in names}
        assert set(json.loads(data["countries"])) == {
            loc.country.lower() for loc in record.locations if loc.country
        }
        for key, age in (
            ("min-age", eligibility and eligibility.min_age),
            ("max-age", eligibility and eligibility.max_age),
        ):
            expected = _years(age or None)
            got = None if data[key] == "" else float(data[key])
            assert (got is None) == (expected is None), (record.nct_id, key)
            assert got is None or abs(got - expected) < 1e-4, (record.nct_id, key)
        assert data["sex"] == ((eligibility and eligibility.sex) or "").lower()
        healthy = eligibility.healthy_volunteers if eligibility else None
        assert data["healthy"] == ("" if healthy is None else ("true" if healthy else "false"))
        assert data["results"] == ("true" if record.has_results or record.results else "false")
        assert data["last-update"] == (record.status.last_update or "")
        assert data["start"] == (record.status.start or "")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_form_offers_every_condition_and_country_and_labels_every_control(lang: str) -> None:
    tree = registry(lang)
    (form,) = [f for f in tree.find_all("form") if f.attrs.get("id") == "trialsite-filters"]
    assert "hidden" in form.attrs  # shown by the script: without it, every trial is listed
    offered = {s.attrs["name"]: {o.attrs["value"] for o in s.find_all("option")}
               for s in form.find_all("select")}  # fmt: skip
    conditions = {n.lower() for r in records()
                  for n in (r.conditions or [m.term for m in r.condition_mesh])}  # fmt: skip
    countries = {loc.country.lower() for r in records() for loc in r.locations if loc.country}
    assert offered["condition"] == conditions | {""}
    assert offered["country"] == countries | {""}
    labelled = {label.attrs.get("for") for label in form.find_all("label")}
    for control in form.find_all("select") + form.find_all("input"):
        inside = any(a.tag == "label" for a in control.ancestors())
        assert inside or control.attrs.get("id") in labelled, control.attrs
        assert all(o.text().strip() for o in control.find_all("option")), control.attrs
