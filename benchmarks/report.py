"""The benchmark's table and its verdict on the targets of issue 7."""

from __future__ import annotations

from typing import Any

COLUMNS = [
    ("trials", "trials", "{:d}"),
    ("pages", "pages", "{:d}"),
    ("build s", "build_s", "{:.1f}"),
    ("warm s", "build_warm_s", "{:.1f}"),
    ("floor s", "floor_s", "{:.1f}"),
    ("build/floor", "build_over_floor", "{:.2f}x"),
    ("cpu b/f", "build_over_floor_cpu", "{:.2f}x"),
    ("generator s", "generator_s", "{:.1f}"),
    ("gen share", "generator_share", "{:.0%}"),
    ("gen cpu share", "generator_share_cpu", "{:.0%}"),
    ("build cpu s", "build_cpu_s", "{:.0f}"),
    ("warm cpu s", "build_warm_cpu_s", "{:.0f}"),
    ("floor cpu s", "floor_cpu_s", "{:.0f}"),
    ("ms/page", "ms_per_page", "{:.1f}"),
    ("RSS MB", "peak_rss_mb", "{:.0f}"),
    ("floor RSS", "floor_peak_rss_mb", "{:.0f}"),
    ("site MB", "site_mb", "{:.0f}"),
    ("search en gz", "search_en", "{:.2f}"),
    ("search fr gz", "search_fr", "{:.2f}"),
]


def _cells(run: dict[str, Any]) -> dict[str, Any]:
    return run | {
        "ms_per_page": 1000 * run["build_s"] / run["pages"],
        "search_en": run["search_index_gzip_mb"]["en"],
        "search_fr": run["search_index_gzip_mb"]["fr"],
    }


def table(result: dict[str, Any]) -> str:
    """Return the runs as a plain-text table, then the targets."""
    rows = [[head for head, _, _ in COLUMNS]]
    for run in result["runs"]:
        cells = _cells(run)
        rows.append([fmt.format(cells[key]) for _, key, fmt in COLUMNS])
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    for run in result["runs"]:
        lines += _notes(run)
    for name, verdict in result["targets"].items():
        state = {True: "met   ", False: "MISSED", None: "      "}[verdict["met"]]
        lines.append(f"{state}  {name}: {verdict['value']}")
    return "\n".join(lines)


def _notes(run: dict[str, Any]) -> list[str]:
    """Return the lines under the table: the 1,148-site page, and Pagefind's weight."""
    notes = []
    big, found, gzip_mb = run.get("big_record"), run.get("pagefind"), run["search_index_gzip_mb"]
    if big:
        notes.append(
            f"{run['trials']} trials: {big['source']} ({big['sites']} sites) investigator page "
            f"rendered in {big['render_s']:.2f} s (+{big['markdown_to_html_s']:.2f} s Markdown "
            f"to HTML), {big['html_kb']['en']:.0f} KiB of HTML"
        )
    if found:
        notes.append(
            f"{run['trials']} trials: Pagefind indexes the site in {found['index_s']:.1f} s; "
            f"a one-word query downloads ~{found['en']['query_download_kb']:.0f} KiB (en) / "
            f"{found['fr']['query_download_kb']:.0f} KiB (fr) of its {found['en']['total_mb']:.1f}"
            f" / {found['fr']['total_mb']:.1f} MB index, against {gzip_mb['en']:.2f} / "
            f"{gzip_mb['fr']:.2f} MB gzip for Material's whole index"
        )
    return notes


def check_targets(runs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Return each target of issue 7 with the measured value and whether it is met.

    Time targets are judged on wall seconds, what a maintainer waits for: trialsite uses both
    cores (trials render in worker processes, the languages build side by side), plain MkDocs
    one. The CPU-second ratios, what the work costs, are kept beside them for information; on
    a busy machine (see `machine.load_average`) they are the steadier figures.
    """
    big_n = max(runs, key=lambda run: run["trials"])
    small_n = min(runs, key=lambda run: run["trials"])
    per_page = _per_page(big_n, "build_s") / _per_page(small_n, "build_s")
    cpu_per_page = _per_page(big_n, "build_cpu_s") / _per_page(small_n, "build_cpu_s")
    search = max(big_n["search_index_gzip_mb"].values())
    over, share = big_n["build_over_floor"], big_n["generator_share"]
    targets = {
        "build <= 1.10x floor (wall s)": (over, over <= 1.10),
        "generator <= 5% of build (wall s)": (share, share <= 0.05),
        "time per page, largest/smallest N <= 1.2": (round(per_page, 3), per_page <= 1.2),
        "peak RSS <= 1024 MB": (big_n["peak_rss_mb"], big_n["peak_rss_mb"] <= 1024),
        "search index per language <= 3 MB gzip": (search, search <= 3.0),
    }
    served = big_n.get("serve")
    if served:
        edit = served["edit_rebuild_s"]
        targets["serve shows a one-trial edit <= 2 s"] = (edit, edit <= 2 and served["edit_shown"])
    big = big_n.get("big_record")
    if big:
        heavy = max(big["html_kb"].values())
        targets["1,148-site investigator page renders < 1 s"] = (
            big["render_s"],
            big["render_s"] < 1,
        )
        targets["1,148-site investigator page < 1 MB"] = (f"{heavy:.0f} KiB", heavy < 1024)
    verdicts = {
        name: {"value": value, "met": bool(met), "at_trials": big_n["trials"]}
        for name, (value, met) in targets.items()
    }
    verdicts["(info) build/floor, CPU s"] = _info(big_n["build_over_floor_cpu"], big_n)
    verdicts["(info) generator share, CPU s"] = _info(big_n["generator_share_cpu"], big_n)
    verdicts["(info) CPU per page, largest/smallest N"] = _info(round(cpu_per_page, 3), big_n)
    return verdicts


def _per_page(run: dict[str, Any], key: str) -> float:
    return float(run[key]) / run["pages"]


def _info(value: float, run: dict[str, Any]) -> dict[str, Any]:
    return {"value": value, "met": None, "at_trials": run["trials"]}


def main(argv: list[str] | None = None) -> int:
    """Print the table of a results file, judging its runs again: `python -m benchmarks.report`."""
    import json
    import sys
    from pathlib import Path

    path = Path(
        (argv if argv is not None else sys.argv[1:] or ["benchmarks/results/latest.json"])[0]
    )
    result = json.loads(path.read_text("utf-8"))
    result["targets"] = check_targets(result["runs"])
    path.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print(table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
