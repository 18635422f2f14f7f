"""Results import (issue 17): every registered count and value of every fixture kept as is."""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET  # noqa: N817
from pathlib import Path
from typing import Any

import pytest
import yaml
from importer_helpers import JSON_FILES, XML_FILES, fixture_id

from generator.errors import ContentError, ContentErrors
from generator.importer import read_source, write_record
from generator.loader import load_record
from generator.results import Results

JSON_RESULTS = [p for p in JSON_FILES if '"resultsSection"' in p.read_text(encoding="utf-8")]
XML_RESULTS = [p for p in XML_FILES if "<clinical_results>" in p.read_text(encoding="utf-8")]


def test_the_fixtures_hold_results() -> None:
    assert len(JSON_RESULTS) == 8
    assert len(XML_RESULTS) >= 20


def _json_values(section: dict[str, Any]) -> dict[str, list[tuple[str, ...]]]:
    """Return every count and value of an API v2 resultsSection, walked independently."""
    found: dict[str, list[tuple[str, ...]]] = {"flow": [], "measures": [], "events": []}
    for period in section.get("participantFlowModule", {}).get("periods", []):
        for milestone in period.get("milestones", []):
            for item in milestone.get("achievements", []):
                found["flow"].append((milestone["type"], item["groupId"], item["numSubjects"]))
        for drop in period.get("dropWithdraws", []):
            for item in drop.get("reasons", []):
                found["flow"].append((drop["type"], item["groupId"], item["numSubjects"]))
    measures = section.get("baselineCharacteristicsModule", {}).get("measures", [])
    measures += section.get("outcomeMeasuresModule", {}).get("outcomeMeasures", [])
    for measure in measures:
        for klass in measure.get("classes", []):
            for category in klass.get("categories", []):
                for m in category.get("measurements", []):
                    found["measures"].append((measure["title"], m["groupId"], m.get("value"),
                                              m.get("spread"), m.get("lowerLimit"),
                                              m.get("upperLimit")))  # fmt: skip
    events = section.get("adverseEventsModule", {})
    for kind in ("seriousEvents", "otherEvents"):
        for event in events.get(kind, []):
            for stat in event.get("stats", []):
                counts = (stat.get("numAffected"), stat.get("numAtRisk"))
                found["events"].append((kind, event["term"], stat["groupId"], *counts))
    return found


def _model_values(results: Results) -> dict[str, list[tuple[Any, ...]]]:
    found: dict[str, list[tuple[Any, ...]]] = {"flow": [], "measures": [], "events": []}
    for period in results.flow.periods if results.flow else []:
        for milestone in period.milestones + period.reasons:
            for count in milestone.counts:
                found["flow"].append((milestone.type, count.group, count.subjects))
    measures = (results.baseline.measures if results.baseline else []) + results.outcomes
    for measure in measures:
        for klass in measure.classes:
            for category in klass.categories:
                for m in category.measurements:
                    found["measures"].append((measure.title, m.group, m.value, m.spread,
                                              m.lower, m.upper))  # fmt: skip
    ae = results.adverse_events
    for kind, events in (("seriousEvents", ae.serious), ("otherEvents", ae.other)) if ae else []:
        for event in events:
            for count in event.counts:
                found["events"].append((kind, event.term, count.group, count.affected,
                                        count.at_risk))  # fmt: skip
    return found


@pytest.mark.parametrize("path", JSON_RESULTS, ids=fixture_id)
def test_json_results_keep_every_registered_value(path: Path) -> None:
    (record,) = read_source(path)
    section = json.loads(path.read_text(encoding="utf-8"))["resultsSection"]
    assert record.has_results is True and record.results is not None
    assert _model_values(record.results) == _json_values(section)
    outcomes = section.get("outcomeMeasuresModule", {}).get("outcomeMeasures", [])
    assert [(o.title, o.unit, o.time_frame) for o in record.results.outcomes] == [
        (o["title"], o.get("unitOfMeasure"), o.get("timeFrame")) for o in outcomes
    ]
    assert [len(o.analyses) for o in record.results.outcomes] == [
        len(o.get("analyses", [])) for o in outcomes
    ]
    p_values = [a.p_value for o in record.results.outcomes for a in o.analyses]
    assert p_values == [a.get("pValue") for o in outcomes for a in o.get("analyses", [])]


def _xml_counts(path: Path) -> dict[str, list[tuple[str | None, ...]]]:
    root = ET.parse(path).getroot()
    results = root.find("clinical_results")
    assert results is not None
    found: dict[str, list[tuple[str | None, ...]]] = {"flow": [], "measures": [], "events": []}
    for item in results.iterfind("participant_flow/period_list/period/*/*"):
        for part in item.iterfind("participants_list/participants"):
            found["flow"].append((item.findtext("title"), part.get("group_id"), part.get("count")))
    for m in results.iter("measurement"):
        found["measures"].append((m.get("group_id"), m.get("value"), m.get("spread")))
    for kind in ("serious", "other"):
        for category in results.iterfind(f"reported_events/{kind}_events/category_list/category"):
            for event in category.iterfind("event_list/event"):
                for c in event.iterfind("counts"):
                    found["events"].append(
                        (
                            kind,
                            event.findtext("sub_title"),
                            c.get("group_id"),
                            c.get("subjects_affected"),
                            c.get("subjects_at_risk"),
                        )
                    )
    return found


@pytest.mark.parametrize("path", XML_RESULTS, ids=fixture_id)
def test_xml_results_keep_every_registered_value(path: Path) -> None:
    (record,) = read_source(path)
    results = record.results
    assert record.has_results is True and results is not None
    expected = _xml_counts(path)
    flows = [(m.type, c.group, c.subjects) for p in (results.flow.periods if results.flow else [])
             for m in p.milestones + p.reasons for c in m.counts]  # fmt: skip
    assert flows == expected["flow"]
    model = _model_values(results)
    assert [(g, v, s) for _, g, v, s, *_ in model["measures"]] == expected["measures"]
    totals = []
    for group in results.adverse_events.groups if results.adverse_events else []:
        for kind in ("serious", "other", "deaths"):
            affected = getattr(group, f"{kind}_affected")
            if affected is not None:
                totals.append((kind, group.id, str(affected),
                               str(getattr(group, f"{kind}_at_risk"))))  # fmt: skip
    events = [(k.removesuffix("Events"), t, g, str(a), str(r))
              for k, t, g, a, r in model["events"]]  # fmt: skip
    listed = [e for e in expected["events"] if not (e[1] or "").startswith("Total, ")]
    assert events == listed
    names = {"Total, serious adverse events": "serious", "Total, other adverse events": "other",
             "Total, all-cause mortality": "deaths"}  # fmt: skip
    registered_totals = [(names[t or ""], g, a, r) for k, t, g, a, r in expected["events"]
                         if (t or "").startswith("Total, ")]  # fmt: skip
    assert sorted(totals) == sorted(registered_totals)


@pytest.mark.parametrize("path", JSON_RESULTS[:2] + XML_RESULTS[:2], ids=fixture_id)
def test_results_go_to_their_own_file_and_round_trip(path: Path, tmp_path: Path) -> None:
    (record,) = read_source(path)
    written = write_record(record, tmp_path)
    assert "results" not in yaml.safe_load(written.read_text(encoding="utf-8"))
    assert (written.parent / "results.yaml").is_file()
    assert load_record(written) == record
    write_record(record.model_copy(update={"results": None}), tmp_path)
    assert not (written.parent / "results.yaml").exists()


def _bad_json(tmp_path: Path, change: Any) -> Path:
    path = JSON_RESULTS[0]
    study = json.loads(path.read_text(encoding="utf-8"))
    study = copy.deepcopy(study)
    change(study["resultsSection"])
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(study), encoding="utf-8")
    return bad


def _set_subjects(section: dict[str, Any]) -> None:
    section["participantFlowModule"]["periods"][0]["milestones"][0]["achievements"][0][
        "numSubjects"] = "eight"  # fmt: skip


def _unknown_group(section: dict[str, Any]) -> None:
    outcome = section["outcomeMeasuresModule"]["outcomeMeasures"][0]
    outcome["classes"][0]["categories"][0]["measurements"][0]["groupId"] = "OG999"


def _wrong_type(section: dict[str, Any]) -> None:
    section["outcomeMeasuresModule"]["outcomeMeasures"][0]["title"] = 5


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_set_subjects, "{path}: results.flow.periods.0.milestones.0.counts.0.subjects: "),
        (_unknown_group, "{path}: results.outcomes.0: group OG999 is not among the groups listed"),
        (_wrong_type, "{path}: resultsSection.outcomeMeasuresModule.outcomeMeasures.0.title: "
         "expected text, got a whole number"),
    ],
)  # fmt: skip
def test_bad_results_are_located_errors(tmp_path: Path, change: Any, message: str) -> None:
    bad = _bad_json(tmp_path, change)
    with pytest.raises(ContentError) as caught:
        read_source(bad)
    assert str(caught.value).startswith(message.format(path=bad))


def test_a_bad_results_file_names_its_line_and_field(tmp_path: Path) -> None:
    (record,) = read_source(JSON_RESULTS[0])
    written = write_record(record, tmp_path)
    results = written.parent / "results.yaml"
    text = results.read_text(encoding="utf-8")
    results.write_text(text.replace("subjects: '8'", "subjects: 'eight'", 1), encoding="utf-8")
    line = next(n for n, row in enumerate(results.read_text().splitlines(), 1) if "eight" in row)
    with pytest.raises(ContentErrors) as caught:
        load_record(written)
    (error,) = caught.value.errors
    assert (error.path, error.line) == (results, line)
    assert error.field == "flow.periods.0.milestones.0.counts.0.subjects"
