"""Every write people keep is atomic (issue 14): a failed write leaves the old file byte-identical.

`translations update` rewrote `fr.po` in place: under a file size limit the catalog was cut at
8,192 bytes and the translations after the cut were lost. The commands run in a child process
with a 4 KiB file size limit (Python ignores SIGXFSZ, so the write fails with EFBIG).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from scratch import ROOT, TRIAL, scratch_content

LIMIT = 4096
RUN_LIMITED = (
    "import resource, sys; "
    f"resource.setrlimit(resource.RLIMIT_FSIZE, ({LIMIT}, {LIMIT})); "
    "from generator.cli import main; "
    "main(sys.argv[1:], prog_name='trialsite')"
)


def trialsite_limited(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run trialsite with a file size limit; return its exit code and output."""
    return subprocess.run(
        [sys.executable, "-c", RUN_LIMITED, *map(str, args)],
        cwd=cwd, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def _leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


def test_a_catalog_whose_write_fails_is_left_as_it_was(tmp_path: Path) -> None:
    content = scratch_content(tmp_path)
    folder = content / "trials" / TRIAL
    record = folder / "record.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("summary: ", "summary: Changed. ", 1),
        encoding="utf-8",
    )
    catalog = folder / "fr.po"
    before = catalog.read_bytes()
    assert len(before) > 2 * LIMIT
    done = trialsite_limited("translations", "update", "--content", content, cwd=ROOT)
    assert done.returncode == 1, done.stderr
    assert done.stderr == (
        f"Error: {catalog}: cannot write the file: File too large; it was left as it was\n"
    )
    assert catalog.read_bytes() == before
    assert _leftovers(folder) == []


def test_a_record_whose_write_fails_is_left_as_it_was(tmp_path: Path) -> None:
    content = scratch_content(tmp_path)
    record = content / "trials" / TRIAL / "record.yaml"
    before = record.read_bytes()
    record.write_bytes(before.replace(b"summary: ", b"summary: Older. ", 1))
    older = record.read_bytes()
    assert len(older) > LIMIT
    source = ROOT / "content" / "sources" / f"{TRIAL}.txt"
    done = trialsite_limited("import", source, "--content", content, cwd=ROOT)
    assert done.returncode == 1, done.stderr
    errors = [line for line in done.stderr.splitlines() if not line.startswith("WARNING: ")]
    assert errors == [
        f"Error: {record}: cannot write the file: File too large; it was left as it was"
    ]
    assert record.read_bytes() == older
    assert _leftovers(record.parent) == []
