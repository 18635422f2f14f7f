"""The site's search in a real Chromium (issue 20): Pagefind's per-language index, each shipped
trial first for its id and its condition's name, found by a site's city, by lay words and by
French stems, in Material's search box, accessible and private, at 1280 and 360 px, in both
languages. Every trial of the registry site (shipped and fixtures) is found by id, condition,
intervention, sponsor, city and criterion word in `test_browser_search_registry.py`.

The site is the shipped trials, built once per session (`served_site`) for a sub-path, as
`--base-url` does. Every query is typed into the header's box, as a reader types it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browser.checks import axe_violations, describe_violations, horizontal_overflow, wide_elements
from browser.navigation import search
from browser.plugin import DESKTOP, PHONE, Browsing, open_context
from browser.server import SiteServer
from playwright.sync_api import Browser, Response
from searchindex import fragments
from sitefixtures import CONTENT, BuiltSite

from generator.loader import load_content
from generator.model import Content

pytestmark = pytest.mark.browser

PREFIX = {"en": "", "fr": "fr/"}
SLE = "NCT03562065"
NSCLC = "NCT04267848"  # Lung Non-Small Cell Carcinoma


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(CONTENT)


class Reader:
    """One page of a language, searched again and again; records failed and foreign requests."""

    def __init__(self, browsing: Browsing, lang: str) -> None:
        self.browsing = browsing
        self.lang = lang
        self.failed: list[str] = []
        self.page = browsing.context.new_page()
        self.page.on("response", self._check)
        self.page.goto(browsing.server.url(PREFIX[lang]))

    def _check(self, response: Response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.status} {response.url}")

    def trials(self, query: str) -> list[str]:
        """Return the NCT id of each page found for `query`, best first."""
        urls = search(self.page, query)
        root = self.browsing.server.url(PREFIX[self.lang])
        assert all(url.startswith(root) for url in urls), (query, urls)  # this language only
        return [match[1] for url in urls if (match := re.search(r"/trials/(NCT\d{8})/", url))]

    def first(self, query: str) -> str:
        """Return the URL of the first page found for `query`, below the language's root."""
        urls = search(self.page, query)
        assert urls, f"{self.lang}: nothing found for {query!r}"
        return urls[0].removeprefix(self.browsing.server.url(PREFIX[self.lang]))


@pytest.fixture(scope="module")
def readers(chromium: Browser, served_site: SiteServer) -> Iterator[dict[str, Reader]]:
    """One desktop page per language, kept open for every query of the module."""
    browsing = open_context(chromium, served_site, viewport=DESKTOP)
    yield {lang: Reader(browsing, lang) for lang in PREFIX}
    browsing.context.close()


def _word(text: str) -> str:
    """Return the longest word of a text (a name's most telling word)."""
    return max(re.findall(r"[^\W\d_]{4,}", text), key=len)


@pytest.mark.parametrize("lang", PREFIX)
def test_each_trial_is_found_by_id_and_condition_overview_first_and_by_city(
    readers: dict[str, Reader], content: Content, lang: str
) -> None:
    """Its id and its condition (in the page's language) find its overview first; a site's
    city finds the trial."""
    reader = readers[lang]
    for trial in content.trials:
        record = trial.record
        overview = f"trials/{record.nct_id}/"
        assert reader.first(record.nct_id) == overview
        if record.conditions:
            condition = record.conditions[0]
            if lang == "fr":
                translated = trial.translations.get("fr", {}).get("conditions.0")
                assert translated and translated.text and not translated.fuzzy, record.nct_id
                condition = translated.text
            assert reader.first(condition) == overview, (lang, condition)
            assert record.nct_id in reader.trials(_word(condition)), (lang, condition)
        for city in [site.city for site in record.locations[:1] if site.city]:
            assert record.nct_id in reader.trials(city), (lang, record.nct_id, city)
    assert reader.failed == [] and reader.browsing.foreign == []


@pytest.mark.parametrize(
    ("lang", "query", "nct_id"),
    [("en", "lupus", SLE), ("fr", "lupus", SLE), ("fr", "cancer du poumon", NSCLC),
     ("en", "lung cancer", NSCLC)],
)  # fmt: skip
def test_lay_words_find_the_trial_first(
    readers: dict[str, Reader], lang: str, query: str, nct_id: str
) -> None:
    """The words a patient types, not the record's terms (SLE, NSCLC), find the trial's
    overview first."""
    assert readers[lang].first(query) == f"trials/{nct_id}/"


def test_a_lay_name_of_the_terms_file_finds_the_trial(
    readers: dict[str, Reader], built_site: BuiltSite
) -> None:
    """« swallowing problems », the lay name content/terms.yaml gives dysphagia, is said on no
    page of the dysphagia trial; its overview carries the name for the index, so it is found."""
    trial = built_site.root / "trials" / "NCT05594173"
    for page in ("", "patients/", "investigators/"):
        html = re.sub(r' data-also="[^"]*"', "", (trial / page / "index.html").read_text("utf-8"))
        assert "swallowing problems" not in html.lower(), page
    assert readers["en"].first("swallowing problems") == "trials/NCT05594173/"


def test_french_stemming_finds_a_plural_the_pages_only_hold_singular(
    readers: dict[str, Reader], built_site: BuiltSite
) -> None:
    """« poumons » finds the lung-cancer trial, whose French pages say « poumon » only."""
    pages = fragments(built_site.root, "fr")  # the same content, built once for the session
    text = " ".join(p["content"] for url, p in pages.items() if f"/{NSCLC}/" in url).lower()
    assert "poumon " in text and "poumons" not in text
    assert NSCLC in readers["fr"].trials("poumons")


@pytest.fixture
def phone_or_desktop(
    request: pytest.FixtureRequest, chromium: Browser, served_site: SiteServer
) -> Iterator[Browsing]:
    browsing = open_context(chromium, served_site, viewport=request.param)
    yield browsing
    browsing.context.close()


@pytest.mark.parametrize("lang", PREFIX)
@pytest.mark.parametrize("phone_or_desktop", [DESKTOP, PHONE], ids=["1280", "360"], indirect=True)
def test_the_search_box_is_accessible_private_and_reflows(
    phone_or_desktop: Browsing, lang: str
) -> None:
    """Labelled box, count in a live region, results in the page's language, Escape closes,
    axe finds nothing with results shown, no sideways scroll at 320 px, no foreign request."""
    browsing = phone_or_desktop
    page = browsing.open(f"{PREFIX[lang]}trials/{SLE}/")
    found = search(page, "lupus")
    assert found and all(url.startswith(browsing.server.url(PREFIX[lang])) for url in found)
    box = page.locator("input.md-search__input")
    assert box.get_attribute("aria-label")
    meta = page.locator(".md-search-result__meta")
    assert meta.get_attribute("role") == "status" and meta.get_attribute("aria-live") == "polite"
    assert re.search(r"\d", meta.inner_text())
    assert page.evaluate("document.getElementById('__search').checked")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    if (page.viewport_size or {}).get("width") == PHONE["width"]:
        page.set_viewport_size({"width": 320, "height": 640})
        assert horizontal_overflow(page) <= 0, wide_elements(page)
    box.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    assert page.evaluate("document.activeElement") != box.element_handle()
    assert browsing.foreign == []


def test_without_javascript_there_is_no_search_box(
    chromium: Browser, served_site: SiteServer
) -> None:
    browsing = open_context(chromium, served_site, viewport=DESKTOP, java_script_enabled=False)
    try:
        for lang in PREFIX:
            page = browsing.open(PREFIX[lang])
            assert not page.locator(".trialsite-search").is_visible()
            assert not page.locator(".trialsite-search-open").is_visible()
    finally:
        browsing.context.close()
