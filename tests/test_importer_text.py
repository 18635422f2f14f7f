"""Registry text importer on the seed: golden file, every value the issue lists, no lost word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CONTENT, FIXTURES, SEED_TEXT
from importer_helpers import JSON_FILES, XML_FILES
from registry_page import can_write, saved_page

from generator.errors import ContentError, ContentErrors
from generator.importer import dump_record, import_sources, read_source
from generator.importer.criteria import from_bullet_lines, split_inline
from generator.model import Record

GOLDEN = FIXTURES / "golden" / "NCT03562065.record.yaml"
RELATED = [
    ("NCT06485648", "Mesenchymal Stem Cell Transfusion for the Treatment of Refractory Lupus "
     "Nephritis"),
    ("NCT05018858", "Safety of Cultured Allogeneic Adult Umbilical Cord Derived Mesenchymal Stem "
     "Cell Intravenous Infusion for Lupus"),
    ("NCT00698191", "Mesenchymal Stem Cells Transplantation for Refractory Systemic Lupus "
     "Erythematosus (SLE)"),
    ("NCT03219801", "Umbilical Cord Derived Mesenchymal Stem Cells Therapy in Systemic Lupus "
     "Erythematosus"),
    ("NCT07041801", "Treatment of Systemic Lupus Erythematosus With Human Umbilical Cord "
     "Mesenchymal Stem Cells"),
]  # fmt: skip


@pytest.fixture(scope="module")
def seed() -> Record:
    (record,) = read_source(SEED_TEXT)
    return record


def test_seed_matches_the_golden_file(seed: Record) -> None:
    assert dump_record(seed) == GOLDEN.read_text(encoding="utf-8")


def test_committed_records_are_the_import_of_their_sources(tmp_path: Path) -> None:
    sources = sorted((CONTENT / "sources").iterdir())
    written = import_sources(sources, tmp_path)
    assert len(written) == len(sources)
    for path in written:
        committed = CONTENT / "trials" / path.parent.name / "record.yaml"
        assert path.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8")


def test_seed_identity_status_and_design(seed: Record) -> None:
    assert seed.nct_id == "NCT03562065"
    assert seed.org_study_id == "P150302"
    assert seed.secondary_ids == []
    assert seed.title.brief.startswith("Treatment of Refractory Systemic Lupus Erythematosus")
    status = seed.status
    assert (status.overall, status.last_update) == ("UNKNOWN", "2021-07-08")
    assert (status.start, status.completion) == ("2019-09-11", "2024-06-01")
    assert seed.phase == ["PHASE1", "PHASE2"]
    assert seed.study_type == "INTERVENTIONAL"
    assert seed.enrollment is not None and seed.enrollment.count == 10
    assert seed.design is not None
    design = seed.design
    assert (design.allocation, design.model, design.purpose, design.masking) == (
        "NA", "SINGLE_GROUP", "TREATMENT", "NONE",
    )  # fmt: skip


def test_seed_absent_sections_are_not_invented(seed: Record) -> None:
    assert seed.description is None
    assert seed.conditions == [] and seed.keywords == []
    assert seed.contacts == []
    assert seed.outcomes is None
    assert all(arm.type is None for arm in seed.arms)
    assert seed.interventions[0].type is None


def test_seed_intervention_doses(seed: Record) -> None:
    (intervention,) = seed.interventions
    assert intervention.name == "mesenchymal stem cells"
    assert [(dose.amount, dose.unit) for dose in intervention.doses] == [
        (1_000_000, "cells/kg"), (2_000_000, "cells/kg"), (4_000_000, "cells/kg"),
    ]  # fmt: skip
    assert intervention.route == "intravenous"
    assert intervention.administration is not None
    assert intervention.administration.model_dump() == {
        "count": 1, "minutes_min": 30, "minutes_max": 60,
    }  # fmt: skip
    assert intervention.description is not None
    assert "1.10^6 CSM / kg" in intervention.description and "\\" not in intervention.description


def test_seed_has_one_arm_with_its_one_intervention(seed: Record) -> None:
    """Medical review item 5: the arm's intervention is not a second, identical arm."""
    (arm,) = seed.arms
    (intervention,) = seed.interventions
    assert arm.label == "mesenchymal stem cells"
    assert arm.interventions == [intervention.name]
    description = arm.description or ""
    assert description.startswith("Phase I-II, Allogeneic Umbilical Cord")
    last = "* 4.10^6 CSM / kg 1 injection during 30min to 1h by Intravenous infusion"
    assert description.endswith(last)


def test_seed_criteria_keep_their_markers(seed: Record) -> None:
    """Medical review item 14: "a."/"b.", "i-" to "viii-" and "1." to "4." are kept."""
    assert seed.eligibility is not None
    third = seed.eligibility.inclusion[2]
    assert [item.label for item in third.items] == ["a.", "b."]
    assert [item.label for item in third.items[1].items] == [
        "i-", "ii-", "iii-", "iv-", "v-", "vi-", "vii-", "viii-",
    ]  # fmt: skip
    assert [item.label for item in seed.eligibility.exclusion[0].items] == ["1.", "2.", "3.", "4."]
    assert all(item.label is None for item in seed.eligibility.inclusion)


def test_seed_eligibility_values(seed: Record) -> None:
    eligibility = seed.eligibility
    assert eligibility is not None
    assert (eligibility.min_age, eligibility.max_age) == ("18 Years", "70 Years")
    assert (eligibility.sex, eligibility.healthy_volunteers) == ("ALL", False)
    assert len(eligibility.inclusion) == 8
    assert len(eligibility.exclusion) == 12


def test_seed_inclusion_nesting(seed: Record) -> None:
    assert seed.eligibility is not None
    third = seed.eligibility.inclusion[2]
    assert third.text.endswith("first and second line therapies of SLE including:")
    a, b = third.items
    assert a.text == "Prednisone orally ≥ 6 mg / day (or equivalent) for at least 28 days."
    assert a.items == []
    assert b.text == (
        "At least one or more of the following immunosuppressive therapies for 3 months in total:"
    )
    therapies = [item.text.split()[0].rstrip(",") for item in b.items]
    assert therapies == [
        "Cyclophosphamide", "Mycophenolate", "Azathioprine", "Methotrexate", "Leflunomide",
        "Rituximab", "Cyclosporine", "Belimumab",
    ]  # fmt: skip
    assert b.items[1].text == (
        "Mycophenolate mofetil, orally or equivalent at a dose> 2000 mg / day for at least 90 days"
    )
    assert b.items[7].text == (
        "Belimumab intravenously at monthly bolus of 10 mg / kg infusion), for at least 3 months."
    )


def test_seed_exclusion_nesting(seed: Record) -> None:
    assert seed.eligibility is not None
    first = seed.eligibility.exclusion[0]
    assert first.text == "Presence of:"
    assert [item.text.split(":")[0].split()[0] for item in first.items] == [
        "Renal", "Cardiac", "Hepatitis", "Respiratory",
    ]  # fmt: skip
    assert first.items[0].text == "Renal failure: calculated creatinine clearance of <30 ml / min"
    assert all(not item.items for item in first.items)


def _words(text: str) -> list[str]:
    return text.split()


def _flatten(criteria: list) -> list[str]:
    words: list[str] = []
    for criterion in criteria:
        words += _words(criterion.text)
        words += _flatten(criterion.items)
    return words


def test_seed_criteria_keep_every_word(seed: Record) -> None:
    """Every word of the eligibility section survives, in order, minus markers and escapes."""
    text = SEED_TEXT.read_text(encoding="utf-8")
    section = text.split("Inclusion Criteria\n", 1)[1].split("\n18 Years\n", 1)[0]
    section = section.replace("\\", "").replace("Exclusion Criteria\n", "")
    marker = re.compile(r"^(?:\*|\d\.|[a-z]\.|[ivx]+-)$")
    expected = [word for word in section.split() if not marker.match(word)]
    assert seed.eligibility is not None
    actual = _flatten(seed.eligibility.inclusion) + _flatten(seed.eligibility.exclusion)
    assert actual == expected


def test_seed_sponsor_site_reference_related_source(seed: Record) -> None:
    assert seed.sponsor is not None
    assert (seed.sponsor.name, seed.sponsor.class_) == (
        "Assistance Publique - Hôpitaux de Paris", "OTHER",
    )  # fmt: skip
    assert seed.collaborators == []
    (site,) = seed.locations
    assert (site.facility, site.city, site.state, site.country) == (
        "Saint-Louis Hospital", "Paris", None, "France",
    )  # fmt: skip
    (reference,) = seed.references
    assert reference.citation.startswith("Farge D, Biard L")
    assert reference.doi == "10.1016/S2665-9913(24)00298-4"
    assert [(item.nct_id, item.title) for item in seed.related] == RELATED
    assert seed.source.model_dump() == {
        "registry": "ClinicalTrials.gov", "url": "https://clinicaltrials.gov/study/NCT03562065",
        "retrieved": None, "format": "registry-text",
    }  # fmt: skip


def test_split_inline_letters_then_romans() -> None:
    lead, items = split_inline("Lead: a. one thing. b. other: i- x ii- y iii- z")
    assert lead == "Lead:"
    assert [item["text"] for item in items] == ["one thing.", "other:"]
    assert [item["text"] for item in items[1]["items"]] == ["x", "y", "z"]


def test_split_inline_leaves_plain_text_alone() -> None:
    assert split_inline("Vitamin a. deficiency with iv bolus") == (
        "Vitamin a. deficiency with iv bolus", [],
    )  # fmt: skip
    assert split_inline("HIV 1/2, HTLV-1/2 and 1. not a list") == (
        "HIV 1/2, HTLV-1/2 and 1. not a list", [],
    )  # fmt: skip


def test_bullet_lines_nest_numbered_lines_and_join_continuations() -> None:
    criteria = from_bullet_lines(["* Presence of:", "1. one", "2. two", "* next", "wrapped \\<5"])
    assert criteria == [
        {"text": "Presence of:", "items": [
            {"text": "one", "items": [], "label": "1."},
            {"text": "two", "items": [], "label": "2."}]},
        {"text": "next wrapped <5", "items": []},
    ]  # fmt: skip


def _seed_variant(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "variant.txt"
    path.write_text(SEED_TEXT.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return path


def test_missing_nct_line_is_a_located_error(tmp_path: Path) -> None:
    path = _seed_variant(tmp_path, "NCT ID: NCT03562065", "Identifier: NCT03562065")
    with pytest.raises(ContentError) as caught:
        read_source(path)
    assert str(caught.value).splitlines()[0] == (
        f'{path}:1: no "NCT ID:" line; is this a registry study page saved as text?'
    )


def test_unknown_design_value_names_line_and_field(tmp_path: Path) -> None:
    path = _seed_variant(tmp_path, "\nSINGLE_GROUP\nTREATMENT\n", "\nSINGLE_GROUP\nCURING\n")
    with pytest.raises(ContentErrors) as caught:
        import_sources([path], tmp_path / "content")
    assert str(caught.value).splitlines() == [
        f"{path}:37: design.purpose: expected one of BASIC_SCIENCE, DEVICE_FEASIBILITY, DIAGNOSTIC,"
        " ECT, HEALTH_SERVICES_RESEARCH, OTHER, PREVENTION, SCREENING, SUPPORTIVE_CARE, TREATMENT,"
        ' got "CURING"',
        "    CURING",
        "1 error in 1 file; nothing was written",
    ]
    assert not (tmp_path / "content").exists()


@pytest.mark.parametrize("typed", [False, True], ids=["bare-names", "typed-names"])
def test_saved_pages_of_fixture_records_keep_one_arm_per_arm(tmp_path: Path, typed: bool) -> None:
    """Each arm of a page made from a fixture record imports as one arm with its interventions."""
    records = [record for path in JSON_FILES + XML_FILES for record in read_source(path)]
    writable = [record for record in records if can_write(record)]
    assert len(writable) >= 30
    for record in writable:
        page = tmp_path / f"{record.nct_id}.txt"
        page.write_text(saved_page(record, typed), encoding="utf-8")
        (imported,) = read_source(page)
        assert [(arm.label, arm.interventions) for arm in imported.arms] == [
            (arm.label, arm.interventions) for arm in record.arms
        ], record.nct_id
        assert [item.name for item in imported.interventions] == [
            item.name for item in record.interventions
        ]
