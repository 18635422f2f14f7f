"""`trialsite refresh` against a local API v2: unchanged, updated, older refused, removed, new."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from conftest import CTGOV
from registry_server import FakeRegistry, fixture_study

from generator.catalogs import read_translations
from generator.importer import import_sources, read_source
from generator.importer.refresh import changed_fields
from generator.loader import load_record
from generator.translations import update_catalogs

Cli = Callable[..., Result]
IDS = ("NCT00184067", "NCT03934567")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A content folder with two imported trials, a French translation and a patient text."""
    folder = tmp_path / "content"
    import_sources([CTGOV / "json" / f"{nct_id}.json" for nct_id in IDS], folder)
    update_catalogs(folder, [])
    po = folder / "trials" / "NCT03934567" / "fr.po"
    text = po.read_text(encoding="utf-8")
    summary = text.index('msgctxt "summary.0"')
    empty = text.index('msgstr ""', summary)
    po.write_text(f'{text[:empty]}msgstr "Résumé traduit."{text[empty + 9 :]}', encoding="utf-8")
    patients = folder / "trials" / "NCT03934567" / "patients.en.yaml"
    patients.write_text("reviewed_against: '2025-04-10'\nwhy: Written by us.\n", encoding="utf-8")
    return folder


def _newer(last_update: str) -> dict[str, Any]:
    study = copy.deepcopy(fixture_study("NCT03934567"))
    protocol = study["protocolSection"]
    protocol["statusModule"]["overallStatus"] = "COMPLETED"
    protocol["statusModule"]["lastUpdatePostDateStruct"]["date"] = last_update
    protocol["descriptionModule"]["briefSummary"] = "A shorter summary."
    return study


def _refresh(
    cli: Cli, registry: FakeRegistry, content: Path, *args: str, ok: bool = True
) -> Result:
    return cli("refresh", *args, "--registry-url", registry.url, "--content", content,
               "--retries", "0", expect_ok=ok)  # fmt: skip


def test_nothing_changed_is_unchanged_and_writes_nothing(
    cli: Cli, fake_registry: FakeRegistry, content: Path
) -> None:
    before = {path: path.stat().st_mtime_ns for path in content.rglob("*") if path.is_file()}
    result = _refresh(cli, fake_registry, content)
    assert [line for line in result.output.splitlines() if not line.startswith("fetching")] == [
        "NCT00184067: unchanged",
        "NCT03934567: unchanged",
        "2 trial(s): 2 unchanged, 0 updated, 0 new, 0 removed, 0 failed; "
        "now stale: 0 translation(s), 0 reviewed patient text(s)",
    ]
    after = {path: path.stat().st_mtime_ns for path in content.rglob("*") if path.is_file()}
    assert after == before


def test_a_newer_record_is_written_and_names_what_changed(
    cli: Cli, fake_registry: FakeRegistry, content: Path
) -> None:
    fake_registry.studies["NCT03934567"] = _newer("2025-06-01")
    result = _refresh(cli, fake_registry, content, "NCT03934567")
    assert result.output.splitlines()[1:] == [
        "NCT03934567: updated: status.overall, status.last_update, summary",
        "1 trial(s): 0 unchanged, 1 updated, 0 new, 0 removed, 0 failed; "
        "now stale: 1 translation(s), 1 reviewed patient text(s)",
    ]
    folder = content / "trials" / "NCT03934567"
    assert load_record(folder / "record.yaml").status.overall == "COMPLETED"
    stale = read_translations(folder / "fr.po")["summary.0"]
    assert (stale.source, stale.text, stale.fuzzy) == (
        "A shorter summary.",
        "Résumé traduit.",
        True,
    )
    assert (content / "sources" / "NCT03934567.json").exists()


def test_a_record_imported_before_coordinates_takes_them_and_nothing_goes_stale(
    cli: Cli, fake_registry: FakeRegistry, content: Path
) -> None:
    """A record.yaml written before sites had coordinates (issue 20) loads, and a refresh of the
    same registry record adds them: one changed field, no translation or patient text stale."""
    record = content / "trials" / "NCT03934567" / "record.yaml"
    text = record.read_text(encoding="utf-8")
    without = re.sub(r"^  geo:\n    lat: .*\n    lon: .*\n", "", text, flags=re.M)
    assert without != text and "geo:" not in without
    record.write_text(without, encoding="utf-8")
    assert not any(site.geo for site in load_record(record).locations)
    result = _refresh(cli, fake_registry, content, "NCT03934567")
    assert result.output.splitlines()[1:] == [
        "NCT03934567: updated: locations",
        "1 trial(s): 0 unchanged, 1 updated, 0 new, 0 removed, 0 failed; "
        "now stale: 0 translation(s), 0 reviewed patient text(s)",
    ]
    assert record.read_text(encoding="utf-8") == text


def test_an_older_record_is_refused_unless_forced(
    cli: Cli, fake_registry: FakeRegistry, content: Path
) -> None:
    fake_registry.studies["NCT03934567"] = _newer("2024-01-02")
    record = content / "trials" / "NCT03934567" / "record.yaml"
    before = record.read_bytes()
    result = _refresh(cli, fake_registry, content, ok=False)
    assert result.exit_code == 1
    assert (
        "NCT03934567: refused: the registry's record (last updated 2024-01-02) is older "
        "than ours (2025-04-10); use --force to take it" in result.output.splitlines()
    )
    assert result.output.splitlines()[-1].startswith("Error: 2 trial(s): 1 unchanged, 0 updated")
    assert record.read_bytes() == before
    _refresh(cli, fake_registry, content, "--force")
    assert load_record(record).status.last_update == "2024-01-02"


def test_removed_from_the_registry_is_reported_and_kept(
    cli: Cli, fake_registry: FakeRegistry, content: Path
) -> None:
    fake_registry.scripts["/api/v2/studies/NCT00184067"] = [(404, {}, b"gone")]
    result = _refresh(cli, fake_registry, content)
    assert "NCT00184067: removed from the registry (kept here; HTTP 404)" in result.output
    assert (content / "trials" / "NCT00184067" / "record.yaml").exists()


def test_an_id_not_here_yet_is_new_and_a_failure_is_exit_1(
    cli: Cli, fake_registry: FakeRegistry, content: Path
) -> None:
    fake_registry.scripts["/api/v2/studies/NCT03934567"] = [(503, {}, b"down")]
    result = _refresh(cli, fake_registry, content, "nct04523987", "NCT03934567", ok=False)
    assert "NCT04523987: new" in result.output.splitlines()
    assert any(line.startswith("NCT03934567: failed: the registry answered HTTP 503")
               for line in result.output.splitlines())  # fmt: skip
    assert (content / "trials" / "NCT04523987" / "fr.po").exists()


def test_changed_fields_names_nested_fields_in_record_order() -> None:
    (old,) = read_source(CTGOV / "json" / "NCT03934567.json")
    new = old.model_copy(update={"keywords": ["x"], "summary": None})
    assert changed_fields(old, new) == ["keywords", "summary"]
