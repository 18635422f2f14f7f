"""Condition pages (issue 20): one page per condition, in both languages, listing its trials.

The expected pages and trials are computed here from the records (a record is listed under each
of its MeSH terms, else under each of its conditions), never read from the pages. Over the 88
fixture records plus the shipped trials the pages are rendered (parsed by element); on the real
shipped site they are built with MkDocs, and the links to them from the registry and from each
overview, the sitemap and the language alternates are followed.
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from conftest import CONTENT, CTGOV, ROOT
from sitefixtures import BuiltSite
from sitehtml import Node, parse, parse_tree, resolve

from generator.importer import read_source
from generator.loader import load_content
from generator.model import Content, Record, Trial
from generator.render.conditions import (
    RECRUITING,
    condition_groups,
    condition_slug,
    natural_order,
    record_conditions,
)
from generator.render.pages import LanguagePages

TEMPLATES = ROOT / "templates"
SOURCES = sorted(p for p in CTGOV.rglob("*") if p.suffix in (".json", ".xml"))
PREFIX = {"en": "", "fr": "fr/"}
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@cache
def content() -> Content:
    """The shipped trials plus every fixture record whose id is not already there."""
    shipped = load_content(CONTENT)
    trials = list(shipped.trials)
    seen = {trial.record.nct_id for trial in trials}
    for source in SOURCES:
        for record in read_source(source):
            if record.nct_id not in seen:
                seen.add(record.nct_id)
                trials.append(Trial(record=record, folder=f"content/trials/{record.nct_id}"))
    return Content(site=shipped.site, glossary=shipped.glossary, trials=trials, terms=shipped.terms)


@cache
def site_pages(lang: str) -> dict[str, str]:
    return LanguagePages(content(), TEMPLATES, lang).site_pages()


def expected_slugs(record: Record) -> set[str]:
    """The pages a record belongs on: one per MeSH term when it has any, else per condition."""
    names = [mesh.term for mesh in record.condition_mesh] or record.conditions
    return {condition_slug(name) for name in names}


def listed(page: str) -> list[str]:
    """Return the NCT ids a condition page lists, in order, read from its HTML block."""
    block = page.split("<!-- trialsite:html -->", 1)[1].split("<!-- /trialsite:html -->", 1)[0]
    items = parse_tree(block).find_all("li")
    return [item.attrs["data-nct"] for item in items if "data-nct" in item.attrs]


def test_the_records_cover_mesh_terms_free_text_and_none() -> None:
    records = [trial.record for trial in content().trials]
    assert len(records) == 88  # 9 shipped + the fixtures not shipped, each id once
    assert any(r.condition_mesh for r in records)
    assert any(r.conditions and not r.condition_mesh for r in records)
    assert any(not r.conditions and not r.condition_mesh for r in records)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_condition_of_every_trial_has_a_page_listing_exactly_its_trials(lang: str) -> None:
    pages = site_pages(lang)
    records = [trial.record for trial in content().trials]
    wanted: dict[str, set[str]] = {}
    for record in records:
        for slug in expected_slugs(record):
            wanted.setdefault(slug, set()).add(record.nct_id)
    found = {
        path.split("/")[1]: listed(page)
        for path, page in pages.items()
        if re.fullmatch(r"conditions/[^/]+/index\.md", path)
    }
    assert set(found) == set(wanted)
    for slug, ids in found.items():
        assert len(ids) == len(set(ids)), slug  # a trial once per page
        assert set(ids) == wanted[slug], slug
    assert len(found) > 100


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_recruiting_trials_come_first_then_the_newest_update(lang: str) -> None:
    by_id = {trial.record.nct_id: trial.record for trial in content().trials}
    for path, page in site_pages(lang).items():
        if not re.fullmatch(r"conditions/[^/]+/index\.md", path):
            continue
        records = [by_id[nct_id] for nct_id in listed(page)]
        keys = [(r.status.overall not in RECRUITING, r.status.last_update or "") for r in records]
        recruiting = [closed for closed, _ in keys]
        assert recruiting == sorted(recruiting), path
        for (closed, date), (next_closed, next_date) in zip(keys, keys[1:], strict=False):
            if closed == next_closed and date and next_date:
                assert date >= next_date, path


def test_spellings_with_one_mesh_term_make_one_page() -> None:
    """Free-text spellings the registry mapped to one MeSH term share its page (and its name)."""
    groups = {group.slug: group for group in condition_groups(content().trials)}
    for term in {mesh.term for t in content().trials for mesh in t.record.condition_mesh}:
        having = {
            t.record.nct_id for t in content().trials
            if term in {mesh.term for mesh in t.record.condition_mesh}
        }  # fmt: skip
        group = groups[condition_slug(term)]
        assert {t.record.nct_id for t in group.trials} >= having
        assert group.name == natural_order(term)
    # The fixtures hold one such case: "Breast Cancer", "HER2-positive Breast Cancer", "Breast
    # Carcinoma" and "Triple Negative Breast Cancer" are all "Breast Neoplasms".
    breast = groups["breast-neoplasms"]
    spellings = {c for t in breast.trials for c in t.record.conditions if "Breast" in c}
    assert len(breast.trials) >= 4 and len(spellings) >= 4
    assert "breast-cancer" not in groups


def _record(nct_id: str, conditions: list[str], mesh: list[str]) -> Trial:
    record = Record.model_validate({
        "nct_id": nct_id, "title": {"brief": f"Study {nct_id}"},
        "status": {"overall": "RECRUITING"}, "conditions": conditions,
        "condition_mesh": [{"term": term} for term in mesh],
        "source": {"registry": "ClinicalTrials.gov", "format": "ctgov-json"},
    })  # fmt: skip
    return Trial(record=record, folder=f"content/trials/{nct_id}")


def test_slugs_are_ascii_stable_and_shared_by_spellings() -> None:
    assert condition_slug("Lupus Erythematosus, Systemic") == "systemic-lupus-erythematosus"
    assert condition_slug("COVID-19") == condition_slug("Covid19") == "covid-19"
    assert condition_slug("Sjögren's Syndrome") == condition_slug("Sjogren's syndrome")
    assert condition_slug("Leukemia, Myelomonocytic, Juvenile") == (
        "juvenile-myelomonocytic-leukemia"
    )
    hostile = condition_slug('<script>alert("x")</script> ../../etc/passwd')
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", hostile)
    assert re.fullmatch(r"condition-[0-9a-f]{10}", condition_slug("肺癌"))
    long = condition_slug("Stage " * 40 + "Lung Cancer")
    assert len(long) <= 60 and long != condition_slug("Stage " * 41 + "Lung Cancer")
    trials = [
        _record("NCT90000001", ["Breast Cancer"], ["Breast Neoplasms"]),
        _record("NCT90000002", ["Breast Carcinoma", "Pain"], ["Breast Neoplasms", "Pain"]),
        _record("NCT90000003", ["Covid19"], []),
        _record("NCT90000004", ["COVID-19"], ["COVID-19"]),
        _record("NCT90000005", [], []),
    ]
    groups = {g.slug: sorted(t.record.nct_id for t in g.trials) for g in condition_groups(trials)}
    assert groups == {
        "breast-neoplasms": ["NCT90000001", "NCT90000002"],
        "pain": ["NCT90000002"],
        "covid-19": ["NCT90000003", "NCT90000004"],
    }
    (named,) = record_conditions(trials[0].record)
    assert (named.index, named.same_words) == (0, False)  # its only condition, other words


# --- the shipped site, built with MkDocs ------------------------------------------------------


def _condition_dir(built: BuiltSite, lang: str, slug: str) -> Path:
    return built.root / PREFIX[lang] / "conditions" / slug


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_built_pages_list_their_trials_with_links_that_resolve(
    built_site: BuiltSite, lang: str
) -> None:
    assert built_site.content is not None
    base = urlsplit(built_site.base_url).path
    for trial in built_site.content.trials:
        for slug in expected_slugs(trial.record):
            page = _condition_dir(built_site, lang, slug) / "index.html"
            tree = parse_tree(page.read_text("utf-8"))
            items = [li for li in tree.find_all("li") if "data-nct" in li.attrs]
            (item,) = [li for li in items if li.attrs["data-nct"] == trial.record.nct_id]
            for anchor in item.find_all("a"):
                target, _ = resolve(built_site.root, page, anchor.attrs["href"], base)
                assert target.is_file(), (page, anchor.attrs["href"])
            heading = tree.find_all("h1")[0].text()
            assert heading.startswith("Studies about" if lang == "en" else "Études cliniques")


def _links_to_conditions(within: Node) -> list[Node]:
    """Return the links to a condition's page (not to their index, which the nav links)."""
    return [
        a for a in within.find_all("a")
        if re.search(r"(^|/)conditions/[a-z0-9-]+/$", a.attrs.get("href", ""))
    ]  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_registry_and_each_overview_link_to_the_trials_condition_pages(
    built_site: BuiltSite, lang: str
) -> None:
    assert built_site.content is not None
    base = urlsplit(built_site.base_url).path
    registry = built_site.root / PREFIX[lang] / "trials" / "index.html"
    rows = {
        tr.attrs["data-nct"]: tr
        for tr in parse_tree(registry.read_text("utf-8")).find_all("tr")
        if "data-nct" in tr.attrs
    }
    for trial in built_site.content.trials:
        nct_id, wanted = trial.record.nct_id, expected_slugs(trial.record)
        overview = built_site.root / PREFIX[lang] / "trials" / nct_id / "index.html"
        sources = [(registry, rows[nct_id]), (overview, parse_tree(overview.read_text("utf-8")))]
        for page, within in sources:
            reached = set()
            for anchor in _links_to_conditions(within):
                target, _ = resolve(built_site.root, page, anchor.attrs["href"], base)
                assert target.is_file(), (page, anchor.attrs["href"])
                tree = parse_tree(target.read_text("utf-8"))
                listed_here = {li.attrs.get("data-nct") for li in tree.find_all("li")}
                assert nct_id in listed_here, (page, anchor.attrs["href"])
                reached.add(target.parent.name)
                if page == overview:  # the link names the page as its heading does
                    heading = " ".join(tree.find_all("h1")[0].text().split())
                    assert " ".join(anchor.text().split()) in heading, (page, heading)
            assert reached <= wanted, (page, reached - wanted)
            if page == overview:  # the overview names every one of them
                assert reached == wanted, (page, wanted - reached)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_condition_pages_are_in_the_sitemap_with_language_alternates(
    built_site: BuiltSite, lang: str
) -> None:
    assert built_site.content is not None
    sitemap = ElementTree.parse(built_site.root / PREFIX[lang] / "sitemap.xml")
    urls = {loc.text for loc in sitemap.getroot().iterfind("s:url/s:loc", SITEMAP_NS)}
    root = built_site.base_url.rstrip("/") + "/"
    groups = condition_groups(built_site.content.trials)
    assert f"{root}{PREFIX[lang]}conditions/" in urls
    for group in groups:
        url = f"{root}{PREFIX[lang]}conditions/{group.slug}/"
        assert url in urls
        page = _condition_dir(built_site, lang, group.slug) / "index.html"
        alternates = {
            link["hreflang"]: link["href"]
            for link in parse(page).links
            if "alternate" in link.get("rel", "").split() and "hreflang" in link
        }  # fmt: skip
        assert alternates == {
            "en": f"{root}conditions/{group.slug}/",
            "fr": f"{root}fr/conditions/{group.slug}/",
            "x-default": f"{root}conditions/{group.slug}/",
        }
        for other in ("en", "fr"):
            assert (_condition_dir(built_site, other, group.slug) / "index.html").is_file()
        metas = {m.get("name"): m.get("content") for m in parse(page).metas}
        assert metas.get("description")


def test_the_index_links_every_condition_page_once(built_site: BuiltSite) -> None:
    assert built_site.content is not None
    slugs = sorted(group.slug for group in condition_groups(built_site.content.trials))
    for lang in PREFIX:
        index = built_site.root / PREFIX[lang] / "conditions" / "index.html"
        hrefs = [a.attrs["href"] for a in parse_tree(index.read_text("utf-8")).find_all("a")]
        linked = sorted(href.rstrip("/") for href in hrefs if re.fullmatch(r"[a-z0-9-]+/", href))
        assert linked == slugs, lang


def test_french_names_come_from_the_terms_file_else_the_english_is_marked() -> None:
    """A condition page names its condition as the terms file does in French (its exact other
    names listed as "also called"), or, when no file names it, in English marked lang="en"."""
    terms, pages = content().terms, site_pages("fr")
    named = 0
    for group in condition_groups(content().trials):
        page = pages[f"conditions/{group.slug}/index.md"]
        heading = next(line for line in page.splitlines() if line.startswith("# "))
        h1 = parse_tree(f"<h1>{heading[2:]}</h1>")
        entry = next((terms.entry_for(k) for k in [group.mesh_id, *group.raw]
                      if k and terms.entry_for(k)), None)  # fmt: skip
        if entry is not None and entry.fr:
            named += 1
            assert entry.fr in h1.text() and not h1.find_all("span"), group.slug
            shown = html.unescape(page)
            for other in entry.also.get("fr", []):
                assert other in shown or other.casefold() == entry.fr.casefold(), other
        elif not group.sources:  # no trial's catalog translates it either
            english = [s for s in h1.find_all("span") if s.attrs.get("lang") == "en"]
            assert [s.text() for s in english] == [group.name], group.slug
    assert named > 100  # the terms file names the conditions of the fixtures
