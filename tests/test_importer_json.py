"""API v2 JSON importer: every fixture's fields checked against the raw JSON, and round trips."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from importer_helpers import JSON_FILES, assert_round_trip, fixture_id, walk, words

from generator.errors import ContentError
from generator.importer import read_source
from generator.importer.criteria_md import parse_markdown_criteria
from generator.model import Record

BULLET_RE = re.compile(r"^(?P<indent> *)(?:[*+-]|\d{1,3}[.)])[ \t]+\S")
HEADING_RE = re.compile(r"^(?:key |main )?(?:inclusion|exclusion|eligibility) criteria:?$", re.I)


def _studies(path: Path) -> list[dict[str, Any]]:
    document = json.loads(path.read_text(encoding="utf-8"))
    return document.get("studies", [document])


@functools.cache
def _pairs(path: Path) -> list[tuple[dict[str, Any], Record]]:
    records = read_source(path)
    studies = _studies(path)
    assert len(records) == len(studies)
    return list(zip(studies, records, strict=True))


def _get(data: Any, dotted: str, default: Any = None) -> Any:
    for key in dotted.split("."):
        if not isinstance(data, dict) or key not in data:
            return default
        data = data[key]
    return data


@pytest.fixture(params=JSON_FILES, ids=fixture_id)
def pairs(request: pytest.FixtureRequest) -> list[tuple[dict[str, Any], Record]]:
    return _pairs(request.param)


def test_ids_titles_and_status(pairs: list[tuple[dict[str, Any], Record]]) -> None:
    for study, record in pairs:
        protocol = study["protocolSection"]
        ident, status = protocol["identificationModule"], protocol.get("statusModule", {})
        assert record.nct_id == ident["nctId"]
        assert record.org_study_id == _get(ident, "orgStudyIdInfo.id")
        assert [item.id for item in record.secondary_ids] == [
            item["id"] for item in ident.get("secondaryIdInfos", [])
        ]
        assert (record.title.brief, record.title.official, record.title.acronym) == (
            ident["briefTitle"], ident.get("officialTitle"), ident.get("acronym"),
        )  # fmt: skip
        assert record.status.overall == status.get("overallStatus")
        assert record.status.last_known == status.get("lastKnownStatus")
        assert record.status.start == _get(status, "startDateStruct.date")
        assert record.status.start_type == _get(status, "startDateStruct.type")
        assert record.status.primary_completion == _get(status, "primaryCompletionDateStruct.date")
        assert record.status.completion == _get(status, "completionDateStruct.date")
        assert record.status.last_update == _get(status, "lastUpdatePostDateStruct.date")
        assert record.has_results is study["hasResults"]
        assert record.source.url == f"https://clinicaltrials.gov/study/{ident['nctId']}"
        assert record.source.format == "ctgov-json"


def test_design_phases_enrollment(pairs: list[tuple[dict[str, Any], Record]]) -> None:
    for study, record in pairs:
        design = study["protocolSection"].get("designModule", {})
        assert record.phase == design.get("phases", [])
        assert record.study_type == design.get("studyType")
        count = _get(design, "enrollmentInfo.count")
        assert (record.enrollment.count if record.enrollment else None) == count
        info = design.get("designInfo", {})
        if record.design is not None:
            assert record.design.allocation == info.get("allocation")
            assert record.design.purpose == info.get("primaryPurpose")
            assert record.design.masking == _get(info, "maskingInfo.masking")
            assert record.design.model == (
                info.get("interventionModel") or info.get("observationalModel")
            )
        else:
            assert not info


def test_ages_sex_and_volunteers(pairs: list[tuple[dict[str, Any], Record]]) -> None:
    for study, record in pairs:
        module = study["protocolSection"].get("eligibilityModule")
        if module is None:
            assert record.eligibility is None
            continue
        assert record.eligibility is not None
        eligibility = record.eligibility
        assert eligibility.min_age == module.get("minimumAge")
        assert eligibility.max_age == module.get("maximumAge")
        assert eligibility.sex == module.get("sex")
        assert eligibility.healthy_volunteers == module.get("healthyVolunteers")


def test_arms_and_interventions(pairs: list[tuple[dict[str, Any], Record]]) -> None:
    for study, record in pairs:
        module = study["protocolSection"].get("armsInterventionsModule", {})
        arms = module.get("armGroups", [])
        assert len(record.arms) == len(arms)
        for arm, raw in zip(record.arms, arms, strict=True):
            assert (arm.label, arm.type) == (raw["label"], raw.get("type"))
            names = [name.split(": ", 1)[1] for name in raw.get("interventionNames", [])]
            assert arm.interventions == names
        interventions = module.get("interventions", [])
        assert [(item.name, item.type) for item in record.interventions] == [
            (raw["name"], raw.get("type")) for raw in interventions
        ]
        for item, raw in zip(record.interventions, interventions, strict=True):
            assert item.other_names == raw.get("otherNames", [])


def test_sites_sponsors_references(pairs: list[tuple[dict[str, Any], Record]]) -> None:
    for study, record in pairs:
        protocol = study["protocolSection"]
        sites = _get(protocol, "contactsLocationsModule.locations", [])
        assert [(site.facility, site.city, site.country) for site in record.locations] == [
            (raw.get("facility"), raw.get("city"), raw.get("country")) for raw in sites
        ]
        # Each site's coordinates, exactly as the registry geocoded it, or none (issue 20).
        points = [(site.geo.lat, site.geo.lon) if site.geo else None for site in record.locations]
        assert points == [
            (raw["geoPoint"]["lat"], raw["geoPoint"]["lon"]) if "geoPoint" in raw else None
            for raw in sites
        ]
        references = _get(protocol, "referencesModule.references", [])
        assert [(ref.pmid, ref.type) for ref in record.references] == [
            (raw.get("pmid"), raw.get("type")) for raw in references
        ]
        lead = _get(protocol, "sponsorCollaboratorsModule.leadSponsor")
        assert (record.sponsor.name if record.sponsor else None) == (lead or {}).get("name")
        collaborators = _get(protocol, "sponsorCollaboratorsModule.collaborators", [])
        assert len(record.collaborators) == len(collaborators)
        conditions = _get(protocol, "conditionsModule.conditions", [])
        assert record.conditions == conditions
        outcomes = protocol.get("outcomesModule", {})
        counted = record.outcomes or None
        assert (len(counted.primary) if counted else 0) == len(outcomes.get("primaryOutcomes", []))


def _raw_criteria(study: dict[str, Any]) -> str:
    return _get(study, "protocolSection.eligibilityModule.eligibilityCriteria", "")


def _is_paragraph_line(line: str) -> bool:
    return bool(line.strip()) and not line.startswith(" ") and not BULLET_RE.match(line)


def test_criteria_counts_match_the_bullets(pairs: list[tuple[dict[str, Any], Record]]) -> None:
    """Every bullet becomes one criterion; top-level bullets stay top level (or under a heading)."""
    for study, record in pairs:
        lines = _raw_criteria(study).split("\n")
        bullets = [line for line in lines if BULLET_RE.match(line)]
        top_bullets = [line for line in bullets if not BULLET_RE.match(line)["indent"]]
        paragraphs = [
            re.sub(r"\\(.)", r"\1", line.strip()).lstrip("-")
            for line in lines
            if _is_paragraph_line(line) and not HEADING_RE.match(line.strip())
        ]
        eligibility = record.eligibility
        tops = (eligibility.inclusion + eligibility.exclusion) if eligibility else []
        from_paragraphs = [c for c in tops if c.text in paragraphs]
        assert len(from_paragraphs) == len(paragraphs)
        top_from_bullets = [c for c in tops if c.text not in paragraphs]
        under_headings = [item for c in from_paragraphs for item in c.items]
        assert len(top_from_bullets) + len(under_headings) == len(top_bullets)
        assert len(walk(tops)) - len(from_paragraphs) == len(bullets)


def test_criteria_keep_every_word(pairs: list[tuple[dict[str, Any], Record]]) -> None:
    for study, record in pairs:
        expected: list[str] = []
        for line in _raw_criteria(study).split("\n"):
            if HEADING_RE.match(line.strip()):
                continue
            text = re.sub(r"\\(.)", r"\1", line)
            # List markers are structure: "1." and "a)" are kept as labels, not as words.
            text = re.sub(r"^\s*(?:[*+-]|\d{1,3}[.)])(?:[ \t]+|$)", "", text).lstrip("-")
            text = re.sub(r"^[a-z][.)](?:[ \t]+|$)", "", text)
            expected += text.split()
        eligibility = record.eligibility
        actual = words(eligibility.inclusion + eligibility.exclusion) if eligibility else []
        assert actual == expected


def test_round_trip(pairs: list[tuple[dict[str, Any], Record]], tmp_path: Path) -> None:
    for _, record in pairs:
        assert_round_trip(record, tmp_path)


def test_sub_headings_become_criteria_with_items() -> None:
    groups = parse_markdown_criteria(
        "Eligibility criteria:\n\nFor adolescent participants:\n\n* a\n* b\n\n"
        "Exclusion criteria:\n\nFor parents:\n\n* c\n"
    )
    assert groups == {
        "inclusion": [{"text": "For adolescent participants:", "items": [
            {"text": "a", "items": []}, {"text": "b", "items": []}], "heading": True}],
        "exclusion": [{"text": "For parents:", "items": [{"text": "c", "items": []}],
                       "heading": True}],
    }  # fmt: skip


def test_no_exclusion_heading_means_all_inclusion_and_nesting_is_kept() -> None:
    groups = parse_markdown_criteria(
        "Inclusion Criteria:\n\n* Age \\>= 18\n\n  * sub \\*one\\*\n  * sub two\n* last"
    )
    assert groups["exclusion"] == []
    assert groups["inclusion"] == [
        {"text": "Age >= 18", "items": [
            {"text": "sub *one*", "items": []}, {"text": "sub two", "items": []}]},
        {"text": "last", "items": []},
    ]  # fmt: skip


def test_heading_variants_switch_groups() -> None:
    groups = parse_markdown_criteria(
        "**Inclusion Criteria:**\n\n* a\n\nExclusion criteria for parents:\n\n* b\n\n"
        "## Key Exclusion Criteria\n\n* c\n"
    )
    assert groups == {
        "inclusion": [{"text": "a", "items": []}],
        "exclusion": [
            {
                "text": "Exclusion criteria for parents:",
                "items": [{"text": "b", "items": []}],
                "heading": True,
            },
            {"text": "c", "items": []},
        ],
    }


def test_numbered_lists_nest_by_indentation() -> None:
    groups = parse_markdown_criteria("1. one:\n\n   1. a\n   2. b\n2. two\n")
    assert [c["text"] for c in groups["inclusion"]] == ["one:", "two"]
    assert [c["text"] for c in groups["inclusion"][0]["items"]] == ["a", "b"]


def test_search_page_with_two_studies_gives_two_records(tmp_path: Path) -> None:
    studies = _studies(JSON_FILES[0]) + _studies(JSON_FILES[1])
    path = tmp_path / "page.json"
    path.write_text(json.dumps({"studies": studies, "nextPageToken": "x"}), encoding="utf-8")
    assert [record.nct_id for record in read_source(path)] == [
        study["protocolSection"]["identificationModule"]["nctId"] for study in studies
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"studies": [\n  {"protocolSection": {}},\n', "{path}:3: invalid JSON: Expecting value"),
        ('{"studies": 5}', '{path}: expected an API v2 study or a page {{"studies": [...]}}'),
        ('{"hasResults": false}', "{path}: not an API v2 study: no protocolSection."
         "identificationModule.nctId"),
    ],
)  # fmt: skip
def test_bad_json_is_a_located_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_source(path)
    assert str(caught.value) == message.format(path=path)


def test_inline_markers_in_markdown_criteria_become_labelled_items() -> None:
    """The seed's criteria as API v2 Markdown keep "a."/"b.", "i-" and "1." as labels."""
    groups = parse_markdown_criteria(
        "Inclusion Criteria:\n\n"
        "* Inefficacy of therapies including:\n"
        "a. Prednisone orally. b. At least one of: i- Cyclophosphamide ii- Mycophenolate\n\n"
        "Exclusion Criteria:\n\n* Presence of:\n1. Renal failure\n2. Cardiac failure\n"
        "* Poor patient compliance.\n"
    )
    (inefficacy,) = groups["inclusion"]
    assert inefficacy["text"] == "Inefficacy of therapies including:"
    assert [(item["label"], item["text"]) for item in inefficacy["items"]] == [
        ("a.", "Prednisone orally."), ("b.", "At least one of:"),
    ]  # fmt: skip
    assert [item["label"] for item in inefficacy["items"][1]["items"]] == ["i-", "ii-"]
    presence, compliance = groups["exclusion"]
    assert [(i["label"], i["text"]) for i in presence["items"]] == [
        ("1.", "Renal failure"), ("2.", "Cardiac failure"),
    ]  # fmt: skip
    assert compliance == {"text": "Poor patient compliance.", "items": []}
