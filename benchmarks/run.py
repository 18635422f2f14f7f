"""`make bench`: build registries of N real trials and compare trialsite with plain MkDocs.

For each N, in the same run: the full `trialsite build` (cold cache, then warm), the floor (plain
`mkdocs build` of both languages on the Markdown and configs trialsite staged), the generator's
stages alone, peak memory of each, the site size and each language's search index (raw, gzip).
Sizes above `--full-up-to` (10,000 trials: an hour on two cores) get the cold build only. Then,
on the built site: Pagefind's index (`benchmarks/pagefind.py`), and in Chromium with 4x CPU
throttling both searches' first query and the registry page (`benchmarks/browser.py`).
Prints the tables and writes `benchmarks/results/latest.json` (after each size).
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import os
import platform
import shutil
import statistics
import sys
from pathlib import Path
from typing import Any

from . import browser, measure, pagefind
from .registry import SEED_ID, make_registry
from .report import check_targets, table

logger = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BIG_RECORD = "NCT04267848"  # 1,148 sites


def bench(
    trials: int, repeat: int, work: Path, full: bool = True, reuse: bool = False,
    browse: bool = True,
) -> dict[str, Any]:  # fmt: skip
    """Measure one registry size; return its row of `runs`.

    `full` also builds with a warm cache, times the generator's stages alone and the plain
    MkDocs floor; without it (10,000 trials on two cores) only the cold build is timed.
    `reuse` measures the site already built in the work folder, without building (no build
    figures): the browser measurements again, on a build that took an hour.
    """
    folder = work / f"n{trials}"
    content, site = folder / "content", folder / "site"
    if reuse and site.is_dir():
        row: dict[str, Any] = {"trials": trials, "repeats": 0, "full": False,
                               "reused_site": True, "pages": _count_pages(site)}  # fmt: skip
        if (folder / "assembled.json").is_file():  # see benchmarks/assemble.py
            row["assembled"] = json.loads((folder / "assembled.json").read_text("utf-8"))
        row |= _weigh(site, None, {})
        if "assembled" in row:  # its registry page is the smaller site's
            del row["registry_page"]
        return _measure_site(row, site, folder) if browse else row
    ids = make_registry(content, trials, work / "pool")
    big = next((new for new, source in ids.items() if source == BIG_RECORD), None)
    one_run = _one_run if full else _cold_run
    samples = [one_run(content, folder, big) for _ in range(repeat)]
    row = {"trials": trials, "repeats": repeat, "cores": os.cpu_count(), "full": full}
    for key in samples[0]:
        if isinstance(samples[0][key], int | float):
            row[key] = round(statistics.median(s[key] for s in samples), 3)
    row |= _weigh(site, big, samples[-1])
    row = _measure_site(row, site, folder)
    row["seconds_per_page"] = round(row["build_s"] / row["pages"], 4)
    if full:
        row["build_over_floor"] = round(row["build_s"] / row["floor_s"], 3)
        row["generator_share"] = round(row["generator_s"] / row["build_s"], 3)
        # The machine is shared: CPU seconds are steadier than wall seconds, so report both.
        row["build_over_floor_cpu"] = round(row["build_cpu_s"] / row["floor_cpu_s"], 3)
        row["generator_share_cpu"] = round(row["generator_cpu_s"] / row["build_cpu_s"], 3)
    return row


def _measure_site(row: dict[str, Any], site: Path, folder: Path) -> dict[str, Any]:
    """Add Pagefind's index of the site (into folder/pagefind) and the browser figures."""
    if pagefind.available():
        row["pagefind"] = pagefind.weigh(site, folder)
    if browser.available():
        bundle = folder / "pagefind" if "pagefind" in row else None
        row["browser"] = browser.measure(site, bundle)
    return row


def _count_pages(site: Path) -> int:
    """Return the pages of a built site (one index.html per page, in every language)."""
    return sum(1 for _ in site.rglob("index.html"))


def borrow_lunr(runs: list[dict[str, Any]], earlier: dict[str, Any]) -> None:
    """Fill in Material's search, for sites that no longer build it, from an earlier result.

    The registries are the same for a size (the same records under the same ids), so the
    earlier build's lunr figures stand beside this build's Pagefind ones; each row says which
    commit they were measured on.
    """
    rows = {row["trials"]: row for row in earlier["runs"]}
    for run in runs:
        old = rows.get(run["trials"])
        if old is None or run.get("search_index_gzip_mb") or "browser" not in old:
            continue
        run["search_index_raw_mb"] = old["search_index_raw_mb"]
        run["search_index_gzip_mb"] = old["search_index_gzip_mb"]
        run["lunr_from"] = {"commit": earlier.get("commit"), "generated": earlier["generated"]}
        for lang, seen in run.get("browser", {}).items():
            if isinstance(seen, dict) and "lunr" in seen and old["browser"].get(lang):
                seen["lunr"] = old["browser"][lang]["lunr"]
                seen |= browser.ratios(seen["lunr"], seen["pagefind"])


def _cold_run(content: Path, folder: Path, big: str | None) -> dict[str, Any]:
    """Build once with a cold cache; return its figures and the page count."""
    site = folder / "site"
    shutil.rmtree(content.parent / ".trialsite-cache", ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    cold = measure.run([str(BIN / "trialsite"), "build", "--content", str(content),
                        "--site-dir", str(site)])  # fmt: skip
    return {"build_s": cold.wall_s, "build_cpu_s": cold.cpu_s, "peak_rss_mb": cold.peak_rss_mb,
            "pages": measure.built_pages(cold.stdout)}  # fmt: skip


def _one_run(content: Path, folder: Path, big: str | None) -> dict[str, Any]:
    """Build once cold, once warm, run the stages alone and the floor; return the figures."""
    site, staging = folder / "site", folder / "staging"
    cache = content.parent / ".trialsite-cache"
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    build_args = [str(BIN / "trialsite"), "-q", "build", "--content", str(content),
                  "--site-dir", str(site)]  # fmt: skip
    cold = measure.run(build_args)
    warm = measure.run(build_args)
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
    stages_args = [str(BIN / "python"), "-m", "benchmarks.stages", str(content), str(staging)]
    stages = measure.run([*stages_args, *(["--big", big] if big else [])], cwd=ROOT)
    timings = json.loads(stages.stdout)
    mkdocs = [str(BIN / "mkdocs"), "build", "-q", "-f"]
    floor = [measure.run([*mkdocs, str(staging / f"mkdocs.{lang}.yml")]) for lang in ("en", "fr")]
    return {
        "build_s": cold.wall_s, "build_cpu_s": cold.cpu_s, "peak_rss_mb": cold.peak_rss_mb,
        "build_warm_s": warm.wall_s, "build_warm_cpu_s": warm.cpu_s,
        "floor_s": sum(m.wall_s for m in floor), "floor_cpu_s": sum(m.cpu_s for m in floor),
        "floor_peak_rss_mb": max(m.peak_rss_mb for m in floor),
        "generator_s": timings["generator_s"],
        "generator_cpu_s": timings["generator_cpu_s"], "generator_peak_rss_mb": stages.peak_rss_mb,
        "load_s": timings["load_s"], "check_s": timings["check_s"],
        "write_s": timings["write_s"],
        "pages": timings["pages"], "big_page": timings.get("big_page"),
    }  # fmt: skip


def serve(folder: Path) -> dict[str, Any]:
    """Time `trialsite serve`'s rebuild after a one-trial edit (after one full build)."""
    work = folder / "serve"
    shutil.rmtree(work, ignore_errors=True)
    args = [str(BIN / "python"), "-m", "benchmarks.serve", str(folder / "content"), str(work)]
    result = measure.run(args, cwd=ROOT)
    shutil.rmtree(work, ignore_errors=True)
    return {**json.loads(result.stdout), "peak_rss_mb": round(result.peak_rss_mb, 1)}


def _weigh(site: Path, big: str | None, last: dict[str, Any]) -> dict[str, Any]:
    """Return the site size, the search indexes and the biggest investigator page."""
    indexes = {  # Material's (lunr) index, while the site builds one
        lang: measure.search_index(site, prefix)
        for lang, prefix in (("en", ""), ("fr", "fr"))
        if (site / prefix / "search" / "search_index.json").is_file()
    }
    row: dict[str, Any] = {
        "site_mb": round(measure.tree_mb(site), 2),
        "search_index_raw_mb": {lang: round(i["raw_mb"], 3) for lang, i in indexes.items()},
        "search_index_gzip_mb": {lang: round(i["gzip_mb"], 3) for lang, i in indexes.items()},
        "registry_page": {
            lang: measure.page_weight(site, f"{prefix}trials/index.html")
            for lang, prefix in (("en", ""), ("fr", "fr/"))
        },
    }
    if big and last.get("big_page"):
        page = f"trials/{big}/investigators/index.html"
        row["big_record"] = {
            "source": BIG_RECORD, "copy": big,
            **{key: round(value, 3) for key, value in last["big_page"].items()},
            "html_kb": {lang: round(measure.page_kb(site / prefix, page), 1)
                        for lang, prefix in (("en", ""), ("fr", "fr"))},
        }  # fmt: skip
    return row


def machine() -> dict[str, Any]:
    """Return what the figures depend on: cores, load, versions."""
    from importlib.metadata import version

    return {
        "cores": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(), "mkdocs": version("mkdocs"),
        "mkdocs_material": version("mkdocs-material"),
    }  # fmt: skip


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _result(started: dict[str, Any], runs: list[dict[str, Any]],
            lunr_from: list[Path] = ()) -> dict[str, Any]:  # fmt: skip
    runs = sorted(runs, key=lambda run: run["trials"])
    for path in lunr_from:
        borrow_lunr(runs, json.loads(path.read_text("utf-8")))
    return {
        "generated": _now(), "commit": _commit(),
        "machine": started | {"load_average_end": _load()},
        "seed": SEED_ID, "runs": runs, "targets": check_targets(runs),
    }  # fmt: skip


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def _commit() -> str | None:
    """Return the commit measured (with "+changes" when the work tree differs from it)."""
    import subprocess

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout

    head = git("rev-parse", "--short", "HEAD").strip()
    dirty = git("status", "--porcelain", "--untracked-files=no").strip()
    return (head + ("+changes" if dirty else "")) or None


def _other_runs(paths: list[Path], runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the runs of `paths` for the sizes this run does not measure (the first file's
    run of a size wins)."""
    measured = {run["trials"] for run in runs}
    others = []
    for path in paths:
        earlier = json.loads(path.read_text("utf-8"))
        for run in earlier["runs"]:
            if run["trials"] not in measured:
                measured.add(run["trials"])
                run.setdefault("commit", earlier.get("commit"))
                run.setdefault("generated", earlier["generated"])
                others.append(run)
    return others


def _write(out: Path, result: dict[str, Any]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", "utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for every requested size, print the table and write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, nargs="+", default=[100, 1000],
                        help="Registry sizes to measure (default: 100 1000).")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=None,
                        help="Runs per size (default: 3 up to 100 trials, else 1).")  # fmt: skip
    parser.add_argument("--serve", action="store_true",
                        help="Also time the preview's rebuild after a one-trial edit.")  # fmt: skip
    parser.add_argument("--full-up-to", type=int, default=1000,
                        help="Larger sizes get one cold build only: no warm build, no stages, no "
                             "plain-MkDocs floor (default: 1000).")  # fmt: skip
    parser.add_argument(
        "--reuse-site",
        action="store_true",
        help="Measure the sites already built in the work folder (no build).",
    )
    parser.add_argument("--no-browser", action="store_true",
                        help="With --reuse-site: weigh the files only (no Pagefind index, no "
                             "Chromium).")  # fmt: skip
    parser.add_argument("--lunr-from", type=Path, nargs="+", default=[],
                        help="Earlier results files whose Material (lunr) figures fill in "
                             "for sites built without Material's search.")  # fmt: skip
    parser.add_argument("--add-runs", type=Path, nargs="+", default=[],
                        help="Earlier results files whose runs of other sizes join this one's "
                             "(each run names its commit and time); with --trials 0 alone, "
                             "they are only written together.")  # fmt: skip
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "work")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "latest.json")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    logging.getLogger("generator").setLevel(logging.CRITICAL)
    started = machine()
    runs: list[dict[str, Any]] = []
    result = _result(started, _other_runs(args.add_runs, []), args.lunr_from)
    for trials in [n for n in args.trials if n > 0]:
        full = trials <= args.full_up_to
        repeat = args.repeat or (3 if trials <= 100 else 1)
        print(f"benchmark: {trials} trials, {repeat} run(s)...", flush=True)
        load, commit = _load(), _commit()  # what is measured: the code as the run starts
        runs.append(bench(trials, repeat, args.work, full, args.reuse_site, not args.no_browser))
        runs[-1] |= {"commit": commit, "load_average": {"start": load, "end": _load()},
                     "generated": _now()}  # fmt: skip
        if args.serve and full:
            runs[-1]["serve"] = serve(args.work / f"n{trials}")
        result = _result(started, _other_runs(args.add_runs, runs) + runs, args.lunr_from)
        _write(args.out, result)  # after each size: a long run keeps what it measured
    if not [n for n in args.trials if n > 0]:
        _write(args.out, result)
    print(table(result))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
