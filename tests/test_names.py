"""Arm labels and intervention names: the catalog's French when reviewed, else English as a name."""

from __future__ import annotations

from pathlib import Path

from contentfixtures import write_content
from sitehtml import parse_tree

from generator.catalogs import read_translations
from generator.loader import load_content
from generator.render import render_site
from generator.texts import translatable_texts

ROOT = Path(__file__).resolve().parent.parent
TRIAL = "NCT04267848"
TRANSLATED = ("interventions.1.name", "Carboplatin", "Carboplatine")
UNTRANSLATED = ("interventions.9.name", "Pembrolizumab")  # its French removed below
ARM_TRANSLATED = ("arms.1.label", "Bras B (doublet de platine, pembrolizumab séquentiel)")
ARM_UNTRANSLATED = ("arms.2.label", "Arm C (platinum doublet, combination pembrolizumab)")
PAGES = ("", "patients/", "investigators/")


def _names(markdown: str) -> tuple[set[str], set[str], set[str]]:
    """Return the texts shown as translated names, as English names, and as plain English."""
    translated, english, plain = set(), set(), set()
    for node in parse_tree(markdown).iter()[1:]:
        classes = set(node.attrs.get("class", "").split())
        text = " ".join(node.text().split())
        if "trialsite-name" in classes:
            translated.add(text)
        elif "verbatim" in classes and node.attrs.get("lang") == "en":
            english.add(text)
        elif node.tag in ("td", "li", "p"):
            plain.add(text)
    return translated, english, plain


def test_names_show_in_french_from_the_catalog_and_untranslated_ones_stay_marked_english(
    tmp_path: Path,
) -> None:
    content = write_content(tmp_path, [TRIAL])
    # The patient page names only what the experimental arms get: pembrolizumab.
    shipped = render_site(load_content(content), ROOT / "templates").pages
    translated, english, _ = _names(shipped["fr"][f"trials/{TRIAL}/patients/index.md"])
    assert translated == {"Pembrolizumab"} and UNTRANSLATED[1] not in english
    po = content / "trials" / TRIAL / "fr.po"
    text = po.read_text("utf-8")
    for context, english in (UNTRANSLATED, ARM_UNTRANSLATED):
        entry = f'msgctxt "{context}"\nmsgid "{english}"\nmsgstr "'
        assert entry in text, context
        start = text.index(entry) + len(entry)
        text = text[:start] + text[text.index('"', start) :]
    po.write_text(text, "utf-8")
    catalog = read_translations(po)
    assert catalog[UNTRANSLATED[0]].text is None and catalog[TRANSLATED[0]].text == TRANSLATED[2]
    loaded = load_content(content)
    contexts = dict(translatable_texts(loaded.trials[0].record))
    assert contexts[TRANSLATED[0]] == TRANSLATED[1] and contexts[ARM_UNTRANSLATED[0]]

    pages = render_site(loaded, ROOT / "templates").pages
    for page in PAGES:
        translated, english, _ = _names(pages["fr"][f"trials/{TRIAL}/{page}index.md"])
        assert UNTRANSLATED[1] in english, page
        assert page == "patients/" or TRANSLATED[2] in translated, page
        # The investigator page also lists the record's MeSH terms, English names of MeSH.
        assert page == "investigators/" or TRANSLATED[1] not in english, page
    investigator = pages["fr"][f"trials/{TRIAL}/investigators/index.md"]
    translated, english, _ = _names(investigator)
    assert ARM_TRANSLATED[1] in translated and ARM_UNTRANSLATED[1] in english
    assert "Arm B (platinum doublet, sequential pembrolizumab)" not in investigator
    # English pages show the names as registered, neither translated nor marked.
    for page in PAGES:
        translated, english, _ = _names(pages["en"][f"trials/{TRIAL}/{page}index.md"])
        assert translated == set() and UNTRANSLATED[1] not in english, page
