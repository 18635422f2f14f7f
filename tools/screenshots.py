"""Write screenshots of every page type, both languages, desktop and phone: `make screenshots`."""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the browser-test harness: server, site build, flags

from browser.navigation import search  # noqa: E402
from browser.plugin import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE  # noqa: E402
from browser.server import serve_directory  # noqa: E402
from browser.sitebuild import PAGES, build_site_for  # noqa: E402
from playwright.sync_api import Browser, sync_playwright  # noqa: E402

log = logging.getLogger("screenshots")

LANGS = {"en": "", "fr": "fr/"}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}


def shoot(browser: Browser, root: str, out: Path, viewport: str) -> list[Path]:
    """Write one full-page screenshot per page and language at one viewport; return them."""
    context = browser.new_context(viewport=VIEWPORTS[viewport], device_scale_factor=1)
    page = context.new_page()
    written = []
    for kind, path in PAGES.items():
        for lang, prefix in LANGS.items():
            page.goto(root + prefix + path, wait_until="networkidle")
            target = out / f"{kind}-{lang}-{viewport}.png"
            page.screenshot(path=str(target), full_page=True)
            written.append(target)
    context.close()
    return written


def shoot_docs(browser: Browser, root: str, docs: Path) -> list[Path]:
    """Write the README's patient-page images: desktop first screen, phone first two screens."""
    docs.mkdir(parents=True, exist_ok=True)
    written = []
    for viewport, screens in (("desktop", 1), ("phone", 2)):
        size = VIEWPORTS[viewport]
        context = browser.new_context(viewport=size, device_scale_factor=1)
        page = context.new_page()
        page.goto(root + PAGES["patient"], wait_until="networkidle")
        clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"] * screens}
        target = docs / f"patient-{viewport}.png"
        page.screenshot(path=str(target), full_page=True, clip=clip)
        written.append(target)
        context.close()
    return written


RESULTS_TRIAL = "NCT02210780"
"""The sample trial with posted results (issue 17)."""
RESULTS_SHOTS = (  # (page, language, viewport): both widths and both languages
    ("patients", "en", "desktop"), ("patients", "fr", "phone"),
    ("investigators", "en", "desktop"), ("investigators", "fr", "phone"),
)  # fmt: skip


def shoot_results(browser: Browser, root: str, docs: Path) -> list[Path]:
    """Write the README's results images: the first screen of each Results section."""
    docs.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, lang, viewport in RESULTS_SHOTS:
        size = VIEWPORTS[viewport]
        context = browser.new_context(viewport=size, device_scale_factor=1)
        page = context.new_page()
        path = f"{LANGS[lang]}trials/{RESULTS_TRIAL}/{kind}/"
        page.goto(root + path, wait_until="networkidle")
        # The heading just below the fixed header bar.
        page.evaluate(
            "window.scrollTo(0, document.querySelector('h2#results').getBoundingClientRect().top"
            " + window.scrollY - 64)"
        )
        page.wait_for_timeout(500)  # the header's title fades to the page title on scroll
        target = docs / f"results-{kind}-{lang}-{viewport}.png"
        page.screenshot(path=str(target))
        written.append(target)
        context.close()
    return written


SEARCH_SHOTS = (("en", "desktop", "lupus"), ("fr", "phone", "cancer du poumon"))
"""The README's search images (issue 20): a query typed in each language, at each width."""


def shoot_search(browser: Browser, root: str, docs: Path) -> list[Path]:
    """Write the README's search images: the header's search box open on its results."""
    docs.mkdir(parents=True, exist_ok=True)
    written = []
    for lang, viewport, query in SEARCH_SHOTS:
        context = browser.new_context(viewport=VIEWPORTS[viewport], device_scale_factor=1)
        page = context.new_page()
        page.goto(root + LANGS[lang] + PAGES["home"], wait_until="networkidle")
        search(page, query)
        target = docs / f"search-{lang}-{viewport}.png"
        page.screenshot(path=str(target))
        written.append(target)
        context.close()
    return written


def main() -> int:
    """Build the sample site, serve it under /trialsite/ and photograph every page."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument(
        "--docs", type=Path, default=None, help="Also write the README's images into this folder."
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not CHROMIUM.exists():
        log.error("%s is missing: run tools/install-browser-deps.sh", CHROMIUM)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        site_dir = Path(work) / "site"
        site_dir.mkdir()
        with serve_directory(site_dir) as server, sync_playwright() as playwright:
            build_site_for(Path(work), site_dir, server.root)
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            written = [p for v in VIEWPORTS for p in shoot(browser, server.root, args.out, v)]
            if args.docs:
                written += shoot_docs(browser, server.root, args.docs)
                written += shoot_results(browser, server.root, args.docs)
                written += shoot_search(browser, server.root, args.docs)
            browser.close()
    log.info("wrote %d screenshots into %s/", len(written), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
