"""Run one command and measure it (wall time, CPU time, peak memory); weigh a built site."""

from __future__ import annotations

import gzip
import logging
import os
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)
MB = 1024 * 1024


@dataclass
class Measure:
    """What one subprocess cost."""

    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    stdout: str


def run(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Measure:
    """Run `command` to completion; raise with its output when it fails."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    # wait4 gives the rusage of this child alone (RUSAGE_CHILDREN would add up every child).
    out, err = _drain(process)
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{err[-4000:]}")
    return Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out)


def _drain(process: subprocess.Popen[str]) -> tuple[str, str]:
    """Read both pipes to the end without reaping the child (wait4 does that)."""
    import threading

    chunks: dict[str, str] = {}

    def read(name: str, stream: object) -> None:
        chunks[name] = stream.read()  # type: ignore[attr-defined]

    threads = [threading.Thread(target=read, args=(n, s)) for n, s in
               (("out", process.stdout), ("err", process.stderr))]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return chunks.get("out", ""), chunks.get("err", "")


def tree_mb(root: Path) -> float:
    """Return the size of every file under `root`, in MiB."""
    return sum(path.stat().st_size for path in root.rglob("*") if path.is_file()) / MB


def search_index(site: Path, prefix: str) -> dict[str, float]:
    """Return the raw and gzip size (MiB) of one language's search index."""
    data = (site / prefix / "search" / "search_index.json").read_bytes()
    return {"raw_mb": len(data) / MB, "gzip_mb": len(gzip.compress(data, 9)) / MB}


def page_kb(site: Path, relpath: str) -> float:
    """Return the size of one built page, in KiB."""
    return (site / relpath).stat().st_size / 1024


def built_pages(output: str) -> int:
    """Return the page count `trialsite build` reports ("Built N pages ...")."""
    found = re.search(r"Built ([0-9]+) pages", output)
    if found is None:
        raise ValueError(f"no page count in the build's output:\n{output[-2000:]}")
    return int(found.group(1))


def page_weight(site: Path, relpath: str) -> dict[str, float]:
    """Return one built page's size and its gzip size (what a static host sends), in KiB."""
    data = (site / relpath).read_bytes()
    return {
        "kb": round(len(data) / 1024, 1),
        "gzip_kb": round(len(gzip.compress(data, 6)) / 1024, 1),
    }
