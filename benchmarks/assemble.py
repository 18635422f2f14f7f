"""Assemble a site of N trials from a built site of fewer, for the search measurements at N.

A registry's copies differ from their source record by the NCT id only, so each copy's pages
are its source's pages with the id changed. This writes the site a build of N trials would
write for every trial page (and the trial's downloads under `data/`), by copying the page of
an already built copy of the same source record under the new id, and Material's search index
the same way, entry by entry. The site's own pages (home, registry, glossary, maintainers,
condition pages) stay those of the smaller site; Pagefind's folder is left empty, for
`benchmarks.pagefind.weigh` to index the assembled pages with the build's own code. Used where
a real build of N trials does not fit the time there is (10,000 trials: over two hours of CPU
on two cores); every figure measured on such a site is reported as measured on an assembled
site, never as a build.

Run: `python -m benchmarks.assemble SMALL_WORK_FOLDER N OUT_SITE` (SMALL_WORK_FOLDER holds the
smaller registry's `content/` and `site/`).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

from .registry import synthetic_id

TRIAL_ROOTS = ("trials", "fr/trials")
COPY_ID = re.compile(r"NCT9[0-9]{7}")


def pool_cycle(content: Path) -> int:
    """Return how many source records the copies of `content` cycle through.

    Copy k and copy k + cycle have the same record apart from the id (`make_registry`).
    """
    texts = {}
    for folder in sorted((content / "trials").glob("NCT9*")):
        texts[folder.name] = COPY_ID.sub("ID", (folder / "record.yaml").read_text("utf-8"))
    ids = sorted(texts)
    for cycle in range(1, len(ids)):
        if all(texts[ids[i]] == texts[ids[i + cycle]] for i in range(len(ids) - cycle)):
            return cycle
    raise ValueError(f"{content}: the copies do not repeat; assemble from a larger registry")


def assemble(small: Path, trials: int, out: Path) -> int:
    """Write into `out` a site of `trials` trials from the built registry in `small`."""
    cycle = pool_cycle(small / "content")
    site = small / "site"
    shutil.rmtree(out, ignore_errors=True)
    copies = {p.name for p in (site / "trials").glob("NCT9*")}

    def ignore(folder: str, names: list[str]) -> set[str]:  # trial pages are written below
        return {n for n in names if n in copies} if folder.endswith("trials") else set()

    # Pagefind's index (when it is the site's search) is left empty, to index again.
    shutil.copytree(site, out, ignore=ignore)
    if (out / "pagefind").is_dir():
        shutil.rmtree(out / "pagefind")
        (out / "pagefind").mkdir()
    for index in range(1, trials):
        new, old = synthetic_id(index), synthetic_id((index - 1) % cycle + 1)
        for root in TRIAL_ROOTS:
            _copy_renamed(site / root / old, out / root / new, old, new)
        for path in (site / "data").glob(f"{old}.*"):
            target = out / "data" / path.name.replace(old, new)
            target.write_text(path.read_text("utf-8").replace(old, new), "utf-8")
    for prefix in ("", "fr/"):
        index_file = site / prefix / "search" / "search_index.json"
        if index_file.is_file():
            _search_index(index_file, out / prefix / "search" / "search_index.json", trials, cycle)
    return cycle


def _copy_renamed(source: Path, target: Path, old: str, new: str) -> None:
    for path in source.rglob("*"):
        if path.is_file():
            dest = target / path.relative_to(source)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(path.read_text("utf-8").replace(old, new), "utf-8")


def _search_index(source: Path, target: Path, trials: int, cycle: int) -> None:
    """Write Material's index with every copy's entries, cloned from its source's copy."""
    index = json.loads(source.read_text("utf-8"))
    by_copy: dict[str, list[dict]] = {}
    kept = []
    for doc in index["docs"]:
        found = re.match(r"trials/(NCT9[0-9]{7})/", doc["location"])
        if found:
            by_copy.setdefault(found[1], []).append(doc)
        else:
            kept.append(doc)
    docs = kept
    for index_no in range(1, trials):
        new, old = synthetic_id(index_no), synthetic_id((index_no - 1) % cycle + 1)
        for doc in by_copy.get(old, []):
            docs.append({key: value.replace(old, new) if isinstance(value, str) else value
                         for key, value in doc.items()})  # fmt: skip
    # As Material writes it: compact, ASCII with escapes.
    target.write_text(json.dumps({**index, "docs": docs}, separators=(",", ":")), "utf-8")


def _count(folder: Path) -> int:
    return sum(1 for _ in (folder / "content" / "trials").glob("NCT*"))


def main(argv: list[str] | None = None) -> int:
    """Assemble the site; print the cycle of source records it used."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("small", type=Path)
    parser.add_argument("trials", type=int)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    cycle = assemble(args.small, args.trials, args.out)
    # Beside the site, for `make bench --reuse-site` to say what it measured.
    note = {"from_site": str(args.small / "site"), "from_trials": _count(args.small),
            "records": cycle, "trials": args.trials}  # fmt: skip
    (args.out.parent / "assembled.json").write_text(json.dumps(note) + "\n", "utf-8")
    print(f"assembled {args.trials} trials from copies of {cycle} records")
    return 0


if __name__ == "__main__":
    sys.exit(main())
