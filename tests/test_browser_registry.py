"""The registry's filters and pages in a real Chromium (issue 20), both languages, 1280 and 360 px.

The site is the shipped trials plus the 88 fixture records (`registry_site`: one build per session,
shared with the search's tests, without the gates, which judge written text). Each filter, and
combinations of two, must leave exactly the trials whose record matches: the expected trials are
computed here from the records, never read from the page. More trials match than a page shows, so a
list is checked by its count, its first page and, where it has more, every page in turn.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from browser.checks import axe_violations, describe_violations, horizontal_overflow, wide_elements
from browser.plugin import DESKTOP, PHONE, Browsing, open_context
from browser.server import SiteServer
from playwright.sync_api import Browser, Page
from sitefixtures import content_with_fixtures

from generator.model import Record, age_in_days
from generator.render.conditions import condition_slug
from generator.render.finder import PAGE_SIZE

pytestmark = pytest.mark.browser

PREFIX = {"en": "", "fr": "fr/"}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
RECRUITING = {"RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION", "AVAILABLE"}
READY = "#trialsite-filters:not([hidden])"


CONTENT_WITH_FIXTURES = content_with_fixtures()
RECORDS = [trial.record for trial in CONTENT_WITH_FIXTURES.trials]
EVERY = [record.nct_id for record in RECORDS]


def _conditions(record: Record) -> set[str]:
    """The condition groups a record is found under (the slugs of its condition pages): each
    MeSH term of the record, else each condition as registered."""
    names = [mesh.term for mesh in record.condition_mesh] or record.conditions
    return {condition_slug(name) for name in names}


def _cities(record: Record) -> set[str]:
    return {f"{loc.city.lower()}/{(loc.country or '').lower()}"
            for loc in record.locations if loc.city}  # fmt: skip


def _status(record: Record, value: str) -> bool:
    overall = record.status.overall
    if value == "with_results":
        return bool(record.has_results or record.results)
    if value == "closed":
        return overall is not None and overall not in RECRUITING
    return (overall or "").lower() == value


def _age(record: Record, value: str) -> bool:
    days = int(value) * 365.25
    eligibility = record.eligibility
    low, high = (eligibility.min_age, eligibility.max_age) if eligibility else (None, None)
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
    "city": lambda r, v: v in _cities(r),
    "age": _age,
    "sex": _sex,
    "healthy": _healthy,
    "q": lambda r, v: r.nct_id.lower() == v.lower(),
}


def expected(filters: dict[str, str]) -> list[str]:
    """Return the ids of the trials whose record matches every filter, in trial-number order."""
    return [
        record.nct_id for record in RECORDS
        if all(MATCH[key](record, value) for key, value in filters.items())
    ]  # fmt: skip


def single_cases() -> list[dict[str, str]]:
    """Return one filter per choice the records offer; of the 1,500 cities, each tenth and
    every one whose name is also a city of another country (Athens, Greece and Athens, Georgia)."""
    cases: list[dict[str, str]] = [
        {"status": value}
        for value in ("recruiting", "not_yet_recruiting", "closed", "with_results")
    ]
    cases += [{"phase": p.lower()} for p in sorted({p for r in RECORDS for p in r.phase})]
    cases += [{"type": t.lower()} for t in sorted({r.study_type for r in RECORDS if r.study_type})]
    cases += [{"condition": c} for c in sorted({c for r in RECORDS for c in _conditions(r)})]
    countries = {loc.country.lower() for r in RECORDS for loc in r.locations if loc.country}
    cases += [{"country": c} for c in sorted(countries)]
    cities = sorted({c for r in RECORDS for c in _cities(r)})
    names = Counter(city.rsplit("/", 1)[0] for city in cities)
    cases += [{"city": c} for i, c in enumerate(cities)
              if i % 10 == 0 or names[c.rsplit("/", 1)[0]] > 1]  # fmt: skip
    cases += [{"age": age} for age in ("1", "17", "18", "45", "64", "65", "80")]
    cases += [{"sex": "female"}, {"sex": "male"}, {"healthy": "true"}, {"healthy": "false"}]
    return cases + [{"q": RECORDS[0].nct_id}]


PAIRS = [
    {"status": "closed", "age": "45"},
    {"country": "united states", "phase": "phase2"},
    {"sex": "female", "type": "interventional"},
    {"healthy": "false", "age": "17"},
    {"country": "france", "city": "paris/france"},
    {"condition": "breast-neoplasms", "status": "with_results"},
]


def set_filter(page: Page, key: str, value: str) -> None:
    """Set one filter through its control, as a reader would (the city menu is filled from
    places.json as it is reached: focused first, its choice then waited for)."""
    form = page.locator("#trialsite-filters")
    if key in ("status", "phase", "type"):
        form.locator(f"input[name={key}][value={value}]").check()
    elif key in ("age", "q"):
        form.locator(f"[name={key}]").fill(value)
    else:
        form.locator(f"select[name={key}]").focus()
        form.locator(f"select[name={key}]").select_option(value)


def load_places(page: Page) -> None:
    """Reach the city menu with the keyboard's focus, wait for its cities, and leave it."""
    page.locator("select[name=city]").focus()
    page.wait_for_function(
        "() => document.querySelectorAll('select[name=city] option').length > 1"
        " && !document.querySelector('select[name=city]').hasAttribute('aria-busy')"
    )
    page.evaluate("() => document.activeElement.blur()")


def shown(page: Page) -> list[str]:
    """Return the ids of the trials the list shows, in order."""
    return list(page.eval_on_selector_all(
        ".trialsite-registry tr[data-nct]", "rows => rows.map(r => r.dataset.nct)"))  # fmt: skip


def count_text(page: Page) -> str:
    return page.locator(".trialsite-filter-count").inner_text()


def open_registry(browsing: Browsing, lang: str, query: str = "") -> Page:
    page = browsing.open(f"{PREFIX[lang]}trials/{query}")
    page.wait_for_selector(READY, state="attached")
    return page


def every_page(page: Page) -> list[str]:
    """Return the ids of every page of the list, going on with the pager's "next" link."""
    found = shown(page)
    while page.locator("nav.trialsite-pages a[rel=next]").count():
        page.locator("nav.trialsite-pages a[rel=next]").click()
        found += shown(page)
    return found


@pytest.fixture
def failures() -> list[str]:
    """Responses of 400 and more seen by a test's pages."""
    return []


def guarded(
    chromium: Browser, server: SiteServer, failures: list[str], **options: object
) -> Browsing:
    """A guarded context that also records every response of 400 or more."""
    browsing = open_context(chromium, server, **options)
    browsing.context.on(
        "response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )
    return browsing


# Sets each case's filters on the form's controls with the events a reader's input fires, reads
# the list (every page, through the pager's "next" link) and clears the form: one round trip
# for hundreds of cases. The pairs go through Playwright's own clicks and typing as well.
THROUGH_THE_FORM = """async (cases) => {
  const form = document.getElementById("trialsite-filters");
  const rows = () => [...document.querySelectorAll(".trialsite-registry tr[data-nct]")]
    .map(row => row.dataset.nct);
  const results = [];
  for (const filters of cases) {
    for (const [key, value] of Object.entries(filters)) {
      const box = form.querySelector(`input[name="${key}"][value="${CSS.escape(value)}"]`);
      const control = box || form.elements[key];
      if (box) box.checked = true; else control.value = value;
      const typed = control.type === "number" || control.type === "search";
      control.dispatchEvent(new Event(typed ? "input" : "change", {bubbles: true}));
    }
    const first = rows();
    const count = document.querySelector(".trialsite-filter-count").textContent;
    let all = rows(), next;
    while ((next = document.querySelector("nav.trialsite-pages a[rel=next]"))) {
      next.click();
      all = all.concat(rows());
    }
    results.push({first, count, all});
    form.reset();
    await new Promise(resolve => setTimeout(resolve, 0));
  }
  return results;
}"""


def check_list(filters: dict[str, str], first: list[str], count: str, every: list[str]) -> None:
    """The list shown for `filters`: its first page, its count and all its pages."""
    want = expected(filters)
    assert first == want[:PAGE_SIZE], filters
    assert count.startswith(f"{len(want)} " if want else ""), (filters, count)
    assert every == want, filters


@pytest.mark.parametrize("lang", PREFIX)
def test_each_choice_leaves_exactly_the_matching_trials(
    chromium: Browser, registry_site: SiteServer, failures: list[str], lang: str
) -> None:
    """Every choice the records offer, set on the form, shows exactly the matching trials,
    counted, over as many pages as they fill."""
    browsing = guarded(chromium, registry_site, failures, viewport=DESKTOP)
    try:
        page = open_registry(browsing, lang)
        load_places(page)
        cases = single_cases() + PAIRS
        results = page.evaluate(THROUGH_THE_FORM, cases)
        for filters, found in zip(cases, results, strict=True):
            check_list(filters, found["first"], found["count"], found["all"])
        assert any(len(expected(filters)) > PAGE_SIZE for filters in cases)
        assert browsing.foreign == [] and failures == []
    finally:
        browsing.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", PREFIX)
def test_pairs_of_filters_set_by_hand_leave_exactly_the_matching_trials(
    chromium: Browser, registry_site: SiteServer, failures: list[str], lang: str, viewport: str
) -> None:
    """Pairs of filters, clicked, chosen and typed as a reader does, show exactly the trials
    whose record matches both; clearing the form shows every trial again."""
    browsing = guarded(chromium, registry_site, failures, viewport=VIEWPORTS[viewport])
    try:
        page = open_registry(browsing, lang)
        assert shown(page) == EVERY[:PAGE_SIZE]
        for filters in PAIRS:
            for key, value in filters.items():
                set_filter(page, key, value)
            first, count = shown(page), count_text(page)
            check_list(filters, first, count, every_page(page))
            page.locator("#trialsite-filters button[type=reset]").click()
            page.wait_for_function("() => !location.search")
            assert shown(page) == EVERY[:PAGE_SIZE]
        assert browsing.foreign == [] and failures == []
    finally:
        browsing.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", PREFIX)
def test_a_filtered_url_reloads_to_the_same_list_and_is_accessible(
    chromium: Browser, registry_site: SiteServer, failures: list[str], lang: str, viewport: str
) -> None:
    """A shared URL shows its list and fills the form; back and forward follow; the counts
    beside the choices are those of the records; axe finds nothing; at 320 px nothing scrolls
    sideways."""
    browsing = guarded(chromium, registry_site, failures, viewport=VIEWPORTS[viewport])
    try:
        query = "?status=closed,with_results&country=United%20States&age=45&sort=last_update"
        page = open_registry(browsing, lang, query)
        others = set(expected({"country": "united states", "age": "45"}))
        want = (
            others & set(expected({"status": "closed"})) & set(expected({"status": "with_results"}))
        )
        assert want and set(shown(page)) == want
        form = page.locator("#trialsite-filters")
        assert form.locator("input[value=closed]").is_checked()
        assert form.locator("select[name=country]").input_value() == "united states"
        assert form.locator("input[name=age]").input_value() == "45"
        # Beside each choice: the trials it would show with the other filters as they are.
        for value in ("recruiting", "closed", "with_results"):
            label = form.locator(f"label:has(input[name=status][value={value}])")
            count = len(others & set(expected({"status": value})))
            assert label.inner_text().endswith(f"({count})"), (value, label.inner_text())
        for key, value in (
            ("sex", "female"),
            ("healthy", "true"),
            ("city", "boston/united states"),
        ):
            form.locator(f"select[name={key}]").focus()  # a menu is counted as it is opened
            option = form.locator(f"select[name={key}] option[value='{value}']")
            count = len(want & set(expected({key: value})))
            assert option.inner_text().endswith(f"({count})"), (key, option.inner_text())
        assert dates(page) == sorted(dates(page), reverse=True)
        page.reload()
        page.wait_for_selector(READY, state="attached")
        assert set(shown(page)) == want
        set_filter(page, "sex", "male")
        page.wait_for_function("() => location.search.includes('sex=male')")
        assert set(shown(page)) == want & set(expected({"sex": "male"}))
        page.go_back()
        page.wait_for_function("() => !location.search.includes('sex=')")
        assert set(shown(page)) == want
        assert form.locator("select[name=sex]").input_value() == ""
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
        page.set_viewport_size({"width": 320, "height": 640})
        assert horizontal_overflow(page) <= 0, wide_elements(page)
        assert browsing.foreign == [] and failures == []
    finally:
        browsing.context.close()


@pytest.mark.parametrize("lang", PREFIX)
def test_the_condition_menu_offers_each_condition_page_once(
    chromium: Browser, registry_site: SiteServer, failures: list[str], lang: str
) -> None:
    """One choice per condition page, its value the page's slug, named as the page is in this
    language, no two alike; a URL's condition that is no page's slug (as the menu wrote them
    before) is read as one when its words make one, else left out of the list and the URL."""
    browsing = guarded(chromium, registry_site, failures, viewport=DESKTOP)
    try:
        # "Covid19" and "COVID-19" of five records are one page, `covid-19`.
        page = open_registry(browsing, lang, "?condition=covid19,breast%20cancer&status=closed")
        covid = {"condition": "covid-19", "status": "closed"}
        assert expected(covid) and shown(page) == expected(covid)
        search = "?status=closed&condition=covid-19"
        assert page.evaluate("() => location.search") == search
        assert page.locator("select[name=condition]").input_value() == "covid-19"
        choices = page.eval_on_selector_all(
            "select[name=condition] option:not([value=''])",
            "options => options.map(o => [o.value, o.dataset.label || o.text, o.lang])",
        )
        values = [value for value, _, _ in choices]
        assert len(values) == len(set(values)) == len({c for r in RECORDS for c in _conditions(r)})
        assert set(values) == {c for r in RECORDS for c in _conditions(r)}
        labels = [label.casefold() for _, label, _ in choices]
        assert len(set(labels)) == len(labels)
        names = {value: (label, marked) for value, label, marked in choices}
        lupus_name = {"en": "Systemic Lupus Erythematosus", "fr": "Lupus érythémateux systémique"}
        assert names["systemic-lupus-erythematosus"] == (lupus_name[lang], "")
        page.goto(page.url.split("?")[0] + "?condition=no-such-condition&sex=female")
        page.wait_for_selector(READY, state="attached")
        assert page.evaluate("() => location.search") == "?sex=female"
        assert shown(page) == expected({"sex": "female"})[:PAGE_SIZE]
        assert page.locator("select[name=condition]").input_value() == ""
        assert browsing.foreign == [] and failures == []
    finally:
        browsing.context.close()


def dates(page: Page) -> list[str]:
    """Return the last-update date of each row shown, as written in `<time datetime>`."""
    return list(page.eval_on_selector_all(
        ".trialsite-registry tr[data-nct]",
        "rows => rows.map(r => (r.querySelector('time') || {}).dateTime || '')"))  # fmt: skip


@pytest.mark.parametrize("lang", PREFIX)
def test_each_sort_orders_every_trial_by_its_record(
    chromium: Browser, registry_site: SiteServer, failures: list[str], lang: str
) -> None:
    """Last update and start date, newest or oldest first; a trial without the date last."""
    browsing = guarded(chromium, registry_site, failures, viewport=DESKTOP)
    try:
        page = open_registry(browsing, lang)
        for sort, field in (("last_update", "last_update"), ("start", "start")):
            for suffix, newest in (("", True), ("_asc", False)):
                page.locator("select[name=sort]").select_option(sort + suffix)
                page.wait_for_function(f"() => location.search.includes('sort={sort}{suffix}')")
                dated = [r for r in RECORDS if getattr(r.status, field)]
                order = sorted(dated, key=lambda r: getattr(r.status, field), reverse=newest)
                undated = [r.nct_id for r in RECORDS if not getattr(r.status, field)]
                # Trials of the same date stay in trial-number order (a stable sort).
                want = [r.nct_id for r in order] + undated
                assert every_page(page) == want, sort + suffix
        assert failures == []
    finally:
        browsing.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", PREFIX)
def test_paging_with_and_without_filters_keeps_focus_url_and_back(
    chromium: Browser, registry_site: SiteServer, failures: list[str], lang: str, viewport: str
) -> None:
    """The pager: the current page marked, focus on the list's heading, `page` in the URL, a
    reload and the back button restore the list; a filter starts again at page 1."""
    browsing = guarded(chromium, registry_site, failures, viewport=VIEWPORTS[viewport])
    try:
        page = open_registry(browsing, lang)
        pager = page.locator("nav.trialsite-pages")
        assert pager.get_attribute("aria-label")
        assert pager.locator("a[aria-current=page]").inner_text() == "1"
        pager.locator("a[rel=next]").click()
        page.wait_for_function("() => location.search === '?page=2'")
        assert shown(page) == EVERY[PAGE_SIZE : 2 * PAGE_SIZE]
        assert pager.locator("a[aria-current=page]").inner_text() == "2"
        assert page.evaluate("() => document.activeElement.id") == "trials"
        assert "2" in count_text(page) and str(len(EVERY)) in count_text(page)
        violations = axe_violations(page)  # the pager shown, its current page filled
        assert not violations, describe_violations(violations)
        page.reload()
        page.wait_for_selector(READY, state="attached")
        assert shown(page) == EVERY[PAGE_SIZE : 2 * PAGE_SIZE]
        page.go_back()
        page.wait_for_function("() => location.search === ''")
        assert shown(page) == EVERY[:PAGE_SIZE]
        closed = expected({"status": "closed"})
        assert len(closed) > PAGE_SIZE
        page.goto(page.url + "?page=2")
        page.wait_for_selector(READY, state="attached")
        set_filter(page, "status", "closed")  # a new filter: back to its first page
        page.wait_for_function("() => location.search === '?status=closed'")
        assert shown(page) == closed[:PAGE_SIZE]
        pager.locator("a[rel=next]").click()
        page.wait_for_function("() => location.search === '?status=closed&page=2'")
        assert shown(page) == closed[PAGE_SIZE : 2 * PAGE_SIZE]
        page.go_back()
        page.wait_for_function("() => location.search === '?status=closed'")
        assert shown(page) == closed[:PAGE_SIZE]
        set_filter(page, "age", "45")
        assert len(expected({"status": "closed", "age": "45"})) <= PAGE_SIZE
        page.wait_for_function("() => document.querySelector('nav.trialsite-pages').hidden")
        assert failures == []
    finally:
        browsing.context.close()


@pytest.mark.parametrize("lang", PREFIX)
def test_the_scripts_rows_are_the_static_rows(
    chromium: Browser, registry_site: SiteServer, failures: list[str], lang: str
) -> None:
    """The rows the script draws from the data are those the template wrote: same HTML, with
    what the page's other script gives a table's rows (phone cards' labels, table roles)."""
    browsing = guarded(chromium, registry_site, failures, viewport=PHONE)
    try:
        page = open_registry(browsing, lang)
        script = "rows => rows.map(r => r.outerHTML)"
        selector = ".trialsite-registry tr[data-nct]"
        static = page.eval_on_selector_all(selector, script)
        assert 'data-label="' in static[0]
        page.locator("nav.trialsite-pages a[rel=next]").click()
        page.locator("nav.trialsite-pages a[rel=prev]").click()
        page.wait_for_function("() => location.search === ''")
        assert page.eval_on_selector_all(selector, script) == static
        assert failures == []
    finally:
        browsing.context.close()


def test_without_javascript_every_trial_is_on_a_page(
    chromium: Browser, registry_site: SiteServer, failures: list[str]
) -> None:
    """With scripts off, the pages list every trial once, the form stays hidden."""
    browsing = guarded(
        chromium, registry_site, failures, viewport=DESKTOP, java_script_enabled=False
    )
    try:
        for lang in PREFIX:
            page = browsing.open(f"{PREFIX[lang]}trials/?status=recruiting")
            assert not page.locator("#trialsite-filters").is_visible()
            assert every_page(page) == EVERY
            assert urlsplit(page.url).path.endswith("/trials/page/2/")
        assert failures == []
    finally:
        browsing.context.close()


def test_the_registry_asks_no_other_host_and_keeps_nothing(
    chromium: Browser, registry_site: SiteServer, failures: list[str]
) -> None:
    """Filtering, sorting and paging ask only the site's own origin (every request counted by
    host) and leave no cookie and nothing in the browser's storage: the state is the URL."""
    hosts: list[str] = []
    browsing = guarded(chromium, registry_site, failures, viewport=DESKTOP)
    browsing.context.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))
    try:
        for lang in PREFIX:
            page = browsing.open(f"{PREFIX[lang]}trials/", settle=True)
            page.wait_for_selector(READY, state="attached")
            set_filter(page, "status", "closed")
            set_filter(page, "city", "boston/united states")
            set_filter(page, "age", "45")
            page.locator("select[name=sort]").select_option("start")
            page.locator("#trialsite-filters button[type=reset]").click()
            page.locator("nav.trialsite-pages a[rel=next]").click()
            page.wait_for_load_state("networkidle")
            stored = page.evaluate(
                "() => [document.cookie, localStorage.length, sessionStorage.length]"
            )
            assert stored == ["", 0, 0], stored
        assert set(hosts) == {registry_site.netloc}
        assert browsing.foreign == [] and failures == []
        assert browsing.context.cookies() == []
    finally:
        browsing.context.close()


# --- where the trials take place (issue 20): places.json read when needed, the distance sort ---

HERE = {"latitude": 45.76, "longitude": 4.84}  # Lyon: sites in France, Europe and far away
EARTH_KM = 6371.0088  # the mean radius the script uses


def _kilometres(here: tuple[float, float], there: tuple[float, float]) -> float:
    """Great-circle distance (haversine), as the script computes it."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*here, *there))
    h = math.sin((lat2 - lat1) / 2) ** 2
    h += math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def nearest_site(record: Record) -> float | None:
    """Return the distance from HERE to the record's nearest site with coordinates."""
    here = (HERE["latitude"], HERE["longitude"])
    found = [_kilometres(here, (loc.geo.lat, loc.geo.lon)) for loc in record.locations if loc.geo]
    return min(found) if found else None


def by_distance() -> list[tuple[str, float | None]]:
    """Return every trial nearest first, from its record's site coordinates; the trials
    without any last; equal distances in trial-number order."""
    measured = [(record.nct_id, nearest_site(record)) for record in RECORDS]
    return sorted(measured, key=lambda item: (item[1] is None, item[1] or 0.0))


def distances(page: Page) -> list[str]:
    """Return what each row shown says of its nearest site."""
    return list(page.eval_on_selector_all(
        ".trialsite-registry tr[data-nct]",
        "rows => rows.map(r => (r.querySelector('.trialsite-distance') || {}).textContent)",
    ))  # fmt: skip


def choose_near(page: Page) -> None:
    """Choose "Nearest to me" with the keyboard: the sort menu's last choice."""
    page.locator("select[name=sort]").focus()
    page.keyboard.press("End")


@pytest.mark.parametrize(("lang", "viewport"), [("en", "desktop"), ("fr", "phone")])
def test_nearest_to_me_sorts_by_the_records_coordinates_and_sends_the_position_nowhere(
    chromium: Browser, registry_site: SiteServer, failures: list[str], lang: str, viewport: str
) -> None:
    """With the position allowed, "Nearest to me" orders every trial by the distance from the
    reader to its nearest site, computed here from the records (trials without coordinates
    last), and writes each distance in the page's language; a reload asks the browser again.
    places.json is read only once needed; every request goes to the site's own host, none
    carries the position; the URL says `sort=near` and nothing of where the reader is."""
    requests: list[str] = []
    browsing = guarded(chromium, registry_site, failures, viewport=VIEWPORTS[viewport],
                       geolocation=HERE, permissions=["geolocation"])  # fmt: skip
    browsing.context.on("request", lambda request: requests.append(request.url))
    try:
        page = open_registry(browsing, lang)
        page.wait_for_load_state("networkidle")
        assert not [url for url in requests if "places.json" in url]  # not before it is needed
        choose_near(page)
        page.wait_for_function("() => location.search === '?sort=near'")
        want = by_distance()
        assert any(km is None for _, km in want) and sum(km is not None for _, km in want) > 10
        assert every_page(page) == [nct_id for nct_id, _ in want]
        # The first page again, by its URL: the browser is asked again, and answers.
        page.goto(page.url.split("?")[0] + "?sort=near")
        page.wait_for_selector(READY, state="attached")
        assert shown(page) == [nct_id for nct_id, _ in want[:PAGE_SIZE]]
        written = page.evaluate(
            """([lang, kms]) => kms.map(km => km === null ? null : new Intl.NumberFormat(lang,
                 {style: "unit", unit: "kilometer", maximumFractionDigits: km < 10 ? 1 : 0})
                 .format(km))""",
            [lang, [km for _, km in want[:PAGE_SIZE]]],
        )
        unknown = page.locator("#trialsite-filters").get_attribute("data-distance-unknown")
        template = page.locator("#trialsite-filters").get_attribute("data-distance") or ""
        assert distances(page) == [
            unknown if km is None else template.replace("{distance}", km) for km in written
        ]
        assert page.locator("select[name=sort]").input_value() == "near"
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
        page.set_viewport_size({"width": 320, "height": 640})
        assert horizontal_overflow(page) <= 0, wide_elements(page)
        page.wait_for_load_state("networkidle")
        assert [url for url in requests if "places.json" in url]
        assert {urlsplit(url).netloc for url in requests} == {registry_site.netloc}
        where = [str(HERE["latitude"]), str(HERE["longitude"])]
        assert not [url for url in requests + [page.url] if any(w in url for w in where)]
        stored = page.evaluate(
            "() => [document.cookie, localStorage.length, sessionStorage.length]"
        )
        assert stored == ["", 0, 0] and browsing.context.cookies() == []
        assert browsing.foreign == [] and failures == []
    finally:
        browsing.context.close()


@pytest.mark.parametrize("lang", PREFIX)
def test_a_refused_position_keeps_the_list_and_says_so(
    chromium: Browser, registry_site: SiteServer, failures: list[str], lang: str
) -> None:
    """Without the browser's permission, choosing "Nearest to me" keeps the sort the list had,
    says why in the live region, and changes neither the list nor the URL; a URL asking for
    the distance sort shows the list unsorted by it, without asking, and says so."""
    browsing = guarded(chromium, registry_site, failures, viewport=DESKTOP)
    try:
        page = open_registry(browsing, lang, "?sort=last_update")
        before = every_page(page)
        page.goto(page.url.split("?")[0] + "?sort=last_update")
        page.wait_for_selector(READY, state="attached")
        form = page.locator("#trialsite-filters")
        refused = form.get_attribute("data-position-refused") or ""
        choose_near(page)
        page.wait_for_function(
            "text => document.querySelector('.trialsite-filter-count').textContent"
            ".startsWith(text)", arg=refused)  # fmt: skip
        assert page.locator("select[name=sort]").input_value() == "last_update"
        assert page.evaluate("() => location.search") == "?sort=last_update"
        assert shown(page) == before[:PAGE_SIZE] and distances(page) == [None] * PAGE_SIZE
        page.goto(page.url.split("?")[0] + "?sort=near&status=closed")
        page.wait_for_selector(READY, state="attached")
        assert page.evaluate("() => location.search") == "?status=closed"
        assert every_page(page) == expected({"status": "closed"})
        notices = [form.get_attribute(f"data-position-{kind}") for kind in ("ask", "refused")]
        page.goto(page.url.split("?")[0] + "?sort=near&status=closed")
        page.wait_for_selector(READY, state="attached")
        assert any(count_text(page).startswith(n or "-") for n in notices), count_text(page)
        assert page.locator("select[name=sort]").input_value() == ""
        assert browsing.foreign == [] and failures == []
    finally:
        browsing.context.close()


@pytest.mark.parametrize("lang", PREFIX)
def test_a_city_in_the_url_reads_the_places_and_reloads_to_the_same_list(
    chromium: Browser, registry_site: SiteServer, failures: list[str], lang: str
) -> None:
    """A shared URL with a city waits for places.json, then shows exactly the trials whose
    record has a site there, the city chosen in its menu; a reload shows the same list."""
    browsing = guarded(chromium, registry_site, failures, viewport=DESKTOP)
    try:
        city = "paris/france"
        want = expected({"city": city})
        assert want
        page = open_registry(browsing, lang, "?city=paris/france&sort=start")
        for _ in range(2):
            assert page.locator("select[name=city]").input_value() == city
            assert set(every_page(page)) == set(want)
            page.goto(page.url.split("?")[0] + "?city=paris/france&sort=start")
            page.wait_for_selector(READY, state="attached")
        assert shown(page)[0] in want
        assert browsing.foreign == [] and failures == []
    finally:
        browsing.context.close()
