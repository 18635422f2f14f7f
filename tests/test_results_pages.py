"""Results on the pages (issue 17), over every fixture record with posted results.

Investigator tables are compared with the source file (API v2 JSON or legacy XML, read here
on their own), the patient section with the record; both languages; readability per section,
the safety gate, the results numbers gate, the overview line, the registry and the downloads.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET  # noqa: N817
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from fhir.resources.researchstudy import ResearchStudy
from test_importer_results import JSON_RESULTS, XML_RESULTS
from test_render import ROOT, TEMPLATES, Node, to_html

from generator.gates.readability import long_sentences, meets_target, page_sections, score
from generator.gates.results_numbers import results_gate, results_presence
from generator.gates.safety import safety_gate
from generator.importer import import_sources, read_source
from generator.loader import load_content, load_record
from generator.model import Record, Trial
from generator.render import RenderedSite, render_site

LANGS = ("en", "fr")
NEVER = {
    "en": r"\b(?:work(?:s|ed)?|safe(?:ly|ty)?|effective(?:ness)?|better|cure[sd]?)\b",
    "fr": r"\b(?:march(?:e|é)|sûr(?:e|s)?|sans danger|efficac(?:e|es|ité)|meilleur(?:e|s)?"
    r"|guéri\w*)",
}


@dataclass
class Rendered:
    """Every results fixture imported, rendered in both languages, with its source file."""

    site: RenderedSite
    records: dict[str, Record]
    sources: dict[str, Path]

    def page(self, lang: str, nct_id: str, kind: str) -> str:
        path = {"public": "", "patients": "patients/", "investigators": "investigators/"}[kind]
        return self.site.pages[lang][f"trials/{nct_id}/{path}index.md"]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    folder = tmp_path_factory.mktemp("results")
    for name in ("site.yaml", "glossary.yaml"):
        shutil.copy(ROOT / "content" / name, folder / name)
    sources = JSON_RESULTS + XML_RESULTS
    import_sources(sources, folder)
    content = load_content(folder)
    records = {trial.record.nct_id: trial.record for trial in content.trials}
    by_id = {_source_id(path): path for path in sources}
    return Rendered(render_site(content, TEMPLATES, workers=1), records, by_id)


def _source_id(path: Path) -> str:
    return re.search(r"NCT\d{8}", path.name).group()  # type: ignore[union-attr]


def _div(page: Node, marker: str) -> Node | None:
    found = [n for n in page.find_all("div") if n.attrs.get("data-results") == marker]
    return found[0] if found else None


def _rows(div: Node) -> list[Node]:
    return [tr for tr in div.find_all("tr") if tr.find_all("td")]


def _values(row: Node, cls: str) -> list[str]:
    return [d.attrs["value"] for d in row.find_all("data", cls)]


def test_every_results_record_renders_both_sections_in_both_languages(rendered: Rendered) -> None:
    assert len(rendered.records) == len(JSON_RESULTS) + len(XML_RESULTS)
    for nct_id, record in rendered.records.items():
        assert record.results is not None, nct_id
        for lang in LANGS:
            investigators = to_html(rendered.page(lang, nct_id, "investigators"))
            assert [h for h in investigators.find_all("h2") if h.attrs.get("id") == "results"]
            tables = [t for div in investigators.find_all("div", "trialsite-results")
                      for t in div.find_all("table")]  # fmt: skip
            assert tables, nct_id
            for table in tables:
                assert table.find_all("th"), nct_id
                assert all(th.attrs.get("scope") in ("col", "row", "rowgroup")
                           for th in table.find_all("th")), nct_id  # fmt: skip
            captioned = [t for t in tables if t.find_all("caption")]
            assert all(c.text().strip() for t in captioned for c in t.find_all("caption"))
            patients = to_html(rendered.page(lang, nct_id, "patients"))
            assert [h for h in patients.find_all("h2") if h.attrs.get("id") == "results"], nct_id
            public = to_html(rendered.page(lang, nct_id, "public"))
            links = [a.attrs["href"] for a in public.find_all("a")]
            assert any(h.endswith("patients/#results") for h in links), nct_id
            assert any(h.endswith("investigators/#results") for h in links), nct_id


def test_the_registry_marks_the_trials_with_results(rendered: Rendered) -> None:
    for lang in LANGS:
        registry = to_html(rendered.site.pages[lang]["trials/index.md"])
        marked = {
            re.search(r"NCT\d{8}", a.attrs["href"]).group()  # type: ignore[union-attr]
            for a in registry.find_all("a")
            if a.attrs["href"].endswith("/#results")
        }
        assert marked == set(rendered.records)


def _json_expected(path: Path) -> dict[str, list[list[str]]]:
    """Return, per table marker, the registered strings of each row, read from the JSON."""
    section = json.loads(path.read_text(encoding="utf-8"))["resultsSection"]
    expected: dict[str, list[list[str]]] = {}
    for index, outcome in enumerate(section.get("outcomeMeasuresModule", {})
                                    .get("outcomeMeasures", [])):  # fmt: skip
        order = [group["id"] for group in outcome.get("groups", [])]
        rows = []
        for klass in outcome.get("classes", []):
            for category in klass.get("categories", []):
                by_group = {m["groupId"]: m for m in category.get("measurements", [])}
                rows.append([by_group[g]["value"] for g in order
                             if g in by_group and by_group[g].get("value")])  # fmt: skip
        if outcome.get("classes"):
            expected[f"outcome-{index}"] = rows
    events = section.get("adverseEventsModule", {})
    order = [group["id"] for group in events.get("eventGroups", [])]
    for key, kind in (("seriousEvents", "serious"), ("otherEvents", "other")):
        rows = []
        for event in events.get(key, []):
            stats = {s["groupId"]: s for s in event.get("stats", [])}
            rows.append([f"{stats[g].get('numAffected')}/{stats[g].get('numAtRisk')}"
                         for g in order if g in stats])  # fmt: skip
        if rows:
            expected[f"events-{kind}"] = rows
    return expected


def _xml_expected(path: Path) -> dict[str, list[list[str]]]:
    """Return, per table marker, the registered strings of each row, read from the XML."""
    results = ET.parse(path).getroot().find("clinical_results")
    assert results is not None
    expected: dict[str, list[list[str]]] = {}
    for index, outcome in enumerate(results.iterfind("outcome_list/outcome")):
        order = [g.get("group_id") for g in outcome.iterfind("group_list/group")]
        rows = []
        for category in outcome.iterfind("measure/class_list/class/category_list/category"):
            by_group = {m.get("group_id"): m for m in category.iterfind("measurement_list/*")}
            rows.append([by_group[g].get("value") for g in order
                         if g in by_group and by_group[g].get("value")])  # fmt: skip
        if outcome.find("measure/class_list/class") is not None:
            expected[f"outcome-{index}"] = rows
    order = [g.get("group_id") for g in results.iterfind("reported_events/group_list/group")]
    for kind in ("serious", "other"):
        rows = []
        for category in results.iterfind(f"reported_events/{kind}_events/category_list/category"):
            for event in category.iterfind("event_list/event"):
                if (event.findtext("sub_title") or "").startswith("Total, "):
                    continue  # the legacy XML's group totals: the totals table shows them
                counts = {c.get("group_id"): c for c in event.iterfind("counts")}
                rows.append([f"{counts[g].get('subjects_affected')}/"
                             f"{counts[g].get('subjects_at_risk')}"
                             for g in order if g in counts])  # fmt: skip
        if rows:
            expected[f"events-{kind}"] = rows
    return expected


def test_investigator_counts_equal_the_source_file(rendered: Rendered) -> None:
    compared = 0
    for nct_id, path in rendered.sources.items():
        expected = _json_expected(path) if path.suffix == ".json" else _xml_expected(path)
        for lang in LANGS:
            page = to_html(rendered.page(lang, nct_id, "investigators"))
            for marker, rows in expected.items():
                div = _div(page, marker)
                assert div is not None, f"{nct_id} {lang}: no table {marker}"
                cls = "trialsite-events" if marker.startswith("events") else "trialsite-value"
                shown = [_values(tr, cls) for tr in _rows(div)
                         if "trialsite-denom" not in tr.attrs.get("class", "")]  # fmt: skip
                assert shown == rows, f"{nct_id} {lang} {marker}"
                compared += sum(len(row) for row in rows)
    assert compared > 10_000


def _pairs(record: Record) -> set[tuple[int, int]]:
    """Every (people, of people) pair of the record's results, collected here independently."""
    results = record.results
    assert results is not None
    found = set()
    ae = results.adverse_events
    for group in ae.groups if ae else []:
        for kind in ("deaths", "serious", "other"):
            pair = (getattr(group, f"{kind}_affected"), getattr(group, f"{kind}_at_risk"))
            if None not in pair:
                found.add(pair)
    for event in (ae.serious + ae.other) if ae else []:
        found |= {(c.affected, c.at_risk) for c in event.counts}
    for outcome in results.outcomes:
        sizes = {c.group: c.value for d in outcome.denoms for c in d.counts}
        for klass in outcome.classes:
            for category in klass.categories:
                for m in category.measurements:
                    if (m.value or "").isdigit() and sizes.get(m.group, "").isdigit():
                        found.add((int(m.value or ""), int(sizes[m.group])))
    return found


def _number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _section(markdown: str) -> Node:
    match = re.search(r"^## [^\n]*\{ #results \}\n(.*?)(?=^## |\Z)", markdown,
                      re.DOTALL | re.MULTILINE)  # fmt: skip
    assert match is not None
    return to_html("---\n{}\n---\n" + match.group(1))


def test_patient_counts_equal_the_record(rendered: Rendered) -> None:
    checked = 0
    for nct_id, record in rendered.records.items():
        pairs = _pairs(record)
        serious = len(record.results.adverse_events.serious) if record.results.adverse_events \
            else 0  # type: ignore[union-attr]  # fmt: skip
        for lang in LANGS:
            section = _section(rendered.page(lang, nct_id, "patients"))
            for data in section.find_all("data"):
                if "/" not in data.attrs["value"]:
                    continue
                affected, total = (int(n) for n in data.attrs["value"].split("/"))
                assert (affected, total) in pairs, f"{nct_id} {lang}: {affected}/{total}"
                numbers = [_number(n) for n in re.findall(r"\d[\d\s\u202f\u00a0,]*\d|\d",
                                                          data.text())]  # fmt: skip
                assert numbers == [affected, total], f"{nct_id} {lang}: {data.text()}"
                checked += 1
            text = section.text().replace("\u202f", " ").replace("\u00a0", " ")
            for affected, total, shown in re.findall(
                r"(\d[\d ,]*) (?:of|personnes? sur) (\d[\d ,]*) (?:people )?\((\d+) ?%\)", text
            ):
                exact = Decimal(_number(affected) * 100) / Decimal(_number(total))
                rounded = int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
                assert int(shown) == rounded, f"{nct_id} {lang}: {affected}/{total} {shown}%"
            items = [li for li in section.find_all("li") if " in " in li.text()
                     or " dans " in li.text()]  # fmt: skip
            assert len(items) >= serious, f"{nct_id} {lang}: not every serious event listed"
    assert checked > 1_000


def test_results_sections_read_at_target_and_pass_the_safety_gate(rendered: Rendered) -> None:
    for nct_id in rendered.records:
        for lang in LANGS:
            markdown = rendered.page(lang, nct_id, "patients")
            text = dict(page_sections(markdown))["results"]
            value = score(text, lang)
            assert value is not None and meets_target(value, lang), f"{nct_id} {lang}: {value}"
            assert long_sentences(text) == [], f"{nct_id} {lang}"
            assert re.findall(NEVER[lang], text.lower()) == [], f"{nct_id} {lang}"
            name = f"{lang}/trials/{nct_id}/patients/index.md"
            assert safety_gate(nct_id, lang, name, markdown) == [], f"{nct_id} {lang}"
            doctor = "talk to your doctor" if lang == "en" else "parlez-en à votre médecin"
            assert doctor in text.lower(), f"{nct_id} {lang}"


def test_the_results_numbers_gate_passes_every_record_and_catches_a_wrong_pair(
    rendered: Rendered,
) -> None:
    for nct_id, record in rendered.records.items():
        pages = {f"{lang}/{kind}": rendered.page(lang, nct_id, kind)
                 for lang in LANGS for kind in ("public", "patients")}  # fmt: skip
        assert results_gate(record, pages) == [], nct_id
    nct_id = "NCT00763412"
    page = rendered.page("en", nct_id, "patients")
    wrong = page.replace("In all, 16 people", "In all, 17 people").replace(
        "(4 people measured)", "(4 people measured). 3 of 4 people (70%) had a reaction", 1
    )
    found = [f.message for f in results_gate(rendered.records[nct_id], {"en/patients": wrong})]
    assert "states 3 of 4 as 70%, computed 75%" in found
    assert "results: 16 people started (in all) is missing" in found


def test_downloads_carry_the_results(rendered: Rendered) -> None:
    for nct_id, record in rendered.records.items():
        data = json.loads(rendered.site.files[f"data/{nct_id}.json"])
        assert Record.model_validate(data) == record
        fhir = json.loads(rendered.site.files[f"data/{nct_id}.fhir.json"])
        study = ResearchStudy.model_validate(fhir)
        assert study.result and study.result[0].reference.endswith(f"{nct_id}?tab=results")
        head = rendered.page("en", nct_id, "public")
        assert '\\"resultsPosted\\"' in head or '"resultsPosted"' in head


def test_hand_written_results_replace_the_generated_ones_with_the_same_checks(
    tmp_path: Path,
) -> None:
    for name in ("site.yaml", "glossary.yaml"):
        shutil.copy(ROOT / "content" / name, tmp_path / name)
    source = next(path for path in JSON_RESULTS if "NCT00763412" in path.name)
    (written,) = import_sources([source], tmp_path)
    record = load_content(tmp_path).trials[0].record
    text = (
        "In all, 16 people started the study and 8 finished it.\n\n"
        "In the placebo group, 4 of 8 people (50%) finished. In the repaglinide group, "
        "4 of 8 people (50%) finished.\n\nTalk to your doctor before you change any treatment."
    )
    plain = written.parent / "patients.en.yaml"
    plain.write_text(f"reviewed_against: '{record.status.last_update}'\nresults: |\n"
                     + "".join(f"  {line}\n" if line else "\n" for line in text.splitlines()),
                     encoding="utf-8")  # fmt: skip
    site = render_site(load_content(tmp_path), TEMPLATES, workers=1)
    page = site.pages["en"]["trials/NCT00763412/patients/index.md"]
    section = _section(page).text()
    assert "In the placebo group, 4 of 8 people (50%) finished." in section
    assert "on average" not in section  # the generated text is replaced
    assert results_gate(record, {"en/patients": page}) == []
    plain.write_text(plain.read_text(encoding="utf-8").replace("(50%)", "(40%)", 1),
                     encoding="utf-8")  # fmt: skip
    page = render_site(load_content(tmp_path), TEMPLATES, workers=1).pages["en"][
        "trials/NCT00763412/patients/index.md"
    ]
    found = [f.message for f in results_gate(record, {"en/patients": page})]
    assert found == ["states 4 of 8 as 40%, computed 50%"]


def test_results_posted_but_not_imported_is_a_located_warning(tmp_path: Path) -> None:
    source = next(path for path in JSON_RESULTS if "NCT00763412" in path.name)
    (written,) = import_sources([source], tmp_path)
    (written.parent / "results.yaml").unlink()
    trial = Trial(record=load_record(written), folder=str(written.parent))
    (finding,) = results_presence(trial)
    line = written.read_text(encoding="utf-8").splitlines().index("has_results: true") + 1
    assert str(finding) == (
        f"{written}:{line}: results: has_results: results are posted on the registry but not "
        "imported; import the API v2 JSON (trialsite import NCT00763412) to show them"
    )
    assert finding.level == "warning"
    (record,) = read_source(source)
    assert results_presence(Trial(record=record, folder=str(written.parent))) == []


def test_a_percentage_of_people_reads_as_one_with_every_registered_digit(
    rendered: Rendered,
) -> None:
    """ "83.7 Percentage of participants" reads "83.7% of people" / « 83,7 % des personnes »:
    the registered value stays in `<data value>`, shown with the language's decimal sign."""
    decimal_sign = {"en": ".", "fr": ","}
    checked = 0
    for nct_id in rendered.records:
        for lang in LANGS:
            section = _section(rendered.page(lang, nct_id, "patients"))
            for data in section.find_all("data", "trialsite-result"):
                value, shown = data.attrs["value"], data.text()
                if not re.fullmatch(r"\d+(?:\.\d+)?", value) or "%" not in _after(section, data):
                    continue
                digits = re.sub(r"[\s\u202f\u00a0,.]", "", shown)
                assert digits == value.replace(".", ""), f"{nct_id} {lang}: {value} {shown}"
                if "." in value:
                    assert decimal_sign[lang] in shown, f"{nct_id} {lang}: {shown}"
                checked += 1
    assert checked >= 4


def _after(section: Node, data: Node) -> str:
    """Return the few characters the section shows right after a `<data>` element."""
    text = section.text()
    at = text.find(data.text())
    return text[at + len(data.text()) : at + len(data.text()) + 3]
