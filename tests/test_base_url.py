"""`build --base-url` (issue 12): every absolute URL of every page follows the URL given.

One real build of the shipped content for a repository's Pages address, unlike site.yaml's:
canonical, hreflang, the JSON-LD `url`, both sitemaps, root-absolute links of the 404 pages and
every URL in the data files (FHIR included) must use it; none may keep site.yaml's address.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from sitefixtures import CONTENT
from sitehtml import is_external, parse, resolve, site_path

from generator.cli import main
from generator.loader import load_content
from generator.render.conditions import condition_groups

BASE = "https://myorg.github.io/myrepo/"
URL = re.compile(r"""https?://[^\s"'<>)\\]+""")
LANGS = {"en": "", "fr": "fr/"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("base-url") / "site"
    args = ["build", "--content", str(CONTENT), "--site-dir", str(root), "--base-url", BASE]
    result = CliRunner().invoke(main, args, catch_exceptions=True)
    assert result.exit_code == 0, result.output
    return root


def _pages(site: Path) -> list[Path]:
    return sorted(page for page in site.rglob("index.html"))


def _own(site: Path, page: Path) -> str:
    """Return the public URL of a built page."""
    folder = page.relative_to(site).parent.as_posix()
    return BASE if folder == "." else f"{BASE}{folder}/"


def test_the_shipped_base_url_differs_from_the_one_given() -> None:
    assert load_content(CONTENT).site.base_url != BASE


def test_canonical_and_hreflang_of_every_page_follow_the_base_url(site: Path) -> None:
    pages = _pages(site)
    # home, registry, conditions, glossary, maintainers (issue 19), three pages per trial and
    # one per condition (issue 20)
    content = load_content(CONTENT)
    conditions = len(condition_groups(content.trials))
    assert len(pages) == 2 * (5 + 3 * len(content.trials) + conditions)
    for page in pages:
        links = parse(page).links
        canonical = [link["href"] for link in links if link.get("rel") == "canonical"]
        assert canonical == [_own(site, page)], page
        alternates = {
            link["hreflang"]: link["href"]
            for link in links if "alternate" in link.get("rel", "").split() and "hreflang" in link
        }  # fmt: skip
        assert set(alternates) == {*LANGS, "x-default"}, page
        for url in alternates.values():
            assert site_path(site, BASE, url).is_file(), (page, url)


def test_json_ld_url_of_every_trial_page_is_its_canonical_url(site: Path) -> None:
    checked = 0
    for page in _pages(site):
        blocks = [
            json.loads(text) for attrs, text in parse(page).scripts
            if attrs.get("type") == "application/ld+json"
        ]  # fmt: skip
        for block in blocks:
            canonical = next(
                link["href"] for link in parse(page).links if link.get("rel") == "canonical"
            )
            assert block["url"] == canonical, page
            checked += 1
    content = load_content(CONTENT)  # a trial's three pages and each condition's (issue 20)
    assert checked == 2 * (3 * len(content.trials) + len(condition_groups(content.trials)))


@pytest.mark.parametrize("lang", LANGS)
def test_sitemap_lists_every_page_of_its_language_under_the_base_url(site: Path, lang: str) -> None:
    tree = ElementTree.parse(site / LANGS[lang] / "sitemap.xml")
    locs = [element.text or "" for element in tree.iter() if element.tag.endswith("}loc")]
    pages = [
        page for page in _pages(site) if (page.relative_to(site).parts[0] == "fr") == (lang == "fr")
    ]
    assert sorted(locs) == sorted(_own(site, page) for page in pages)


def test_no_file_names_the_address_of_site_yaml(site: Path) -> None:
    """Every URL on our host, in pages, sitemaps and data files (JSON, YAML, FHIR), uses BASE."""
    shipped = load_content(CONTENT).site.base_url
    host = urlsplit(BASE).netloc
    stale, wrong = [], []
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".html", ".xml", ".json", ".yaml") or "assets" in path.parts:
            continue
        for url in URL.findall(path.read_text("utf-8")):
            where = f"{path.relative_to(site)}: {url}"
            stale += [where] if url.startswith(shipped) else []
            own = urlsplit(url).netloc == host
            wrong += [where] if own and not site_path(site, BASE, url).exists() else []
    assert stale == [] and wrong == []


def test_root_absolute_links_of_the_404_pages_use_the_base_path(site: Path) -> None:
    """404 pages are served at any depth, so MkDocs writes their links from the site root."""
    path = urlsplit(BASE).path
    for page in (site / "404.html", site / "fr" / "404.html"):
        rooted = [a["href"] for a in parse(page).anchors if a["href"].startswith("/")]
        assert rooted and all(href.startswith(path) for href in rooted), page
        for href in rooted:
            assert resolve(site, page, href, path)[0].is_file(), href


def test_data_links_resolve_to_the_data_files(site: Path) -> None:
    trials = [trial.record.nct_id for trial in load_content(CONTENT).trials]
    for lang, prefix in LANGS.items():
        for nct_id in trials:
            page = site / prefix / "trials" / nct_id / "investigators" / "index.html"
            data = [a["href"] for a in parse(page).anchors if "/data/" in a["href"]]
            assert {Path(href).name for href in data} == {
                f"{nct_id}.json", f"{nct_id}.yaml", f"{nct_id}.fhir.json"
            }, (lang, nct_id)  # fmt: skip
            for href in data:
                assert not is_external(href) and resolve(site, page, href)[0].is_file(), href


def test_a_cached_page_is_not_reused_for_another_base_url(
    scratch_content, tmp_path: Path, cli
) -> None:
    """The trial cache keys pages by the base URL too: a second build for another address
    must not serve the first one's JSON-LD."""
    content = scratch_content()
    for number, base in enumerate(("https://a.example/one/", BASE)):
        site = tmp_path / f"site{number}"  # sitehtml.parse remembers pages by path
        cli("build", "--content", content, "--site-dir", site, "--base-url", base)
        page = site / "trials" / "NCT03562065" / "index.html"
        block = next(
            text for attrs, text in parse(page).scripts if "ld+json" in attrs.get("type", "")
        )
        assert json.loads(block)["url"] == f"{base}trials/NCT03562065/"
