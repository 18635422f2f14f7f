"""Every field investigators need, on the investigator page and in the downloads, per fixture.

Each test walks every fixture record (API v2 JSON and legacy XML) that has the field and finds
it on the rendered English investigator page by element, and in the FHIR and JSON downloads.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from fhir.resources.researchstudy import ResearchStudy
from test_render import ROOT, TEMPLATES, Node, to_html

from generator.exponents import lost_exponents
from generator.importer import import_sources
from generator.loader import load_content
from generator.model import Contact, Criterion, Record
from generator.render import render_site
from generator.render.filters import criterion_ids, web_url
from generator.render.labels import CONTACT_ROLE, DATE_TYPE, IPD_SHARING, SAMPLING_METHOD, STATUS

CTGOV = ROOT / "tests" / "fixtures" / "ctgov"


@dataclass
class Fixture:
    """One imported fixture record, its English investigator page and its downloads."""

    record: Record
    page: Node
    fhir: dict
    data: dict


def _site_of(sources: list[Path], folder: Path) -> list[Fixture]:
    for name in ("site.yaml", "glossary.yaml"):
        shutil.copy(ROOT / "content" / name, folder / name)
    import_sources(sources, folder)
    content = load_content(folder)
    site = render_site(content, TEMPLATES, workers=1)
    return [
        Fixture(
            trial.record,
            to_html(site.pages["en"][f"trials/{trial.record.nct_id}/investigators/index.md"]),
            json.loads(site.files[f"data/{trial.record.nct_id}.fhir.json"]),
            json.loads(site.files[f"data/{trial.record.nct_id}.json"]),
        )
        for trial in content.trials
    ]


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory: pytest.TempPathFactory) -> list[Fixture]:
    """Every JSON and every XML fixture, imported and rendered (the two formats apart)."""
    json_dir, xml_dir = tmp_path_factory.mktemp("json"), tmp_path_factory.mktemp("xml")
    found = _site_of(sorted(CTGOV.glob("json/**/*.json")), json_dir)
    found += _site_of(sorted(CTGOV.glob("xml/*.xml")), xml_dir)
    assert len(found) == 88
    return found


def _section(page: Node, anchor: str) -> list[Node]:
    body = [child for child in page.children if isinstance(child, Node)]
    start = next(i for i, n in enumerate(body) if n.tag == "h2" and n.attrs.get("id") == anchor)
    end = next((i for i in range(start + 1, len(body)) if body[i].tag == "h2"), len(body))
    return body[start + 1 : end]


def _rows(page: Node) -> dict[str, Node]:
    """Return the cells of every field table row, keyed by their row heading."""
    rows = {}
    for row in page.find_all("tr"):
        heads = [cell for cell in row.children if isinstance(cell, Node) and cell.tag == "th"]
        cells = [cell for cell in row.children if isinstance(cell, Node) and cell.tag == "td"]
        if heads and cells:
            rows[heads[0].text().strip()] = cells[0]
    return rows


def _text(nodes: list[Node]) -> str:
    return " ".join(" ".join(node.text().split()) for node in nodes)


def _hrefs(nodes: list[Node]) -> set[str]:
    return {a.attrs["href"] for node in nodes for a in node.find_all("a")}


def _with(fixtures: list[Fixture], has: object) -> list[Fixture]:
    chosen = [item for item in fixtures if has(item.record)]  # type: ignore[operator]
    assert chosen, "no fixture has this field"
    return chosen


def test_every_date_shows_whether_it_is_actual_or_estimated(fixtures: list[Fixture]) -> None:
    fields = {"Start": "start", "Primary completion": "primary_completion",
              "Completion": "completion"}  # fmt: skip
    checked = 0
    for item in fixtures:
        rows = _rows(item.page)
        for heading, key in fields.items():
            kind = getattr(item.record.status, f"{key}_type")
            if getattr(item.record.status, key) and kind:
                assert rows[heading].text().endswith(f"({DATE_TYPE[kind]})"), item.record.nct_id
                checked += 1
    assert checked > 150


def test_every_site_shows_its_status_and_contacts(fixtures: list[Fixture]) -> None:
    for item in _with(fixtures, lambda r: any(loc.contacts or loc.status for loc in r.locations)):
        sites = _section(item.page, "sites")
        text = _text(sites)
        for location in item.record.locations:
            if location.status:
                assert STATUS[location.status] in text, item.record.nct_id
        lists = [ul for node in sites for ul in node.find_all("ul", "trialsite-site-contacts")]
        shown = sorted(
            tuple(" ".join(li.text().split()) for li in listed.find_all("li")) for listed in lists
        )
        expected = sorted(
            tuple(_contact_line(contact) for contact in location.contacts)
            for location in item.record.locations
            if location.contacts
        )
        assert shown == expected, item.record.nct_id
        emails = {c.email for loc in item.record.locations for c in loc.contacts if c.email}
        assert {f"mailto:{email}" for email in emails} <= _hrefs(lists), item.record.nct_id


def _contact_line(contact: Contact) -> str:
    """Return the words a contact line must show: name, role, phone, e-mail."""
    parts = [" ".join((contact.name or "").split())]
    if contact.role:
        parts[0] += f" — {CONTACT_ROLE[contact.role]}"
    parts += [f"phone {contact.phone}"] if contact.phone else []
    parts += [contact.email] if contact.email else []
    return ", ".join(parts)


def test_every_see_also_link_is_a_link(fixtures: list[Fixture]) -> None:
    for item in _with(fixtures, lambda r: r.see_also):
        section = _section(item.page, "links")
        urls = [link.url for link in item.record.see_also if web_url(link.url)]
        assert set(urls) <= _hrefs(section), item.record.nct_id
        assert len(section[0].find_all("li")) == len(item.record.see_also)
        documents = [a for a in item.fhir["relatedArtifact"] if a["type"] == "documentation"]
        assert {a["document"]["url"] for a in documents} >= set(urls)


def test_every_study_document_is_listed_with_its_link_and_date(fixtures: list[Fixture]) -> None:
    for item in _with(fixtures, lambda r: r.documents):
        section = _section(item.page, "documents")
        items = section[0].find_all("li")
        assert len(items) == len(item.record.documents), item.record.nct_id
        for node, doc in zip(items, item.record.documents, strict=True):
            assert doc.label in node.text()
            if doc.url:
                assert [a.attrs["href"] for a in node.find_all("a")] == [doc.url]
            if doc.date:
                assert node.find_all("time")[0].attrs["datetime"] == doc.date
        artifacts = {a.get("display") for a in item.fhir["relatedArtifact"]}
        assert {doc.label for doc in item.record.documents} <= artifacts


def test_every_data_sharing_statement_is_shown(fixtures: list[Fixture]) -> None:
    for item in _with(fixtures, lambda r: r.data_sharing):
        rows = _rows(item.page)
        sharing = item.record.data_sharing
        assert sharing is not None
        if sharing.plan:
            cell = rows["Individual participant data shared"]
            assert cell.text() == IPD_SHARING[sharing.plan]
        if sharing.description:
            plan = " ".join(rows["Data sharing plan"].text().split())
            assert " ".join(sharing.description.split()[:4]) in plan, item.record.nct_id
        if sharing.url and web_url(sharing.url):
            assert _hrefs([rows["Where to ask"]]) == {sharing.url}
        for key in ("time_frame", "access_criteria"):
            assert (getattr(sharing, key) is None) == (
                {"time_frame": "When the data are available",
                 "access_criteria": "Access criteria"}[key] not in rows
            )  # fmt: skip


def test_every_oversight_answer_is_shown(fixtures: list[Fixture]) -> None:
    headings = {"has_dmc": "Data monitoring committee",
                "fda_regulated_drug": "Studies a drug regulated by the US FDA",
                "fda_regulated_device": "Studies a device regulated by the US FDA"}  # fmt: skip
    for item in _with(fixtures, lambda r: r.oversight):
        rows = _rows(item.page)
        for key, heading in headings.items():
            value = getattr(item.record.oversight, key)
            if value is None:
                assert heading not in rows
            else:
                assert rows[heading].text() == ("Yes" if value else "No"), item.record.nct_id


def test_observational_design_is_shown(fixtures: list[Fixture]) -> None:
    observational = _with(fixtures, lambda r: r.design and r.design.time_perspective)
    assert all(item.record.study_type == "OBSERVATIONAL" for item in observational)
    for item in observational:
        assert item.record.design is not None
        rows = _rows(item.page)
        assert rows["Time perspective"].text().lower().replace("-", "_") == (
            item.record.design.time_perspective.lower().replace("-", "_")
        )
    for item in _with(fixtures, lambda r: r.design and r.design.biospec_retention):
        assert item.record.design is not None
        assert "Biospecimens kept" in _rows(item.page), item.record.nct_id
    for item in _with(fixtures, lambda r: r.eligibility and r.eligibility.sampling_method):
        assert item.record.eligibility is not None
        method = item.record.eligibility.sampling_method
        assert _rows(item.page)["Sampling method"].text() == SAMPLING_METHOD[method]


def test_gender_description_is_shown(fixtures: list[Fixture]) -> None:
    for item in _with(fixtures, lambda r: r.eligibility and r.eligibility.gender_description):
        assert item.record.eligibility is not None
        shown = " ".join(_rows(item.page)["Sex or gender, as registered"].text().split())
        assert " ".join(item.record.eligibility.gender_description.split()[:5]) in shown


@pytest.mark.parametrize(("field", "heading"), [
    ("condition_mesh", "MeSH terms of the conditions"),
    ("intervention_mesh", "MeSH terms of the interventions"),
])  # fmt: skip
def test_every_mesh_term_is_shown_and_coded(
    fixtures: list[Fixture], field: str, heading: str
) -> None:
    for item in _with(fixtures, lambda r: getattr(r, field)):
        terms = getattr(item.record, field)
        cell = _rows(item.page)[heading]
        assert cell.text().split("; ") == [term.term for term in terms], item.record.nct_id
        coded = [t for t in terms if t.id]
        assert len(cell.find_all("a")) == len(coded)
        concepts = item.fhir["condition"] if field == "condition_mesh" else [
            focus["concept"] for focus in item.fhir["focus"]
        ]  # fmt: skip
        codes = {c["code"] for concept in concepts for c in concept.get("coding", [])}
        assert codes >= {t.id for t in coded}


def test_downloads_carry_every_field_and_fhir_validates(fixtures: list[Fixture]) -> None:
    assert any(loc.geo for item in fixtures for loc in item.record.locations)
    for item in fixtures:
        assert Record.model_validate(item.data) == item.record
        study = ResearchStudy.model_validate(item.fhir)
        assert len(study.site or []) == len(item.record.locations)
        states = [place.status for place in study.contained or []]
        assert len(states) == len(item.record.locations), item.record.nct_id
        # Each site's coordinates, where the record has them, as the Location's position.
        positions = [(float(p.position.latitude), float(p.position.longitude)) if p.position
                     else None for p in study.contained or []]  # fmt: skip
        assert positions == [(loc.geo.lat, loc.geo.lon) if loc.geo else None
                             for loc in item.record.locations], item.record.nct_id  # fmt: skip


def _walk(criteria: list[Criterion], base: str) -> list[tuple[str, Criterion]]:
    """Return (anchor, criterion) for a criteria tree, as the page must name them."""
    found = []
    for anchor, criterion in zip(criterion_ids(criteria, base), criteria, strict=True):
        found.append((anchor, criterion))
        found += _walk(criterion.items, anchor)
    return found


def test_every_criterion_keeps_its_marker_and_anchor(fixtures: list[Fixture]) -> None:
    labelled = 0
    for item in _with(fixtures, lambda r: r.eligibility and r.eligibility.inclusion):
        eligibility = item.record.eligibility
        assert eligibility is not None
        by_id = {node.attrs["id"]: node for node in item.page.iter() if "id" in node.attrs}
        for group in ("inclusion", "exclusion"):
            for anchor, criterion in _walk(getattr(eligibility, group), group):
                node = by_id[anchor]
                assert node.tag == ("h4" if criterion.heading else "li"), anchor
                markers = [m for m in node.children if isinstance(m, Node)
                           and "trialsite-marker" in m.attrs.get("class", "")]  # fmt: skip
                assert [m.text() for m in markers] == ([criterion.label] if criterion.label else [])
                labelled += bool(criterion.label)
    assert labelled > 300


def test_sub_headings_inside_criteria_stay_headings(fixtures: list[Fixture]) -> None:
    def headed(record: Record) -> bool:
        e = record.eligibility
        return bool(e) and any(c.heading for c in [*e.inclusion, *e.exclusion])  # type: ignore[union-attr]

    for item in _with(fixtures, headed):
        headings = [
            h.text().strip() for h in item.page.find_all("h4", "trialsite-criteria-heading")
        ]
        eligibility = item.record.eligibility
        assert eligibility is not None
        tops = [*eligibility.inclusion, *eligibility.exclusion]
        expected = [" ".join(c.text.split()) for c in tops if c.heading]
        assert [" ".join(h.split()) for h in headings] == expected, item.record.nct_id


def test_suspected_lost_exponents_are_shown_as_registered_with_a_note(
    fixtures: list[Fixture],
) -> None:
    def lost(record: Record) -> bool:
        e = record.eligibility
        trees = [*e.inclusion, *e.exclusion] if e else []
        return any(lost_exponents(c.text) for _, c in _walk(trees, "x"))

    for item in _with(fixtures, lost):
        eligibility = item.record.eligibility
        assert eligibility is not None
        by_id = {node.attrs["id"]: node for node in item.page.iter() if "id" in node.attrs}
        for group in ("inclusion", "exclusion"):
            for anchor, criterion in _walk(getattr(eligibility, group), group):
                notes = by_id[anchor].find_all("span", "trialsite-as-registered")
                own = [n for n in notes if n.parent is by_id[anchor]]
                found = lost_exponents(criterion.text)
                assert len(own) == (1 if found else 0), anchor
                for expression in found:
                    assert expression in by_id[anchor].text()  # the registered text, unchanged
                    assert f'"{expression}' in own[0].text() or f"; {expression}" in own[0].text()


def test_seed_criteria_show_b_and_i_to_viii_with_anchors() -> None:
    """The seed: inclusion 3 b. iv- is #inclusion-3-b-iv, in English and in French."""
    content = load_content(ROOT / "content")
    site = render_site(content, TEMPLATES, workers=1)
    for lang in ("en", "fr"):
        page = to_html(site.pages[lang]["trials/NCT03562065/investigators/index.md"])
        by_id = {node.attrs["id"]: node for node in page.iter() if "id" in node.attrs}
        romans = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"]
        for roman in romans:
            marker = by_id[f"inclusion-3-b-{roman}"].find_all("span", "trialsite-marker")[0]
            assert marker.text() == f"{roman}-"
        assert by_id["inclusion-3-b"].find_all("span", "trialsite-marker")[0].text() == "b."
        assert [by_id[f"exclusion-1-{n}"].tag for n in range(1, 5)] == ["li"] * 4
        note = by_id["exclusion-4"].find_all("span", "trialsite-as-registered")
        assert len(note) == 1 and "0.5.109/L" in by_id["exclusion-4"].text()


def test_registry_condition_column_falls_back_to_mesh_terms(tmp_path: Path) -> None:
    """A record registered without conditions still says what it studies: its MeSH terms."""
    for name in ("site.yaml", "glossary.yaml"):
        shutil.copy(ROOT / "content" / name, tmp_path / name)
    import_sources([CTGOV / "json" / "NCT03064438.json"], tmp_path)
    content = load_content(tmp_path)
    (trial,) = content.trials
    bare = trial.model_copy(update={"record": trial.record.model_copy(update={"conditions": []})})
    site = render_site(content.model_copy(update={"trials": [bare]}), TEMPLATES, workers=1)
    rows = to_html(site.pages["en"]["trials/index.md"]).find_all("tr")
    cells = [row.find_all("td") for row in rows if row.find_all("td")]
    assert [cell[3].text() for cell in cells] == ["Rosacea"]
    assert trial.record.condition_mesh[0].term == "Rosacea"
