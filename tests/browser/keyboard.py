"""Walk a page with the Tab key: what is reachable, in which order, with which focus style."""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import Page

# Every element a keyboard user must be able to reach, marked with data-kb so Tab stops can be
# matched back to it. Hidden ones (closed drawers, collapsed menus, Material's back-to-top
# button until one scrolls up) are left out.
_MARK_FOCUSABLE = """() => {
    const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary,'
              + ' [tabindex]:not([tabindex="-1"])';
    let n = 0;
    for (const el of document.querySelectorAll(sel)) {
        const r = el.getBoundingClientRect();
        const seen = el.checkVisibility({visibilityProperty: true, opacityProperty: true})
                     || el.matches('.md-skip');  // shown when focused, checked on its own
        const shown = seen && r.width > 0
                      && r.height > 0 && !el.closest('[inert], [aria-hidden=true]')
                      && el.tabIndex >= 0 && !el.disabled;
        if (shown) el.dataset.kb = String(n++);
    }
    return n;
}"""

_FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    const ring = s.boxShadow && s.boxShadow !== 'none';
    return {kb: el.dataset.kb ?? null, visible: outline || ring,
            label: `${el.tagName.toLowerCase()}.${el.className} `
                   + `${(el.getAttribute('href') || el.textContent || '').trim().slice(0, 50)}`,
            skip: el.matches('a[href^="#"]') && /skip|contenu|aller/i.test(el.textContent)};
}"""


@dataclass
class TabWalk:
    """What pressing Tab through the whole page reached."""

    expected: int
    stops: list[dict[str, object]] = field(default_factory=list)

    @property
    def reached(self) -> set[str]:
        """Return the data-kb marks of every element reached."""
        return {str(stop["kb"]) for stop in self.stops if stop["kb"] is not None}

    def missed(self) -> set[str]:
        """Return the marks of focusable elements never reached."""
        return {str(i) for i in range(self.expected)} - self.reached

    def without_focus_style(self) -> list[str]:
        """Return labels of elements that had focus but no visible outline or ring."""
        return [str(stop["label"]) for stop in self.stops if not stop["visible"]]


def tab_through(page: Page, limit: int = 600) -> TabWalk:
    """Press Tab from the top of the page until focus comes back around; return the walk."""
    walk = TabWalk(expected=int(page.evaluate(_MARK_FOCUSABLE)))
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    seen_first = None
    for _ in range(min(limit, walk.expected * 2 + 10)):
        page.keyboard.press("Tab")
        stop = page.evaluate(_FOCUSED)
        if stop is None:
            continue
        if stop["kb"] is not None and stop["kb"] == seen_first:
            break
        seen_first = seen_first or stop["kb"]
        walk.stops.append(stop)
    return walk


def labels_of(page: Page, marks: set[str]) -> list[str]:
    """Return readable labels for data-kb marks, for assertion messages."""
    return list(
        page.evaluate(
            "(marks) => marks.map(m => { const el = document.querySelector(`[data-kb='${m}']`);"
            " return `${el.tagName.toLowerCase()}.${el.className} "
            "${(el.getAttribute('href') || el.textContent || '').trim().slice(0, 50)}`; })",
            sorted(marks, key=int)[:10],
        )
    )
