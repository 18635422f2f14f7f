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

# Records every focus change with the focused element's computed focus style, so a whole Tab
# walk costs one round trip per key press instead of two.
_RECORD_FOCUS = """() => {
    window.__kbStops = [];
    document.addEventListener('focusin', (event) => {
        const el = event.target, s = getComputedStyle(el);
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
        const ring = s.boxShadow && s.boxShadow !== 'none';
        window.__kbStops.push({kb: el.dataset.kb ?? null, visible: outline || ring,
            label: `${el.tagName.toLowerCase()}.${el.className} `
                   + `${(el.getAttribute('href') || el.textContent || '').trim().slice(0, 50)}`,
            skip: el.matches('a[href^="#"]') && /skip|contenu|aller/i.test(el.textContent)});
    });
    document.activeElement?.blur();
    window.scrollTo(0, 0);
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


_WRAPPED = """() => { const stops = window.__kbStops;
    return stops.length > 1 && stops.slice(1).some(stop => stop.kb === stops[0].kb); }"""


def tab_through(page: Page, limit: int = 800) -> TabWalk:
    """Press Tab from the top of the page until focus comes back around; return the walk."""
    walk = TabWalk(expected=int(page.evaluate(_MARK_FOCUSABLE)))
    page.evaluate(_RECORD_FOCUS)
    pressed = 0
    while pressed < limit and not (pressed and page.evaluate(_WRAPPED)):
        for _ in range(25):  # check for the wrap-around every 25 presses: fewer round trips
            page.keyboard.press("Tab")
        pressed += 25
    stops = page.evaluate("() => window.__kbStops")
    first = stops[0]["kb"] if stops else None
    for index, stop in enumerate(stops):
        if index and first is not None and stop["kb"] == first:
            break
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
