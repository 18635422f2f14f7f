"""Every template, every field, every payload: nothing from content becomes live (issue 14).

One trial per payload of `payloads.yaml`, each with that payload in every field the model
accepts it in (generated from the injection record, so a field added later is covered), and no
patient text, so the patient page writes record values itself (the hole of issue 14: contact
e-mails, reference DOIs and dose units reached Markdown HTML-escaped only). A glossary term, the
related trials and the registry carry them too. The site is rendered with the real templates
and built with MkDocs and the real theme; every page is parsed by element, then the pages of the
issue's reproductions are opened in Chromium.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from browser.server import SiteServer
from livemarkup import live_markup, shown_text
from pydantic import ValidationError
from sitefixtures import served_without_gates

from generator.layout import TEMPLATES_DIR
from generator.model import Record
from generator.render.conditions import condition_slug

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "hostile"
PAYLOADS: list[str] = yaml.safe_load((HOSTILE / "payloads.yaml").read_text(encoding="utf-8"))
FIRST_ID = 99999910
# Posted results (issue 17) of a shipped trial: their text and units carry the payloads too.
RESULTS = yaml.safe_load(
    (ROOT / "content" / "trials" / "NCT02210780" / "results.yaml").read_text(encoding="utf-8")
)
# The issue's reproductions, opened in Chromium: e-mail with an attribute list, DOI with a
# javascript: link, dose unit with a Markdown link, e-mail breaking out of its href.
IN_CHROMIUM = 4


def trial_id(index: int) -> str:
    """Return the NCT id of the payload trial number `index`."""
    return f"NCT{FIRST_ID + index}"


def _paths(value: Any, where: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*where, index))
    elif isinstance(value, str):
        yield where


def _set(data: Any, where: tuple[Any, ...], value: str) -> None:
    for part in where[:-1]:
        data = data[part]
    data[where[-1]] = value


def _get(data: Any, where: tuple[Any, ...]) -> Any:
    for part in where:
        data = data[part]
    return data


def payload_record(base: dict[str, Any], payload: str, nct_id: str) -> dict[str, Any]:
    """Return `base` with `payload` in every text field the record model accepts it in."""
    original = yaml.safe_load(yaml.safe_dump(base))
    original["nct_id"] = nct_id
    record = yaml.safe_load(yaml.safe_dump(original))
    for where in list(_paths(record)):
        if where != ("nct_id",):
            _set(record, where, payload)
    for _ in range(10):  # put back, round by round, what the model refuses
        try:
            Record.model_validate(record)
            return record
        except ValidationError as error:
            for detail in error.errors():
                where = tuple(
                    part
                    for part in detail["loc"]
                    if isinstance(part, int) or part in _get_keys(record, detail["loc"])
                )
                _set(record, where, _get(original, where))
    raise AssertionError("the payload record does not validate")


def _get_keys(record: Any, loc: tuple[Any, ...]) -> set[Any]:
    """Return every key on the path `loc` (pydantic adds union tags that are not keys)."""
    keys: set[Any] = set()
    data = record
    for part in loc:
        if isinstance(data, dict) and part in data:
            keys.add(part)
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int):
            data = data[part]
    return keys


# Each payload trial takes another branch of the templates: kind of study, status, phase.
BRANCHES = [
    ("INTERVENTIONAL", "RECRUITING", ["PHASE2"]),
    ("INTERVENTIONAL", "NOT_YET_RECRUITING", ["PHASE3"]),
    ("OBSERVATIONAL", "COMPLETED", []),
    ("INTERVENTIONAL", "TERMINATED", ["PHASE1", "PHASE2"]),
    ("EXPANDED_ACCESS", "AVAILABLE", []),
    ("INTERVENTIONAL", "WITHDRAWN", ["EARLY_PHASE1"]),
    ("INTERVENTIONAL", "UNKNOWN", ["PHASE4"]),
    ("OBSERVATIONAL", "ENROLLING_BY_INVITATION", []),
    ("INTERVENTIONAL", "ACTIVE_NOT_RECRUITING", ["NA"]),
    ("INTERVENTIONAL", "SUSPENDED", ["PHASE2", "PHASE3"]),
]


def _branch(base: dict[str, Any], index: int) -> dict[str, Any]:
    study_type, status, phases = BRANCHES[index % len(BRANCHES)]
    record = yaml.safe_load(yaml.safe_dump(base))
    record["study_type"], record["phase"] = study_type, phases
    record["status"]["overall"] = status
    if status == "UNKNOWN":
        record["status"]["last_known"] = "RECRUITING"
    return record


@dataclass
class PayloadSite:
    """The payload content, its built site and the local server serving it."""

    content_dir: Path
    root: Path
    server: SiteServer


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PayloadSite]:
    """Render every template with the payload trials and build them with MkDocs."""
    work = tmp_path_factory.mktemp("payloads")
    content_dir = work / "content"
    base = yaml.safe_load((HOSTILE / "injection" / "record.yaml").read_text(encoding="utf-8"))
    base["related"] = [{"nct_id": trial_id(1)}, {"nct_id": "NCT00000001", "title": "x"}]
    base["results"] = RESULTS
    for index, payload in enumerate(PAYLOADS):
        folder = content_dir / "trials" / trial_id(index)
        folder.mkdir(parents=True)
        record = payload_record(_branch(base, index), payload, trial_id(index))
        (folder / "record.yaml").write_text(yaml.safe_dump(record), encoding="utf-8")
    shutil.copy(ROOT / "content" / "site.yaml", content_dir / "site.yaml")
    glossary = yaml.safe_load((ROOT / "content" / "glossary.yaml").read_text(encoding="utf-8"))
    for index, payload in enumerate(PAYLOADS):
        glossary["terms"][f"zz-term-{index}"] = {
            "term": {"en": payload, "fr": payload},
            "definition": {"en": payload, "fr": payload},
            "forms": {"en": [payload], "fr": [payload]},
        }
    (content_dir / "glossary.yaml").write_text(yaml.safe_dump(glossary), encoding="utf-8")
    site_dir = work / "site"
    with served_without_gates(content_dir, site_dir) as server:
        yield PayloadSite(content_dir, site_dir, server)


def test_every_payload_reaches_every_text_field_and_the_issue_fields() -> None:
    base = yaml.safe_load((HOSTILE / "injection" / "record.yaml").read_text(encoding="utf-8"))
    base["results"] = RESULTS
    for payload in PAYLOADS:
        record = Record.model_validate(payload_record(base, payload, trial_id(0)))
        assert record.title.brief == payload
        assert record.contacts[0].email == payload
        assert record.references[0].doi == payload
        assert record.interventions[0].doses[0].unit == payload
        assert record.results is not None
        assert record.results.flow is not None
        assert record.results.flow.groups[0].title == payload


def test_no_page_has_live_markup_from_any_payload(payload_site: PayloadSite) -> None:
    pages = sorted(payload_site.root.rglob("*.html"))
    assert len(pages) >= 6 * len(PAYLOADS)
    # Each payload is a condition (and its MeSH term): its page, in both languages (issue 20).
    for lang in ("", "fr/"):
        for payload in PAYLOADS:
            page = payload_site.root / f"{lang}conditions/{condition_slug(payload)}/index.html"
            assert page in pages, (lang, payload)
    problems = {}
    for path in pages:
        found = live_markup(path.read_text(encoding="utf-8"), {payload_site.server.host})
        if found:
            problems[str(path.relative_to(payload_site.root))] = found[:5]
    assert problems == {}


def test_the_payloads_show_as_text_on_the_patient_page(payload_site: PayloadSite) -> None:
    for index, payload in enumerate(PAYLOADS[:IN_CHROMIUM]):
        for lang in ("", "fr/"):
            html = payload_site.root / f"{lang}trials/{trial_id(index)}/patients/index.html"
            shown = shown_text(html.read_text(encoding="utf-8"))
            assert " ".join(payload.split()) in shown, (lang, payload)


@pytest.mark.browser
def test_nothing_runs_in_chromium(payload_site: PayloadSite, chromium: Any) -> None:
    from browser.plugin import DESKTOP, open_context

    browsing = open_context(chromium, payload_site.server, viewport=DESKTOP)
    seen: dict[str, Any] = {}
    paths = [
        f"{lang}trials/{trial_id(index)}/{audience}"
        for index in range(IN_CHROMIUM)
        for lang in ("", "fr/")
        for audience in ("patients/", "investigators/")
    ]
    try:
        for path in paths:
            dialogs: list[str] = []
            page = browsing.context.new_page()
            page.on("dialog", lambda d, found=dialogs: (found.append(d.message), d.dismiss()))
            page.goto(browsing.server.url(path), wait_until="load")
            page.keyboard.press("Tab")
            links = page.eval_on_selector_all(
                "a[href]", "els => els.map(e => e.protocol).filter(p => p === 'javascript:')"
            )
            pwned = page.evaluate("() => window.__pwned === undefined ? null : window.__pwned")
            if dialogs or pwned is not None or links:
                seen[path] = (dialogs, pwned, links)
            page.close()
    finally:
        browsing.context.close()
    assert (seen, browsing.foreign) == ({}, [])


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_values_in_translated_sentences_are_inert(lang: str) -> None:
    """`{% trans %}` and `_()` fill values with Python's %, which escapes HTML only."""
    from generator.render.environment import make_environment

    env = make_environment(TEMPLATES_DIR, lang)
    source = (
        "{% trans x=v %}Start of the study: {{ x }}.{% endtrans %}|"
        '{{ _("Start of the study: %(date)s.", date=v) }}|'
        "{% trans count=n, x=v %}{{ x }} site{% pluralize %}{{ x }} sites{% endtrans %}"
    )
    value = "*a*{: onclick=x } [l](javascript:y) <b>"
    out = env.from_string(source).render(v=value, n=2)
    assert "*" not in out and "[" not in out and "{:" not in out and "<b>" not in out
    assert out.count("&#42;a&#42;&#123;: onclick=x &#125; &#91;l&#93;(javascript:y) &lt;b&gt;") == 3
