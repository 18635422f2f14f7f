"""Time the generator's own stages (load, check, render, write) without MkDocs; print JSON.

Run as `python -m benchmarks.stages CONTENT STAGING [--big NCT_ID]`: it does what
`trialsite build` does before MkDocs runs, and leaves in STAGING the Markdown and the
`mkdocs.<lang>.yml` files that the plain-MkDocs floor then builds.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import sys
import time
from pathlib import Path
from typing import Any

from generator.build import check
from generator.layout import TEMPLATES_DIR
from generator.loader import load_content
from generator.site import stage

logger = logging.getLogger(__name__)


def time_stages(content_dir: Path, staging: Path) -> dict[str, Any]:
    """Return the seconds of each generator stage; write the staged docs and configs."""
    clock = time.perf_counter
    cpu = _cpu_seconds()
    start = clock()
    load_content(content_dir)
    loaded = clock()
    report = check(content_dir)
    checked = clock()
    rendered = report.rendered  # the check renders every page, and keeps them for the build
    stage(report.content.site, rendered.pages, rendered.files, staging, staging / "site")
    written = clock()
    pages = sum(len(tree) for tree in rendered.pages.values())
    return {
        "load_s": loaded - start,
        "check_s": checked - loaded,
        "write_s": written - checked,
        "generator_s": written - loaded,
        "generator_cpu_s": _cpu_seconds() - cpu,
        "pages": pages,
        "report": report,
    }


def _cpu_seconds() -> float:
    """Return the CPU seconds of this process and of its finished children (the workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def time_big_page(report: Any, nct_id: str) -> dict[str, float]:
    """Render one trial's investigator page (templates already compiled) and weigh it."""
    import markdown

    from generator.render.pages import LanguagePages
    from generator.site.mkdocs.config import MARKDOWN_EXTENSIONS

    trial = next(t for t in report.content.trials if t.record.nct_id == nct_id)
    pages = LanguagePages(report.content, TEMPLATES_DIR, "en")
    relpath = f"trials/{nct_id}/investigators/index.md"
    pages.trial_page(trial, "investigators", relpath)  # compile the templates first
    start = time.perf_counter()
    text = pages.trial_page(trial, "investigators", relpath)
    rendered = time.perf_counter()
    body = text.split("\n---\n", 1)[-1]
    extensions = [ext if isinstance(ext, str) else next(iter(ext)) for ext in MARKDOWN_EXTENSIONS]
    html = markdown.markdown(body, extensions=extensions)
    del html
    converted = time.perf_counter()
    return {
        "sites": len(trial.record.locations),
        "render_s": rendered - start,
        "markdown_to_html_s": converted - rendered,
        "markdown_kb": len(text.encode("utf-8")) / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    """Time the stages and print them as one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("content", type=Path)
    parser.add_argument("staging", type=Path)
    parser.add_argument("--big", help="Also time this trial's investigator page alone.")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("generator").setLevel(logging.ERROR)
    result = time_stages(args.content, args.staging)
    report = result.pop("report")
    if args.big:
        result["big_page"] = time_big_page(report, args.big)
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
