"""The terms file (issue 19): its lookups, and its errors located at file, line and field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from conftest import CONTENT, ScratchContent

from generator.languages import LANGUAGES
from generator.loader import load_content
from generator.terms import TERMS_FILE, Terms, load_terms, numbers_of

GOOD = """\
conditions:
  lupus-erythematosus-systemic:
    en: "Lupus Erythematosus, Systemic"
    fr: lupus érythémateux systémique
    also: {en: ["Systemic Lupus Erythematosus", SLE], fr: [LES]}
    lay: {en: lupus, fr: lupus}
    mesh: [D008180]
  diabetes-mellitus-type-2:
    en: "Diabetes Mellitus, Type 2"
    fr: diabète de type 2
    broader: lupus-erythematosus-systemic
"""


def _load(tmp_path: Path, text: str) -> tuple[Terms | None, list[str]]:
    (tmp_path / TERMS_FILE).write_text(text, encoding="utf-8")
    terms, errors = load_terms(tmp_path)
    return terms, [str(error) for error in errors]


def test_a_term_is_found_by_any_english_name_or_its_mesh_id(tmp_path: Path) -> None:
    terms, errors = _load(tmp_path, GOOD)
    assert errors == [] and terms is not None
    for name in ("Lupus Erythematosus, Systemic", "systemic lupus  erythematosus", "SLE",
                 "D008180", "D000008180"):  # fmt: skip
        term = terms.entry_for(name)
        assert term is not None and term.key == "lupus-erythematosus-systemic", name
    assert terms.french("Systemic Lupus Erythematosus") == "lupus érythémateux systémique"
    term = terms.entry_for("SLE")
    assert term is not None and term.kind == "condition" and term.line == 2
    assert term.names("fr") == ["lupus érythémateux systémique", "lupus", "LES"]
    assert term.lay_name("fr") == "lupus"
    # A lay name is for search: "lupus" may be several terms, so it translates nothing.
    assert terms.french("lupus") is None
    assert terms.french("Lupus Nephritis") is None


def test_an_absent_terms_file_is_an_empty_one(tmp_path: Path) -> None:
    terms, errors = load_terms(tmp_path)
    assert errors == [] and terms is not None and terms.entries() == []


BAD = {
    "yaml syntax": (
        GOOD.replace("    fr: diabète de type 2", '    fr: "diabète de type 2'),
        "{path}:12: YAML syntax error: found unexpected end of stream, while scanning a quoted "
        "scalar that starts on line 10",
    ),
    "missing language": (
        GOOD.replace("    fr: diabète de type 2\n", ""),
        "{path}:8: conditions.diabetes-mellitus-type-2.fr: required key is missing",
    ),
    "duplicate English": (
        GOOD + '  sle:\n    en: SLE\n    fr: LES\n',
        '{path}:13: conditions.sle.en: "SLE" is already a name of '
        "conditions.lupus-erythematosus-systemic (line 5): a name belongs to one term",
    ),
    "duplicate MeSH id": (
        GOOD + "  lupus:\n    en: Lupus\n    fr: lupus\n    mesh: [D000008180]\n",
        '{path}:15: conditions.lupus.mesh.0: "D000008180" is already a name of '
        "conditions.lupus-erythematosus-systemic (line 7): a name belongs to one term",
    ),
    "number changed": (
        GOOD.replace("diabète de type 2", "diabète de type 1"),
        '{path}:10: conditions.diabetes-mellitus-type-2.fr: "diabète de type 1" states the '
        'numbers [1], the English term "Diabetes Mellitus, Type 2" [2]: a term must not change '
        "a number",
    ),
    "stage changed": (
        GOOD + "  stage-ii:\n    en: Stage II Lung Cancer\n    fr: cancer du poumon de stade III\n",
        '{path}:14: conditions.stage-ii.fr: "cancer du poumon de stade III" states the numbers '
        '[3], the English term "Stage II Lung Cancer" [2]: a term must not change a number',
    ),
    "unknown language": (
        GOOD.replace("lay: {en: lupus", "lay: {xx: lupus"),
        '{path}:6: conditions.lupus-erythematosus-systemic.lay.xx: "xx" is not a language '
        f"trialsite knows ({', '.join(LANGUAGES)})",
    ),
    "broader unknown": (
        GOOD.replace("broader: lupus-erythematosus-systemic", "broader: lupus"),
        '{path}:11: conditions.diabetes-mellitus-type-2.broader: "lupus" is not the key of a '
        "term of this file",
    ),
    "bad MeSH id": (
        GOOD.replace("[D008180]", "[lupus]"),
        '{path}:7: conditions.lupus-erythematosus-systemic.mesh.0: expected a MeSH id such as '
        '"D008180", got "lupus"',
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_terms_file_is_one_located_error(tmp_path: Path, name: str) -> None:
    text, expected = BAD[name]
    terms, errors = _load(tmp_path, text)
    assert terms is None
    assert [error.splitlines()[0] for error in errors] == [
        expected.format(path=tmp_path / TERMS_FILE)
    ]


def test_check_reports_a_terms_error_without_a_traceback(
    cli: Callable[..., Result], scratch_content: ScratchContent
) -> None:
    content = scratch_content(files={TERMS_FILE: BAD["missing language"][0]})
    result = cli("check", "--content", content, expect_ok=False)
    assert result.exit_code == 1
    path = content / TERMS_FILE
    assert f"Error: {path}:8: conditions.diabetes-mellitus-type-2.fr: required key is missing" in (
        result.output.splitlines()
    )
    assert "Traceback" not in result.output


def test_numbers_are_read_as_digits_and_roman_numerals() -> None:
    assert numbers_of("Stage IIIA Lung Cancer AJCC v8") == [3, 8]
    assert numbers_of("cancer du poumon de stade IIIA (AJCC, 8e édition)") == [3, 8]
    assert numbers_of("Type I Diabetes") == numbers_of("diabète de type 1") == [1]
    assert numbers_of("HIV Infections") == numbers_of("infection par le VIH") == []


def test_the_shipped_terms_name_every_condition_of_the_shipped_trials() -> None:
    content = load_content(CONTENT)
    assert len(content.terms.entries("condition")) >= 200
    for trial in content.trials:
        for name in trial.record.conditions:
            assert content.terms.french(name), (trial.record.nct_id, name)
        for mesh in trial.record.condition_mesh:
            assert content.terms.french(mesh.term), (trial.record.nct_id, mesh.term)
