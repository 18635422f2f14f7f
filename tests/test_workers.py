"""Trials rendered and checked in worker processes give exactly what one process gives (issue 7)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from benchmarks.registry import CONTENT, SEED_ID, make_registry
from generator.loader import load_content
from generator.render.conditions import condition_groups
from generator.workers import WORKERS_VARIABLE, map_jobs, worker_count

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight trials: the committed ones and copies of them under new ids."""
    root = tmp_path_factory.mktemp("workers")
    pool = sorted(p for p in (CONTENT / "trials").iterdir() if p.name != SEED_ID)
    make_registry(root / "content", 8, root / "pool", pool=pool)
    return root / "content"


# Run in a fresh process, as `trialsite build` does: the test process may have threads running
# (a preview server of another test), and then no worker is ever forked.
CHILD = """
import hashlib, sys
from pathlib import Path
from generator.build import check
from generator.loader import load_content
from generator.render.conditions import condition_groups
from generator.workers import worker_count

assert worker_count(8) == int(sys.argv[2]), "the path under test is the one taken"
checked = check(Path(sys.argv[1]))
report = checked.report
digest = hashlib.sha256()
for lang, tree in checked.rendered.pages.items():
    for path, text in tree.items():
        digest.update(f"{lang}/{path}\\0{text}\\0".encode())
for path, data in checked.rendered.files.items():
    digest.update(path.encode() + b"\\0" + data)
digest.update(repr([str(finding) for finding in report.findings]).encode())
digest.update(repr(report.rows).encode())
print(len(checked.rendered.pages["fr"]), [row.nct_id for row in report.rows], digest.hexdigest())
"""


def _checked_in_child(content: Path, workers: int) -> str:
    env = {**os.environ, WORKERS_VARIABLE: str(workers), "TRIALSITE_CACHE": "0"}
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(content), str(workers)],
        capture_output=True, text=True, env=env, cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_workers_give_the_same_pages_files_and_findings(registry: Path) -> None:
    alone = _checked_in_child(registry, 1)
    shared = _checked_in_child(registry, 2)
    assert shared == alone
    # Site pages (conditions' index included), each trial's three, each condition's (issue 20).
    conditions = len(condition_groups(load_content(registry).trials))
    assert alone.startswith(f"{4 + 3 * 8 + conditions} ['{SEED_ID}'")


ERROR_CHILD = """
import sys
from pathlib import Path
from generator.build import check
from generator.errors import TrialsiteError
from generator.loader import load_content
from generator.render.conditions import condition_groups
from generator.workers import worker_count

assert worker_count(8) == int(sys.argv[3]), "the path under test is the one taken"
try:
    check(Path(sys.argv[1]), Path(sys.argv[2]))
except TrialsiteError as error:
    print(type(error).__name__, error.format_message())
"""


def test_an_error_in_a_worker_is_reported_as_in_one_process(registry: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    page = templates / "investigator" / "page.md.j2"
    page.write_text(page.read_text("utf-8") + "\n{{ r.no_such_field.deeper }}\n", "utf-8")
    messages = []
    for workers in (1, 2):
        env = {**os.environ, WORKERS_VARIABLE: str(workers), "TRIALSITE_CACHE": "0"}
        command = [sys.executable, "-c", ERROR_CHILD, str(registry), str(templates), str(workers)]
        result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
        assert result.returncode == 0, result.stderr
        messages.append(result.stdout)
    assert messages[0] == messages[1]
    assert messages[0].startswith("TrialsiteError templates/investigator/page.md.j2:")
    assert "no_such_field" in messages[0]


def test_workers_start_only_when_they_pay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # as in `trialsite build`
    monkeypatch.delenv(WORKERS_VARIABLE, raising=False)
    assert worker_count(5) == 1  # a small site: starting processes costs more
    monkeypatch.setenv(WORKERS_VARIABLE, "3")
    assert worker_count(2) == 2  # never more processes than jobs
    monkeypatch.setenv(WORKERS_VARIABLE, "1")
    assert worker_count(1000) == 1


def test_a_threaded_process_does_not_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WORKERS_VARIABLE, "2")
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert worker_count(100) == 1
    finally:
        release.set()
        thread.join()


def test_map_jobs_keeps_the_order_of_the_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WORKERS_VARIABLE, "2")
    assert map_jobs(lambda index: index * index, 50) == [index * index for index in range(50)]


LOGGING_CHILD = """
import logging
from generator.loader import load_content
from generator.render.conditions import condition_groups
from generator.workers import map_jobs, worker_count

seen = []
class Keep(logging.Handler):
    def emit(self, record):
        seen.append((record.name, record.levelname, record.getMessage()))
ours = logging.getLogger("generator")
ours.handlers[:] = [Keep()]
ours.setLevel(logging.INFO)
ours.propagate = False
assert worker_count(10) == 2

def job(index):
    logging.getLogger("generator.gates").warning("trial %d: a warning", index)
    return index

assert map_jobs(job, 10) == list(range(10))
print(sorted(seen) == sorted(("generator.gates", "WARNING", f"trial {i}: a warning")
                             for i in range(10)))
"""


def test_what_a_worker_logs_is_logged_by_the_parent() -> None:
    """`--strict` counts warnings in the parent: a worker's warnings must reach it, once each."""
    env = {**os.environ, WORKERS_VARIABLE: "2"}
    result = subprocess.run(
        [sys.executable, "-c", LOGGING_CHILD], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
    assert "a warning" not in result.stderr  # not printed by the workers themselves


LOAD_CHILD = """
import sys
from pathlib import Path
from generator.errors import ContentErrors
from generator.loader import load_content
from generator.loader import load_content
from generator.render.conditions import condition_groups
from generator.workers import worker_count

assert worker_count(8) == int(sys.argv[2]), "the path under test is the one taken"
try:
    load_content(Path(sys.argv[1]))
except ContentErrors as error:
    print(error.format_message())
"""


def test_records_load_in_workers_with_the_same_errors(registry: Path, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(registry, content)
    records = sorted((content / "trials").glob("*/record.yaml"))
    for record in (records[1], records[-1]):
        text = record.read_text("utf-8")
        record.write_text(text.replace("\nconditions:", "\nconditionz:", 1), "utf-8")
    messages = []
    for workers in (1, 2):
        env = {**os.environ, WORKERS_VARIABLE: str(workers)}
        command = [sys.executable, "-c", LOAD_CHILD, str(content), str(workers)]
        result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
        assert result.returncode == 0, result.stderr
        messages.append(result.stdout)
    assert messages[0] == messages[1]
    assert messages[0].count("conditionz") >= 2 and "2 errors in 2 files" in messages[0]
