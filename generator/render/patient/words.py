"""Words of one language for generated patient sentences: messages, names, numbers, lists."""

from __future__ import annotations

from collections.abc import Iterable
from gettext import NullTranslations
from typing import Any

from babel.lists import format_list
from markupsafe import Markup

from .. import safe
from ..filters import Filters
from ..links import Links
from ..passages import Passages
from .sentences import Sentence

NAME = '<span class="record">{}</span>'
"""Record text inside a generated sentence: the readability gate counts it as one word."""


class Words:
    """Build sentences in one language from UI messages and record values."""

    def __init__(
        self, lang: str, t: NullTranslations, filters: Filters, passages: Passages, links: Links
    ) -> None:
        self.lang = lang
        self.t = t
        self.f = filters
        self.passages = passages
        self.links = links

    def _(self, message: str, fields: Iterable[str] = (), **values: Any) -> Sentence:  # noqa: N802
        """Return one sentence: `message` translated, `values` escaped into it."""
        return Sentence(self.gettext(message, **values), tuple(fields))

    def ngettext(
        self, singular: str, plural: str, count: float, fields: Iterable[str] = (), **values: Any
    ) -> Sentence:
        """Return one sentence whose wording depends on the number `count`."""
        message = self.t.ngettext(singular, plural, self.f.count(count))
        return Sentence(_format(message, values), tuple(fields))

    def gettext(self, message: str, **values: Any) -> Markup:
        """Return a translated phrase (not a whole sentence), values escaped into it."""
        return _format(self.t.gettext(message), values)

    def when(self, date: str) -> Markup:
        """Return a date with its preposition: "on 1 June 2024", "in June 2024", "in 2024"."""
        if date.count("-") == 2:
            return self.gettext("on %(date)s", date=self.f.date(date))
        return self.gettext("in %(date)s", date=self.f.date(date))

    def name(self, text: str | None) -> Markup:
        """Return a registered name (an intervention, a city), marked English on other pages."""
        return Markup(NAME).format(self.f.verbatim(text))

    def named(self, context: str, english: str | None) -> Markup:
        """Return an intervention name or arm label of the record (`interventions.0.name`):
        the catalog's translation when reviewed, else the English marked as a name."""
        return Markup(NAME).format(self.passages.name(context, english))

    def local_name(self, text: str | None) -> Markup:
        """Return a registered proper name (a city) that is not English words."""
        return Markup(NAME).format(safe.text(text))

    def passage(self, context: str, english: str) -> Markup:
        """Return a short record passage, translated when a translation exists (a condition)."""
        return Markup(NAME).format(self.passages.inline(context, english))

    def short(self, context: str | None, english: str) -> Markup:
        """Return a short record passage of a list (a group, an adverse event), translated when
        a translation exists, else marked English with the small "EN" (issue 19)."""
        return Markup(NAME).format(self.passages.short(context, english))

    def join(self, items: list[Markup], style: str = "standard") -> Markup:
        """Return "a, b and c" (or "a, b or c" with style "or") in this language."""
        if not items:
            return Markup("")
        locale = self.f.locale
        return Markup(format_list([str(item) for item in items], style=style, locale=locale))

    def link(self, text: Markup, url: str) -> Markup:
        """Return a Markdown link to a page of the site."""
        return Markup("[{}]({})").format(text, url)


def _format(message: str, values: dict[str, Any]) -> Markup:
    """Return a catalog message with values in; both inert in Markdown and HTML (issue 14)."""
    template = safe.text(message)
    return (
        template % {key: safe.text(value) for key, value in values.items()}
        if values
        else (template)
    )
