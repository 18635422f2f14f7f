"""The condition pages of one language and their index (issue 20), from `conditions.py`'s groups."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateError
from markupsafe import Markup

from ..languages import SOURCE
from ..model import Trial
from ..terms import Term
from .conditions import (
    ConditionGroup,
    Named,
    condition_groups,
    listing_order,
    record_conditions,
    words_of,
)
from .environment import template_error
from .jsonld import script_json
from .pagetypes import CONDITION_PAGE, SITE_PAGE
from .safe import text
from .text import html_inline

if TYPE_CHECKING:
    from .pages import LanguagePages, Remember

INDEX_PAGE = SITE_PAGE["conditions"].path
ITEM_TEMPLATE = "condition-item.md.j2"
# Every condition page is one folder deep under `conditions/`: a trial's item, with its relative
# links, is the same on all of them, so it is rendered once per trial and language.
ANY_CONDITION_PAGE = CONDITION_PAGE.relpath("any")
TITLE = str(CONDITION_PAGE.title)


class ConditionPages:
    """Renders the condition pages of one language and the links to them from a trial's pages."""

    def __init__(self, pages: LanguagePages) -> None:
        self.pages = pages
        self.lang = pages.lang

    @cached_property
    def groups(self) -> list[ConditionGroup]:
        """Every condition of the site's trials, by slug."""
        return condition_groups(self.pages.content.trials)

    def render(self, remember: Remember | None = None) -> dict[str, str]:
        """Return every condition page of this language, keyed by path."""
        item = self._item_renderer(remember)
        return {
            CONDITION_PAGE.relpath(group.slug): self._page(group, item) for group in self.groups
        }

    def index_context(self) -> dict[str, Any]:
        """Return what the index template lists: the conditions by initial, each with its count."""
        links = self.pages.links(INDEX_PAGE)
        entries = []
        for group in self.groups:
            plain, shown = self.name(group, capital=True)
            url = links.condition(group.slug)
            entries.append((_sort_key(plain), url, shown, len(group.trials)))
        entries.sort(key=lambda entry: (entry[0], entry[1]))
        initials: dict[str, list[tuple[str, Markup, int]]] = {}
        for key, url, shown, count in entries:
            initial = key[:1].upper() if key[:1].isalpha() else "#"
            initials.setdefault(initial, []).append((url, shown, count))
        return {"initials": list(initials.items()), "total": len(entries)}

    def name(self, group: ConditionGroup, capital: bool = False) -> tuple[str, Markup]:
        """Return a condition's name in this language: as plain text, and as inline HTML.

        From the terms file (by MeSH id, then by name), else from the catalog of a trial whose
        condition has the group's very words; otherwise the English name, marked `lang="en"`.
        `capital`: with a capital initial, as an entry of a list (the terms file writes
        "mélanome").
        """
        plain, source = self._name(group, capital)
        if source == "terms":
            return plain, text(plain)
        if source == "catalog":
            return plain, html_inline(plain)
        return plain, self.pages.filters.verbatim(plain)

    def choices(self) -> dict[str, tuple[str, bool]]:
        """Return each condition's choice in the registry's menu, by slug: its name as the
        index lists it, and whether that is the English of a page in another language.

        Two conditions the terms file names alike in this language are told apart by their
        English names: "Dépression (Depressive Disorder)".
        """
        named = {group.slug: (group, *self._name(group, capital=True)) for group in self.groups}
        seen = Counter(_sort_key(plain) for _, plain, _ in named.values())
        return {
            slug: (f"{plain} ({group.name})" if seen[_sort_key(plain)] > 1 and source else plain,
                   source is None and self.lang != SOURCE)
            for slug, (group, plain, source) in named.items()
        }  # fmt: skip

    def _name(self, group: ConditionGroup, capital: bool) -> tuple[str, str | None]:
        """Return a condition's name in this language as plain text, and where it comes from:
        "terms", "catalog", or None for the English name."""
        if self.pages.text_lang != SOURCE:
            found = self._term([group.mesh_id, *group.raw])
            if found:
                return (found[:1].upper() + found[1:] if capital else found), "terms"
            for trial, index in group.sources:
                translated = self._translated(trial, index)
                if translated:
                    return translated, "catalog"
        return group.name, None

    def label(self, trial: Trial, named: Named) -> tuple[Markup, bool]:
        """Return the name of one of a trial's conditions, for a link to its page, and whether
        it is the English shown on a page of another language (the link is then marked).

        The link names the page as its heading does: the terms file's name first, then the
        trial's reviewed translation of that very condition.
        """
        if self.pages.text_lang != SOURCE:
            found = self._term([named.mesh_id, named.raw])
            if found:
                return text(found), False
            if named.index is not None and named.same_words:
                translated = self._translated(trial, named.index)
                if translated:
                    return html_inline(translated), False
            return text(named.name), self.lang != SOURCE
        return text(named.name), False

    def _term(self, keys: list[str | None]) -> str | None:
        """Return the terms file's name of the first key it knows (a MeSH id or a name)."""
        entry = self._entry(keys)
        return entry.name(self.pages.text_lang) if entry else None

    def _entry(self, keys: list[str | None]) -> Term | None:
        """Return the terms file's entry of the first key it knows with a name in this language."""
        terms = self.pages.content.terms
        for key in keys:
            term = terms.entry_for(key) if key else None
            if term is not None and term.name(self.pages.text_lang):
                return term
        return None

    def _also_called(self, group: ConditionGroup, plain: str) -> list[str]:
        """Return the other names the terms file gives a condition in this language, those that
        mean exactly it (not its lay name, which may cover a broader condition: "lung cancer"
        for non-small-cell lung cancer): what a reader may know it by, and search finds."""
        entry = self._entry([group.mesh_id, *group.raw])
        if entry is None:
            return []
        lang = self.pages.text_lang
        shown = {plain, group.name, *group.spellings}
        known = {words_of(name) for name in shown}
        names = dict.fromkeys([entry.name(lang) or "", *entry.also.get(lang, [])])
        return [name for name in names if name and words_of(name) not in known]

    def _translated(self, trial: Trial, index: int) -> str | None:
        english = trial.record.conditions[index]
        passages = self.pages._passages_of(self.pages.links(ANY_CONDITION_PAGE))(trial)
        return passages.text(f"conditions.{index}", english)

    def trial_links(self, trial: Trial, links: Any) -> list[tuple[str, Markup, bool]]:
        """Return (URL, name, in English) of each condition page that lists a trial."""
        return [
            (links.condition(named.slug), *self.label(trial, named))
            for named in record_conditions(trial.record)
        ]

    def _page(self, group: ConditionGroup, item: Callable[[Trial], Markup]) -> str:
        pages = self.pages
        relpath = CONDITION_PAGE.relpath(group.slug)
        plain, shown = self.name(group)
        gettext = pages.t.gettext
        title = gettext(TITLE) % {"condition": plain}
        front = {
            "title": title,
            "description": gettext(CONDITION_PAGE.description) % {"condition": plain},
            "audience": "public",
            "condition": group.slug,
            "jsonld": script_json(self._jsonld(group, plain, title, relpath)),
            "search": {"boost": CONDITION_PAGE.search_boost},
        }
        heading = Markup(gettext(TITLE)) % {"condition": shown}  # noqa: S704 - our catalog
        spellings = [pages.filters.verbatim(name) for name in sorted(group.spellings)]
        also = [text(name) for name in self._also_called(group, plain)]
        items = [item(trial) for trial in listing_order(group.trials)]
        return pages.page(relpath, CONDITION_PAGE.template, front, heading=heading,
                          spellings=spellings, also=also, items=items)  # fmt: skip

    def _jsonld(self, group: ConditionGroup, name: str, title: str, relpath: str) -> dict[str, Any]:
        """Return the schema.org description of a condition page: a list of medical trials."""
        pages = self.pages
        condition: dict[str, Any] = {"@type": "MedicalCondition", "name": name}
        if group.mesh_id:
            condition["code"] = {
                "@type": "MedicalCode", "codeValue": group.mesh_id, "codingSystem": "MeSH",
            }  # fmt: skip
        root = pages._absolute_url(pages.links(INDEX_PAGE)).removesuffix("conditions/")
        return {
            "@context": "https://schema.org",
            "@type": "CollectionPage",
            "name": title,
            "url": pages._absolute_url(pages.links(relpath)),
            "inLanguage": self.lang,
            "about": condition,
            "hasPart": [
                {
                    "@type": "MedicalTrial",
                    "identifier": trial.record.nct_id,
                    "url": f"{root}trials/{trial.record.nct_id}/",
                }
                for trial in group.trials
            ],  # fmt: skip
        }

    def _item_renderer(self, remember: Remember | None) -> Callable[[Trial], Markup]:
        """Return a function rendering one trial's item, kept while the trial is unchanged."""
        pages = self.pages
        links = pages.links(ANY_CONDITION_PAGE)
        context = {"site": pages.content.site, "links": links, "relpath": ANY_CONDITION_PAGE,
                   "passages_of": pages._passages_of(links)}  # fmt: skip
        template = pages.env.get_template(ITEM_TEMPLATE)

        def render(trial: Trial) -> str:
            try:
                return template.render({**context, "trial": trial})
            except TemplateError as error:
                raise template_error(error, pages.templates_dir) from None

        made: dict[str, Markup] = {}  # a trial on several condition pages is rendered once

        def item(trial: Trial) -> Markup:
            key = trial.folder
            if key not in made:
                html = render(trial) if remember is None else remember(
                    trial, f"condition-item-{self.lang}", partial(render, trial)
                )  # fmt: skip
                made[key] = Markup(html)  # noqa: S704 - our template's HTML
            return made[key]

        return item


def _sort_key(name: str) -> str:
    """Return the alphabetical key of a name in any language: é as e, case ignored."""
    return unicodedata.normalize("NFKD", name.casefold()).encode("ascii", "ignore").decode()
