"""`trialsite import NCT…` and `--search`: fetched from a local API v2 on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from conftest import CTGOV, SEED_TEXT
from registry_server import FakeRegistry, fixture_study

from generator.importer import read_source
from generator.importer.fetch import study_id
from generator.importer.registry_api import Registry, RegistryError
from generator.loader import load_record

Cli = Callable[..., Result]


def _record(content: Path, nct_id: str) -> Path:
    return content / "trials" / nct_id / "record.yaml"


def test_import_by_id_and_url_fetches_keeps_the_copy_and_says_so(
    cli: Cli, fake_registry: FakeRegistry, tmp_path: Path
) -> None:
    url = "https://clinicaltrials.gov/study/NCT00184067?tab=table"
    result = cli("import", "NCT03934567", url, "--registry-url", fake_registry.url,
                 "--content", tmp_path)  # fmt: skip
    assert result.output.splitlines() == [
        "fetching NCT03934567 (1/2)",
        "fetching NCT00184067 (2/2)",
        f"wrote {_record(tmp_path, 'NCT03934567')}",
        f"wrote {_record(tmp_path, 'NCT00184067')}",
    ]
    for nct_id in ("NCT03934567", "NCT00184067"):
        copy = tmp_path / "sources" / f"{nct_id}.json"
        assert json.loads(copy.read_text(encoding="utf-8")) == fixture_study(nct_id)
        (expected,) = read_source(CTGOV / "json" / f"{nct_id}.json")
        assert load_record(_record(tmp_path, nct_id)) == expected
    paths = [path for path, _, _ in fake_registry.requests]
    assert paths == ["/api/v2/studies/NCT03934567", "/api/v2/studies/NCT00184067"]
    agent = fake_registry.requests[0][2]["User-Agent"]
    assert agent.startswith("trialsite/") and "clinical-trial" in agent


def test_registry_url_comes_from_the_environment(
    fake_registry: FakeRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    monkeypatch.setenv("TRIALSITE_REGISTRY_URL", fake_registry.url)
    cli("import", "nct00184067", "--content", tmp_path)
    assert _record(tmp_path, "NCT00184067").exists()


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        ("NCT03562065", "NCT03562065"),
        ("https://clinicaltrials.gov/study/NCT03562065", "NCT03562065"),
        ("https://www.clinicaltrials.gov/ct2/show/NCT03562065?term=lupus", "NCT03562065"),
        ("http://clinicaltrials.gov/study/nct03562065/", "NCT03562065"),
        ("NCT0356206", None),
        ("https://example.org/study/NCT03562065", None),
        ("content/sources/NCT03562065.txt", None),
    ],
)
def test_study_id_understands_ids_and_study_urls(argument: str, expected: str | None) -> None:
    assert study_id(argument) == expected


def test_busy_registry_is_asked_again_after_the_wait_it_names(
    cli: Cli, fake_registry: FakeRegistry, tmp_path: Path
) -> None:
    busy = (429, {"Retry-After": "0"}, b"slow down")
    fake_registry.scripts["/api/v2/studies/NCT03934567"] = [busy, busy]
    result = cli("import", "NCT03934567", "--registry-url", fake_registry.url,
                 "--content", tmp_path)  # fmt: skip
    assert len(fake_registry.requests) == 3
    assert "HTTP 429" in result.output and "trying again in 0 s" in result.output
    assert _record(tmp_path, "NCT03934567").exists()


def test_server_errors_back_off_doubling_then_succeed(fake_registry: FakeRegistry) -> None:
    failing = (500, {}, b"oops")
    fake_registry.scripts["/api/v2/studies/NCT00184067"] = [failing, failing]
    waits: list[float] = []
    registry = Registry(fake_registry.url, backoff=0.001, sleep=waits.append)
    assert json.loads(registry.study("NCT00184067")) == fixture_study("NCT00184067")
    assert waits == [0.001, 0.002]


def test_server_error_that_persists_writes_nothing(
    cli: Cli, fake_registry: FakeRegistry, tmp_path: Path
) -> None:
    fake_registry.scripts["/api/v2/studies/NCT00184067"] = [(500, {}, b"oops")] * 2
    result = cli("import", SEED_TEXT, "NCT00184067", "--registry-url", fake_registry.url,
                 "--retries", "1", "--content", tmp_path, expect_ok=False)  # fmt: skip
    assert result.exit_code == 1
    url = f"{fake_registry.url}/studies/NCT00184067?format=json"
    assert result.output.splitlines()[-2:] == [
        f"Error: NCT00184067: the registry answered HTTP 500 Internal Server Error: {url}",
        "1 of 1 studies could not be fetched; nothing was written",
    ]
    assert not (tmp_path / "trials").exists() and not (tmp_path / "sources").exists()


def test_unknown_id_is_a_clear_404(cli: Cli, fake_registry: FakeRegistry, tmp_path: Path) -> None:
    result = cli("import", "NCT09999999", "--registry-url", fake_registry.url,
                 "--content", tmp_path, expect_ok=False)  # fmt: skip
    url = f"{fake_registry.url}/studies/NCT09999999?format=json"
    assert f"Error: NCT09999999: not found on the registry (HTTP 404): {url}" in result.output
    assert len(fake_registry.requests) == 1
    assert not tmp_path.joinpath("trials").exists()


def test_offline_is_a_clear_error_without_traceback(cli: Cli, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}/api/v2"
    result = cli("import", "NCT03934567", "--registry-url", base, "--retries", "0",
                 "--content", tmp_path, expect_ok=False)  # fmt: skip
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if line.startswith("Error:"))
    assert line.startswith(f"Error: NCT03934567: cannot reach the registry at {base} (")
    assert line.endswith("check the network connection, or set --registry-url / "
                         "TRIALSITE_REGISTRY_URL")  # fmt: skip
    assert "Traceback" not in result.output


def test_answer_for_another_study_is_refused(
    cli: Cli, fake_registry: FakeRegistry, tmp_path: Path
) -> None:
    fake_registry.studies["NCT01234567"] = fixture_study("NCT00184067")
    result = cli("import", "NCT01234567", "--registry-url", fake_registry.url,
                 "--content", tmp_path, expect_ok=False)  # fmt: skip
    copy = tmp_path / "sources" / "NCT01234567.json"
    assert f"Error: {copy}: nct_id: the registry answered for NCT01234567 with another study" in (
        result.output
    )
    assert not copy.exists()


def test_search_follows_pages_and_limit_stops_early(
    cli: Cli, fake_registry: FakeRegistry, tmp_path: Path
) -> None:
    fake_registry.searches["lupus"] = [["NCT00184067", "NCT03934567"], ["NCT04523987"]]
    result = cli("import", "--search", "query.term=lupus", "--registry-url", fake_registry.url,
                 "--content", tmp_path / "all")  # fmt: skip
    assert [line for line in result.output.splitlines() if line.startswith("found")] == [
        "found NCT00184067 (1)", "found NCT03934567 (2)", "found NCT04523987 (3)",
    ]  # fmt: skip
    assert sorted(p.name for p in (tmp_path / "all" / "trials").iterdir()) == [
        "NCT00184067", "NCT03934567", "NCT04523987",
    ]  # fmt: skip
    tokens = [query.get("pageToken") for _, query, _ in fake_registry.requests]
    assert tokens == [None, "page-1"]
    fake_registry.requests.clear()
    cli("import", "--search", "query.term=lupus", "--limit", "2",
        "--registry-url", fake_registry.url, "--content", tmp_path / "two")  # fmt: skip
    assert len(list((tmp_path / "two" / "trials").iterdir())) == 2
    assert [query.get("pageSize") for _, query, _ in fake_registry.requests] == ["2"]


def test_saved_search_page_with_a_next_page_warns(cli: Cli, tmp_path: Path) -> None:
    page = tmp_path / "page.json"
    studies = [fixture_study("NCT00184067")]
    page.write_text(json.dumps({"studies": studies, "nextPageToken": "abc"}), encoding="utf-8")
    result = cli("import", page, "--content", tmp_path / "content")
    assert f"WARNING: {page}: this search page is incomplete" in result.output


def test_folder_imports_every_record_file_in_it(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    shutil.copy(CTGOV / "json" / "NCT03934567.json", folder)
    shutil.copy(CTGOV / "xml" / "NCT00151216.xml", folder)
    shutil.copy(SEED_TEXT, folder)
    (folder / "notes.md").write_text("not a record\n", encoding="utf-8")
    result = cli("import", folder, "--content", tmp_path / "content")
    assert len([line for line in result.output.splitlines() if line.startswith("wrote")]) == 3
    empty = tmp_path / "empty"
    empty.mkdir()
    result = cli("import", empty, "--content", tmp_path / "content", expect_ok=False)
    assert result.output.splitlines()[0] == (
        f"Error: {empty}: no record file (.json, .xml, .txt) in this folder"
    )


def test_other_addresses_are_refused(cli: Cli, tmp_path: Path) -> None:
    result = cli("import", "https://example.org/NCT03562065", "--content", tmp_path,
                 expect_ok=False)  # fmt: skip
    assert result.output.startswith("Error: https://example.org/NCT03562065: not a "
                                    "ClinicalTrials.gov study address")  # fmt: skip


def test_with_related_imports_the_trials_a_record_lists(
    cli: Cli, fake_registry: FakeRegistry, tmp_path: Path
) -> None:
    (seed,) = read_source(SEED_TEXT)
    related = [item.nct_id for item in seed.related]
    for nct_id in related:
        study = fixture_study("NCT00184067")
        study["protocolSection"]["identificationModule"]["nctId"] = nct_id
        fake_registry.studies[nct_id] = study
    cli("import", SEED_TEXT, "--with-related", "--registry-url", fake_registry.url,
        "--content", tmp_path)  # fmt: skip
    assert sorted(p.name for p in (tmp_path / "trials").iterdir()) == sorted(
        [seed.nct_id, *related]
    )


def test_registry_error_is_a_trialsite_error() -> None:
    assert RegistryError("x", 404).status == 404
