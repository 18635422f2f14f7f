"""The search records (issue 20): what `generator/site/search.py` hands Pagefind, one record per
result. A trial's pages for patients and investigators are parts of its overview's record, their
sections anchored where they are; a malformed page is a clear error naming it."""

from __future__ import annotations

from pathlib import Path

import pytest
from searchindex import fragments
from sitefixtures import BuiltSite

from generator.errors import BuildError
from generator.site.search import BODY_END, write_records


def _page(lang: str, title: str, article: str, within: str = "") -> str:
    mark = f' data-trialsite-search-within="{within}"' if within else ""
    return (
        f'<!doctype html><html lang="{lang}" class="no-js"><head><title>{title}</title></head>'
        f"<body><header>menu</header><div data-pagefind-body{mark}>{article}</div>{BODY_END}"
        "<footer>footer</footer></body></html>"
    )


def _write(root: Path, pages: dict[str, str]) -> None:
    for path, html in pages.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(html, "utf-8")


def test_a_trial_is_one_record_its_other_pages_anchored_where_they_are(tmp_path: Path) -> None:
    site, scratch = tmp_path / "site", tmp_path / "records"
    scratch.mkdir()
    _write(site, {
        # "a-study" sorts before "trials/": its part waits for its record.
        "fr/trials/NCT1/a-study/index.html": _page(
            "fr", "P", '<h2 id="why">Pourquoi</h2><p id="p1">lupus</p>', within="../"),
        "fr/trials/NCT1/index.html": _page("fr", "Essai", '<h1 id="top">Essai</h1>'),
        "fr/trials/NCT1/investigators/index.html": _page(
            "fr", "I", '<h2 class="x" id="criteria">Critères</h2>', within="../"),
        "fr/glossary/index.html": "<html lang='fr'><body>not searched</body></html>",
        ".pagefind-old/index.html": _page("fr", "old", "<p>old</p>"),
    })  # fmt: skip
    _write(site, {"index.html": _page("en", "Home", "<p>home</p>")})
    assert write_records(site, scratch) == {"en": 1, "fr": 1}  # one language, one folder
    assert sorted(p.relative_to(scratch).as_posix() for p in scratch.rglob("*.html")) == [
        "en/index.html",
        "fr/fr/trials/NCT1/index.html",
    ]
    record = (scratch / "fr/fr/trials/NCT1/index.html").read_text("utf-8")
    head = '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Essai</title>'
    assert record.startswith(head + "</head><body><div data-pagefind-body>")
    assert record.index('id="top"') < record.index('id="a-study/#why"')  # the overview first
    assert 'id="investigators/#criteria"' in record and 'id="a-study/#p1"' in record
    assert "menu" not in record and "footer" not in record


@pytest.mark.parametrize(
    ("pages", "error"),
    [
        ({"a/index.html": _page("en", "A", "<p>x</p>").replace(BODY_END, "")},
         r"a/index\.html: its searched article has no closing <!--/pagefind-body--> comment"),
        ({"a/b/index.html": _page("en", "B", "<p>x</p>", within="../")},
         r"/a/index\.html: pages are searched within it, but it is not searched"),
    ],
)  # fmt: skip
def test_a_malformed_site_is_a_clear_error(
    tmp_path: Path, pages: dict[str, str], error: str
) -> None:
    _write(tmp_path / "site", pages)
    with pytest.raises(BuildError, match=error):
        write_records(tmp_path / "site", tmp_path)


def test_each_trial_of_the_built_site_is_one_result_with_its_pages_words(
    built_site: BuiltSite,
) -> None:
    """Over the shipped trials: one record per trial and language, holding a sentence of each of
    its pages, and naming its other pages (their links and labels) for the result list."""
    assert built_site.content is not None
    for lang, prefix in (("en", ""), ("fr", "fr/")):
        pages = fragments(built_site.root, lang)
        for trial in built_site.content.trials:
            nct_id = trial.record.nct_id
            urls = [url for url in pages if f"/trials/{nct_id}/" in url]
            assert urls == [f"/{prefix}trials/{nct_id}/"], urls
            record = pages[urls[0]]
            meta = record["meta"]
            assert meta["title"]
            # The overview's links to its other pages, in its own order (page1 is itself).
            assert (meta["page2"], meta["page3"]) == ("patients/", "investigators/"), meta
            assert meta["page2-label"] and meta["page3-label"] and "page1" not in meta
            anchors = {a["id"].split("#")[0] for a in record["anchors"] if "#" in a["id"]}
            assert anchors == {"patients/", "investigators/"}, (nct_id, anchors)
