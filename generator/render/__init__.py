"""Render stage: the content model and Jinja templates become Markdown pages and data files."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..cache import TrialCache
from ..model import Content, Trial
from ..workers import map_jobs
from . import finder
from .data import data_files
from .links import mentioned_ids, related_map
from .pages import LanguagePages

logger = logging.getLogger(__name__)

__all__ = ["RenderedSite", "SiteRenderer", "render_site"]


@dataclass
class RenderedSite:
    """Rendered Markdown per language and path, plus language-independent downloads."""

    pages: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per language, Markdown (with YAML front matter) keyed by path: `trials/<id>/index.md`."""
    files: dict[str, bytes] = field(default_factory=dict)
    """Files for the site root, keyed by path: `data/<id>.json`, `.yaml`, `.fhir.json`."""
    text_languages: dict[str, str] = field(default_factory=dict)
    """Per language, the language its pages' words are in: English until it has catalogs."""

    def add(self, other: RenderedSite) -> None:
        """Add the pages and files of `other` (one trial's, say) after this site's own."""
        for lang, pages in other.pages.items():
            self.pages.setdefault(lang, {}).update(pages)
        self.files.update(other.files)
        self.text_languages.update(other.text_languages)


class SiteRenderer:
    """Renders the site's own pages and, trial by trial, every trial's pages and files."""

    def __init__(
        self, content: Content, templates_dir: Path, cache: TrialCache | None = None
    ) -> None:
        self.content = content
        self.cache = cache
        related = related_map(content.trials, self._mentioned)
        self.languages = {
            lang: LanguagePages(content, Path(templates_dir), lang, related)
            for lang in content.site.languages
        }

    def _mentioned(self, trial: Trial) -> set[str]:
        if self.cache is None:
            return mentioned_ids(trial)
        return self.cache.remember(trial, "mentioned", partial(mentioned_ids, trial))

    def site_pages(self) -> RenderedSite:
        """Return the home, registry and glossary pages of every language."""
        remember = None if self.cache is None else self.cache.remember
        return RenderedSite(
            {lang: pages.site_pages(remember) for lang, pages in self.languages.items()},
            {
                **{
                    finder.DATA_PATH.format(lang=lang): pages.registry_data(remember)
                    for lang, pages in self.languages.items()
                },
                finder.PLACES_PATH: finder.places_json(
                    [trial.record for trial in self.content.trials]
                ),
            },
            text_languages={lang: pages.text_lang for lang, pages in self.languages.items()},
        )

    def trial(self, trial: Trial) -> RenderedSite:
        """Return one trial's pages in every language and its download files."""
        make = partial(data_files, trial.record)
        if self.cache is None:
            pages = {lang: renderer.trial_pages(trial) for lang, renderer in self.languages.items()}
            return RenderedSite(pages, make())
        key = self.cache.key(trial, "data", None)
        files = self.cache.fetch("data", key, make, is_files)
        pages = {
            lang: self._cached_pages(renderer, trial) for lang, renderer in self.languages.items()
        }
        return RenderedSite(pages, dict(files))

    def _cached_pages(self, renderer: LanguagePages, trial: Trial) -> dict[str, str]:
        """Return one trial's pages in one language from the cache, or render them."""
        assert self.cache is not None
        _, mentioned = self.cache.trial_files(trial)
        key = self.cache.key(trial, "pages", renderer.cache_context(trial, mentioned))
        make = partial(renderer.trial_pages, trial)
        return self.cache.fetch("pages", key, make, is_pages)


def is_pages(value: object) -> bool:
    """Return whether a cache entry has the shape of a trial's pages (text by path)."""
    return _tree_of(str, value)


def is_files(value: object) -> bool:
    """Return whether a cache entry has the shape of a trial's data files (bytes by path)."""
    return _tree_of(bytes, value)


def _tree_of(leaf: type, value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(name, str) and isinstance(item, leaf) for name, item in value.items()
    )


def render_site(
    content: Content, templates_dir: Path, cache: TrialCache | None = None,
    workers: int | None = None,
) -> RenderedSite:  # fmt: skip
    """Return every page of every language and every data file of the content.

    Trials render on every core of a large site (`workers`: 1 renders here). With a cache, the
    pages and files of trials whose inputs did not change are reused.
    """
    renderer = SiteRenderer(content, templates_dir, cache)
    rendered = renderer.site_pages()
    trials = content.trials
    for made in map_jobs(lambda index: renderer.trial(trials[index]), len(trials), workers):
        rendered.add(made)
    for lang, pages in rendered.pages.items():
        logger.debug("rendered %d %s pages", len(pages), lang)
    return rendered
