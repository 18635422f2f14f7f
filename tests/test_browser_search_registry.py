"""Search finds every trial of the registry site (issue 20), in a real Chromium, both languages.

The site is the shipped trials plus the 88 fixture records (`registry_site`, built once per
session with its Pagefind index and shared with the registry's tests). For each trial and each
language: its NCT id finds its overview first; a word of its first condition, as that language's
page names it, finds its overview; so do the city of its first site, a word of its first
intervention and of its first inclusion criterion, and its sponsor. A word is chosen by a rule
(the longest that is not a common one), never by hand. Each lay name of the terms file
("lupus", « cancer du poumon ») finds every trial whose conditions it names.

Hundreds of queries go to Pagefind in one `page.evaluate` per language, through the very module
the page's search dialog loaded (and configured); a handful go through the dialog itself, typed
as a reader types them, at 1280 and 360 px. Every result is looked at, not only the first shown.
Only a trial's overview (`trials/NCT…/`) counts as finding it: the index may hold a trial's three
pages or one record per trial, the overview is where a reader must land.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from browser.navigation import search
from browser.plugin import DESKTOP, PHONE, Browsing, open_context
from browser.server import SiteServer
from playwright.sync_api import Browser, Page
from sitefixtures import content_with_fixtures

from generator.model import Trial
from generator.terms import Term, Terms

pytestmark = pytest.mark.browser

PREFIX = {"en": "", "fr": "fr/"}
CONTENT = content_with_fixtures()
TERMS = CONTENT.terms
WORD = re.compile(r"[^\W\d_]{2,}")
COMMON = {
    "en": {"and", "for", "from", "in", "non", "not", "of", "on", "or", "the", "to", "with",
           "without"},
    "fr": {"au", "aux", "avec", "dans", "de", "des", "du", "en", "et", "la", "le", "les",
           "non", "ou", "par", "pour", "sans", "sur", "un", "une"},
}  # fmt: skip
"""Words too common to tell a condition by (and left out of a lay query's words)."""
LAY = [("en", "lupus", "SLE"), ("fr", "lupus", "SLE"), ("en", "lung cancer", "NSCLC"),
       ("fr", "cancer du poumon", "NSCLC")]  # fmt: skip
"""Lay words a patient types, and a name of the term they must find the trials of."""


def shown(trial: Trial, lang: str, context: str, english: str, terms: bool = True) -> str:
    """Return record text as the page of `lang` shows it: the trial catalog's reviewed
    translation, else (when `terms`) the terms file's name for the whole text in that language,
    else the English as registered (which a French page shows marked as English)."""
    if lang == "en":
        return english
    entry = trial.translations.get(lang, {}).get(context)
    if entry and entry.text and not entry.fuzzy and entry.source.strip() == english.strip():
        return entry.text
    term = TERMS.entry_for(english) if terms else None
    return (term.name(lang) if term else None) or english


def telling_word(name: str, lang: str) -> str | None:
    """Return the longest word of a name that is not a common word (the first of a tie)."""
    words = [word for word in WORD.findall(name) if word.casefold() not in COMMON[lang]]
    return max(words, key=len) if words else None


def first_word(texts: list[tuple[str, str]], trial: Trial, lang: str, terms: bool) -> str | None:
    """Return the telling word of the first of `(context, english)` texts that has one, as the
    page of `lang` shows it."""
    for context, english in texts:
        if word := telling_word(shown(trial, lang, context, english, terms), lang):
            return word
    return None


def words_of(trial: Trial, lang: str) -> dict[str, str | None]:
    """Return, by kind, the word of the trial a reader may search it by: of its first condition
    (or the next one with a word), first intervention's name and first inclusion criterion."""
    record = trial.record
    criteria = record.eligibility.inclusion if record.eligibility else []
    return {
        "condition": first_word(
            [(f"conditions.{i}", name) for i, name in enumerate(record.conditions)],
            trial, lang, terms=True,
        ),
        "intervention": first_word(
            [(f"interventions.{i}.name", item.name) for i, item in enumerate(record.interventions)],
            trial, lang, terms=False,  # a name is translated by the catalog only
        ),
        "criterion": first_word(
            [(f"eligibility.inclusion.{i}.text", item.text) for i, item in enumerate(criteria)],
            trial, lang, terms=True,
        ),
    }  # fmt: skip


def city(trial: Trial) -> str | None:
    """Return the city of the trial's first site that names one."""
    return next((site.city for site in trial.record.locations if site.city), None)


@dataclass(frozen=True)
class Query:
    kind: str
    """What the query is made of: "id", "condition" or "city"."""
    nct_id: str
    text: str


def queries(lang: str) -> list[Query]:
    """Return, for every trial of the site, the queries that must find it: its id, a word of a
    condition, of an intervention and of a criterion, the city of a site, its sponsor."""
    found = []
    for trial in CONTENT.trials:
        nct_id = trial.record.nct_id
        found.append(Query("id", nct_id, nct_id))
        for kind, word in words_of(trial, lang).items():
            if word:
                found.append(Query(kind, nct_id, word))
        if name := city(trial):
            found.append(Query("city", nct_id, name))
        if trial.record.sponsor:
            found.append(Query("sponsor", nct_id, trial.record.sponsor.name))
    return found


# Every result's URL for each query, best first, from the Pagefind module the page's dialog
# imported (the same URL is the same module instance, with the options the site set). A result's
# URL is in its fragment, read once per result.
EVERY_RESULT = """async ([bundle, queries]) => {
  const pagefind = await import(new URL(bundle, document.baseURI).href);
  const urls = new Map();
  const url = result => {
    if (!urls.has(result.id)) urls.set(result.id, result.data().then(data => data.url));
    return urls.get(result.id);
  };
  const found = {};
  for (const query of queries) {
    found[query] = await Promise.all((await pagefind.search(query)).results.map(url));
  }
  return found;
}"""


@pytest.fixture(scope="module")
def browsing(chromium: Browser, registry_site: SiteServer) -> Iterator[Browsing]:
    browsing = open_context(chromium, registry_site, viewport=DESKTOP)
    yield browsing
    browsing.context.close()


def overview(server: SiteServer, lang: str, nct_id: str) -> str:
    """Return the path of a trial's overview in `lang`, as Pagefind gives a result's URL."""
    return urlsplit(server.url(f"{PREFIX[lang]}trials/{nct_id}/")).path


def language(server: SiteServer, url: str) -> str:
    """Return the language of a result's URL: that of its folder below the site's root."""
    rest = url.removeprefix(urlsplit(server.url("")).path)
    return next(
        (lang for lang, prefix in PREFIX.items() if prefix and rest.startswith(prefix)), "en"
    )


def ask(page: Page, texts: list[str]) -> dict[str, list[str]]:
    """Return every result of each query (once each), through the module the dialog loaded."""
    bundle = page.locator(".trialsite-search").get_attribute("data-pagefind")
    return page.evaluate(EVERY_RESULT, [bundle, sorted(set(texts))])


@dataclass(frozen=True)
class Answers:
    """Every query of one language and every result of each, as the site's URL paths."""

    server: SiteServer
    lang: str
    queries: list[Query]
    results: dict[str, list[str]]

    def missed(self, kind: str, first: bool = False) -> list[str]:
        """Return the queries of a kind that do not find the trial's overview (first)."""
        missed = []
        for query in (query for query in self.queries if query.kind == kind):
            urls = self.results[query.text]
            found = urls[:1] if first else urls
            if overview(self.server, self.lang, query.nct_id) not in found:
                missed.append(f"{query.text!r} misses {query.nct_id}: {urls[:3]}")
        return missed


@pytest.fixture(scope="module", params=list(PREFIX))
def answers(request: pytest.FixtureRequest, browsing: Browsing) -> Answers:
    """Ask every query of a language, each once, from one page of that language."""
    lang = request.param
    page = browsing.open(f"{PREFIX[lang]}trials/")
    first = CONTENT.trials[0].record.nct_id
    # The dialog, used once, loads Pagefind and sets the site's options on it.
    assert search(page, first)[0] == browsing.server.url(f"{PREFIX[lang]}trials/{first}/")
    asked = queries(lang)
    results = ask(page, [query.text for query in asked] + lay_names(lang))
    page.close()
    assert browsing.foreign == []
    return Answers(browsing.server, lang, asked, results)


def test_every_result_is_a_page_of_the_language_searched(answers: Answers) -> None:
    for text, urls in answers.results.items():
        assert urls and {language(answers.server, url) for url in urls} == {answers.lang}, text


def test_each_trials_id_finds_its_overview_first(answers: Answers) -> None:
    assert sum(query.kind == "id" for query in answers.queries) == len(CONTENT.trials) >= 88
    assert answers.missed("id", first=True) == []


def test_a_word_of_each_trials_condition_finds_its_overview(answers: Answers) -> None:
    """The longest telling word of its first condition, as the page of the language names it
    (in French: the catalog's translation, the terms file's name, else the English shown)."""
    named = sum(bool(trial.record.conditions) for trial in CONTENT.trials)
    assert sum(query.kind == "condition" for query in answers.queries) == named > 0
    assert answers.missed("condition") == []


def test_the_city_of_each_trials_first_site_finds_its_overview(answers: Answers) -> None:
    """Also for a trial of many sites, whose overview counts them by country: its cities are on
    its investigator page, and the overview is where a search must land."""
    placed = sum(any(site.city for site in trial.record.locations) for trial in CONTENT.trials)
    assert sum(query.kind == "city" for query in answers.queries) == placed > 0
    assert answers.missed("city") == []


@pytest.mark.parametrize("kind", ["intervention", "sponsor", "criterion"])
def test_an_intervention_the_sponsor_and_a_criterion_word_find_each_trial(
    answers: Answers, kind: str
) -> None:
    """The longest telling word of its first intervention's name and of its first inclusion
    criterion (as the page of the language shows them), and its lead sponsor's name as
    registered, find its overview."""
    assert sum(query.kind == kind for query in answers.queries) > len(CONTENT.trials) // 2
    assert answers.missed(kind) == []


def _entries(trial: Trial) -> list[Term]:
    """The terms file's entries for a trial's conditions and MeSH terms; for a record that lists
    neither, those with an English name (not a lay one) whose words its title holds."""
    record = trial.record
    names = [*record.conditions, *(m.term for m in record.condition_mesh)]
    names += [m.id for m in record.condition_mesh if m.id]
    if not names:
        title = _words(record.title.brief, "en")
        return [term for term in TERMS.entries("condition")
                if any(_words(name, "en") <= title for name in _registered(term))]  # fmt: skip
    return [term for name in names if (term := TERMS.entry_for(name)) is not None]


def _registered(term: Term) -> list[str]:
    """The English names a record may give a term: the term and its others, not its lay name."""
    return [term.en, *term.also.get("en", [])]


def _words(text: str, lang: str) -> set[str]:
    return {word.casefold() for word in WORD.findall(text)} - COMMON[lang]


def _under(term: Term, ancestor: Term, terms: Terms) -> bool:
    """Whether `term` is `ancestor` or narrower than it (the terms file's `broader` chain)."""
    seen: Term | None = term
    while seen is not None and seen.key != ancestor.key:
        seen = terms.get(seen.broader) if seen.broader else None
    return seen is not None


def lay_names(lang: str) -> list[str]:
    """Return every lay name, in `lang`, of the terms of the site's trials, and the lay words
    the issue names."""
    names = {term.lay_name(lang) for trial in CONTENT.trials for term in _entries(trial)}
    names |= {query for lang_, query, _ in LAY if lang_ == lang}
    return sorted(name for name in names if name)


def named_by(lang: str, query: str) -> set[str]:
    """Return the trials a query must find: a name, in `lang`, that the terms file gives one of
    their conditions holds every word of it."""
    words = _words(query, lang)
    return {
        trial.record.nct_id for trial in CONTENT.trials
        if any(words <= _words(name, lang) for term in _entries(trial) for name in term.names(lang))
    }  # fmt: skip


def of_term(named: str) -> set[str]:
    """Return the trials of the term the terms file names so, or of a narrower term."""
    target = TERMS.entry_for(named)
    assert target is not None, named
    return {
        trial.record.nct_id for trial in CONTENT.trials
        if any(_under(term, target, TERMS) for term in _entries(trial))
    }  # fmt: skip


def test_each_lay_name_finds_every_trial_whose_conditions_it_names(answers: Answers) -> None:
    """Each everyday name the terms file gives a condition of the site's trials ("eczema",
    « mal de tête »), in the page's language, finds every trial whose terms have that name."""
    lang, missed = answers.lang, []
    for query in lay_names(lang):
        want = named_by(lang, query)
        assert want, query
        urls = answers.results[query]
        missed += [
            (query, n) for n in sorted(want) if overview(answers.server, lang, n) not in urls
        ]
    assert missed == []


def test_lupus_finds_the_sle_trials_and_lung_cancer_the_nsclc_ones(answers: Answers) -> None:
    """« cancer du poumon » and "lung cancer" find each NSCLC trial, though a record says
    "Non-Small Cell Lung Carcinoma"; "lupus" each SLE trial, also one whose record names it
    in its title only."""
    lang = answers.lang
    for query, named in [(query, named) for lang_, query, named in LAY if lang_ == lang]:
        want = of_term(named)
        assert want and want <= named_by(lang, query), (query, want)
        urls = answers.results[query]
        assert [n for n in sorted(want) if overview(answers.server, lang, n) not in urls] == []


def every_result(page: Page, query: str) -> list[str]:
    """Type `query` into the dialog, then scroll its list to the end until it shows as many
    pages as it counts; return their URLs."""
    search(page, query)
    count = re.sub(r"\D", "", page.locator(".md-search-result__meta").inner_text())
    items = page.locator(".md-search-result__item > a:first-child")
    # As a reader scrolls the list to its end, again and again, until it shows every trial
    # it counts (the list loads the next ones when its end comes near).
    page.wait_for_function(
        """total => {
            const wrap = document.querySelector('.md-search__scrollwrap');
            wrap.scrollTop = wrap.scrollHeight;
            return document.querySelectorAll('.md-search-result__item').length >= total;
        }""",
        arg=int(count or 0),
        polling=200,
    )
    return list(items.evaluate_all("links => links.map(a => new URL(a.href).pathname)"))


@pytest.mark.parametrize("lang", PREFIX)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "360"])
def test_the_dialog_finds_them_as_a_reader_types(
    chromium: Browser, registry_site: SiteServer, lang: str, viewport: dict[str, int]
) -> None:
    """Typed into the dialog: the id of the trial of most sites lists its overview first, the
    city of its first site (its overview counts its sites by country, its investigator page names
    them) lists it too, and each lay query of the language lists the overviews of all the trials
    it must find."""
    browsing = open_context(chromium, registry_site, viewport=viewport)
    try:
        page = browsing.open(f"{PREFIX[lang]}trials/")
        widest = max(CONTENT.trials, key=lambda trial: len(trial.record.locations))
        nct_id, name = widest.record.nct_id, city(widest)
        assert name
        assert every_result(page, nct_id)[0] == overview(registry_site, lang, nct_id)
        assert overview(registry_site, lang, nct_id) in every_result(page, name)
        for query in [query for lang_, query, _ in LAY if lang_ == lang]:
            want = named_by(lang, query)
            urls = every_result(page, query)
            assert {language(registry_site, url) for url in urls} <= {lang}, urls
            missed = [n for n in want if overview(registry_site, lang, n) not in urls]
            assert missed == [], (query, missed)
        assert browsing.foreign == []
    finally:
        browsing.context.close()
