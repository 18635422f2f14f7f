"""Hostile and broken input (issue 8): every case is one clear located error, exit 1, no trace.

The corpus is in tests/hostile/ (records/: broken record.yaml files, sources/: broken registry
files). Big inputs (a 10 MB record, 1,148 sites) are generated here rather than committed.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from generator.errors import ContentErrors
from generator.importer import import_sources, read_source
from generator.layout import TEMPLATES_DIR
from generator.loader import load_content, load_record
from generator.render import render_site

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "hostile"
RECORDS = HOSTILE / "records"
SOURCES = HOSTILE / "sources"
TRIAL = "NCT99999901"
RECORD = f"content/trials/{TRIAL}/record.yaml"

Cli = Callable[..., Result]


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A content folder (real site settings and glossary, no trial); the cwd is its parent."""
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "content"
    (root / "trials").mkdir(parents=True)
    for name in ("site.yaml", "glossary.yaml"):
        shutil.copy(ROOT / "content" / name, root / name)
    return root


def place(content: Path, corpus_file: str, folder: str = TRIAL) -> Path:
    """Copy one corpus record into `content/trials/<folder>/record.yaml`."""
    target = content / "trials" / folder / "record.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(RECORDS / corpus_file, target)
    return target


def assert_failed(result: Result, *lines: str) -> None:
    """Exit 1, exactly these lines of output (plus source-line echoes), and no traceback."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    shown = [line for line in result.output.splitlines() if not line.startswith("    ")]
    assert shown == list(lines), result.output


# --- record.yaml written by hand -------------------------------------------------------------

RECORD_CASES = {
    "syntax_error.yaml": f"{RECORD}:5: YAML syntax error: did not find expected ',' or ']', "
    "while parsing a flow sequence that starts on line 4",
    "tab_indent.yaml": f"{RECORD}:13: YAML syntax error: a tab cannot indent YAML; "
    "indent with spaces",
    "duplicate_key.yaml": f'{RECORD}:12: phase: duplicate key "phase" (first given on line 9)',
    "wrong_type.yaml": f'{RECORD}:13: enrollment.count: expected a whole number, got "forty"',
    "unknown_key.yaml": f'{RECORD}:14: sumary: unknown key "sumary" (did you mean "summary"?)',
    "missing_key.yaml": f"{RECORD}:2: title: required key is missing",
    "empty.yaml": f"{RECORD}:1: expected a mapping of keys to values, the file is empty",
    "a_list.yaml": f"{RECORD}:1: expected a mapping of keys to values, the file is a list",
    "scalar.yaml": f"{RECORD}:1: expected a mapping of keys to values, the file is a str",
    "latin1.yaml": f"{RECORD}:4: byte 0xe9 is not UTF-8 (is the file Latin-1?); save it as UTF-8",
    "utf16.yaml": f"{RECORD}: file is UTF-16; save it as UTF-8",
    "nul.yaml": f"{RECORD}: file contains NUL characters; is it a text file?",
    "bad_nct_id.yaml": f'{RECORD}:2: nct_id: expected an NCT id such as "NCT03562065", '
    'got "NCT9999990"',
    "traversal_id.yaml": f'{RECORD}:2: nct_id: expected an NCT id such as "NCT03562065", '
    'got "../../../etc"',
    "bad_related_id.yaml": f"{RECORD}:31: related.0.nct_id: expected an NCT id such as "
    '"NCT03562065", got "NCT0356206"',
    "impossible_date.yaml": f'{RECORD}:8: status.start: "2024-02-30" is not a real date',
    "yaml_tag.yaml": f"{RECORD}:14: summary: input should be a valid string, got a list",
    "yaml_alias_bomb.yaml": f"{RECORD}:17: lol.a1.0: YAML aliases (*name) are not allowed "
    "here; write the value out",
    "yaml_alias_loop.yaml": f"{RECORD}:30: related.0: YAML aliases (*name) are not allowed "
    "here; write the value out",
    "yaml_python_name.yaml": f"{RECORD}:14: YAML syntax error: could not determine a "
    "constructor for the tag 'tag:yaml.org,2002:python/name:os.system'",
}


@pytest.mark.parametrize("corpus_file", sorted(RECORD_CASES))
def test_broken_record_is_one_located_error(cli: Cli, content: Path, corpus_file: str) -> None:
    place(content, corpus_file)
    result = cli("check", "--content", "content", expect_ok=False)
    assert_failed(result, f"Error: {RECORD_CASES[corpus_file]}", "1 error in 1 file")


def test_bad_enum_names_the_allowed_values(cli: Cli, content: Path) -> None:
    place(content, "bad_enum.yaml")
    result = cli("check", "--content", "content", expect_ok=False)
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith(f"Error: {RECORD}:6: status.overall: expected one of ")
    assert first.endswith(" 'WITHHELD' or 'UNKNOWN', got \"Recruiting\"")


def test_record_in_a_folder_named_for_another_id(cli: Cli, content: Path) -> None:
    place(content, "good.yaml", folder="NCT99999999")
    result = cli("check", "--content", "content", expect_ok=False)
    assert_failed(
        result,
        'Error: content/trials/NCT99999999/record.yaml: nct_id: the record says "NCT99999901" '
        'but its folder is "NCT99999999"',
        "1 error in 1 file",
    )


def test_every_error_of_a_run_is_reported_at_once(cli: Cli, content: Path) -> None:
    place(content, "wrong_type.yaml", folder="NCT99999901")
    (content / "glossary.yaml").write_text("terms: [\n", encoding="utf-8")
    result = cli("check", "--content", "content", expect_ok=False)
    assert result.exit_code == 1
    assert result.output.count("Error: ") == 1
    assert "content/glossary.yaml:2: YAML syntax error" in result.output
    assert f"{RECORD}:13: enrollment.count:" in result.output
    assert result.output.rstrip().endswith("2 errors in 2 files")


@pytest.mark.parametrize("corpus_file", ["bom.yaml", "crlf.yaml"])
def test_bom_and_crlf_read_as_the_plain_file(content: Path, corpus_file: str) -> None:
    good = load_record(RECORDS / "good.yaml")
    assert load_record(place(content, corpus_file)) == good


def test_python_tags_never_run(content: Path, tmp_path: Path) -> None:
    for corpus_file in ("yaml_tag.yaml", "yaml_python_name.yaml"):
        with pytest.raises(ContentErrors):
            load_record(place(content, corpus_file))
    assert not Path("/tmp/pwned").exists()


# --- registry files given to `trialsite import` ----------------------------------------------

SOURCE_CASES = {
    "truncated.json": "truncated.json:7: invalid JSON: Unterminated string starting at",
    "no_protocol_section.json": "no_protocol_section.json: not an API v2 study: no "
    "protocolSection.identificationModule.nctId",
    "zero_studies.json": "zero_studies.json: studies: the search page holds no studies",
    "studies_not_a_list.json": "studies_not_a_list.json: expected an API v2 study or a page "
    '{"studies": [...]}',
    "json_array.json": "json_array.json: expected an object, got an array",
    "module_wrong_type.json": "module_wrong_type.json: protocolSection.statusModule: "
    "expected an object, got an array",
    "null_in_array.json": "null_in_array.json: protocolSection.armsInterventionsModule."
    "armGroups.0.interventionNames.1: expected text, got null",
    "traversal_id.json": 'traversal_id.json: nct_id: expected an NCT id such as "NCT03562065", '
    'got "../../../tmp/evil" (record ../../../tmp/evil)',
    "slash_id.json": 'slash_id.json: nct_id: expected an NCT id such as "NCT03562065", '
    'got "NCT9999/9902" (record NCT9999/9902)',
    "same_id_twice.json": "same_id_twice.json: nct_id: two records claim NCT99999902 "
    "(also in this file)",
    "dtd.xml": "dtd.xml: XML with a DTD (<!DOCTYPE>) or entity declarations is refused for safety",
    "xxe.xml": "xxe.xml: XML with a DTD (<!DOCTYPE>) or entity declarations is refused for safety",
    "billion_laughs.xml": "billion_laughs.xml: XML with a DTD (<!DOCTYPE>) or entity "
    "declarations is refused for safety",
    "truncated.xml": "truncated.xml:3: invalid XML: no element found",
    "not_clinical_study.xml": "not_clinical_study.xml:1: expected a <clinical_study> record, "
    "found <html>",
    "no_headings.txt": 'no_headings.txt:4: no section headings ("Basic Information", '
    '"Eligibility Criteria", ...); is this a registry study page saved as text?',
    "no_nct_id.txt": 'no_nct_id.txt:1: no "NCT ID:" line; is this a registry study page saved '
    "as text?",
    "empty.txt": "empty.txt: the file is empty; expected a registry study page as text",
    "traversal_id.txt": 'traversal_id.txt: nct_id: expected an NCT id such as "NCT03562065", '
    'got "../../../tmp/evil" (record ../../../tmp/evil)',
    "bad_related_id.txt": 'bad_related_id.txt:22: related: malformed NCT id "NCT0501885" '
    "(expected NCT and 8 digits)",
    "missing.json": "missing.json: cannot read file: No such file or directory",
}


@pytest.fixture
def sources(content: Path, tmp_path: Path) -> Path:
    """The corpus sources copied next to `content/`, so messages name them by file name."""
    for path in SOURCES.iterdir():
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


@pytest.mark.parametrize("source", sorted(SOURCE_CASES))
def test_broken_source_is_one_error_and_writes_nothing(
    cli: Cli, content: Path, sources: Path, source: str
) -> None:
    result = cli("import", source, "--content", "content", expect_ok=False)
    nothing = "1 error in 1 file; nothing was written"
    assert_failed(result, f"Error: {SOURCE_CASES[source]}", nothing)
    assert list((content / "trials").iterdir()) == []
    assert not (sources / "tmp" / "evil").exists() and not Path("/tmp/evil").exists()


def test_two_files_claiming_one_id_write_nothing(cli: Cli, content: Path, sources: Path) -> None:
    result = cli("import", "same_id_a.json", "same_id_b.json", "--content", "content",
                 expect_ok=False)  # fmt: skip
    assert_failed(
        result,
        "Error: same_id_b.json: nct_id: two records claim NCT99999903 (also in same_id_a.json)",
        "1 error in 1 file; nothing was written",
    )
    assert list((content / "trials").iterdir()) == []


def test_one_bad_source_among_good_ones_writes_nothing(
    cli: Cli, content: Path, sources: Path
) -> None:
    result = cli("import", "good.json", "xxe.xml", "good.xml", "--content", "content",
                 expect_ok=False)  # fmt: skip
    assert result.exit_code == 1
    assert list((content / "trials").iterdir()) == []


def test_good_corpus_sources_import(cli: Cli, content: Path, sources: Path) -> None:
    result = cli("import", "good.json", "good.xml", "--content", "content")
    assert result.output == (
        "wrote content/trials/NCT99999902/record.yaml\n"
        "wrote content/trials/NCT99999904/record.yaml\n"
    )


# --- usage errors and tracebacks ------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["import"], ["build", "--no-such-option"], ["no-such-command"], ["check", "extra"]],
)
def test_usage_errors_exit_2(cli: Cli, args: list[str]) -> None:
    result = cli(*args, expect_ok=False)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "Usage: " in result.output


def test_internal_errors_show_a_traceback_only_with_debug(
    cli: Cli, content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.loader

    def broken(_: Path) -> None:
        raise RuntimeError("something unexpected")

    monkeypatch.setattr(generator.loader, "load_content", broken)
    monkeypatch.setattr("generator.build.load_content", broken)
    result = cli("check", "--content", "content", expect_ok=False)
    assert_failed(
        result,
        "Error: internal error: RuntimeError: something unexpected (run with --debug for details)",
    )
    result = cli("--debug", "check", "--content", "content", expect_ok=False)
    assert isinstance(result.exception, RuntimeError)


# --- big inputs, generated -------------------------------------------------------------------


def _big_study(sites: int, summary_chars: int) -> dict[str, object]:
    study = json.loads((SOURCES / "good.json").read_text(encoding="utf-8"))
    protocol = study["protocolSection"]
    paragraph = "Lupus is a long illness; this study tests a medicine in adults. " * 16
    paragraphs = [paragraph.strip()] * max(1, summary_chars // len(paragraph))
    protocol["descriptionModule"] = {"detailedDescription": "\n\n".join(paragraphs)}
    protocol["contactsLocationsModule"] = {"locations": [
        {"facility": f"Hospital {n}", "city": f"City {n % 97}", "country": "France",
         "status": "RECRUITING"}
        for n in range(sites)
    ]}  # fmt: skip
    return study


@pytest.mark.parametrize(("sites", "chars"), [(1148, 1000), (2, 10_000_000)], ids=["sites", "10MB"])
def test_big_records_import_and_load(content: Path, tmp_path: Path, sites: int, chars: int) -> None:
    source = tmp_path / "big.json"
    source.write_text(json.dumps(_big_study(sites, chars)), encoding="utf-8")
    (written,) = import_sources([source], content)
    if chars >= 10_000_000:
        assert written.stat().st_size > 10_000_000
    record = load_record(written)
    assert len(record.locations) == sites
    assert record == read_source(source)[0]
    loaded = load_content(content)
    assert [trial.record for trial in loaded.trials] == [record]
    if sites > 1000:
        pages = render_site(loaded, TEMPLATES_DIR).pages["en"]
        assert "Hospital 1147" in pages[f"trials/{record.nct_id}/investigators/index.md"]


def test_a_10_mb_line_is_not_echoed_whole(cli: Cli, content: Path) -> None:
    good = (RECORDS / "good.yaml").read_text(encoding="utf-8")
    huge = "sumary: " + "Lupus is a long illness. " * 420_000
    place(content, "good.yaml").write_text(
        good.replace("summary: ", "x: ").replace(
            "x: This study tests a medicine in adults with lupus.", huge
        ),
        encoding="utf-8",
    )
    result = cli("check", "--content", "content", expect_ok=False)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f'Error: {RECORD}:14: sumary: unknown key "sumary" (did you mean "summary"?)'
    assert lines[1] == "    " + huge[:119] + "…"
    assert len(result.output) < 1000


def test_deep_yaml_nesting_is_refused(cli: Cli, content: Path) -> None:
    deep = "x:\n" + "".join(f"{'  ' * (level + 1)}y:\n" for level in range(600))
    place(content, "good.yaml").write_text(deep, encoding="utf-8")
    result = cli("check", "--content", "content", expect_ok=False)
    assert_failed(
        result, f"Error: {RECORD}:102: x.y.y.y...: nested more than 100 levels deep",
        "1 error in 1 file",
    )  # fmt: skip


def test_deep_json_nesting_is_refused(cli: Cli, content: Path, tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = cli("import", "deep.json", "--content", "content", expect_ok=False)
    assert_failed(
        result, "Error: deep.json: invalid JSON: arrays or objects nested too deeply",
        "1 error in 1 file; nothing was written",
    )  # fmt: skip


def test_a_draft_beside_the_patient_text_is_never_published(
    content: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = place(content, "good.yaml").parent
    real = "reviewed_against: '2024-03-01'\nwhy: Real.\n"
    (folder / "patients.en.yaml").write_text(real, encoding="utf-8")
    draft = real.replace("Real.", "Draft.")
    (folder / "patients.en.zz-draft.yaml").write_text(draft, encoding="utf-8")
    (trial,) = load_content(content).trials
    assert trial.plain["en"].why == "Real."
    assert "patients.en.zz-draft.yaml: ignored; patient texts are named" in caplog.text


def test_a_record_that_cannot_be_written_is_a_clear_error(
    cli: Cli, content: Path, sources: Path
) -> None:
    (content / "trials" / "NCT99999902" / "record.yaml").mkdir(parents=True)
    result = cli("import", "good.json", "--content", "content", expect_ok=False)
    assert_failed(
        result,
        "Error: content/trials/NCT99999902/record.yaml: cannot write the record: Is a directory",
    )
    assert [path.name for path in (content / "trials" / "NCT99999902").iterdir()] == ["record.yaml"]
