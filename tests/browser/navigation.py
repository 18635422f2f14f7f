"""Drive the site like a reader: switch language, search."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

SEARCH_TIMEOUT_MS = 15_000


def switcher_link(page: Page, lang: str) -> Locator:
    """Return the header's language-switcher link to `lang`, opening its menu if needed."""
    link = page.locator(f".md-header a[hreflang='{lang}'], header a[hreflang='{lang}']").first
    if not link.is_visible():
        opener = page.locator(".md-header .md-select button, .md-header .md-select").first
        opener.hover()
        if not link.is_visible():
            opener.focus()
    return link


def switch_language(page: Page, lang: str) -> None:
    """Click the language switcher to `lang` and wait for the new page."""
    link = switcher_link(page, lang)
    link.click()
    page.wait_for_function("(lang) => document.documentElement.lang === lang", arg=lang)
    page.wait_for_load_state()


def search(page: Page, query: str) -> list[str]:
    """Type `query` into the header's search (Pagefind) and return the pages found, best first.

    On a phone the box opens from the header's search button, as a reader would open it.
    """
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator(".trialsite-search-open").click()
    box.focus()
    box.fill(query)
    # The results are marked busy from the keystroke until this query's answer is shown.
    page.wait_for_selector(
        ".md-search-result[aria-busy='false']", state="attached", timeout=SEARCH_TIMEOUT_MS
    )
    items = page.locator(".md-search-result__item > a:first-child")
    return list(items.evaluate_all("els => els.map(a => a.href)"))
