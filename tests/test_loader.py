"""Loader and `trialsite check` errors: one clear located line per problem, exit 1, no traceback."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from conftest import CONTENT, FIXTURES

from generator.errors import ContentErrors
from generator.importer import dump_record
from generator.loader import load_record

BAD = FIXTURES / "bad"
EXPECTED = {
    "unknown_key": [
        '{path}:10: eligibility.min_agee: unknown key "min_agee" (did you mean "min_age"?)',
        "    min_agee: 18 Years",
    ],
    "wrong_type": [
        '{path}:8: enrollment.count: expected a whole number, got "ten"',
        "    count: ten",
    ],
    "bad_nct_id": [
        '{path}:1: nct_id: expected an NCT id such as "NCT03562065", got "NCT3562065"',
        "    nct_id: NCT3562065",
    ],
    "yaml_syntax": [
        "{path}:14: YAML syntax error: found unexpected end of stream, while scanning a quoted"
        " scalar that starts on line 3",
    ],
    "missing_required": ["{path}:1: title: required key is missing"],
    "duplicate_key": [
        '{path}:12: eligibility.sex: duplicate key "sex" (first given on line 11)',
        "    sex: FEMALE",
    ],
    "impossible_date": [
        '{path}:6: status.start: "2019-02-30" is not a real date',
        "    start: '2019-02-30'",
    ],
}  # fmt: skip


def _errors(path: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        load_record(path)
    return str(caught.value).splitlines()


def test_valid_fixture_loads_and_dumps_back() -> None:
    path = BAD / "valid.yaml"
    assert dump_record(load_record(path)) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_load_record_error_is_one_located_line(name: str) -> None:
    path = BAD / f"{name}.yaml"
    expected = [line.format(path=path) for line in EXPECTED[name]]
    assert _errors(path) == [*expected, "1 error in 1 file"]


def test_every_error_of_a_file_is_reported_at_once() -> None:
    path = BAD / "two_errors.yaml"
    lines = _errors(path)
    assert lines[0].startswith(f"{path}:5: status.overall: expected one of 'ACTIVE_NOT_RECRUITING'")
    assert lines[0].endswith(''''WITHHELD' or 'UNKNOWN', got "PAUSED"''')
    assert lines[1:] == [
        "    overall: PAUSED",
        f"{path}:8: enrollment.count: input should be greater than or equal to 0, got -3",
        "    count: -3",
        "2 errors in 1 file",
    ]


def _content_with(tmp_path: Path, record: Path) -> tuple[Path, Path]:
    content = tmp_path / "content"
    content.mkdir()
    for name in ("site.yaml", "glossary.yaml"):
        shutil.copy(CONTENT / name, content / name)
    target = content / "trials" / "NCT03562065" / "record.yaml"
    target.parent.mkdir(parents=True)
    shutil.copy(record, target)
    return content, target


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_check_reports_the_error_and_exits_1(
    cli: Callable[..., Result], tmp_path: Path, name: str
) -> None:
    content, target = _content_with(tmp_path, BAD / f"{name}.yaml")
    result = cli("check", "--content", content, expect_ok=False)
    assert result.exit_code == 1
    expected = [line.format(path=target) for line in EXPECTED[name]]
    lines = result.output.splitlines()
    assert lines[0] == f"Error: {expected[0]}"
    assert lines[1 : len(expected)] == expected[1:]
    assert "Traceback" not in result.output
    assert "1 error in 1 file" in result.output


def test_check_reports_errors_of_several_files_together(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    content, _ = _content_with(tmp_path, BAD / "unknown_key.yaml")
    other = content / "trials" / "NCT00184067" / "record.yaml"
    other.parent.mkdir()
    shutil.copy(BAD / "impossible_date.yaml", other)
    other.write_text(other.read_text().replace("NCT03562065", "NCT00184067"), encoding="utf-8")
    result = cli("check", "--content", content, expect_ok=False)
    assert result.exit_code == 1
    assert f'{other}:6: status.start: "2019-02-30" is not a real date' in result.output
    assert 'unknown key "min_agee"' in result.output
    assert "2 errors in 2 files" in result.output


# Strict records (issue 16): each edit of a valid record, and the one located error it gives.
STRICT = {
    "octal": ("  count: 10", "  count: 050",
              '{path}:8: enrollment.count: "050": YAML 1.1 reads a leading 0 as octal; write 50'),
    "boolean count": ("  count: 10", "  count: true",
                      "{path}:8: enrollment.count: expected a whole number, got True"),
    "float count": ("  count: 10", "  count: 48.0",
                    "{path}:8: enrollment.count: expected a whole number, got 48.0"),
    "yes": ("  sex: ALL", "  sex: ALL\n  healthy_volunteers: yes",
            '{path}:12: eligibility.healthy_volunteers: "yes" is a boolean in YAML 1.1 and text'
            " in YAML 1.2; write true or false"),
    "ages reversed": ("  min_age: 18 Years", "  min_age: 70 Years\n  max_age: 65 Years",
                      "{path}:11: eligibility.max_age: 65 Years is below min_age 70 Years"),
    "ages in other units": ("  min_age: 18 Years", "  min_age: 2 Years\n  max_age: 18 Months",
                            "{path}:11: eligibility.max_age: 18 Months is below min_age 2 Years"),
    "full-width id": ("nct_id: NCT03562065", "nct_id: NCT\uff10\uff13\uff15\uff16\uff12"
                      "\uff10\uff16\uff15",
                      '{path}:1: nct_id: expected an NCT id such as "NCT03562065", got '
                      '"NCT\uff10\uff13\uff15\uff16\uff12\uff10\uff16\uff15"'),
    "latitude out of range": ("  sex: ALL", "  sex: ALL\nlocations:\n- city: Lyon\n  geo:\n"
                              "    lat: 145.7\n    lon: 4.8",
                              "{path}:15: locations.0.geo.lat: a latitude is between -90 and 90 "
                              "degrees, got 145.7"),
    "longitude as text": ("  sex: ALL", "  sex: ALL\nlocations:\n- city: Lyon\n  geo:\n"
                          "    lat: 45.7\n    lon: '4.8'",
                          '{path}:16: locations.0.geo.lon: expected a number, got "4.8"'),
    "coordinate missing": ("  sex: ALL", "  sex: ALL\nlocations:\n- city: Lyon\n  geo:\n"
                           "    lat: 45.7",
                           "{path}:14: locations.0.geo.lon: required key is missing"),
    "control character": ("  brief: Treatment", "  brief: \"Treat\\x07ment",
                          "{path}:3: title.brief: control character U+0007 in text; remove it"),
    "bidi override": ("  brief: Treatment", "  brief: Treat\u202ement",
                      "{path}:3: title.brief: control character U+202E in text; remove it"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(STRICT))
def test_strict_record_refuses_what_yaml_or_pydantic_would_guess(tmp_path: Path, name: str) -> None:
    old, new, expected = STRICT[name]
    text = (BAD / "valid.yaml").read_text(encoding="utf-8")
    assert old in text
    if name == "control character":
        text = text.replace("Systemic Lupus Erythematosus", 'Systemic Lupus Erythematosus"')
    path = tmp_path / "record.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert _errors(path)[0] == expected.format(path=path)
