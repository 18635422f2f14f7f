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
    """Type `query` into Material's search and return the result links, best first."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator("label.md-header__button[for='__search']").first.click()
    box.focus()
    # The meta line reads "Initializing search" until the worker holds the index, then the
    # placeholder ("Type to start searching"); after the query, a count or "no match".
    placeholder = page.evaluate(
        "() => JSON.parse(document.getElementById('__config').textContent)"
        ".translations['search.result.placeholder']"
    )
    page.wait_for_function(_META_IS, arg=placeholder, timeout=SEARCH_TIMEOUT_MS)
    box.fill(query)
    box.press("End")  # Material reads the query on keyup, which fill() does not send
    page.wait_for_function(
        f"(text) => !({_META_IS})(text)", arg=placeholder, timeout=SEARCH_TIMEOUT_MS
    )
    items = page.locator(".md-search-result__item > a, .md-search-result__link")
    return list(items.evaluate_all("els => els.map(a => a.href)"))


_META_IS = (
    "(text) => document.querySelector('.md-search-result__meta').innerText.trim() === text.trim()"
)
