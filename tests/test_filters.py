"""Filters, text safety, links and glossary linking, in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from generator.model import Dose, Glossary, GlossaryEntry, Record, Status
from generator.render.environment import load_translations
from generator.render.filters import Filters
from generator.render.glossary import GlossaryLinker
from generator.render.links import Links
from generator.render.text import html_block, html_inline, md_escape
from generator.texts import paragraphs, translatable_texts

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.fixture(scope="module")
def en() -> Filters:
    return Filters("en", load_translations(TEMPLATES, "en"))


@pytest.fixture(scope="module")
def fr() -> Filters:
    return Filters("fr", load_translations(TEMPLATES, "fr"))


@pytest.mark.parametrize(
    ("amount", "unit", "english", "french"),
    [
        (1_000_000, "cells/kg", "1 million cells for each kilogram you weigh",
         "1 million de cellules par kilogramme de poids corporel"),
        (2_000_000, "cells/kg", "2 million cells for each kilogram you weigh",
         "2 millions de cellules par kilogramme de poids corporel"),
        (4_000_000, "cells/kg", "4 million cells for each kilogram you weigh",
         "4 millions de cellules par kilogramme de poids corporel"),
        (1_500_000, "cells/kg", "1.5 million cells for each kilogram you weigh",
         "1,5 million de cellules par kilogramme de poids corporel"),
        (2_000_000_000, "cells", "2 billion cells", "2 milliards de cellules"),
        (500, "cells", "500 cells", "500 cellules"),
        (1, "mg", "1 milligram", "1 milligramme"),
        (2, "mg/kg", "2 milligrams for each kilogram you weigh",
         "2 milligrammes par kilogramme de poids corporel"),
        (375, "mg/m2", "375 milligrams for each square metre of body surface",
         "375 milligrammes par mètre carré de surface corporelle"),
        (2000, "mg/day", "2,000 milligrams each day", "2\u202f000 milligrammes par jour"),
        (3, "puffs", "3 puffs", "3 puffs"),
    ],
)  # fmt: skip
def test_dose_in_words(en: Filters, fr: Filters, amount: float, unit: str, english: str,
                       french: str) -> None:  # fmt: skip
    dose = Dose(amount=amount, unit=unit)
    assert en.dose_text(dose) == english
    assert fr.dose_text(dose) == french


def test_dose_markup_keeps_the_registered_value(fr: Filters) -> None:
    markup = fr.dose(Dose(amount=1_000_000, unit="cells/kg"))
    words = "1 million de cellules par kilogramme de poids corporel"
    assert markup == f'<data value="1000000 cells/kg">{words}</data>'


@pytest.mark.parametrize(
    ("age", "english", "french"),
    [("18 Years", "18 years", "18 ans"), ("1 Years", "1 year", "1 an"),
     ("6 Months", "6 months", "6 mois"), ("2 Weeks", "2 weeks", "2 semaines")],
)  # fmt: skip
def test_ages(en: Filters, fr: Filters, age: str, english: str, french: str) -> None:
    assert en.age(age) == english
    assert fr.age(age) == french


@pytest.mark.parametrize(
    ("value", "english", "french"),
    [("2019", "2019", "2019"), ("2019-09", "September 2019", "septembre 2019"),
     ("2019-09-11", "11 September 2019", "11 septembre 2019"),
     ("2024-06-01", "1 June 2024", "1er juin 2024")],
)  # fmt: skip
def test_partial_dates(en: Filters, fr: Filters, value: str, english: str, french: str) -> None:
    assert en.date_text(value) == english
    assert fr.date_text(value) == french
    assert fr.date(value) == f'<time datetime="{value}">{french}</time>'


def test_phases_statuses_and_labels(en: Filters, fr: Filters) -> None:
    assert en.phase(["PHASE1", "PHASE2"]) == fr.phase(["PHASE1", "PHASE2"]) == "Phase 1/2"
    assert (en.phase([]), fr.phase([])) == ("Phase not stated", "Phase non précisée")
    assert (en.phase(["NA"]), fr.phase(["NA"])) == ("Not applicable", "Sans objet")
    status = Status(overall="UNKNOWN", last_known="RECRUITING")
    assert en.status(status) == "Unknown status (last known: recruiting)"
    assert fr.status(status) == "Statut inconnu (dernier statut connu\u00a0: recrutement en cours)"
    assert fr.label("NONE", "masking") == "Aucun (étude en ouvert)"
    # The same English, two French words: a study is "Terminée", its participants "Ont terminé".
    assert (fr.label("COMPLETED", "status"), fr.label("COMPLETED", "milestone")) == (
        "Terminée",
        "Ont terminé",
    )
    assert en.label("Not Completed", "milestone") == "Not completed"
    assert fr.label("Not Completed", "milestone") == "N'ont pas terminé"
    # A value the tables lack stays the registry's English: escaped, and marked on French pages.
    assert en.label("<b>NEW</b>", "masking") == "&lt;b&gt;NEW&lt;/b&gt;"
    assert fr.label("<b>NEW</b>", "masking") == (
        '<span class="trialsite-untranslated" lang="en">&lt;b&gt;NEW&lt;/b&gt;</span>'
    )
    assert (en.label("intravenous", "route"), fr.label("intravenous", "route")) == (
        "intravenous",
        "intraveineuse",
    )
    assert fr.country("Germany") == "Allemagne"
    assert fr.country("Atlantis") == "Atlantis"
    # The registry's own spellings, where CLDR's English differs.
    registry = ("Korea, Republic of", "Russian Federation", "Czech Republic", "Turkey")
    assert [fr.country(name) for name in registry] == [
        "Corée du Sud", "Russie", "Tchéquie", "Turquie",
    ]  # fmt: skip
    assert en.country("Korea, Republic of") == "South Korea"
    assert fr.country("Former Serbia and Montenegro") == "Former Serbia and Montenegro"


def test_every_ui_string_is_translated_with_the_same_placeholders() -> None:
    path = TEMPLATES / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    with (TEMPLATES / "locales" / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    assert {m.id for m in template if m.id} == {m.id for m in catalog if m.id}
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, message.id
        wanted = set(re.findall(r"%\(\w+\)s", ids[-1]))
        for string in strings:
            assert set(re.findall(r"%\(\w+\)s", string)) <= wanted, message.id


HOSTILE = '<script>alert(1)</script> {{ 7*7 }} !!! danger "x" {: .evil } --8<-- "/etc/passwd"'


def test_md_escape_neutralises_markdown_and_html() -> None:
    escaped = md_escape(HOSTILE + "\n\n# heading")
    assert "<" not in escaped and "\n" not in escaped
    assert "\\!\\!\\!" in escaped and "\\{: \\.evil \\}" in escaped
    assert "\\-\\-8&lt;\\-\\-" in escaped


def test_registry_markdown_renders_without_html_images_or_headings() -> None:
    rendered = html_block(
        "Intro:\n\n* one\n* two\n\n# Not a heading\n\n![x](https://evil.example/x.png)\n\n"
        + HOSTILE
    )
    assert "<ul>\n<li>one</li>" in rendered
    assert "<script" not in rendered and "<img" not in rendered and "<h1" not in rendered
    assert "&lt;script&gt;" in rendered
    assert "\n\n" not in rendered
    assert 'href="javascript' not in html_inline("[x](javascript:alert(1))")


def test_nct_ids_in_record_text_become_links() -> None:
    rendered = html_inline("See NCT01234567 and [NCT07654321](https://x.example).", lambda i: i)
    assert rendered.count("<a ") == 2
    assert '<a href="NCT01234567">NCT01234567</a>' in rendered


def test_links_are_relative_in_both_languages() -> None:
    ids = {"NCT03562065"}
    en = Links("trials/NCT03562065/patients/index.md", "en", "en", ids)
    fr = Links("trials/NCT03562065/patients/index.md", "fr", "en", ids)
    assert en.url("glossary/index.md", "lupus") == "../../../glossary/#lupus"
    assert en.md("glossary/index.md") == "../../../glossary/index.md"
    assert en.data("NCT03562065.json") == "../../../data/NCT03562065.json"
    assert fr.data("NCT03562065.json") == "../../../../data/NCT03562065.json"
    assert en.language("fr") == "../../../fr/trials/NCT03562065/patients/"
    assert fr.language("en") == "../../../../trials/NCT03562065/patients/"
    assert en.trial("NCT03562065", "investigators") == "../investigators/"
    assert en.trial("NCT00000001") == "https://clinicaltrials.gov/study/NCT00000001"
    home = Links("index.md", "fr", "en", ids)
    assert home.url("index.md") == "./" and home.language("en") == "../"


def _glossary() -> Glossary:
    return Glossary(
        terms={
            "lupus": GlossaryEntry(
                term={"en": "lupus", "fr": "lupus"},
                definition={"en": "An illness.", "fr": "Une maladie."},
                forms={"en": ["SLE"], "fr": ["LES"]},
            ),
            "infusion": GlossaryEntry(
                term={"en": "infusion", "fr": "perfusion"},
                definition={"en": "A drip.", "fr": "Un goutte-à-goutte."},
            ),
        }
    )


def test_glossary_links_first_use_per_section_only() -> None:
    linker = GlossaryLinker(_glossary(), "fr")
    text = "Les patients atteints de LES. Le lupus et la perfusion, puis la perfusion."
    linked = linker.link(text, lambda slug: f"g/#{slug}")
    assert linked.count('href="g/#lupus"') == 1 and linked.count('href="g/#infusion"') == 1
    assert linked.startswith("Les patients")  # the article "Les" is not the acronym LES
    assert '<a class="glossary-term" href="g/#lupus">LES</a>' in linked


def test_glossary_leaves_existing_links_and_tags_alone() -> None:
    linker = GlossaryLinker(_glossary(), "en")
    text = '[lupus](x.md) <span title="lupus">x</span> then lupus.'
    linked = linker.link(text, lambda slug: f"#{slug}")
    assert linked == (
        '[lupus](x.md) <span title="lupus">x</span> then '
        '<a class="glossary-term" href="#lupus">lupus</a>.'
    )


def test_glossary_links_terms_after_a_heading() -> None:
    linker = GlossaryLinker(_glossary(), "en")
    linked = linker.link("## About lupus\n\nThe lupus drip.\n", lambda slug: f"#{slug}")
    link = '<a class="glossary-term" href="#lupus">lupus</a>'
    assert linked == f"## About lupus\n\nThe {link} drip.\n"


def test_glossary_links_a_term_split_by_a_line_break() -> None:
    glossary = Glossary(terms={"immune-system": GlossaryEntry(
        term={"en": "immune system", "fr": "système immunitaire"},
        definition={"en": "Defence.", "fr": "Défense."},
    )})  # fmt: skip
    linked = GlossaryLinker(glossary, "fr").link("Le système\n immunitaire.", lambda s: f"#{s}")
    assert linked == 'Le <a class="glossary-term" href="#immune-system">système\n immunitaire</a>.'


def test_glossary_leaves_english_text_and_quotations_alone_on_french_pages() -> None:
    linker = GlossaryLinker(_glossary(), "fr")
    text = (
        '<span class="verbatim" lang="en">lupus <span>perfusion</span> perfusion</span> '
        '<cite>lupus</cite> <div lang="en"><p>lupus</p></div> '
        '<p lang="fr">perfusion</p> puis le lupus.'
    )
    linked = linker.link(text, lambda slug: f"#{slug}")
    assert linked == text.replace(
        "puis le lupus", 'puis le <a class="glossary-term" href="#lupus">lupus</a>'
    ).replace(
        '<p lang="fr">perfusion',
        '<p lang="fr"><a class="glossary-term" href="#infusion">perfusion</a>',
    )


def test_translatable_texts_name_nested_criteria_and_paragraphs() -> None:
    record = Record.model_validate({
        "nct_id": "NCT00000001", "title": {"brief": "A"},
        "summary": "One.\n\n  \nTwo.", "source": {"registry": "ClinicalTrials.gov"},
        "eligibility": {"inclusion": [
            {"text": "a"}, {"text": "b", "items": [{"text": "c", "items": [{"text": "d"}]}]},
        ]},
        "outcomes": {"primary": [{"measure": "m", "time_frame": "t"}]},
    })  # fmt: skip
    assert translatable_texts(record) == [
        ("title.brief", "A"), ("summary.0", "One."), ("summary.1", "Two."),
        ("eligibility.inclusion.0.text", "a"), ("eligibility.inclusion.1.text", "b"),
        ("eligibility.inclusion.1.items.0.text", "c"),
        ("eligibility.inclusion.1.items.0.items.0.text", "d"),
        ("outcomes.primary.0.measure", "m"), ("outcomes.primary.0.time_frame", "t"),
    ]  # fmt: skip
    assert paragraphs(None) == []


def test_doses_of_one_unit_share_one_phrase(en: Filters, fr: Filters) -> None:
    doses = [Dose(amount=a, unit="cells/kg") for a in (1_000_000, 2_000_000, 4_000_000)]
    numbers = '<data value="1000000 cells/kg">1</data>, <data value="2000000 cells/kg">2</data>'
    last = '<data value="4000000 cells/kg">4</data>'
    assert en.doses(doses) == f"{numbers} or {last} million cells for each kilogram you weigh"
    assert fr.doses(doses) == (
        f"{numbers} ou {last} millions de cellules par kilogramme de poids corporel"
    )
    mixed = [Dose(amount=500_000, unit="cells/kg"), Dose(amount=2_000_000, unit="cells/kg")]
    assert en.doses(mixed) == (
        '<data value="500000 cells/kg">500,000 cells for each kilogram you weigh</data>; '
        '<data value="2000000 cells/kg">2 million cells for each kilogram you weigh</data>'
    )


def test_ui_catalog_template_is_up_to_date() -> None:
    """Every string the templates and labels use is in messages.pot (run `make messages`)."""
    with (TEMPLATES / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for directory in (
        TEMPLATES,
        *(TEMPLATES.parent / "generator" / d for d in ("render", "gates")),
    ):
        for _, _, message, _, _ in extract_from_dir(str(directory), method_map, options_map):
            found.add(message if isinstance(message, str) else message[0])
    with (TEMPLATES / "locales" / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    assert found == ids
