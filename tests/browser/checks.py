"""Checks run inside a loaded page; each returns what it found, so tests can assert on it."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")

# WCAG 1.4.12 Text Spacing: the user overrides of the success criterion's own test.
TEXT_SPACING_CSS = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""


def axe_violations(page: Page, rules: list[str] | None = None) -> list[dict[str, Any]]:
    """Run axe-core on the page with the WCAG 2.x A/AA tags; return its violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through DevTools, which the pages' Content-Security-Policy does not govern:
        # an injected <script> tag is refused by it (issue 14), as any injected script must be.
        page.evaluate(AXE.read_text("utf-8") + "\n;undefined")
    run_only: dict[str, Any] = {"type": "tag", "values": list(WCAG_TAGS)}
    if rules:
        run_only = {"type": "rule", "values": rules}
    result = page.evaluate(
        "async (runOnly) => (await axe.run(document, {runOnly, resultTypes: ['violations']}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary)}))",
        run_only,
    )
    return list(result)


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """Return a readable multi-line summary of axe violations for an assertion message."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {node}" for node in violation["nodes"])
    return "\n".join(lines)


def horizontal_overflow(page: Page) -> int:
    """Return by how many CSS px the page scrolls horizontally (0 when it does not)."""
    return int(page.evaluate("() => document.scrollingElement.scrollWidth - window.innerWidth"))


def wide_elements(page: Page, limit: int = 5) -> list[str]:
    """Return visible elements whose right edge passes the viewport.

    Strict on purpose: content hidden in a scroll box (a wide table in Material's scroll wrapper)
    or cut off by overflow: hidden is as unreadable on a phone as content that scrolls the page.
    """
    return list(page.evaluate(_WIDE_ELEMENTS, limit))


_WIDE_ELEMENTS = """(limit) => {
    const width = document.documentElement.clientWidth, found = [];
    const srOnly = el => {  // inside a 1-px visually-hidden box: meant for screen readers only
        for (let up = el.parentElement; up; up = up.parentElement) {
            const r = up.getBoundingClientRect();
            if (r.width <= 1 && r.height <= 1) return true;
        }
        return false;
    };
    for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.right <= width + 1 || srOnly(el)) continue;
        if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
        const name = el.className && typeof el.className === 'string' ? '.' + el.className : '';
        const right = Math.round(r.right);
        found.push(`${el.tagName.toLowerCase()}${name} right=${right}px > ${width}px`);
        if (found.length >= limit) break;
    }
    return found;
}"""


def apply_text_spacing(page: Page) -> None:
    """Apply the WCAG 1.4.12 text-spacing overrides to the page."""
    page.add_style_tag(content=TEXT_SPACING_CSS)
    page.wait_for_timeout(50)


def clipped_text(page: Page, scope: str = ".md-content") -> list[str]:
    """Return elements in `scope` whose text is cut off by overflow hidden/clip."""
    return list(
        page.evaluate(
            """(scope) => {
            const found = [];
            for (const root of document.querySelectorAll(scope))
              for (const el of root.querySelectorAll('*')) {
                const s = getComputedStyle(el);
                const hides = v => v === 'hidden' || v === 'clip';
                const text = [...el.childNodes].some(n => n.nodeType === 3 && n.data.trim());
                if (!text || !el.checkVisibility()) continue;
                if ((hides(s.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
                    (hides(s.overflowY) && el.scrollHeight > el.clientHeight + 1))
                  found.push(`${el.tagName.toLowerCase()}.${el.className}: `
                             + el.textContent.trim().slice(0, 40));
              }
            return found;
        }""",
            scope,
        )
    )
