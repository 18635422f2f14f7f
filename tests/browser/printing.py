"""What a page looks like when printed: hidden chrome, shown link URLs, nothing cut off."""

from __future__ import annotations

from playwright.sync_api import Page

CHROME = (
    ".md-header",
    ".md-tabs",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-search",
    ".md-footer",
    ".md-skip",
    ".md-top",
)


def visible_chrome(page: Page) -> list[str]:
    """Return the navigation/search selectors still visible in print media."""
    return list(
        page.evaluate(
            "(sels) => sels.filter(s => [...document.querySelectorAll(s)]"
            ".some(el => el.checkVisibility({visibilityProperty: true})))",
            list(CHROME),
        )
    )


def external_links_without_url(page: Page) -> list[str]:
    """Return external links in the content whose printed text does not show their URL."""
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll('.md-content a[href^="http"]')]
            .filter(a => a.checkVisibility())
            .filter(a => {
                const after = getComputedStyle(a, '::after').content || '';
                const shown = a.textContent + after;
                const bare = a.href.replace(/^https?:\\/\\//, '').replace(/\\/$/, '');
                return !shown.includes(bare);
            })
            .map(a => a.href).slice(0, 10)"""
        )
    )


def external_link_count(page: Page) -> int:
    """Return how many visible content links leave the site (so the URL check is not vacuous)."""
    return int(
        page.evaluate(
            "() => [...document.querySelectorAll('.md-content a[href^=\"http\"]')]"
            ".filter(a => a.checkVisibility()).length"
        )
    )
