"""Render every page of one language: front matter from Python, body from a Jinja template."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, Protocol, TypeVar

from jinja2 import Environment, TemplateError, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from ..languages import LANGUAGES, SOURCE
from ..model import Content, Glossary, GlossaryEntry, Trial
from ..texts import paragraphs
from . import conditions, facts, finder
from . import results as results_tables
from .condition_pages import ConditionPages
from .english import NOTE_ABOVE, english_share
from .environment import make_environment, template_error, text_language
from .filters import Filters
from .glossary import GlossaryLinker
from .jsonld import medical_trial, script_json
from .links import Links, related_map
from .pagetypes import SITE_PAGE, SITE_PAGES, TRIAL_PAGE, TRIAL_PAGES, PageType
from .passages import Passages
from .patient import SECTION_KEYS, PatientPage, Words, compose_patient
from .results_plain import plain_results
from .search_names import other_names
from .text import html_inline
from .typography import spaced

GLOSSARY_PAGE = SITE_PAGE["glossary"].path
# Material writes these front matter values into the page as they are (`<title>`, the header,
# `<meta content>`): record text reaches them HTML-escaped, or its markup would run.
THEME_HTML = ("title", "description")


REGISTRY_PAGE = SITE_PAGE["registry"].path
Value = TypeVar("Value")


class Remember(Protocol):
    """Keeps a value of one trial while its inputs are unchanged: (trial, kind, make) -> value."""

    def __call__(self, trial: Trial, kind: str, make: Callable[[], Value]) -> Value: ...  # noqa: D102


class LanguagePages:
    """Everything needed to render the pages of one language."""

    def __init__(
        self, content: Content, templates_dir: Path, lang: str,
        related: dict[str, list[str]] | None = None,
    ) -> None:  # fmt: skip
        """`related` (from `related_map`) is the same in every language: pass it to share it."""
        self.content = content
        self.templates_dir = templates_dir
        self.lang = lang
        self.default_lang = content.site.languages[0]
        self.env: Environment = make_environment(templates_dir, lang)
        self.text_lang: str = self.env.globals["lang"]  # type: ignore[assignment]
        """The language of this tree's words: `lang`, or English until `lang` has catalogs."""
        self.env.filters["glossify"] = _glossify
        self.env.globals["audiences"] = [page.key for page in TRIAL_PAGES]
        # The languages the site is written in: one still shown in English is not claimed.
        self.env.globals["written_languages"] = [
            code for code in content.site.languages if text_language(templates_dir, code) == code
        ]
        self.env.globals["tables"] = results_tables  # issue 17: results laid out by group
        # Issue 20: the registry links each condition to its page.
        self.env.globals["registered_slugs"] = partial(
            conditions.registered_slugs, terms=content.terms
        )
        self.env.globals["condition_slug"] = conditions.condition_slug
        self.t = self.env.globals["translations"]
        self.filters = Filters(self.text_lang, self.t)
        self.linker = GlossaryLinker(content.glossary, self.text_lang)
        self.trial_ids = {trial.record.nct_id for trial in content.trials}
        self.related = related_map(content.trials) if related is None else related
        self.titles = _registry_titles(content.trials)
        self.trials_by_id = {trial.record.nct_id: trial for trial in content.trials}
        self.conditions = ConditionPages(self)
        """The condition pages and the links to them (issue 20)."""

    def site_pages(self, remember: Remember | None = None) -> dict[str, str]:
        """Return the pages of this language that are not a trial's: home, registry, glossary,
        the conditions' index and one page per condition.

        `remember(trial, kind, make)` may keep each trial's registry row (and its item on a
        condition page) while it is unchanged.
        """
        extra: dict[str, Callable[[], dict[str, Any]]] = {
            "glossary": lambda: {"terms": glossary_terms(self.content.glossary, self.text_lang)},
            "conditions": self.conditions.index_context,
        }
        pages: dict[str, str] = {}
        for page in SITE_PAGES:
            if page.key == "registry":
                pages.update(self.registry_pages(page, remember))
                continue
            front = self._site_front(page)
            pages[page.path] = self.page(
                page.path, page.template, front, **extra.get(page.key, dict)()
            )
        return {**pages, **self.conditions.render(remember)}

    def registry_pages(self, page: PageType, remember: Remember | None = None) -> dict[str, str]:
        """Return the registry's pages of `finder.PAGE_SIZE` trials: `trials/`, `trials/page/2/`."""
        chunks = finder.pages_of(self.content.trials)
        paths = [finder.page_path(page.path, number) for number in range(1, len(chunks) + 1)]
        pages = {}
        for number, (path, trials) in enumerate(zip(paths, chunks, strict=True), 1):
            links = self.links(path)
            front = self._site_front(page)
            if number > 1:
                del front["registry"]  # the filters live on the first page only
                front["title"] = self.t.gettext("All trials, page %(page)s of %(pages)s") % {
                    "page": self.filters.number(number),
                    "pages": self.filters.number(len(paths)),
                }
            paging = {
                "number": number, "count": len(paths),
                "window": [(n, n and links.url(paths[n - 1])) for n in
                           finder.page_window(number, len(paths))],
                "previous": links.url(paths[number - 2]) if number > 1 else None,
                "next": links.url(paths[number]) if number < len(paths) else None,
                "first": links.url(paths[0]),
            }  # fmt: skip
            pages[path] = self.page(
                path, page.template, front, rows=self.registry_rows(trials, path, remember),
                paging=paging, phases=finder.PHASES, types=finder.TYPES,
                data_url=links.root() + finder.DATA_PATH.format(lang=self.lang),
                places_url=links.root() + finder.PLACES_PATH,
            )  # fmt: skip
        return pages

    def registry_rows(
        self, trials: list[Trial], relpath: str = REGISTRY_PAGE, remember: Remember | None = None
    ) -> list[Markup]:
        """Return the registry table's row of each trial, as HTML, for the page at `relpath`."""
        links = self.links(relpath)
        context = {
            "site": self.content.site, "links": links, "relpath": relpath,
            "passages_of": self._passages_of(links),
        }  # fmt: skip
        template = self.env.get_template("registry-row.md.j2")

        def row(trial: Trial) -> str:
            try:
                return template.render({**context, "trial": trial})
            except TemplateError as error:
                raise template_error(error, self.templates_dir) from None

        if remember is None:
            return [Markup(row(trial)) for trial in trials]  # noqa: S704 - our HTML
        # Every page after the first is as deep as the others: their rows are the same.
        kind = f"registry-row-{self.lang}" + ("" if relpath == REGISTRY_PAGE else "-paged")
        return [
            Markup(remember(trial, kind, partial(row, trial)))  # noqa: S704 - our HTML
            for trial in trials
        ]

    def registry_data(self, remember: Remember | None = None) -> bytes:
        """Return `registry/<lang>.json`: what the filters read and the rows show, every trial."""
        links = self.links(REGISTRY_PAGE)
        passages_of = self._passages_of(links)
        cells = self.env.get_template("macros/registry.j2").make_module({"links": links})

        def make(trial: Trial) -> dict[str, Any]:
            record = trial.record
            T = passages_of(trial)  # noqa: N806 - the templates' name
            if record.conditions:
                slugs = conditions.registered_slugs(record, self.content.terms)
                named = [str(cells.condition(T, index, name, slugs))  # type: ignore[attr-defined]
                         for index, name in enumerate(record.conditions)]  # fmt: skip
            else:
                named = [str(cells.mesh(m.term))  # type: ignore[attr-defined]
                         for m in record.condition_mesh]  # fmt: skip
            shown = finder.Shown(
                title=str(T.inline("title.brief", record.title.brief)),
                status=str(self.filters.status(record.status)),
                phase=str(self.filters.phase(record.phase)),
                conditions=named,
                date=str(self.filters.date(record.status.last_update)),
            )
            return finder.entry(record, shown, self.filters.country)

        def entry(trial: Trial) -> dict[str, Any]:
            if remember is None:
                return make(trial)
            return remember(trial, f"registry-entry-{self.lang}", partial(make, trial))

        entries = [entry(trial) for trial in self.content.trials]
        return finder.registry_json(entries, self.conditions.choices())

    def trial_pages(self, trial: Trial) -> dict[str, str]:
        """Return every audience page of one trial, keyed by path."""
        pages = {}
        for page in TRIAL_PAGES:
            relpath = page.relpath(trial.record.nct_id)
            pages[relpath] = self.trial_page(trial, page, relpath)
        return pages

    def cache_context(self, trial: Trial, mentioned: frozenset[str]) -> list[Any]:
        """Return what a trial's pages depend on besides its own files (their cache key).

        `mentioned`: the ids its files name. Pages show the other trials they name and that
        name them, with their titles, linked here when they are in the registry.
        """
        nct_id = trial.record.nct_id
        related = [(other, self.titles.get(other), other in self.trial_ids)
                   for other in self.related.get(nct_id, [])]  # fmt: skip
        return [self.lang, self.default_lang, related, sorted(mentioned & self.trial_ids)]

    def links(self, relpath: str) -> Links:
        """Return the link helper of one page."""
        return Links(relpath, self.lang, self.default_lang, self.trial_ids)

    def page(self, relpath: str, template: str, front: dict[str, Any], **extra: Any) -> str:
        """Return one page: YAML front matter, then the rendered template."""
        links = self.links(relpath)
        context = {
            "site": self.content.site, "content": self.content, "glossary": self.content.glossary,
            "links": links, "relpath": relpath, "languages": self._languages(links),
            "linker": self.linker, "passages_of": self._passages_of(links), **extra,
        }  # fmt: skip
        try:
            body = self.env.get_template(template).render(context)
        except TemplateError as error:
            raise template_error(error, self.templates_dir) from None
        front = {**front, "lang": self.lang, "path": links.dir}
        if self.text_lang != self.lang:  # the theme marks the page's words and shows the note
            note = self.t.gettext("Translation pending: shown in English.")
            front["pending"] = {"lang": self.text_lang, "note": note}
        elif self.lang != SOURCE:
            front.update(self._english_note(body))
        return front_matter(front) + body

    def _english_note(self, body: str) -> dict[str, Any]:
        """Return the front matter saying how much of a page is still English (theme shows it)."""
        share = english_share(body)
        values: dict[str, Any] = {"english_share": round(share * 100, 1)}
        if self.content.site.allow_untranslated:  # site.yaml accepts unfinished translations
            values["untranslated_note"] = spaced(self.t.gettext(
                "This site publishes pages whose translation is not finished: "
                "passages still in English are marked EN."
            ), self.lang)  # fmt: skip
        if share > NOTE_ABOVE:
            percent = self.filters.number(round(share * 100))
            values["english_note"] = spaced(
                self.t.gettext(
                    "About %(percent)s%% of this page is still in English: "
                    "those passages are marked EN."
                ) % {"percent": percent}, self.lang,
            )  # fmt: skip
        return values

    def trial_page(self, trial: Trial, page: PageType, relpath: str) -> str:
        """Return one page of one trial."""
        record = trial.record
        links = self.links(relpath)
        passages = self._passages_of(links)(trial)
        title = passages.plain("title.brief", record.title.brief)
        front = self._trial_front(trial, page, title, passages, links)
        extra = {
            "trial": trial, "r": record, "T": passages, "audience": page.key,
            "related": self._related(record.nct_id, links),
            "cohorts": facts.cohorts(record),
            "countries": facts.countries(record, self.t.gettext("Country not stated")),
            "administration": facts.administration(record),
            "location_line": facts.location_line, "location_parts": facts.location_parts,
            "RP": plain_results(record) if page.key == "public" else None,
            "condition_pages": self.conditions.trial_links(trial, links),  # issue 20
            "other_names": other_names(record, self.content.terms, self.lang),  # search
        }  # fmt: skip
        if page.key == "patients":
            extra["patient"] = self.patient_page(trial, passages, links)
        return self.page(relpath, page.template, front, **extra)

    def patient_page(
        self, trial: Trial, passages: Passages | None = None, links: Links | None = None
    ) -> PatientPage:
        """Return the patient page of one trial composed from its record (issue 15)."""
        nct_id = trial.record.nct_id
        links = links or self.links(TRIAL_PAGE["patients"].relpath(nct_id))
        passages = passages or self._passages_of(links)(trial)
        words = Words(self.text_lang, self.t, self.filters, passages, links)
        plain = trial.plain.get(self.text_lang)
        keys = (*SECTION_KEYS, "doses", "title")
        written = frozenset(key for key in keys if plain and getattr(plain, key))
        return compose_patient(words, trial.record, written)

    def _trial_front(
        self, trial: Trial, page: PageType, title: str, passages: Passages, links: Links
    ) -> dict[str, Any]:
        record = trial.record
        gettext = self.t.gettext
        url = self._absolute_url(links)
        summary = "\n\n".join(
            passages.plain(f"summary.{index}", part)
            for index, part in enumerate(paragraphs(record.summary))
        )
        return {
            "title": gettext(page.title) % {"title": title} if page.title else title,
            "description": gettext(page.description) % {"id": record.nct_id},
            "trial": record.nct_id,
            "audience": page.key,
            "jsonld": script_json(medical_trial(record, url, title, self.lang, summary)),
            "search": self._search_front(page, record.nct_id, links),
        }

    @staticmethod
    def _search_front(page: PageType, nct_id: str, links: Links) -> dict[str, Any]:
        """Return how search indexes a trial's page: its weight, and the page it is part of."""
        front: dict[str, Any] = {"boost": page.search_boost}
        if page.search_within:
            front["within"] = links.trial(nct_id, page.search_within)
        return front

    def _site_front(self, page: PageType) -> dict[str, Any]:
        gettext = self.t.gettext
        site_title = self.content.site.title.get(self.lang) or next(
            iter(self.content.site.title.values())
        )
        title = gettext(page.title) if page.title else site_title
        front = {"title": title, "description": gettext(page.description), "audience": "public"}
        if page.search_exclude:
            front["search"] = {"exclude": True}
        if page.key == "registry":
            front["registry"] = True  # its filters' script (issue 20)
        return front

    def _absolute_url(self, links: Links) -> str:
        root = self.content.site.base_url.rstrip("/") + "/"
        prefix = "" if self.lang == self.default_lang else f"{self.lang}/"
        return f"{root}{prefix}{links.dir}"

    def _languages(self, links: Links) -> list[dict[str, str]]:
        return [
            {"code": code, "name": LANGUAGES[code].name, "url": links.language(code)}
            for code in self.content.site.languages
            if code != self.lang
        ]

    def _passages_of(self, links: Links) -> Callable[[Trial], Passages]:
        return lambda trial: Passages(
            trial, self.lang, self.t, links.trial, self.text_lang, self.content.terms
        )

    def _related(self, nct_id: str, links: Links) -> list[dict[str, Any]]:
        return [
            {
                "id": other,
                "url": links.trial(other),
                "here": other in self.trial_ids,
                "title": self._related_title(other, links),
            }
            for other in self.related.get(nct_id, [])
        ]

    def _related_title(self, nct_id: str, links: Links) -> Markup:
        """Return a related trial's title: translated when it is ours, else marked English."""
        trial = self.trials_by_id.get(nct_id)
        if trial is not None:
            return self._passages_of(links)(trial).inline("title.brief", trial.record.title.brief)
        title = html_inline(self.titles.get(nct_id, ""))
        if not title or self.text_lang == SOURCE:
            return title
        return Markup('<span class="verbatim" lang="en">{}</span>').format(title)


def glossary_terms(glossary: Glossary, lang: str) -> list[tuple[str, GlossaryEntry]]:
    """Return the glossary entries in alphabetical order of their term in `lang` (é as e)."""

    def key(item: tuple[str, GlossaryEntry]) -> str:
        term = item[1].term.get(lang, item[0])
        return unicodedata.normalize("NFKD", term.casefold()).encode("ascii", "ignore").decode()

    return sorted(glossary.terms.items(), key=key)


def _registry_titles(trials: list[Trial]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for trial in trials:
        for related in trial.record.related:
            if related.title:
                titles.setdefault(related.nct_id, related.title)
    for trial in trials:
        titles[trial.record.nct_id] = trial.record.title.brief
    return titles


@pass_context
def _glossify(context: Context, text: str | None) -> Markup:
    """Link the first use of each glossary term in a patient-page section."""
    if not text:
        return Markup("")
    links: Links = context["links"]
    linker: GlossaryLinker = context["linker"]
    return linker.link(str(text), lambda slug: links.url(GLOSSARY_PAGE, slug))


def front_matter(values: dict[str, Any]) -> str:
    """Return a YAML front matter block for MkDocs, with the values the theme shows escaped."""
    # Each value is written as JSON: a JSON string is a valid YAML double-quoted scalar, and
    # json.dumps is many times faster than PyYAML's representer (6,000 pages per build).
    lines = [
        f"{key}: " + _yaml_scalar(html.escape(value) if key in THEME_HTML else value)
        for key, value in values.items()
        if value is not None
    ]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


# Characters YAML readers refuse or fold even inside a double-quoted scalar.
_YAML_UNSAFE_RE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _yaml_scalar(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
