"""`trialsite import`: one line per record, atomic writes, other files untouched, safe ids."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from conftest import CTGOV, FIXTURES, SEED_TEXT

from generator.errors import ContentError
from generator.importer import import_sources, read_source, write_record
from generator.model import Record

GOLDEN = FIXTURES / "golden" / "NCT03562065.record.yaml"


def test_import_prints_one_line_per_record(cli: Callable[..., Result], tmp_path: Path) -> None:
    sources = [SEED_TEXT, CTGOV / "json" / "NCT03934567.json", CTGOV / "xml" / "NCT00151216.xml"]
    result = cli("import", *sources, "--content", tmp_path)
    ids = ["NCT03562065", "NCT03934567", "NCT00151216"]
    assert [line for line in result.output.splitlines() if not line.startswith("WARNING")] == [
        f"wrote {tmp_path / 'trials' / nct / 'record.yaml'}" for nct in ids
    ]
    written = tmp_path / "trials" / "NCT03562065" / "record.yaml"
    assert written.read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")


def test_reimport_rewrites_the_record_only(tmp_path: Path) -> None:
    folder = tmp_path / "trials" / "NCT03562065"
    folder.mkdir(parents=True)
    others = {"patients.en.yaml": "why: people wrote this\n", "fr.po": 'msgid ""\nmsgstr ""\n'}
    for name, text in others.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "record.yaml").write_text("stale: true\n", encoding="utf-8")
    assert import_sources([SEED_TEXT], tmp_path) == [folder / "record.yaml"]
    assert sorted(path.name for path in folder.iterdir()) == sorted([*others, "record.yaml"])
    for name, text in others.items():
        assert (folder / name).read_text(encoding="utf-8") == text
    assert (folder / "record.yaml").read_text(encoding="utf-8") == GOLDEN.read_text("utf-8")


def test_search_page_writes_every_study(cli: Callable[..., Result], tmp_path: Path) -> None:
    studies = [
        json.loads((CTGOV / "json" / f"{nct}.json").read_text(encoding="utf-8"))
        for nct in ("NCT00184067", "NCT03934567")
    ]
    page = tmp_path / "page.json"
    page.write_text(json.dumps({"studies": studies}), encoding="utf-8")
    result = cli("import", page, "--content", tmp_path / "content")
    assert len(result.output.splitlines()) == 2
    assert sorted(p.name for p in (tmp_path / "content" / "trials").iterdir()) == [
        "NCT00184067", "NCT03934567",
    ]  # fmt: skip


def test_one_bad_source_writes_nothing(cli: Callable[..., Result], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"protocolSection": ', encoding="utf-8")
    result = cli("import", SEED_TEXT, bad, "--content", tmp_path / "content", expect_ok=False)
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if not line.startswith("WARNING")] == [
        f"Error: {bad}:1: invalid JSON: Expecting value",
        "1 error in 1 file; nothing was written",
    ]
    assert not (tmp_path / "content").exists()


def test_missing_source_is_a_clear_error(cli: Callable[..., Result], tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    result = cli("import", missing, "--content", tmp_path, expect_ok=False)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"Error: {missing}: cannot read file: No such file or directory"
    )
    assert "Traceback" not in result.output


@pytest.mark.parametrize("nct_id", ["../../etc", "NCT0356206", "NCT035620651", "nct03562065"])
def test_ids_that_are_not_nct_ids_are_refused(tmp_path: Path, nct_id: str) -> None:
    study = json.loads((CTGOV / "json" / "NCT03934567.json").read_text(encoding="utf-8"))
    study["protocolSection"]["identificationModule"]["nctId"] = nct_id
    source = tmp_path / "study.json"
    source.write_text(json.dumps(study), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_source(source)
    assert caught.value.field == "nct_id"
    assert f'got "{nct_id}"' in str(caught.value)


def test_write_record_refuses_unsafe_ids_even_unvalidated(tmp_path: Path) -> None:
    (record,) = read_source(SEED_TEXT)
    unsafe = Record.model_construct(**{**dict(record), "nct_id": "../NCT03562065"})
    with pytest.raises(ContentError) as caught:
        write_record(unsafe, tmp_path)
    assert str(caught.value) == 'nct_id: refusing to write a record with id "../NCT03562065"'
    assert list(tmp_path.iterdir()) == []


def test_written_record_is_readable_and_keeps_its_mode(tmp_path: Path) -> None:
    (path,) = import_sources([SEED_TEXT], tmp_path)
    assert path.stat().st_mode & 0o644 == 0o644
    path.chmod(0o664)
    import_sources([SEED_TEXT], tmp_path)
    assert path.stat().st_mode & 0o777 == 0o664


def test_no_temporary_file_is_left_behind(tmp_path: Path) -> None:
    import_sources([SEED_TEXT, CTGOV / "json" / "NCT03934567.json"], tmp_path)
    leftovers = [path for path in tmp_path.rglob("*") if path.name.startswith(".record.")]
    assert leftovers == []


def test_suspected_lost_exponents_are_warnings_naming_the_criterion(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    """Medical review item 2: "<0.5.109/L" is 0.5 x 10^9/L with its superscript lost."""
    result = cli("import", SEED_TEXT, "--content", tmp_path)
    where = (
        f"WARNING: {SEED_TEXT}: NCT03562065: exclusion criterion 4 (eligibility.exclusion.3.text)"
    )
    assert [line for line in result.output.splitlines() if line.startswith("WARNING")] == [
        f'{where}: suspected lost exponent "{found}" (10^n/L registered as 10n/L?); '
        "shown as registered with a note, never corrected"
        for found in ("0.5.109/L", "30. 109 / L", "200 x 106 / L")
    ]
    record = (tmp_path / "trials" / "NCT03562065" / "record.yaml").read_text(encoding="utf-8")
    assert "neutropenia <0.5.109/L, thrombocytopenia <30. 109 / L" in record
