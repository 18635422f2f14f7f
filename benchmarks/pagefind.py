"""Weigh Pagefind against the trimmed Material search index, on the same built site.

Material's search makes a reader download their language's whole index before the first
result. Pagefind (PyPI `pagefind[bin]`, installed by `make bench`) splits the index into
chunks fetched per query. This indexes the built site with Pagefind into the benchmark's work
folder (the site itself is not changed) and estimates what a phone downloads for a one-word
query: the Pagefind script and worker (gzip), the language's WebAssembly and metadata, one
index chunk and the fragments of the results the site lists at first (Pagefind stores those
compressed already).
"""

from __future__ import annotations

import gzip
import logging
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)
KB = 1024
RESULTS_SHOWN = 3
"""Results whose text a first query fetches: the trials `assets/trialsite-search.js` lists at
first (its `BATCH`; a test keeps the two equal)."""


def available() -> bool:
    """True when the Pagefind binary is installed (`pip install 'pagefind[bin]'`)."""
    try:
        import pagefind_bin  # noqa: F401
    except ImportError:
        return False
    return True


def weigh(site: Path, work: Path, languages: tuple[str, ...] = ("en", "fr")) -> dict[str, Any]:
    """Index `site` with Pagefind; return its time and per-language weights.

    A site whose search is Pagefind (it has a `pagefind/` folder, maybe empty: see
    `benchmarks.assemble`) is indexed again in place by the build's own code
    (`generator.site.search.index_site`); any other into `work/pagefind`, the site unchanged.
    """
    own = (site / "pagefind").is_dir()
    output = site / "pagefind" if own else work / "pagefind"
    start = time.perf_counter()
    if own:
        from generator.site.search import index_site

        index_site(site, languages)
    else:
        shutil.rmtree(output, ignore_errors=True)
        command = [sys.executable, "-m", "pagefind", "--site", str(site),
                   "--output-path", str(output)]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    script_kb = sum(_gzip_kb(output / name) for name in ("pagefind.js", "pagefind-worker.js"))
    result: dict[str, Any] = {"index_s": round(seconds, 2), "script_gzip_kb": round(script_kb, 1),
                              "site_search": own}  # fmt: skip
    for lang in languages:
        chunks = [p.stat().st_size for p in (output / "index").glob(f"{lang}_*.pf_index")]
        fragments = [p.stat().st_size for p in (output / "fragment").glob(f"{lang}_*.pf_fragment")]
        fixed = sum(p.stat().st_size for p in output.glob(f"pagefind.{lang}_*.pf_meta"))
        fixed += (output / f"wasm.{lang}.pagefind").stat().st_size
        chunk, fragment = statistics.mean(chunks or [0]), statistics.mean(fragments or [0])
        query = script_kb + (fixed + chunk + RESULTS_SHOWN * fragment) / KB
        result[lang] = {
            "total_mb": round((fixed + sum(chunks) + sum(fragments)) / KB / KB, 2),
            "chunks": len(chunks),
            "query_download_kb": round(query, 1),
        }
    return result


def _gzip_kb(path: Path) -> float:
    return len(gzip.compress(path.read_bytes(), 9)) / KB
