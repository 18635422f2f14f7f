"""Results sections in a real Chromium (issue 17): accessible, no sideways page scroll at 320 px,
captions readable on a phone, and printed with nothing cut, in both languages.

The sample content's trial with posted results (NCT02210780) is the one looked at.
"""

from __future__ import annotations

import pytest
from browser.checks import axe_violations, describe_violations, horizontal_overflow, wide_elements
from browser.plugin import PHONE, Browsing, open_context
from browser.server import SiteServer
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

TRIAL = "NCT02210780"
PREFIX = {"en": "", "fr": "fr/"}
KINDS = {"patients": "patients/", "investigators": "investigators/"}


@pytest.mark.parametrize("lang", PREFIX)
@pytest.mark.parametrize("kind", KINDS)
def test_results_sections_are_accessible_and_reflow_at_320_px(
    chromium: Browser, served_site: SiteServer, kind: str, lang: str
) -> None:
    """axe finds nothing; at 320 px the page never scrolls sideways, tables stack or scroll."""
    # The site's Content-Security-Policy refuses inline scripts; axe is injected as one.
    browsing = open_context(chromium, served_site, viewport=PHONE, bypass_csp=True)
    try:
        _check_results_page(browsing, kind, lang)
    finally:
        browsing.context.close()


def _check_results_page(browsing: Browsing, kind: str, lang: str) -> None:
    page = browsing.open(f"{PREFIX[lang]}trials/{TRIAL}/{KINDS[kind]}#results", PHONE)
    assert page.locator("h2#results").count() == 1
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    page.set_viewport_size({"width": 320, "height": 640})
    assert horizontal_overflow(page) <= 0, wide_elements(page)
    assert wide_elements(page) == []
    if kind == "investigators":
        captions = page.locator(".trialsite-results caption")
        assert captions.count() > 5
        box = captions.first.bounding_box()
        assert box is not None and box["width"] > 200, "caption squeezed into a column"


@pytest.mark.parametrize("lang", PREFIX)
def test_investigator_results_print_with_nothing_cut(
    chromium: Browser, served_site: SiteServer, lang: str
) -> None:
    """In print, every results table fits the A4 width and the page makes a PDF."""
    browsing = open_context(chromium, served_site, viewport={"width": 700, "height": 1000})
    try:
        page = browsing.open(f"{PREFIX[lang]}trials/{TRIAL}/investigators/")
        page.emulate_media(media="print")
        assert horizontal_overflow(page) <= 0, wide_elements(page)
        widths = page.eval_on_selector_all(
            ".trialsite-results table", "tables => tables.map(t => t.scrollWidth - 700)"
        )
        assert widths and max(widths) <= 0, "a results table is wider than the paper"
        assert page.pdf(format="A4").startswith(b"%PDF")
    finally:
        browsing.context.close()
