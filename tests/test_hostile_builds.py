"""Failing builds (issue 8): the previous site stays byte-identical and the error says why;
re-import never deletes or changes what people wrote in a trial's folder.
"""

from __future__ import annotations

import errno
import hashlib
import os
import pickle
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from contentfixtures import write_content

from generator.build import build
from generator.cache import TrialCache
from generator.errors import BuildError, TrialsiteError
from generator.gates.run import is_findings
from generator.render import is_files, is_pages
from generator.site.writer import BUILD_GATE

ROOT = Path(__file__).resolve().parent.parent
BUILT = "NCT00184067"  # the smallest trial with the fastest checks: the site the builds keep
TRIAL = "NCT03562065"  # the seed, with people-written texts and a catalog: re-imported
SEED = ROOT / "content" / "sources" / f"{TRIAL}.txt"
RECORD = f"content/trials/{TRIAL}/record.yaml"

Cli = Callable[..., Result]


def tree_digest(root: Path) -> str:
    """Return one hash of every path and every byte under `root`."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        if path.is_file() and not path.is_symlink():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A work folder with `content/` (one trial) and the `site/` built from it."""
    work = tmp_path_factory.mktemp("pristine")
    content = write_content(work, (BUILT,))
    build(content, work / "site")
    return work


@pytest.fixture
def work(pristine: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh world-readable copy of the pristine folder; the current directory."""
    folder = Path(tempfile.mkdtemp(prefix="trialsite-hostile-"))
    os.chmod(folder, 0o755)
    shutil.copytree(pristine / "content", folder / "content")
    shutil.copytree(pristine / "site", folder / "site")
    monkeypatch.chdir(folder)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            os.chmod(path, 0o755)
    shutil.rmtree(folder)


def assert_site_untouched(work: Path, before: str) -> None:
    """The site has the same bytes as before and no half-built sibling is left."""
    assert tree_digest(work / "site") == before
    left = sorted(path.name for path in work.iterdir() if path.name != ".trialsite-cache")
    assert left == ["content", "site"]


def test_bad_content_leaves_the_site(cli: Cli, work: Path) -> None:
    before = tree_digest(work / "site")
    record = work / "content" / "trials" / BUILT / "record.yaml"
    lines = record.read_text().splitlines(keepends=True)
    line = lines.index("  count: 23\n") + 1
    lines[line - 1] = "  count: ten\n"
    record.write_text("".join(lines))
    result = cli("build", expect_ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.splitlines()[0] == (
        f"Error: content/trials/{BUILT}/record.yaml:{line}: enrollment.count: expected a whole "
        'number, got "ten"'
    )
    assert result.output.splitlines()[-1] == "1 error in 1 file; site/ left unchanged"
    assert_site_untouched(work, before)


def _broken_templates(work: Path, relpath: str, bad: str) -> Path:
    templates = work / "templates"
    shutil.copytree(ROOT / "templates", templates)
    page = templates / relpath
    page.write_text(page.read_text() + bad)
    return templates


def test_page_template_error_leaves_the_site(work: Path) -> None:
    before = tree_digest(work / "site")
    templates = _broken_templates(work, "public/page.md.j2", "\n{{ r.title.brief | nope }}\n")
    line = (templates / "public" / "page.md.j2").read_text().count("\n")
    with pytest.raises(TrialsiteError) as caught:
        build(Path("content"), Path("site"), templates_dir=templates)
    assert caught.value.format_message() == (
        f"templates/public/page.md.j2:{line}: TemplateAssertionError: No filter named 'nope'.; "
        "site/ left unchanged"
    )
    shutil.rmtree(templates)
    assert_site_untouched(work, before)


def test_mkdocs_failing_leaves_the_site(work: Path) -> None:
    before = tree_digest(work / "site")
    templates = _broken_templates(work, "overrides/main.html", "\n{% block nope %}\n")
    with pytest.raises(BuildError) as caught:
        build(Path("content"), Path("site"), templates_dir=templates)
    message = caught.value.format_message()
    assert message.startswith("Unexpected end of template.") and "site/ left unchanged" in message
    shutil.rmtree(templates)
    assert_site_untouched(work, before)


def _trialsite(
    work: Path, *args: str, max_file_size: int | None = None, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    """Start `trialsite` in a child process, its files limited to `max_file_size` bytes."""

    def limit() -> None:  # pragma: no cover - runs in the child
        # A shell runs background jobs with SIGINT ignored, and the child would inherit that
        # (Python then installs no KeyboardInterrupt handler): Ctrl-C must reach this build.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if max_file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_size, max_file_size))

    return subprocess.Popen(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        preexec_fn=limit, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})},
    )  # fmt: skip


def test_disk_full_leaves_the_site(work: Path) -> None:
    """Disk full, simulated: no file the build writes may grow past 2 kB (EFBIG, root or not)."""
    before = tree_digest(work / "site")
    child = _trialsite(work, "build", max_file_size=2048)
    output, _ = child.communicate(timeout=120)
    assert child.returncode == 1, output
    assert "Traceback" not in output
    last = output.splitlines()[-1]
    assert last.startswith("Error: cannot write the site: File too large"), output
    assert last.endswith("; site/ left unchanged")
    assert_site_untouched(work, before)


def test_read_only_folder_leaves_the_site(cli: Cli, work: Path) -> None:
    """The folder holding site/ cannot be written to (root may write anywhere: skipped)."""
    if os.geteuid() == 0:
        pytest.skip("root ignores permissions; test_disk_full_leaves_the_site covers root")
    before = tree_digest(work / "site")
    os.chmod(work, 0o555)
    try:
        result = cli("build", expect_ok=False)
    finally:
        os.chmod(work, 0o755)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "Error: cannot create the new site next to site: Permission denied" in result.output
    assert_site_untouched(work, before)


def test_ctrl_c_during_the_build_leaves_the_site(work: Path) -> None:
    """The build waits at its gate with the new site written, so Ctrl-C surely lands mid-build."""
    before = tree_digest(work / "site")
    gate = Path(tempfile.mkdtemp(prefix="trialsite-gate-")) / "gate"
    os.mkfifo(gate)
    child = _trialsite(work, "build", env={BUILD_GATE: str(gate)})
    holder = _open_when_reached(gate, child)
    try:
        assert [path.name.startswith(".site-") for path in work.iterdir()].count(True) == 1
        child.send_signal(signal.SIGINT)
        output, _ = child.communicate(timeout=120)
    finally:
        os.close(holder)
        shutil.rmtree(gate.parent)
        if child.poll() is None:  # the signal did not end it: stop it before the folder goes
            child.kill()
            child.wait()
    assert child.returncode == 1, output
    assert "Traceback" not in output
    assert output.splitlines()[-1] == "Error: interrupted; nothing was changed"
    assert_site_untouched(work, before)


def _open_when_reached(gate: Path, child: subprocess.Popen[str]) -> int:
    """Return the write end of the FIFO `gate`, opened once the build waits on its read end."""
    while True:
        try:
            return os.open(gate, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as error:
            # ENXIO: no reader yet. The build cannot pass the gate before we open it.
            assert error.errno == errno.ENXIO, error
        assert child.poll() is None, child.communicate()[0]
        time.sleep(0.01)


@pytest.mark.parametrize("site_dir", [".", "content", "content/trials"])
def test_a_site_dir_holding_the_content_is_refused(cli: Cli, work: Path, site_dir: str) -> None:
    before = tree_digest(work)
    result = cli("build", "--site-dir", site_dir, expect_ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "refusing to replace" in result.output
    assert tree_digest(work) == before


def test_a_folder_that_is_not_a_built_site_is_refused(cli: Cli, work: Path) -> None:
    notes = work / "notes"
    notes.mkdir()
    (notes / "todo.md").write_text("My notes.\n")
    result = cli("build", "--site-dir", "notes", expect_ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "refusing to replace" in result.output
    assert (notes / "todo.md").read_text() == "My notes.\n"


# --- re-import ------------------------------------------------------------------------------


@pytest.fixture
def seeded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A content folder holding the seed trial (record, patient texts, French catalog)."""
    write_content(tmp_path, (TRIAL,))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_reimport_changes_only_record_yaml(cli: Cli, seeded: Path) -> None:
    folder = seeded / "content" / "trials" / TRIAL
    (folder / "notes.md").write_text("Call the sponsor on Monday.\n")
    (folder / "patients.de.yaml").write_text("reviewed_against: '2021-07-08'\n")
    (folder / "record.yaml").write_text("a person's half-edited record\n")
    people = {
        path.name: path.read_bytes() for path in folder.iterdir() if path.name != "record.yaml"
    }
    result = cli("import", str(SEED))
    # The seed's suspected lost exponents are warnings (issue 18); the one record is written.
    lines = [line for line in result.output.splitlines() if not line.startswith("WARNING: ")]
    assert lines == [f"wrote {RECORD}"]
    after = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert after.pop("record.yaml") == (ROOT / RECORD).read_bytes()
    assert after == people


def test_failed_import_leaves_the_record(cli: Cli, seeded: Path) -> None:
    before = tree_digest(seeded / "content")
    bad = seeded / "bad.txt"
    bad.write_text(SEED.read_text().replace("NCT ID: NCT03562065", "NCT ID: NCT0356206"))
    result = cli("import", str(SEED), str(bad), expect_ok=False)
    assert result.exit_code == 1
    bad.unlink()
    assert tree_digest(seeded / "content") == before


def test_import_never_writes_through_a_symlinked_record(cli: Cli, seeded: Path) -> None:
    outside = seeded / "outside.yaml"
    outside.write_text("not a record\n")
    record = seeded / RECORD
    record.unlink()
    record.symlink_to(outside)
    result = cli("import", str(SEED), expect_ok=False)
    # Issue 14: a link out of content/ is refused by name, not replaced or written through.
    assert result.exit_code == 1
    assert f"Error: {RECORD}: a symbolic link to {outside}, outside content/" in result.output
    assert outside.read_text() == "not a record\n"
    assert record.is_symlink()
    outside.unlink()


# --- the build cache ------------------------------------------------------------------------


class _Evil:
    """Unpickling this creates a file: the proof that loading a cache entry ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


@pytest.mark.parametrize(
    ("kind", "poison"),
    [("pages", "code"), ("data", "code"), ("gates", "code"), ("pages", "garbage"),
     ("pages", "wrong type"), ("data", "wrong type"), ("gates", "wrong type")],
)  # fmt: skip
def test_poisoned_cache_entry_is_data_never_code(tmp_path: Path, kind: str, poison: str) -> None:
    """A cache entry is a file anyone with the folder can write: a bad one is only a miss."""
    cache = TrialCache(tmp_path / ".trialsite-cache", salt="test")
    good = {"pages": {"index.md": "# Hi"}, "data": {"data/x.json": b"{}"}, "gates": (1, [])}
    valid = {"pages": is_pages, "data": is_files, "gates": is_findings}[kind]  # the callers'
    cache.fetch(kind, "ab" * 32, lambda: good[kind], valid)
    (entry,) = (tmp_path / ".trialsite-cache").rglob("*.pickle")
    marker = tmp_path / "pwned"
    entry.write_bytes({
        "code": pickle.dumps(_Evil(marker)),
        "garbage": b"\x80\x05\x95garbage",
        "wrong type": pickle.dumps(["not", "the", "right", "shape"]),
    }[poison])  # fmt: skip
    assert cache.fetch(kind, "ab" * 32, lambda: good[kind], valid) == good[kind]
    assert not marker.exists()
    assert (cache.hits, cache.misses) == (0, 2)
