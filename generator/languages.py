"""The languages a site can be published in, in one table: names, locale, reading measure, words.

A new language is one row here plus its catalogs (the UI catalog under `templates/locales/`,
record text in each trial's `<lang>.po`, `patients.<lang>.yaml`, glossary entries). Until they
exist, its pages show the English text marked `lang="en"` with a "translation pending" note.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SOURCE = "en"
"""The language of the registry's records: every other language translates from it."""


@dataclass(frozen=True)
class Readability:
    """A reading measure of a language and the target patient pages must meet."""

    measure: str
    """The function of `gates/readability.py` that computes it."""
    name: str
    """Its name in reports."""
    target: float
    higher_is_easier: bool
    """Whether the target is a minimum (reading ease) rather than a maximum (grade)."""


@dataclass(frozen=True)
class Language:
    """Everything the generator knows about one language."""

    code: str
    """ISO 639-1 code: `site.yaml`'s `languages`, the URL prefix, `<html lang>`."""
    name: str
    """Its name in itself, for the language switcher."""
    locale: str
    """Babel locale of dates and numbers."""
    home: str
    """The navigation label of the home page."""
    permalink: str
    """The tooltip of a heading's section link (the `¶` beside it)."""
    plural_forms: str
    """GNU gettext's plural rule, written in the header of its PO catalogs (issue 12)."""
    readability: Readability | None
    """The patient pages' reading measure and target; None: not measured yet."""
    talk_to_doctor: tuple[str, ...]
    """Phrases of which a patient page must contain one (the safety gate; the promises it
    refuses are data, per language, in `generator/claims.yaml`)."""
    months: str
    """Month names, January first and space-separated, as dates are written in words."""
    scales: dict[str, float] = field(default_factory=dict)
    """Number words and their value (`4 millions de cellules`)."""
    range_words: tuple[str, ...] = ()
    """Words between the two ends of an age range (`18 to 70 years`)."""
    year_words: tuple[str, ...] = ()
    people_words: tuple[str, ...] = ()
    cell_words: tuple[str, ...] = ()
    """What a dose counts: `cells`, with its article (`de cellules`)."""
    first_day: str | None = None
    """How the first day of a month is written, when not as a number (French `1er`)."""
    rare_word_zipf: float | None = None
    """Zipf frequency (wordfreq) under which a word patients read must be in the glossary
    (issue 16: "vaccine" 4.0 is rare in English); None: not checked yet."""
    not_found: str = "Not found"
    """The heading of the "404" page (Material writes it in English whatever the language)."""


LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        Language(
            "en", "English", "en_GB", "Home", "Link to this section",
            "nplurals=2; plural=(n != 1);",
            Readability("flesch_kincaid_grade", "Flesch-Kincaid grade", 7.0, False),
            ("talk to your doctor", "speak to your doctor", "ask your doctor"),
            "january february march april may june july august september october "
            "november december",
            {"million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9},
            ("to",), ("years",), ("participants", "people"), ("cells", "cell", "MSCs", "MSC"),
            rare_word_zipf=4.1,
        ),
        Language(
            "fr", "Français", "fr_FR", "Accueil", "Lien vers cette section",
            "nplurals=2; plural=(n > 1);",
            Readability("kandel_moles", "Kandel-Moles", 65.0, True),
            ("parlez-en à votre médecin", "parlez à votre médecin", "demandez à votre médecin"),
            "janvier février mars avril mai juin juillet août septembre octobre "
            "novembre décembre",
            {"million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9},
            ("à", "et"), ("ans",), ("participants", "personnes"),
            ("de cellules", "de cellule", "cellules", "cellule", "de CSM", "CSM"),
            first_day="1er", rare_word_zipf=3.6, not_found="Page introuvable",
        ),
        # Spanish: the row is ready; its catalogs are not written yet, so Spanish pages show
        # the English text marked as such. No reading measure is calibrated for it yet.
        Language(
            "es", "Español", "es_ES", "Inicio", "Enlace a esta sección",
            "nplurals=2; plural=(n != 1);", None,
            ("hable con su médico", "consulte a su médico", "pregunte a su médico"),
            "enero febrero marzo abril mayo junio julio agosto septiembre octubre "
            "noviembre diciembre",
            {"millón": 1e6, "millones": 1e6},
            ("a",), ("años",), ("participantes", "personas"), ("de células", "células", "célula"),
            not_found="Página no encontrada",
        ),
    )
}  # fmt: skip


def language(code: str) -> Language:
    """Return the row of a language code that `site.yaml` accepted."""
    return LANGUAGES[code]
