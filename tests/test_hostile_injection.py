"""Injection (issue 8): markup in any text field of a record, translation or patient text shows
as the text it is. Nothing from content runs in a reader's browser or loads from elsewhere.

tests/hostile/injection/ holds a record with every payload of payload.txt in every text field,
its French catalog (every msgstr carries them too) and patient texts in both languages.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from browser.server import SiteServer
from sitefixtures import served_without_gates

from generator.catalogs import read_translations
from generator.loader import load_content, load_file
from generator.model import PlainLanguage
from generator.render.conditions import condition_slug
from generator.texts import translatable_texts

ROOT = Path(__file__).resolve().parent.parent
INJECTION = ROOT / "tests" / "hostile" / "injection"
TRIAL = "NCT99999905"
SCRIPT = '<script>window.__pwned = "script"</script>'
# Shown as text on every page that shows record or patient text.
AS_TEXT = [
    SCRIPT,
    "<img src=x onerror=\"window.__pwned = 'img'\">",
    "[click](javascript:window.__pwned='link')",
    "<!-- hidden comment -->",
    "![pixel](http://127.0.0.2/pixel.png)",
    "{{ 7*7 }}",
    "{% if true %}jinja{% endif %}",
    '!!! note "admonition"',
    "{: .pwned }",
    '--8<-- "/etc/passwd"',
]
# The page of the record's condition (issue 20): its name is every payload.
CONDITION_PAGE = "conditions/{}/".format(
    condition_slug(yaml.safe_load((INJECTION / "record.yaml").read_text("utf-8"))["conditions"][0])
)
# Fields whose values are structured (ids, enumerations, dates, numbers), not text.
STRUCTURED = {
    "nct_id", "status.overall", "status.last_update", "status.start", "phase.0", "phase.1",
    "study_type", "enrollment.count", "design.allocation", "design.model", "design.purpose",
    "design.masking", "arms.0.type", "interventions.0.type", "interventions.0.doses.0.amount",
    "interventions.0.administration.count", "interventions.0.administration.minutes_min",
    "interventions.0.administration.minutes_max", "eligibility.min_age", "eligibility.max_age",
    "eligibility.sex", "eligibility.healthy_volunteers", "sponsor.class",
    "collaborators.0.class", "locations.0.status", "references.0.pmid", "references.0.type",
    "related.0.nct_id", "has_results", "source.format",
}  # fmt: skip


@dataclass
class InjectedSite:
    """The injection content, the site built from it and the local server serving it."""

    content_dir: Path
    root: Path
    server: SiteServer

    def pages(self) -> list[Path]:
        """Return every built HTML page."""
        return sorted(self.root.rglob("*.html"))


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InjectedSite]:
    """Render and build the injection content (MkDocs, real theme) and serve it locally.

    The quality gates would refuse this content (its patient text has no numbers), so the
    site is built from the rendered pages directly, as `trialsite build` does after the gates.
    """
    work = tmp_path_factory.mktemp("injected")
    content_dir = work / "content"
    folder = content_dir / "trials" / TRIAL
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "content" / "site.yaml", content_dir / "site.yaml")
    glossary = yaml.safe_load((ROOT / "content" / "glossary.yaml").read_text(encoding="utf-8"))
    payload = (INJECTION / "payload.txt").read_text(encoding="utf-8").strip()
    glossary["terms"]["pwned"] = {
        "term": {lang: f"term{lang} " + " ".join(payload.split()) for lang in ("en", "fr")},
        "definition": {lang: f"definition{lang} {payload}" for lang in ("en", "fr")},
    }
    (content_dir / "glossary.yaml").write_text(yaml.safe_dump(glossary), encoding="utf-8")
    for name in ("record.yaml", "fr.po", "patients.en.yaml", "patients.fr.yaml"):
        shutil.copy(INJECTION / name, folder / name)
    site_dir = work / "site"
    with served_without_gates(content_dir, site_dir) as server:
        yield InjectedSite(content_dir, site_dir, server)


def _leaves(value: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, f"{where}.{index}")
    else:
        yield where, value


def test_every_text_field_of_the_corpus_carries_the_payloads(injected: InjectedSite) -> None:
    (trial,) = load_content(injected.content_dir).trials
    data = trial.record.model_dump(mode="json", by_alias=True, exclude_none=True)
    plain = {f"source.{key}" for key in ("registry", "url")}
    without = {where for where, value in _leaves(data) if SCRIPT not in str(value)}
    assert without - plain == STRUCTURED
    catalog = read_translations(INJECTION / "fr.po")
    assert catalog.keys() == {context for context, _ in translatable_texts(trial.record)}
    assert all(entry.text == f"fr-{key} {entry.source}" for key, entry in catalog.items())
    for lang in ("en", "fr"):
        text, errors = load_file(INJECTION / f"patients.{lang}.yaml", PlainLanguage)
        assert text is not None, errors
        fields = text.model_dump(exclude={"reviewed_against"})
        assert all(SCRIPT in value for value in fields.values())


class _Page(HTMLParser):
    """What matters in a built page: scripts, URLs, event handlers, classes, comments, text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self.comments: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name in ("href", "src", "action") and value.lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value}>")
            if tag == "img" and name == "src" and (value == "x" or "//" in value):
                self.problems.append(f"<img src={value}>")
            if name in ("href", "src") and value.startswith("http://127.0.0.2"):
                self.problems.append(f"<{tag} {name}={value}>: a link from content")
            if name == "class" and "pwned" in value.split():
                self.problems.append(f"<{tag} class={value}>")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and "__pwned" in data and "\\u003c" not in data:
            self.problems.append(f"script: {data[:80]}")
        if not self.in_script:
            self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_no_page_carries_live_markup_from_content(injected: InjectedSite) -> None:
    problems = {}
    for path in injected.pages():
        page = _parse(path)
        found = page.problems + [f"comment: {c}" for c in page.comments if "hidden" in c]
        if "root:x:0:0" in path.read_text(encoding="utf-8"):
            found.append("/etc/passwd included")
        if found:
            problems[str(path.relative_to(injected.root))] = found
    assert problems == {}


@pytest.mark.parametrize("lang", ["", "fr/"])
@pytest.mark.parametrize(
    "path", [f"trials/{TRIAL}/", f"trials/{TRIAL}/patients/", f"trials/{TRIAL}/investigators/",
             "glossary/", CONDITION_PAGE],
)  # fmt: skip
def test_payloads_show_as_text(injected: InjectedSite, lang: str, path: str) -> None:
    page = _parse(injected.root / f"{lang}{path}index.html")
    text = " ".join(" ".join(page.text).split())
    missing = [payload for payload in AS_TEXT if payload not in text]
    assert missing == []
    assert "49" not in text


def test_titles_are_text_in_head_and_header(injected: InjectedSite) -> None:
    html = (injected.root / f"trials/{TRIAL}/index.html").read_text(encoding="utf-8")
    assert "<title>brief &lt;script&gt;" in html
    assert "<script>window.__pwned" not in html


# --- in Chromium ----------------------------------------------------------------------------


@dataclass
class Visit:
    """What happened while one page was open."""

    dialogs: list[str] = field(default_factory=list)
    pwned: Any = None
    text: str = ""


@pytest.mark.browser
def test_nothing_runs_and_nothing_leaves_in_chromium(injected: InjectedSite, chromium: Any) -> None:
    from browser.plugin import DESKTOP, open_context

    pages = [
        f"{lang}{path}"
        for lang in ("", "fr/")
        for path in ("", "trials/", "glossary/", "conditions/", CONDITION_PAGE, *(
            f"trials/{TRIAL}/{audience}" for audience in ("", "patients/", "investigators/")
        ))
    ]  # fmt: skip
    visits: dict[str, Visit] = {}
    browsing = open_context(chromium, injected.server, viewport=DESKTOP)
    try:
        for relpath in pages:
            visits[relpath] = _visit(browsing, relpath)
    finally:
        browsing.context.close()
    assert browsing.foreign == []
    assert {path: (v.dialogs, v.pwned) for path, v in visits.items() if v.dialogs or v.pwned} == {}
    for relpath in pages:
        if TRIAL in relpath or relpath.endswith(CONDITION_PAGE):
            shown = " ".join(visits[relpath].text.split())
            assert [payload for payload in AS_TEXT if payload not in shown] == [], relpath


@pytest.mark.browser
def test_search_results_and_highlights_stay_text_in_chromium(
    injected: InjectedSite, chromium: Any
) -> None:
    """The site's search (Pagefind, issue 20) shows indexed text with the query's words marked:
    the payloads stay text, the excerpts hold no element but <mark>."""
    from browser.plugin import DESKTOP, open_context

    browsing = open_context(chromium, injected.server, viewport=DESKTOP)
    dialogs: list[str] = []
    try:
        page = browsing.open(f"trials/{TRIAL}/")
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for query in ("onerror", "pwned", "script"):
            page.fill("input.md-search__input", "")
            page.type("input.md-search__input", query)
            page.wait_for_selector(".md-search-result__item", timeout=10_000)
            assert page.locator(".md-search-result img, .md-search-result script").count() == 0
            assert page.locator(".md-search-result__article p *:not(mark)").count() == 0
            assert page.locator(".md-search-result__article p mark").count() > 0
        page.locator(".md-search-result__link").first.click()
        page.wait_for_load_state("networkidle")
        assert TRIAL in page.url
        pwned = page.evaluate("() => window.__pwned === undefined ? null : window.__pwned")
    finally:
        browsing.context.close()
    assert (pwned, dialogs, browsing.foreign) == (None, [], [])


def _visit(browsing: Any, relpath: str) -> Visit:
    visit = Visit()
    page = browsing.context.new_page()
    page.on("dialog", lambda dialog: (visit.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(browsing.server.url(relpath), wait_until="load")
    page.wait_for_load_state("networkidle")
    visit.pwned = page.evaluate("() => window.__pwned === undefined ? null : window.__pwned")
    visit.text = page.inner_text("article")
    page.close()
    return visit
