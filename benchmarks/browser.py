"""Measure in Chromium what a reader meets: the search's first query and the registry page.

The built site is served from 127.0.0.1 the way a static host serves it (text gzip-encoded when
the browser accepts it), and every page gets 4x CPU throttling (DevTools'
`Emulation.setCPUThrottlingRate`, a mid-range phone). For each language and each query, in a
fresh browser context (empty cache), the page loads and the query is typed at once:

- Material's search (lunr): from the query reaching the search box to the first result in the
  list. Its worker first downloads the language's whole `search_index.json` and builds the
  index, so that time is part of the first query.
- Pagefind, once it is the site's search (the site has `pagefind/`): its search box, timed
  the same way. Before that, on a bundle made beside the site: its JS API on the same page
  (`pagefind.js` `search()` then `data()` of the results the site lists at first), from the
  import of `pagefind.js` to the last of those results' data, Material's index blocked.

DevTools' throttling slows the page's main thread only: in this Chromium a Web Worker runs at
full speed (`Emulation.setCPUThrottlingRate` is refused for workers). Material's search builds
its index in a worker and Pagefind searches in one, so their times are a lower bound for a phone
4x slower than this machine. For Pagefind the same query is also timed with its worker script
refused: Pagefind then falls back to the page's main thread and every step of the query runs
throttled (`all_throttled_ms`), which bounds the phone's time from above.

Bytes are what Chromium received for the search's own requests (encoded body sizes: the
index, its worker or WebAssembly, chunks and fragments), not the page and theme both share.
Run alone: `python -m benchmarks.browser SITE [--pagefind DIR]` prints the figures as JSON.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import math
import mimetypes
import os
import re
import statistics
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .pagefind import RESULTS_SHOWN

logger = logging.getLogger(__name__)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-gpu"]  # fmt: skip
THROTTLE = 4
VIEWPORT = {"width": 1280, "height": 900}
# An NCT id, two condition words, and a plural each language's stemmer must reduce.
QUERIES = {
    "en": ("NCT03562065", "lupus", "cancer", "vaccines"),
    "fr": ("NCT03562065", "lupus", "cancer", "cellules"),
}
PREFIX = {"en": "", "fr": "fr/"}
KB = 1024
# The search's own requests; the page, theme and fonts are the same for both engines.
SEARCH_REQUEST = re.compile(
    r"/search/search_index\.json|/workers/search\.|/javascripts/lunr/|/pagefind/"
)
# Text a static host (GitHub Pages) sends gzip-encoded. Pagefind's own files are compressed
# by Pagefind already and go as they are.
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")
PAGEFIND_API = """async ([bundle, query, shown]) => {
  const start = performance.now();
  const pagefind = await import(bundle);
  const search = await pagefind.search(query);
  const data = await Promise.all(search.results.slice(0, shown).map((r) => r.data()));
  return {ms: performance.now() - start, count: search.results.length,
          top: data.map((d) => d.url)};
}"""
# Marks the first input or key of the query and the first result shown (Material's list).
WATCH_RESULTS = """(selector) => {
  const bench = (window.__bench = {});
  const mark = () => { if (bench.start === undefined) bench.start = performance.now(); };
  document.addEventListener("input", mark, true);
  document.addEventListener("keydown", mark, true);
  new MutationObserver(() => {
    if (bench.shown === undefined && document.querySelector(selector)) {
      bench.shown = performance.now();
      const link = document.querySelector(selector).querySelector("a") ||
                   document.querySelector(selector).closest("a");
      bench.first = link ? link.href : null;
      bench.count = document.querySelectorAll(selector).length;
    }
  }).observe(document.body, {childList: true, subtree: true});
}"""
SEARCH_RESULT = ".md-search-result__item"
# What opens the search box where the header hides it (Material's label, or our button).
SEARCH_OPEN = "label.md-header__button[for='__search'], .trialsite-search-open"
MATERIAL_INDEX = re.compile(r"/search/search_index\.json$|/workers/search\.")
PAGEFIND_WORKER = re.compile(r"/pagefind/pagefind-worker\.js$")


def available() -> bool:
    """True when Chromium and Playwright are installed (`make test` installs both)."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return CHROMIUM.exists()


class _StaticHandler(BaseHTTPRequestHandler):
    """Serve one site folder (and Pagefind's bundle at /pagefind/) like a static host."""

    site: Path
    pagefind: Path | None
    cache: dict[Path, bytes]
    lock: threading.Lock

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        path = self._file(unquote(urlsplit(self.path).path))
        if path is None:
            self.send_error(404)
            return
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        body = path.read_bytes()
        encode = kind.startswith(COMPRESSED_TYPES) and "gzip" in self.headers.get(
            "Accept-Encoding", ""
        )
        if encode:
            body = self._gzip(path, body)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if encode:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)

    def _file(self, url_path: str) -> Path | None:
        relative = url_path.lstrip("/")
        root = self.site
        if relative.startswith("pagefind/") and self.pagefind is not None:
            root, relative = self.pagefind, relative.removeprefix("pagefind/")
        path = (root / relative).resolve()
        if not path.is_relative_to(root.resolve()):
            return None
        if path.is_dir():
            path = path / "index.html"
        return path if path.is_file() else None

    def _gzip(self, path: Path, body: bytes) -> bytes:
        with self.lock:
            if path not in self.cache:
                self.cache[path] = gzip.compress(body, 6)
            return self.cache[path]

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        logger.debug(format, *args)


@contextmanager
def serve(site: Path, pagefind: Path | None = None) -> Iterator[str]:
    """Serve `site` on 127.0.0.1 (Pagefind's bundle from `pagefind` if given); yield its URL."""
    handler = type("Handler", (_StaticHandler,), {
        "site": site, "pagefind": pagefind, "cache": {}, "lock": threading.Lock(),
    })  # fmt: skip
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@contextmanager
def chromium() -> Iterator[Any]:
    """Launch Debian's Chromium headless through Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


class _Visit:
    """One throttled page in a fresh context, counting what the search downloads."""

    def __init__(self, browser: Any, bypass_csp: bool = False, throttle: int = THROTTLE) -> None:
        self.context = browser.new_context(viewport=VIEWPORT, bypass_csp=bypass_csp)
        self.page = self.context.new_page()
        self.context.new_cdp_session(self.page).send(
            "Emulation.setCPUThrottlingRate", {"rate": throttle}
        )
        self.finished: list[Any] = []
        self.context.on("requestfinished", lambda request: self.finished.append(request))
        self.cpu_start = browser_cpu_s()

    def cpu_s(self) -> float:
        """Return the CPU seconds Chromium's processes spent since the visit began.

        Counted per process alive at the end (a process that ended meanwhile, such as an
        earlier visit's page, is left out rather than subtracted).
        """
        now = browser_cpu_s()
        return round(sum(cpu - self.cpu_start.get(pid, 0.0) for pid, cpu in now.items()), 2)

    def search_bytes(self) -> tuple[int, int]:
        """Return the bytes received for the search's own requests, and their number."""
        sizes = [_received(r) for r in self.finished if SEARCH_REQUEST.search(r.url)]
        return sum(sizes), len(sizes)

    def close(self) -> None:
        self.context.close()


def browser_cpu_s() -> dict[int, float]:
    """Return the CPU seconds (user + system) of each Chromium process this one started.

    Unlike wall time, this hardly depends on what else the machine runs; all threads count,
    the workers' too. Measured on unthrottled visits: DevTools' throttling spins the CPU.
    """
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        name_end = text.rindex(")")
        fields = text[name_end + 2 :].split()
        pid = int(text[: text.index(" ")])
        parents[pid] = int(fields[1])
        if "chrom" in text[text.index("(") + 1 : name_end]:
            cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
    mine = {os.getpid()}
    grew = True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in mine} - mine
        mine |= more
        grew = bool(more)
    return {pid: seconds for pid, seconds in cpu.items() if pid in mine}


def _received(request: Any) -> int:
    """Return the body bytes a request received, as sent (encoded).

    Chromium reports 0 for a worker's own script; the server's Content-Length (the encoded
    length) stands in for it.
    """
    response = request.response()
    length = int(response.headers.get("content-length") or 0) if response else 0
    return max(request.sizes()["responseBodySize"], length)


def box_query(browser: Any, root: str, lang: str, query: str, timeout_s: float,
              throttle: int = THROTTLE, no_worker: bool = False) -> dict:  # fmt: skip
    """Open the language's home page, type `query` in its search box at once; time the results.

    The box is Material's (lunr) or, once Pagefind is the site's search, ours in Material's
    place (same classes). The time runs from the query reaching the box to the first result.
    `no_worker` refuses Pagefind's worker script: it searches on the throttled main thread.
    """
    visit = _Visit(browser, throttle=throttle)
    try:
        page = visit.page
        if no_worker:
            page.route(PAGEFIND_WORKER, lambda route: route.abort())
        page.goto(root + PREFIX[lang], wait_until="load")
        page.evaluate(WATCH_RESULTS, SEARCH_RESULT)
        box = page.locator("input.md-search__input")
        if not box.is_visible():
            page.locator(SEARCH_OPEN).first.click()
        box.focus()
        box.fill(query)
        box.press("End")  # Material reads the query on keyup, which fill() does not send
        return _shown(visit, timeout_s)
    finally:
        visit.close()


def _shown(visit: _Visit, timeout_s: float) -> dict:
    """Wait for the first result the watcher saw; return its time, the bytes and the link."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = visit.page
    try:
        page.wait_for_function("() => window.__bench.shown !== undefined",
                               timeout=timeout_s * 1000)  # fmt: skip
    except PlaywrightTimeout:
        size, requests = visit.search_bytes()
        return {"ms": None, "timed_out_s": timeout_s, "kb": round(size / KB, 1),
                "requests": requests, "cpu_s": visit.cpu_s()}  # fmt: skip
    bench = page.evaluate("() => window.__bench")
    size, requests = visit.search_bytes()
    return {"ms": round(bench["shown"] - bench["start"]), "kb": round(size / KB, 1),
            "requests": requests, "first": _relative(bench.get("first")),
            "cpu_s": visit.cpu_s()}  # fmt: skip


def pagefind_query(browser: Any, root: str, lang: str, query: str, timeout_s: float,
                   throttle: int = THROTTLE) -> dict:  # fmt: skip
    """Open the language's home page and query Pagefind's JS API; time the first results' data.

    The site's Content-Security-Policy does not allow WebAssembly (`wasm-unsafe-eval`) until
    Pagefind is the site's search, so this context bypasses it.
    """
    visit = _Visit(browser, bypass_csp=True, throttle=throttle)
    try:
        page = visit.page
        # The reader of a Pagefind site does not load Material's index as well.
        page.route(MATERIAL_INDEX, lambda route: route.abort())
        page.goto(root + PREFIX[lang], wait_until="load")
        page.set_default_timeout(timeout_s * 1000)
        found = page.evaluate(PAGEFIND_API, [root + "pagefind/pagefind.js", query, RESULTS_SHOWN])
        size, requests = visit.search_bytes()
        top = [_relative(url) for url in found["top"]]
        return {"ms": round(found["ms"]), "kb": round(size / KB, 1), "requests": requests,
                "count": found["count"], "top": top, "cpu_s": visit.cpu_s()}  # fmt: skip
    finally:
        visit.close()


def _relative(url: str | None) -> str | None:
    return urlsplit(url).path if url else None


def registry_page(browser: Any, root: str, lang: str) -> dict:
    """Load the registry page throttled; return its HTML and JSON bytes and its load time."""
    visit = _Visit(browser)
    try:
        page = visit.page
        response = page.goto(root + PREFIX[lang] + "trials/", wait_until="load")
        timing = page.evaluate(
            "() => { const t = performance.getEntriesByType('navigation')[0];"
            " return {dom: t.domContentLoadedEventEnd, load: t.loadEventEnd}; }"
        )
        html = response.body()
        json_bytes = [
            _received(r)
            for r in visit.finished
            if not SEARCH_REQUEST.search(r.url)
            and r.response()
            and "json" in (r.response().headers.get("content-type") or "")
        ]
        return {
            "html_kb": round(len(html) / KB, 1),
            "html_gzip_kb": round(response.request.sizes()["responseBodySize"] / KB, 1),
            "json_kb": round(sum(json_bytes) / KB, 1), "json_requests": len(json_bytes),
            "rows": page.locator("[data-nct]").count(),
            "dom_ready_ms": round(timing["dom"]), "load_ms": round(timing["load"]),
        }  # fmt: skip
    finally:
        visit.close()


def _median(samples: list[dict], key: str) -> float | None:
    """Return the median; a query that showed no result in time counts as the slowest."""
    values = [math.inf if s.get(key) is None else s[key] for s in samples]
    middle = statistics.median(values) if values else math.inf
    return None if math.isinf(middle) else round(middle, 2)


def measure(
    site: Path,
    pagefind: Path | None = None,
    timeout_s: float = 120.0,
    queries: dict[str, tuple[str, ...]] = QUERIES,
) -> dict[str, Any]:
    """Measure both searches and the registry page of a built site, per language of `queries`.

    `pagefind` is a Pagefind bundle made outside the site (`benchmarks.pagefind.weigh`); when
    the site carries its own `pagefind/` folder, that one is used.
    """
    measured: dict[str, Any] = {"throttle": THROTTLE, "load_average_start": _load()}
    own = (site / "pagefind" / "pagefind.js").is_file()
    bundle = None if own else pagefind
    with serve(site, bundle) as root, chromium() as browser:
        for lang, words in queries.items():
            has_lunr = (site / PREFIX[lang] / "search" / "search_index.json").is_file()
            lunr = _queries(box_query, browser, root, lang, words, timeout_s) if has_lunr else []
            if own:  # the site's own search box
                found = _queries(box_query, browser, root, lang, words, timeout_s, True)
            elif bundle:
                found = _queries(pagefind_query, browser, root, lang, words, timeout_s)
            else:
                found = []
            measured[lang] = {
                "queries": list(words),
                "lunr": _summary(lunr, words),
                "pagefind": _summary(found, words),
                "registry": registry_page(browser, root, lang),
            } | ratios(_summary(lunr, words), _summary(found, words))
    return measured | {"pagefind_api": not own, "load_average_end": _load()}


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _queries(query: Any, browser: Any, root: str, lang: str, words: tuple[str, ...],
             timeout_s: float, pagefind_box: bool = False) -> list[dict]:  # fmt: skip
    """Run each query on a fresh page; after one shows nothing in time, the rest are not run
    (they would wait as long: the index is what is slow) and count as timed out too."""
    samples: list[dict] = []
    for word in words:
        if samples and samples[-1]["ms"] is None:
            samples.append({"ms": None, "kb": None, "not_run": "an earlier query timed out"})
            continue
        sample = query(browser, root, lang, word, timeout_s)
        if sample["ms"] is not None:  # the work itself: unthrottled (throttling spins a core)
            plain = query(browser, root, lang, word, timeout_s, throttle=1)
            sample |= {"cpu_s": plain["cpu_s"], "unthrottled_ms": plain["ms"]}
        else:
            sample["cpu_s"] = None
        if sample["ms"] is not None and pagefind_box:
            alone = query(browser, root, lang, word, timeout_s, no_worker=True)
            sample["all_throttled_ms"] = alone["ms"]
        samples.append(sample)
    return samples


def ratios(lunr: dict[str, Any], found: dict[str, Any]) -> dict[str, float]:
    """Return how many times more Material's search costs than Pagefind, bytes and time."""
    ratios = {}
    for key in ("ms", "kb", "cpu_s"):
        high, low = lunr.get(f"median_{key}"), found.get(f"median_{key}")
        if high and low:
            ratios[f"lunr_over_pagefind_{key}"] = round(high / low, 1)
    return ratios


def _summary(samples: list[dict], queries: tuple[str, ...]) -> dict[str, Any]:
    """Return the medians over the queries, and each query's figures."""
    if not samples:
        return {}
    return {"median_ms": _median(samples, "ms"), "median_kb": _median(samples, "kb"),
            "median_cpu_s": _median(samples, "cpu_s"),
            "median_unthrottled_ms": _median(samples, "unthrottled_ms"),
            "median_all_throttled_ms": _median(samples, "all_throttled_ms"),
            "timed_out": sum(1 for s in samples if s.get("ms") is None),
            "per_query": dict(zip(queries, samples, strict=True))}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Measure an already built site: `python -m benchmarks.browser SITE [--pagefind DIR]`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--pagefind", type=Path, default=None,
                        help="A Pagefind bundle made outside the site.")  # fmt: skip
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--languages", nargs="+", default=list(QUERIES))
    args = parser.parse_args(argv)
    queries = {lang: QUERIES[lang] for lang in args.languages}
    result = measure(args.site, args.pagefind, args.timeout, queries)
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
