"""Pytest fixtures for the browser tests: Chromium, the served site, and guarded pages."""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

from browser.checks import AXE
from browser.server import SiteServer, serve_directory
from browser.sitebuild import build_site_for

log = logging.getLogger(__name__)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-gpu",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Launch Debian's Chromium headless once for the session."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing: run tools/install-browser-deps.sh (make test)")
    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: run `npm ci` (make test does it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """Build the sample site for http://127.0.0.1:<port>/trialsite/ and serve it there."""
    work = tmp_path_factory.mktemp("browser-site")
    site_dir = work / "site"
    site_dir.mkdir()
    with serve_directory(site_dir) as server:
        build_site_for(work, site_dir, server.root)
        yield server
    shutil.rmtree(work, ignore_errors=True)


@dataclass
class Browsing:
    """A fresh browser context that aborts, and records, requests to any other host."""

    context: BrowserContext
    server: SiteServer
    foreign: list[str] = field(default_factory=list)

    def guard(self, route: Route) -> None:
        """Record and abort a request that does not go to the test server."""
        self.foreign.append(route.request.url)
        route.abort()

    def open(
        self, relpath: str, viewport: dict[str, int] | None = None, settle: bool = False
    ) -> Page:
        """Open a site-relative path in a new page; with `settle`, wait until the network rests.

        Settling (500 ms without requests) is needed only where every request must have been
        made, as for the privacy check; the other tests start once the page has loaded.
        """
        page = self.context.new_page()
        if viewport:
            page.set_viewport_size(viewport)
        page.goto(self.server.url(relpath), wait_until="networkidle" if settle else "load")
        return page


def open_context(chromium: Browser, server: SiteServer, **options: object) -> Browsing:
    """Return a new guarded context on `server` (options go to Browser.new_context)."""
    context = chromium.new_context(**options)  # type: ignore[arg-type]
    browsing = Browsing(context, server)
    # Only requests to other origins reach Python (a regex is matched inside the browser driver),
    # so the site's own requests are not slowed down by a round trip each.
    context.route(re.compile(rf"^(?!{re.escape(server.url(''))})(?!(data|blob):)"), browsing.guard)
    return browsing


@pytest.fixture
def browsing(chromium: Browser, served_site: SiteServer) -> Iterator[Browsing]:
    """A fresh guarded desktop context for one test."""
    browsing = open_context(chromium, served_site, viewport=DESKTOP)
    yield browsing
    browsing.context.close()
