"""The registry page's filters in a real Chromium (issue 20), both languages, 1280 and 360 px.

Each filter, and combinations of two, must leave exactly the trials whose record matches:
the expected trials are computed here from the loaded records, never read from the page.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from browser.checks import axe_violations, describe_violations, horizontal_overflow, wide_elements
from browser.plugin import DESKTOP, PHONE, open_context
from browser.server import SiteServer
from browser.sitebuild import CONTENT
from playwright.sync_api import Browser, Page

from generator.loader import load_content
from generator.model import Record, age_in_days

pytestmark = pytest.mark.browser

PREFIX = {"en": "", "fr": "fr/"}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
RECRUITING = {"RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION", "AVAILABLE"}
RECORDS = [trial.record for trial in load_content(CONTENT).trials]


def _conditions(record: Record) -> set[str]:
    names = record.conditions or [mesh.term for mesh in record.condition_mesh]
    return {name.lower() for name in names}


def _status(record: Record, value: str) -> bool:
    overall = record.status.overall
    if value == "with_results":
        return bool(record.has_results or record.results)
    if value == "closed":
        return overall is not None and overall not in RECRUITING
    return (overall or "").lower() == value


def _age(record: Record, value: str) -> bool:
    days = int(value) * 365.25
    low, high = (
        (record.eligibility.min_age, record.eligibility.max_age)
        if record.eligibility
        else (None, None)
    )
    return (low is None or age_in_days(low) <= days) and (high is None or days <= age_in_days(high))


def _sex(record: Record, value: str) -> bool:
    sex = record.eligibility.sex if record.eligibility else None
    return sex in (None, "ALL") or sex.lower() == value


def _healthy(record: Record, value: str) -> bool:
    healthy = record.eligibility.healthy_volunteers if record.eligibility else None
    return healthy is not None and str(healthy).lower() == value


MATCH: dict[str, Callable[[Record, str], bool]] = {
    "status": _status,
    "phase": lambda r, v: v.upper() in r.phase,
    "type": lambda r, v: (r.study_type or "").lower() == v,
    "condition": lambda r, v: v in _conditions(r),
    "country": lambda r, v: v in {loc.country.lower() for loc in r.locations if loc.country},
    "age": _age,
    "sex": _sex,
    "healthy": _healthy,
    "q": lambda r, v: r.nct_id.lower() == v.lower(),
}


def expected(filters: dict[str, str]) -> set[str]:
    """Return the ids of the trials whose record matches every filter."""
    return {
        record.nct_id for record in RECORDS
        if all(MATCH[key](record, value) for key, value in filters.items())
    }  # fmt: skip


def cases() -> list[dict[str, str]]:
    """Return one filter per choice the records offer, then combinations of two."""
    single: list[dict[str, str]] = [
        {"status": value}
        for value in ("recruiting", "not_yet_recruiting", "closed", "with_results")
    ]
    single += [{"phase": p.lower()} for p in sorted({p for r in RECORDS for p in r.phase})]
    single += [{"type": t.lower()} for t in sorted({r.study_type for r in RECORDS if r.study_type})]
    single += [{"condition": c} for c in sorted({c for r in RECORDS for c in _conditions(r)})]
    single += [
        {"country": c}
        for c in sorted(
            {loc.country.lower() for r in RECORDS for loc in r.locations if loc.country}
        )
    ]
    single += [{"age": age} for age in ("1", "17", "18", "45", "64", "65", "80")]
    single += [{"sex": "female"}, {"sex": "male"}, {"healthy": "true"}, {"healthy": "false"}]
    single += [{"q": RECORDS[0].nct_id}]
    pairs = [
        {"status": "closed", "age": "45"},
        {"country": "united states", "phase": "phase2"},
        {"sex": "female", "type": "interventional"},
        {"healthy": "false", "age": "17"},
    ]
    return single + pairs


def set_filter(page: Page, key: str, value: str) -> None:
    """Set one filter through its control, as a reader would."""
    form = page.locator("#trialsite-filters")
    if key in ("status", "phase", "type"):
        form.locator(f"input[name={key}][value={value}]").check()
    elif key in ("age", "q"):
        form.locator(f"[name={key}]").fill(value)
    else:
        form.locator(f"select[name={key}]").select_option(value)


def shown(page: Page) -> set[str]:
    """Return the ids of the trials the list shows."""
    return set(page.eval_on_selector_all(
        ".trialsite-registry tr[data-nct]", "rows => rows.filter(r => r.offsetParent !== null)"
        ".map(r => r.dataset.nct)"))  # fmt: skip


def count_text(page: Page) -> str:
    return page.locator("#trialsite-filters [role=status]").inner_text()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", PREFIX)
def test_each_filter_leaves_exactly_the_matching_trials(
    chromium: Browser, served_site: SiteServer, lang: str, viewport: str
) -> None:
    """Each filter and pairs of them, set through the form, show exactly the matching trials;
    the URL holds the state, reloads to the same list, and the back button returns."""
    # axe is evaluated into the page; the site's Content-Security-Policy stays on otherwise.
    browsing = open_context(chromium, served_site, viewport=VIEWPORTS[viewport], bypass_csp=True)
    try:
        page = browsing.open(f"{PREFIX[lang]}trials/")
        every = {record.nct_id for record in RECORDS}
        assert shown(page) == every
        assert str(len(every)) in count_text(page)
        for filters in cases():
            for key, value in filters.items():
                set_filter(page, key, value)
            want = expected(filters)
            assert want != every or len(filters) == 1, filters
            assert shown(page) == want, filters
            assert str(len(want)) in count_text(page) or not want, (filters, count_text(page))
            page.locator("#trialsite-filters button[type=reset]").click()
            page.wait_for_function("() => !location.search")
            assert shown(page) == every
        assert browsing.foreign == []
    finally:
        browsing.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", PREFIX)
def test_a_filtered_url_reloads_to_the_same_list_and_is_accessible(
    chromium: Browser, served_site: SiteServer, lang: str, viewport: str
) -> None:
    """A shared URL shows its list and fills the form; back and forward follow; axe finds
    nothing; at 320 px nothing scrolls sideways."""
    browsing = open_context(chromium, served_site, viewport=VIEWPORTS[viewport], bypass_csp=True)
    try:
        query = "status=closed,with_results&country=United%20States&age=45&sort=last_update"
        page = browsing.open(f"{PREFIX[lang]}trials/?{query}")
        want = expected({"country": "united states", "age": "45"}) & (
            expected({"status": "closed"}) & expected({"status": "with_results"})
        )
        assert want and shown(page) == want
        form = page.locator("#trialsite-filters")
        assert form.locator("input[value=closed]").is_checked()
        assert form.locator("select[name=country]").input_value() == "united states"
        assert form.locator("input[name=age]").input_value() == "45"
        # Beside each choice: the trials it would show with the other filters as they are.
        others = expected({"country": "united states", "age": "45"})
        for value in ("recruiting", "closed", "with_results"):
            label = form.locator(f"label:has(input[name=status][value={value}])")
            count = len(others & expected({"status": value}))
            assert label.inner_text().endswith(f"({count})"), (value, label.inner_text())
        option = form.locator("select[name=sex] option[value=female]")
        assert option.inner_text().endswith(f"({len(want & expected({'sex': 'female'}))})")
        order = page.eval_on_selector_all(
            ".trialsite-registry tr[data-nct]:not([hidden])",
            "rows => rows.map(r => r.dataset.lastUpdate)",
        )
        assert order == sorted(order, reverse=True)
        page.reload()
        assert shown(page) == want
        set_filter(page, "sex", "male")
        page.wait_for_function("() => location.search.includes('sex=male')")
        assert shown(page) == want & expected({"sex": "male"})
        page.go_back()
        page.wait_for_function("() => !location.search.includes('sex=')")
        assert shown(page) == want
        assert form.locator("select[name=sex]").input_value() == ""
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
        page.set_viewport_size({"width": 320, "height": 640})
        assert horizontal_overflow(page) <= 0, wide_elements(page)
    finally:
        browsing.context.close()


def test_without_javascript_every_trial_is_listed(
    chromium: Browser, served_site: SiteServer
) -> None:
    """With scripts off, a filtered URL still lists every trial and the form stays hidden."""
    browsing = open_context(chromium, served_site, viewport=DESKTOP, java_script_enabled=False)
    try:
        for lang in PREFIX:
            page = browsing.open(f"{PREFIX[lang]}trials/?status=recruiting")
            assert shown(page) == {record.nct_id for record in RECORDS}
            assert not page.locator("#trialsite-filters").is_visible()
    finally:
        browsing.context.close()
