"""The site's search: Pagefind indexes the built pages into `pagefind/`, one index per language.

Pagefind (issue 20) reads every built page, splits its words by the page's `<html lang>` (each
language with its own stemmer: « poumons » finds « poumon »), and writes an index in small
chunks: a reader downloads only the chunks a query needs (about 140 KB for a first query at
1,000 trials, where Material's lunr index was 2.5 MB gzip to download before any result). Only
what the templates mark `data-pagefind-body` is indexed, minus what they mark
`data-pagefind-ignore`. Its binary ships in the `pagefind-bin` wheel: nothing is downloaded.

The index is written beside the site, then renamed into place: a failure leaves the site as
it was (a build then stops before its swap; the preview keeps its previous index).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..errors import BuildError

SEARCH_DIR = "pagefind"
"""The index's folder under the site root; `assets/trialsite-search.js` loads it from there."""
UNUSED = ("pagefind-*ui.*", "pagefind-highlight.js")
"""Pagefind's own result widgets, left out: the site draws results in Material's look with
`assets/trialsite-search.js`, which uses only `pagefind.js` and what it loads."""


def index_site(site_dir: Path, languages: Iterable[str]) -> int:
    """Index the built site in `site_dir` with Pagefind; return the number of pages indexed.

    Raises `BuildError` when Pagefind is missing or fails, or a language got no page.
    """
    site_dir = Path(site_dir)
    new = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site_dir))
    new.chmod(0o755)  # mkdtemp makes it private; the site's readers need it
    try:
        _run(site_dir, new)
        pages = _check(new, tuple(languages), site_dir)
        for unused in UNUSED:
            for path in new.glob(unused):
                path.unlink()
        _replace(new, site_dir / SEARCH_DIR)
    finally:
        shutil.rmtree(new, ignore_errors=True)
    return pages


def _run(site_dir: Path, output: Path) -> None:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise BuildError(
            "the search index needs Pagefind: install the locked requirements "
            "(`make .venv/.installed`, or `pip install 'pagefind[bin]'`)"
        ) from None
    command = [
        str(get_executable()), "--site", str(site_dir), "--output-path", str(output), "--quiet",
    ]  # fmt: skip
    # No time limit: indexing grows with the registry (201 s for 6,316 pages on a loaded
    # machine), and Ctrl-C stops Pagefind with the build.
    try:
        done = subprocess.run(command, capture_output=True, text=True)
    except OSError as error:
        raise BuildError(f"Pagefind could not index {site_dir}/: {error}") from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise BuildError(
            f"Pagefind failed to index {site_dir}/ (exit {done.returncode}): " + " / ".join(said)
        )


def _check(output: Path, languages: tuple[str, ...], site_dir: Path) -> int:
    """Return the pages indexed; raise when a language of the site has no index.

    The entry file is written again with its keys sorted: Pagefind lists the languages in no
    fixed order, and the same pages must make the same site, byte for byte.
    """
    path = output / "pagefind-entry.json"
    try:
        entry = json.loads(path.read_text("utf-8"))
        found = sorted(entry["languages"].items())
        counts = {lang: int(info["page_count"]) for lang, info in found}
        path.write_text(json.dumps(entry, sort_keys=True, separators=(",", ":")), "utf-8")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise BuildError(f"Pagefind wrote no usable index for {site_dir}/: {error}") from None
    missing = [lang for lang in languages if not counts.get(lang)]
    if missing:
        raise BuildError(
            f"the search index of {site_dir}/ has no page in {', '.join(missing)} "
            f"(indexed: {counts}); each page must say its language in <html lang>"
        )
    return sum(counts.values())


def _replace(new: Path, target: Path) -> None:
    old = target.with_name(f".{SEARCH_DIR}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
