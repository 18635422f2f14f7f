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
        "{path}:8: enrollment.count: input should be a valid integer, unable to parse string as"
        ' an integer, got "ten"',
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
