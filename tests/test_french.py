"""French on the built site: typography and no-break spaces that reach the reader (issue 19)."""

from __future__ import annotations

import re
from pathlib import Path

from sitefixtures import CONTENT, BuiltSite
from sitehtml import parse, parse_tree, text_nodes

from generator.catalogs import read_translations
from generator.gates.translation import translation_gate
from generator.render.english import english_share
from generator.render.typography import french_spacing

# An ordinary space before ; : ? ! or inside guillemets: the sign can start a line.
_BREAKABLE = re.compile(r"\S [;:?!](?=\s|$)|« | »")


def test_french_spacing_puts_no_break_spaces_where_french_wants_them() -> None:
    assert french_spacing("Qui peut participer ? Oui ; non : « peut-être » !") == (
        "Qui peut participer\u202f? Oui\u202f; non\u00a0: «\u00a0peut-être\u00a0»\u202f!"
    )
    unchanged = ["https://x.example/a:b", "10:30", "a;b", "Source\u00a0: x", " : en tête", ""]
    for text in unchanged:
        assert french_spacing(text) == text


def test_french_pages_never_break_before_a_sign_or_inside_guillemets(built_site: BuiltSite) -> None:
    """Body, table of contents, footer: every French text node, except English and code."""
    found = []
    for page in sorted((built_site.root / "fr").rglob("*.html")):
        for node in text_nodes(page):
            if node.lang == "en" or {"script", "style", "code", "pre"} & set(node.tags):
                continue
            found += [f"{page}: {node.text.strip()!r}" for _ in _BREAKABLE.finditer(node.text)]
    assert found == []


def test_no_break_spaces_of_a_catalog_reach_the_investigator_page(built_site: BuiltSite) -> None:
    """ "2 000 mg" must not wrap after "2": render/text.py once collapsed U+00A0 and U+202F."""
    checked = 0
    for po in sorted((CONTENT / "trials").glob("*/fr.po")):
        page = built_site.root / "fr" / "trials" / po.parent.name / "investigators" / "index.html"
        items = _joined(page, tag="li")
        spaced = [
            french_spacing(entry.text)
            for context, entry in read_translations(po).items()
            if context.startswith("eligibility.") and entry.text and "\u202f" in entry.text
        ]
        for text in spaced:
            assert text in items, text
            checked += 1
    assert checked >= 5


def _joined(page: Path, tag: str) -> str:
    """Return the text of a page's `tag` elements, joined (no-break spaces kept)."""
    return "".join(node.text for node in text_nodes(page) if tag in node.tags)


def _article(page: Path) -> str:
    html = page.read_text("utf-8")
    return html[html.index("<article") : html.index("</article>")]


_RESULTS = re.compile(r'<h2 id="results".*?(?=<h2 )', re.DOTALL)


def _without_results(article: str) -> str:
    """Return a page without its posted-results section: results prose is not in the catalogs
    yet (issue 17 added it after issue 19's catalogs), so it is still English, marked."""
    return _RESULTS.sub("", article)


def test_every_shipped_french_page_is_under_five_percent_english(built_site: BuiltSite) -> None:
    """Issue 19's bar: registered names (marked verbatim) aside, under 5 % of words in English."""
    assert built_site.content is not None
    # A site that allows untranslated trials says so on every page; only translated ones count.
    untranslated = {
        trial.record.nct_id
        for trial in built_site.content.trials
        if built_site.content.site.allow_untranslated
        and not any(entry.text for entry in trial.translations.get("fr", {}).values())
    }
    shares = {
        str(page.relative_to(built_site.root)): english_share(_without_results(_article(page)))
        for page in sorted((built_site.root / "fr").rglob("*.html"))
        if "<article" in page.read_text("utf-8")
        and not untranslated & set(page.parts)
        and not (untranslated and page.parent.name == "trials")  # their titles in the registry
    }
    assert len(shares) >= 15
    assert {page: share for page, share in shares.items() if share >= 0.05} == {}


def test_the_maintainers_page_is_built_hidden_and_matches_check(built_site: BuiltSite) -> None:
    """Issue 19: per trial French done/fuzzy/missing, patient text, pages and files to edit;
    not in the navigation, the search or search engines' indexes; its counts are check's."""
    assert built_site.content is not None
    for prefix in ("", "fr/"):
        path = built_site.root / prefix / "maintainers" / "index.html"
        page = parse(path)
        assert {"name": "robots", "content": "noindex"} in [
            {k: v for k, v in meta.items() if k in ("name", "content")} for meta in page.metas
        ]
        index = (built_site.root / prefix / "search" / "search_index.json").read_text("utf-8")
        assert "maintainers/" not in index
        home = parse(built_site.root / prefix / "index.html")
        assert not [a for a in home.anchors if "maintainers" in a.get("href", "")]
        cells = [node.text for node in text_nodes(path) if "td" in node.tags]
        links = {a["href"] for a in page.anchors}
        for trial in built_site.content.trials:
            nct_id = trial.record.nct_id
            counts, _ = translation_gate(trial, "fr")
            row = cells.index(nct_id)
            assert cells[row + 1] == f"{counts.translated}/{counts.fuzzy}/{counts.missing}"
            for audience in ("", "patients/", "investigators/"):
                assert f"../trials/{nct_id}/{audience}" in links


def test_section_links_are_titled_in_the_page_language(built_site: BuiltSite) -> None:
    """The `¶` beside each heading says what it is in the page's language, not in English."""
    titles: dict[str, set[str]] = {"en": set(), "fr": set()}
    for page in sorted(built_site.root.rglob("*.html")):
        lang = "fr" if page.relative_to(built_site.root).parts[0] == "fr" else "en"
        tree = parse_tree(page.read_text("utf-8"))
        titles[lang] |= {a.attrs.get("title", "") for a in tree.find_all("a", "headerlink")}
    assert titles == {"en": {"Link to this section"}, "fr": {"Lien vers cette section"}}
