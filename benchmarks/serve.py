"""Time the preview's rebuild after a one-trial edit: `python -m benchmarks.serve CONTENT WORK`.

Does what `trialsite serve` does on each change (generator/preview.py): one full build,
then for each run an edit of one trial's brief title and the rebuild. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

from generator.layout import TEMPLATES_DIR
from generator.preview import Preview

logger = logging.getLogger(__name__)


def time_edits(
    content: Path, work: Path, runs: int, built: Path | None = None
) -> dict[str, object]:
    """Build once, then edit one trial `runs` times; return the seconds of each step.

    With `built` (a site `trialsite build` made of the same content), the first build adopts it
    instead of running MkDocs over every page again: only the edits are timed.
    """
    builder = Preview(
        content, work / "site", "http://127.0.0.1:8000/", TEMPLATES_DIR, work / "docs"
    )
    start = time.perf_counter()
    if built is None:
        builder.build()
    else:
        _adopt(builder, built, work)
    first = time.perf_counter() - start
    record = sorted((content / "trials").iterdir())[-1] / "record.yaml"
    original = record.read_text("utf-8")
    walls, cpus = [], []
    try:
        for run in range(runs):
            record.write_text(original.replace("\n  brief: ", f"\n  brief: Edit {run} ", 1))
            wall, cpu = time.perf_counter(), time.process_time()
            summary = builder.build()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            logger.info("%s", summary)
        page = work / "site" / "trials" / record.parent.name / "index.html"
        shown = f"Edit {runs - 1} " in page.read_text("utf-8")
    finally:
        record.write_text(original, "utf-8")
    return {
        "first_build_s": round(first, 2),
        "edit_rebuild_s": round(statistics.median(walls), 3),
        "edit_rebuild_cpu_s": round(statistics.median(cpus), 3),
        "edit_rebuild_runs_s": [round(w, 3) for w in walls],
        "edit_shown": shown,
    }


def _adopt(builder: Preview, built: Path, work: Path) -> None:
    """Stage every page as a first build would, but take the HTML from `built`."""
    from generator.build import check

    report = check(builder.content_dir, builder.templates_dir, builder.load(), builder.memory)
    builder.site.write(report.content.site, report.rendered.pages, report.rendered.files)
    shutil.copytree(built, work / "site", dirs_exist_ok=True)
    past = time.time() - 3600  # staged Markdown older than its HTML: nothing is dirty yet
    for path in (work / "docs").rglob("*"):
        os.utime(path, (past, past))


def main(argv: list[str] | None = None) -> int:
    """Time the edits and print them as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--built", type=Path, help="Adopt this built site as the first build.")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    for name in ("generator", "mkdocs"):
        logging.getLogger(name).setLevel(logging.ERROR)
    json.dump(time_edits(args.content, args.work, args.runs, args.built), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
