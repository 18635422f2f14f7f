"""Doses and amounts in words, in the reader's language ("1 million cells for each kilogram")."""

from __future__ import annotations

from collections.abc import Callable
from gettext import NullTranslations

from babel import Locale
from babel.numbers import format_decimal

from ..model import Dose

Quantity = Callable[[NullTranslations, int, str], str]
Marker = Callable[[Dose, str], str]


def _cells(t: NullTranslations, n: int, num: str) -> str:
    return t.ngettext("%(num)s cell", "%(num)s cells", n) % {"num": num}


def _million_cells(t: NullTranslations, n: int, num: str) -> str:
    return t.ngettext("%(num)s million cells", "%(num)s million cells", n) % {"num": num}


def _billion_cells(t: NullTranslations, n: int, num: str) -> str:
    return t.ngettext("%(num)s billion cells", "%(num)s billion cells", n) % {"num": num}


def _milligrams(t: NullTranslations, n: int, num: str) -> str:
    return t.ngettext("%(num)s milligram", "%(num)s milligrams", n) % {"num": num}


def _micrograms(t: NullTranslations, n: int, num: str) -> str:
    return t.ngettext("%(num)s microgram", "%(num)s micrograms", n) % {"num": num}


def _grams(t: NullTranslations, n: int, num: str) -> str:
    return t.ngettext("%(num)s gram", "%(num)s grams", n) % {"num": num}


def _millilitres(t: NullTranslations, n: int, num: str) -> str:
    return t.ngettext("%(num)s millilitre", "%(num)s millilitres", n) % {"num": num}


def _units(t: NullTranslations, n: int, num: str) -> str:
    return t.ngettext("%(num)s international unit", "%(num)s international units", n) % {"num": num}


QUANTITIES: dict[str, Quantity] = {
    "cells": _cells, "cell": _cells, "csm": _cells, "msc": _cells,
    "mg": _milligrams, "µg": _micrograms, "μg": _micrograms, "mcg": _micrograms, "ug": _micrograms,
    "g": _grams, "ml": _millilitres, "iu": _units, "ui": _units,
}  # fmt: skip


def _per(t: NullTranslations, per: str, quantity: str) -> str | None:
    if per == "kg":
        return t.gettext("%(quantity)s for each kilogram you weigh") % {"quantity": quantity}
    if per in ("m2", "m²"):
        return t.gettext("%(quantity)s for each square metre of body surface") % {
            "quantity": quantity
        }
    if per in ("day", "d"):
        return t.gettext("%(quantity)s each day") % {"quantity": quantity}
    if per in ("week", "wk"):
        return t.gettext("%(quantity)s each week") % {"quantity": quantity}
    return None


def by_weight(dose: Dose) -> bool:
    """Return True when a dose is given per kilogram of body weight."""
    return "/kg" in dose.unit.replace(" ", "").lower()


def plural_count(value: float, locale: str) -> int:
    """Return 1 or 2 so gettext picks the CLDR plural of `value` (1.5 is singular in French)."""
    return 1 if Locale.parse(locale).plural_form(value) == "one" else 2


def number_words(value: float, locale: str) -> str:
    """Return a number as the locale writes it in prose (1,5 in French; 1 148 with a space)."""
    return format_decimal(value, locale=locale)


def dose_words(dose: Dose, t: NullTranslations, locale: str) -> str:
    """Return a dose in words: 1000000 cells/kg -> "1 million cells for each kilogram you weigh"."""
    words = doses_words([dose], t, locale)
    return words if words is not None else f"{number_words(dose.amount, locale)} {dose.unit}"


def doses_words(
    doses: list[Dose], t: NullTranslations, locale: str, mark: Marker = lambda _, n: n
) -> str | None:
    """Return doses of one unit as one phrase: "1, 2 or 4 million cells for each kilogram you
    weigh"; None when they do not share a unit and a scale. `mark` wraps each number."""
    if not doses or len({dose.unit for dose in doses}) != 1:
        return None
    base, *pers = [part.strip() for part in doses[0].unit.lower().split("/")]
    scaled = _scaled(QUANTITIES.get(base), [dose.amount for dose in doses])
    if scaled is None:
        return None
    scale, quantity_of = scaled
    numbers = [mark(dose, number_words(dose.amount / scale, locale)) for dose in doses]
    joined = numbers[0]
    if len(numbers) > 1:
        joined = t.gettext("%(first)s or %(last)s") % {
            "first": ", ".join(numbers[:-1]), "last": numbers[-1]
        }  # fmt: skip
    count = plural_count(max(dose.amount for dose in doses) / scale, locale)
    quantity = quantity_of(t, count, joined)
    for per in pers:
        phrased = _per(t, per, quantity)
        if phrased is None:
            return None
        quantity = phrased
    return quantity


def _scaled(quantity_of: Quantity | None, amounts: list[float]) -> tuple[float, Quantity] | None:
    """Return the scale (1, a million, a billion) all amounts share, and its words."""
    if quantity_of is None:
        return None
    if quantity_of is not _cells:
        return 1.0, quantity_of
    scales = {_cell_scale(amount) for amount in amounts}
    return scales.pop() if len(scales) == 1 else None


def _cell_scale(amount: float) -> tuple[float, Quantity]:
    for scale, scaled_of in ((1e9, _billion_cells), (1e6, _million_cells)):
        if amount >= scale:
            return scale, scaled_of
    return 1.0, _cells


_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def clinical_dose(dose: Dose, t: NullTranslations, locale: str) -> str:
    """Return a dose in a doctor's words: "1 × 10⁶ cells per kg of body weight" (review 8)."""
    amount = _scientific(dose.amount, locale)
    base, _, per = dose.unit.partition("/")
    base, per = base.strip(), per.strip().lower()
    cells = base.lower() in ("cells", "cell", "csm", "msc")
    quantity = t.gettext("%(amount)s cells") % {"amount": amount} if cells else f"{amount} {base}"
    if per == "kg":
        return t.gettext("%(quantity)s per kg of body weight") % {"quantity": quantity}
    if per in ("m2", "m²"):
        return t.gettext("%(quantity)s per m² of body surface") % {"quantity": quantity}
    return f"{quantity}/{per}" if per else quantity


def _scientific(value: float, locale: str) -> str:
    """Return 1000000 as "1 × 10⁶" (cell counts), smaller amounts as the locale writes them."""
    if value < 10_000:
        return number_words(value, locale)
    exponent = len(str(int(value))) - 1
    mantissa = value / 10**exponent
    return f"{number_words(mantissa, locale)} × 10{str(exponent).translate(_SUPERSCRIPTS)}"
