"""Jinja filters that turn structured record fields into words in the page's language."""

from __future__ import annotations

import datetime as dt
import html
import re
import urllib.parse
from collections.abc import Callable
from functools import lru_cache
from gettext import NullTranslations
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal, get_decimal_symbol
from markupsafe import Markup

from ..exponents import lost_exponents
from ..languages import LANGUAGES
from ..model import Criterion, Dose, Status
from ..registry import COUNTRY_CODES
from .doses import clinical_dose, dose_words, doses_words, number_words, plural_count
from .labels import InContext, label_message
from .safe import text
from .text import html_block, html_inline
from .typography import spaced


class Filters:
    """The filters of one language, bound to its UI translations."""

    def __init__(self, lang: str, translations: NullTranslations) -> None:
        self.lang = lang
        self.row = LANGUAGES[lang]
        self.locale = self.row.locale
        self.t = translations

    def mapping(self) -> dict[str, Callable[..., Any]]:
        """Return the filters by the name templates use."""
        return {
            "label": self.label, "phase": self.phase, "status": self.status,
            "age": self.age, "date": self.date, "date_text": self.date_text,
            "dose": self.dose, "dose_text": self.dose_text, "doses": self.doses,
            "dose_clinical": self.dose_clinical,
            "number": self.number,
            "count": self.count, "country": self.country, "quantity": self.quantity,
            "verbatim": self.verbatim, "trusted": self.trusted, "plain_number": _plain_number,
            "years": years, "web_url": web_url, "criterion_ids": criterion_ids,
            "lost_exponents": lost_exponents, "language_names": self.language_names,
        }  # fmt: skip

    def language_names(self, codes: list[str]) -> str:
        """Return languages named in words: `English and French`, `anglais et français`."""
        names = Locale.parse(self.locale).languages
        return format_list([names.get(code, code) for code in codes], locale=self.locale)

    def label(self, value: str | None, kind: str) -> str:
        """Return the translated label of an enumeration value (the value itself if unknown,
        marked English on other pages: a value our tables lack is still the registry's)."""
        if value is None:
            return ""
        message = label_message(kind, value)
        if isinstance(message, InContext):
            return self.t.pgettext(*message)
        if message:
            return self.t.gettext(message)
        if self.lang == "en":
            return html.escape(value)
        return Markup('<span class="trialsite-untranslated" lang="en">{}</span>').format(value)

    def phase(self, phases: list[str]) -> str:
        """Return phases as one label: [PHASE1, PHASE2] -> "Phase 1/2"."""
        numbers = [p.removeprefix("PHASE") for p in phases if p.startswith("PHASE")]
        if len(numbers) > 1:
            return self.t.gettext("Phase %(numbers)s") % {"numbers": "/".join(numbers)}
        if not phases:
            return self.t.gettext("Phase not stated")
        return self.label(phases[0], "phase")

    def status(self, status: Status) -> str:
        """Return the overall status, with the last known one when it is UNKNOWN."""
        if status.overall is None:
            return self.t.gettext("Status not stated")
        overall = self.label(status.overall, "status")
        if status.overall == "UNKNOWN" and status.last_known:
            last = self.label(status.last_known, "status")
            message = self.t.gettext("%(status)s (last known: %(last)s)")
            return message % {"status": overall, "last": last.lower()}
        return overall

    def age(self, value: str | None) -> str:
        """Return an age such as "18 Years" in words: "18 years" / "18 ans"."""
        if not value:
            return ""
        amount, unit = value.split(" ", 1)
        n = int(amount)
        num = number_words(n, self.locale)
        count = plural_count(n, self.locale)
        phrases = {
            "Years": self.t.ngettext("%(num)s year", "%(num)s years", count),
            "Months": self.t.ngettext("%(num)s month", "%(num)s months", count),
            "Weeks": self.t.ngettext("%(num)s week", "%(num)s weeks", count),
            "Days": self.t.ngettext("%(num)s day", "%(num)s days", count),
            "Hours": self.t.ngettext("%(num)s hour", "%(num)s hours", count),
            "Minutes": self.t.ngettext("%(num)s minute", "%(num)s minutes", count),
        }
        return phrases[unit] % {"num": num}

    def date_text(self, value: str | None) -> str:
        """Return a partial ISO date in words: 2019-09-11 -> "11 September 2019"."""
        if not value:
            return ""
        parts = [int(part) for part in value.split("-")]
        if len(parts) == 1:
            return str(parts[0])
        if len(parts) == 2:
            return format_date(dt.date(parts[0], parts[1], 1), "MMMM y", locale=self.locale)
        text = format_date(dt.date(*parts), "long", locale=self.locale)
        # French writes the first day of a month as an ordinal: 1er juin 2024.
        first = self.row.first_day
        return f"{first}{text[1:]}" if first and parts[2] == 1 else text

    def date(self, value: str | None) -> Markup:
        """Return a date in words inside `<time datetime>` so checks can read its value."""
        if not value:
            return Markup("")
        return Markup('<time datetime="{}">{}</time>').format(value, self.date_text(value))

    def dose_text(self, dose: Dose) -> str:
        """Return a dose in words, as plain text."""
        return dose_words(dose, self.t, self.locale)

    def dose_clinical(self, dose: Dose) -> Markup:
        """Return a dose in a doctor's words inside `<data value>` (investigator pages)."""
        return Markup(_data(dose, clinical_dose(dose, self.t, self.locale)))

    def dose(self, dose: Dose) -> Markup:
        """Return a dose in words inside `<data value>` holding the registered amount and unit."""
        return Markup(_data(dose, self.dose_text(dose)))

    def doses(self, doses: list[Dose]) -> Markup:
        """Return doses of one unit in one phrase, each number in `<data value>` (else each
        dose in words, separated by semicolons)."""
        words = doses_words(doses, self.t, self.locale, lambda dose, num: _data(dose, num))
        if words is not None:
            return Markup(words)
        return Markup(self.t.gettext("; ")).join(self.dose(dose) for dose in doses)

    def number(self, value: float | None) -> str:
        """Return a number as the locale writes it."""
        return "" if value is None else number_words(value, self.locale)

    def exact(self, value: str) -> str:
        """Return a registered decimal ("83.70") as the locale writes it, every digit kept."""
        whole, point, fraction = value.partition(".")
        shown = format_decimal(int(whole), locale=self.locale)
        return shown + (get_decimal_symbol(self.locale) + fraction if point else "")

    def country(self, name: str | None) -> str:
        """Return a registry country name (English) in this language: France, Allemagne."""
        if not name:
            return ""
        code = _territory_codes().get(name.lower())
        if code is None:
            return name
        return Locale.parse(self.locale).territories.get(code, name)

    def verbatim(self, text: str | None) -> Markup:
        """Return a registered name as inline HTML, marked `lang="en"` on other pages."""
        rendered = html_inline(text)
        if self.lang == "en" or not text:
            return rendered
        return Markup('<span class="verbatim" lang="en">{}</span>').format(rendered)

    def trusted(self, text: str | None) -> Markup:
        """Return people-written Markdown as HTML (`trusted`), with this language's spacing."""
        return trusted(spaced(text, self.lang) if text else text)

    def quantity(self, value: int) -> Markup:
        """Return a count in `<data value>`, written as the locale writes numbers."""
        return Markup('<data value="{}">{}</data>').format(value, self.number(value))

    def count(self, value: float) -> int:
        """Return 1 or 2 so `ngettext` picks the right plural of `value` in this language."""
        return plural_count(value, self.locale)


def criterion_ids(criteria: list[Criterion], base: str) -> list[str]:
    """Return the anchor of each sibling criterion: its marker ("b.", "iv-"), else its number.

    `#inclusion-3-b-iv` names criterion b.iv of inclusion criterion 3; a marker used twice
    among siblings falls back to the position, so every anchor stays unique.
    """
    slugs = [re.sub(r"[^a-z0-9]", "", (item.label or "").lower()) for item in criteria]
    ids = []
    for number, slug in enumerate(slugs, 1):
        unique = slug and slugs.count(slug) == 1 and (not slug.isdigit() or int(slug) == number)
        ids.append(f"{base}-{slug if unique else number}")
    return ids


def web_url(url: str | None) -> bool:
    """Whether a registered address may become a link: http(s) with a host, nothing else."""
    if not url or any(char.isspace() or char in "<>\"'`" for char in url):
        return False
    parts = urllib.parse.urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _data(dose: Dose, words: str) -> str:
    value = f"{_plain_number(dose.amount)} {dose.unit}"
    # The unit is registry text: inert in the attribute and in the Markdown around it.
    return str(Markup('<data value="{}">{}</data>').format(text(value), text(words)))


def years(value: str | None) -> int | None:
    """Return the number of an age given in years ("18 Years" -> 18), else None."""
    if not value or not value.endswith(" Years"):
        return None
    return int(value.split(" ", 1)[0])


def trusted(text: str | None) -> Markup:
    """Return people-written Markdown from `content/` as HTML: lists and emphasis, no markup.

    Hand-written text is reviewed, but it is pasted from elsewhere too: its raw HTML, images,
    `javascript:` links and MkDocs syntax show as text, like the registry's (issue 8).
    """
    return html_block(text)


@lru_cache(maxsize=1)
def _territory_codes() -> dict[str, str]:
    """Return each English country name, CLDR's and the registry's own, with its code."""
    english = Locale.parse("en").territories
    codes = {name.lower(): code for code, name in english.items() if not code.isdigit()}
    return codes | {name.lower(): code for name, code in COUNTRY_CODES.items()}


def _plain_number(value: float) -> str:
    """Return a number as the record stores it: 1000000, 2.5 (no grouping, no locale)."""
    return str(int(value)) if float(value).is_integer() else repr(value)
