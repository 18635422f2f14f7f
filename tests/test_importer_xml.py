"""Legacy XML importer: every fixture's fields checked against the raw XML, and round trips."""

from __future__ import annotations

import datetime as dt
import functools
import re
import xml.etree.ElementTree as ET  # noqa: N817 - the fixtures are trusted, real records
from pathlib import Path

import pytest
from importer_helpers import XML_FILES, assert_round_trip, fixture_id, walk, words

from generator.errors import ContentError, ContentErrors
from generator.importer import import_sources, read_source
from generator.importer.textblock import parse_textblock_criteria, unwrap
from generator.model import Record

STATUSES = {
    "Active, not recruiting": "ACTIVE_NOT_RECRUITING", "Completed": "COMPLETED",
    "Recruiting": "RECRUITING", "Not yet recruiting": "NOT_YET_RECRUITING",
    "Available": "AVAILABLE", "Terminated": "TERMINATED", "Withheld": "WITHHELD",
    "Withdrawn": "WITHDRAWN", "Unknown status": "UNKNOWN",
    "Enrolling by invitation": "ENROLLING_BY_INVITATION",
}  # fmt: skip
PHASES = {
    "N/A": ["NA"], "Phase 1": ["PHASE1"], "Phase 2": ["PHASE2"], "Phase 3": ["PHASE3"],
    "Phase 4": ["PHASE4"], "Phase 1/Phase 2": ["PHASE1", "PHASE2"],
    "Phase 2/Phase 3": ["PHASE2", "PHASE3"],
}  # fmt: skip
MARKER_RE = re.compile(r"^\s*(?:[-*•]|\d{1,3}[.)]|[a-z][.)])\s+\S")
HEADING_RE = re.compile(r"^(?:key )?(?:inclusion|exclusion|eligibility) criteria:?$", re.I)


@functools.cache
def _pair(path: Path) -> tuple[ET.Element, Record]:
    (record,) = read_source(path)
    return ET.parse(path).getroot(), record


@pytest.fixture(params=XML_FILES, ids=fixture_id)
def pair(request: pytest.FixtureRequest) -> tuple[ET.Element, Record]:
    return _pair(request.param)


def _iso(text: str | None) -> str | None:
    if text is None:
        return None
    for pattern, form in (("%B %d, %Y", "%Y-%m-%d"), ("%B %Y", "%Y-%m")):
        try:
            return dt.datetime.strptime(text.strip(), pattern).strftime(form)
        except ValueError:
            continue
    raise AssertionError(f"unexpected date {text!r}")


def _clean(text: str | None) -> str | None:
    return " ".join(text.split()) if text and text.strip() else None


def test_ids_titles_and_status(pair: tuple[ET.Element, Record]) -> None:
    root, record = pair
    assert record.nct_id == root.findtext("id_info/nct_id")
    assert record.org_study_id == _clean(root.findtext("id_info/org_study_id"))
    assert [item.id for item in record.secondary_ids] == [
        _clean(item.text) for item in root.findall("id_info/secondary_id")
    ]
    assert record.title.brief == _clean(root.findtext("brief_title"))
    assert record.title.official == _clean(root.findtext("official_title"))
    assert record.status.overall == STATUSES[root.findtext("overall_status")]
    assert record.status.start == _iso(root.findtext("start_date"))
    assert record.status.completion == _iso(root.findtext("completion_date"))
    assert record.status.primary_completion == _iso(root.findtext("primary_completion_date"))
    updated = root.findtext("last_update_posted") or root.findtext("lastchanged_date")
    assert record.status.last_update == _iso(updated)
    download = root.findtext("required_header/download_date")
    assert record.source.retrieved == _iso(download.split(" on ", 1)[1])
    assert record.source.format == "ctgov-xml"
    assert record.has_results is (root.find("clinical_results") is not None)


def test_phase_type_enrollment(pair: tuple[ET.Element, Record]) -> None:
    root, record = pair
    phase = root.findtext("phase")
    assert record.phase == (PHASES[phase] if phase else [])
    study_type = root.findtext("study_type")
    expected = None if study_type == "N/A" else study_type.split(" [")[0].upper().replace(" ", "_")
    assert record.study_type == expected
    enrollment = root.find("enrollment")
    if enrollment is None:
        assert record.enrollment is None
    else:
        assert record.enrollment is not None
        assert record.enrollment.count == int(enrollment.text)
        assert record.enrollment.type == (
            "ACTUAL" if enrollment.get("type") == "Actual" else "ESTIMATED"
        )


def test_ages_sex_volunteers(pair: tuple[ET.Element, Record]) -> None:
    root, record = pair
    eligibility = root.find("eligibility")
    if eligibility is None:
        assert record.eligibility is None
        return
    assert record.eligibility is not None
    for key, tag in (("min_age", "minimum_age"), ("max_age", "maximum_age")):
        raw = eligibility.findtext(tag)
        assert getattr(record.eligibility, key) == (None if raw in (None, "N/A") else raw)
    gender = eligibility.findtext("gender")
    assert record.eligibility.sex == (gender.upper() if gender else None)
    healthy = eligibility.findtext("healthy_volunteers")
    assert record.eligibility.healthy_volunteers == (None if healthy is None else healthy != "No")


def test_arms_interventions_sites_references(pair: tuple[ET.Element, Record]) -> None:
    root, record = pair
    assert [arm.label for arm in record.arms] == [
        _clean(arm.findtext("arm_group_label")) for arm in root.findall("arm_group")
    ]
    interventions = root.findall("intervention")
    assert [item.name for item in record.interventions] == [
        _clean(item.findtext("intervention_name")) for item in interventions
    ]
    for arm in record.arms:
        assert arm.interventions == [
            _clean(item.findtext("intervention_name"))
            for item in interventions
            if arm.label in [_clean(label.text) for label in item.findall("arm_group_label")]
        ]
    assert [(site.facility, site.city, site.country) for site in record.locations] == [
        (
            _clean(site.findtext("facility/name")),
            _clean(site.findtext("facility/address/city")),
            _clean(site.findtext("facility/address/country")),
        )
        for site in root.findall("location")
    ]
    raw_references = root.findall("reference") + root.findall("results_reference")
    assert [ref.pmid for ref in record.references] == [
        ref.findtext("PMID") for ref in raw_references
    ]
    assert [condition for condition in record.conditions] == [
        _clean(item.text) for item in root.findall("condition")
    ]
    assert record.sponsor is not None
    assert record.sponsor.name == _clean(root.findtext("sponsors/lead_sponsor/agency"))
    assert len(record.collaborators) == len(root.findall("sponsors/collaborator"))


def _criteria_lines(root: ET.Element) -> list[str]:
    return (root.findtext("eligibility/criteria/textblock") or "").replace("\r", "").split("\n")


def _is_heading(line: str, lines: list[str]) -> bool:
    """Whether a line is an Inclusion/Exclusion heading at the text's outer indentation."""
    outer = min((len(item) - len(item.lstrip()) for item in lines if item.strip()), default=0)
    return bool(HEADING_RE.match(line.strip())) and len(line) - len(line.lstrip()) == outer


def _paragraph_starts(lines: list[str]) -> list[str]:
    """Return the first line of each paragraph that is not a list item or a heading."""
    starts = []
    for index, line in enumerate(lines):
        blank_before = index == 0 or not lines[index - 1].strip()
        text = line.strip()
        if text and blank_before and not MARKER_RE.match(line) and not _is_heading(line, lines):
            starts.append(text)
    return starts


def test_criteria_counts_match_the_bullets(pair: tuple[ET.Element, Record]) -> None:
    """Every "-" or numbered line becomes one criterion, every other paragraph one more."""
    root, record = pair
    lines = _criteria_lines(root)
    markers = [line for line in lines if MARKER_RE.match(line)]
    starts = _paragraph_starts(lines)
    eligibility = record.eligibility
    criteria = walk(eligibility.inclusion + eligibility.exclusion) if eligibility else []
    paragraphs = [c for c in criteria if any(c.text.startswith(start) for start in starts)]
    assert len(criteria) - len(paragraphs) == len(markers)
    assert len(paragraphs) <= len(starts)


def test_criteria_keep_every_word(pair: tuple[ET.Element, Record]) -> None:
    root, record = pair
    expected: list[str] = []
    lines = _criteria_lines(root)
    for line in lines:
        if _is_heading(line, lines):
            continue
        expected += re.sub(r"^\s*(?:[-*•]|\d{1,3}[.)]|[a-z][.)])\s+", "", line).split()
    eligibility = record.eligibility
    assert (words(eligibility.inclusion + eligibility.exclusion) if eligibility else []) == expected


def test_round_trip(pair: tuple[ET.Element, Record], tmp_path: Path) -> None:
    assert_round_trip(pair[1], tmp_path)


TEXTBLOCK = """
        Inclusion Criteria:

          -  Age 18 or more, with a criterion that is long enough to be wrapped at eighty
             columns by the registry

          -  One of:

               -  first
               -  second

        Exclusion Criteria:

          1. Pregnancy
          2. Other &lt; 5
"""


def test_textblock_bullets_wrapping_and_nesting() -> None:
    groups = parse_textblock_criteria(TEXTBLOCK.replace("&lt;", "<"))
    assert groups == {
        "inclusion": [
            {"text": "Age 18 or more, with a criterion that is long enough to be wrapped at"
                     " eighty columns by the registry", "items": []},
            {"text": "One of:", "items": [
                {"text": "first", "items": []}, {"text": "second", "items": []}]},
        ],
        "exclusion": [{"text": "Pregnancy", "items": [], "label": "1."},
                      {"text": "Other < 5", "items": [], "label": "2."}],
    }  # fmt: skip


def test_unwrap_rejoins_lines_and_keeps_paragraphs() -> None:
    block = "\n      First line\n      continues here.\n\n      Second paragraph.\n    "
    assert unwrap(block) == "First line continues here.\n\nSecond paragraph."


def _xml(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "study.xml"
    path.write_text(body, encoding="utf-8")
    return path


def test_dtd_and_entities_are_refused(tmp_path: Path) -> None:
    path = _xml(
        tmp_path,
        '<?xml version="1.0"?>\n<!DOCTYPE clinical_study [<!ENTITY x "boom">]>\n'
        "<clinical_study><id_info><nct_id>&x;</nct_id></id_info></clinical_study>\n",
    )
    with pytest.raises(ContentError) as caught:
        read_source(path)
    assert str(caught.value) == (
        f"{path}: XML with a DTD (<!DOCTYPE>) or entity declarations is refused for safety"
    )


def test_broken_xml_names_the_line(tmp_path: Path) -> None:
    path = _xml(tmp_path, "<clinical_study>\n  <id_info>\n</clinical_study>\n")
    with pytest.raises(ContentError) as caught:
        read_source(path)
    assert str(caught.value) == f"{path}:3: invalid XML: mismatched tag"


def test_unknown_status_names_the_field(tmp_path: Path) -> None:
    source = XML_FILES[0].read_text(encoding="utf-8")
    path = _xml(tmp_path, source.replace("<overall_status>Recruiting<", "<overall_status>Paused<"))
    with pytest.raises(ContentErrors) as caught:
        import_sources([path], tmp_path / "content")
    assert str(caught.value).splitlines() == [
        f'{path}: status.overall: unknown value "Paused"',
        "1 error in 1 file; nothing was written",
    ]


def test_other_root_element_is_refused(tmp_path: Path) -> None:
    path = _xml(tmp_path, "<?xml version='1.0'?>\n<study/>\n")
    with pytest.raises(ContentError) as caught:
        read_source(path)
    assert str(caught.value) == f"{path}:1: expected a <clinical_study> record, found <study>"
