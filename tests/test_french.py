"""French on the built site: typography and no-break spaces that reach the reader (issue 19)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from searchindex import fragments
from sitefixtures import CONTENT, BuiltSite
from sitehtml import parse, parse_tree, text_nodes
from wordfreq import zipf_frequency

from generator.catalogs import read_translations
from generator.gates.sources import record_names
from generator.gates.translation import translation_gate
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


# A word is English, not French, when English uses it often and at least 30 times as often as
# French does (wordfreq's French lists hold English too): "the", "study", "weeks" are English;
# "participants", "placebo", "total" or "sponsor" are French words as well and count as French.
ENGLISH_ZIPF, ENGLISH_LEAD = 3.0, 1.5
_LETTERS = re.compile(r"[^\W\d_]+")
_ADDRESS = re.compile(r"\S*\w[.@]\w\S*")
_SKIPPED = {"script", "style", "code", "pre"}


@dataclass
class EnglishCount:
    """Words of a page's article, those in English (names aside), and what they say."""

    words: int = 0
    english: int = 0
    samples: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        """Return the share of the words in English."""
        return self.english / self.words if self.words else 0.0


def english_count(page: Path) -> EnglishCount:
    """Count the English of a built French page: text marked `lang="en"` that is not a name
    (`.verbatim`), and English words nobody marked (an untranslated label, a stray phrase)."""
    count = EnglishCount()
    for node in text_nodes(page):
        if "article" not in node.tags or _SKIPPED & set(node.tags):
            continue
        words = re.findall(r"\w+", node.text)
        count.words += len(words)
        if node.lang == "en":
            english = 0 if "verbatim" in node.classes else len(words)
        else:
            text = _ADDRESS.sub(" ", node.text)  # ClinicalTrials.gov, an e-mail address
            english = sum(1 for word in _LETTERS.findall(text) if _english_only(word))
        if english:
            count.english += english
            count.samples.append(node.text.strip()[:60])
    return count


@cache
def _english_only(word: str) -> bool:
    if len(word) < 3 or not word.islower():
        return False  # names, acronyms and units start with a capital
    english = zipf_frequency(word, "en")
    return english >= ENGLISH_ZIPF and english - zipf_frequency(word, "fr") >= ENGLISH_LEAD


def test_the_english_measure_counts_marked_and_unmarked_english_and_spares_names(
    tmp_path: Path,
) -> None:
    """The measure the 5 % test relies on can fail: one English passage in ten words is 10 %."""
    french = "Les participants ont reçu le traitement pendant douze semaines au total."
    english = "The study was stopped early because the sponsor decided so."

    def share(body: str) -> float:
        page = tmp_path / f"{len(list(tmp_path.iterdir()))}.html"
        page.write_text(f'<html lang="fr"><body><article>{body}</article></body></html>')
        return english_count(page).share

    words = len(re.findall(r"\w+", french)), len(re.findall(r"\w+", english))
    assert share(f"<p>{french}</p>") == 0.0
    assert share(f'<p>{french} <span lang="en">{english}</span></p>') == pytest.approx(
        words[1] / sum(words)
    )
    assert share(f'<p>{french} <span class="verbatim" lang="en">{english}</span></p>') == 0.0
    unmarked = share(f"<p>{french} {english}</p>")
    assert 0.05 < unmarked <= words[1] / sum(words)  # "The", "so" are not counted


def test_every_shipped_french_page_is_under_five_percent_english(built_site: BuiltSite) -> None:
    """Issue 19's bar, results included: registered names (marked verbatim) aside, under 5 % of
    a French page's words are in English, marked or not."""
    assert built_site.content is not None
    # A site that allows untranslated trials says so on every page; only translated ones count.
    untranslated = {
        trial.record.nct_id
        for trial in built_site.content.trials
        if built_site.content.site.allow_untranslated
        and not any(entry.text for entry in trial.translations.get("fr", {}).values())
    }
    counts = {
        str(page.relative_to(built_site.root)): english_count(page)
        for page in sorted((built_site.root / "fr").rglob("*.html"))
        if "<article" in page.read_text("utf-8")
        and not untranslated & set(page.parts)
        and not (untranslated and page.parent.name == "trials")  # their titles in the registry
    }
    assert len(counts) >= 15
    with_results = [
        f"fr/trials/{trial.record.nct_id}/{audience}index.html"
        for trial in built_site.content.trials
        if trial.record.results is not None
        for audience in ("", "patients/", "investigators/")
    ]
    assert with_results and set(with_results) <= set(counts)  # results pages are measured
    over = {
        page: (f"{c.share:.1%}", c.samples[:10]) for page, c in counts.items() if c.share >= 0.05
    }
    assert over == {}


def test_no_translated_passage_shows_in_english_as_if_it_were_a_name(
    built_site: BuiltSite,
) -> None:
    """`.verbatim` is for registered names: a passage the catalog translates (an outcome
    title, an adverse-event term) must show in French, not as an English "name"."""
    assert built_site.content is not None
    found = []
    for trial in built_site.content.trials:
        translated = {
            " ".join(entry.source.split())
            for entry in trial.translations.get("fr", {}).values()
            if entry.text and not entry.fuzzy
        }
        # Arm labels and intervention names are passages too: translated, they show in French.
        record = trial.record
        passages = [i.name for i in record.interventions] + [a.label for a in record.arms]
        names = {" ".join(name.split()) for name in record_names(trial.record)} - {
            " ".join(name.split()) for name in passages
        }
        # The investigator page's MeSH headings are names of an English vocabulary, so labelled.
        names |= {mesh.term for mesh in [*record.condition_mesh, *record.intervention_mesh]}
        folder = built_site.root / "fr" / "trials" / trial.record.nct_id
        for page in sorted(folder.rglob("index.html")):
            shown = {
                " ".join(node.text.split())
                for node in text_nodes(page)
                if "verbatim" in node.classes and node.lang == "en"
            }
            found += [f"{page}: {text}" for text in sorted(shown & translated - names)]
    assert found == []


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
        lang = "fr" if prefix else "en"
        assert not [url for url in fragments(built_site.root, lang) if "maintainers/" in url]
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
