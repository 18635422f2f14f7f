"""Render stage: the content model and Jinja templates become Markdown pages and data files."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..cache import TrialCache, trial_data
from ..model import Content
from .data import data_files
from .pages import LanguagePages

logger = logging.getLogger(__name__)

__all__ = ["RenderedSite", "render_site"]


@dataclass
class RenderedSite:
    """Rendered Markdown per language and path, plus language-independent downloads."""

    pages: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per language, Markdown (with YAML front matter) keyed by path: `trials/<id>/index.md`."""
    files: dict[str, bytes] = field(default_factory=dict)
    """Files for the site root, keyed by path: `data/<id>.json`, `.yaml`, `.fhir.json`."""


def render_site(
    content: Content, templates_dir: Path, cache: TrialCache | None = None
) -> RenderedSite:
    """Return every page of every language and every data file of the content.

    With a cache, the pages and files of trials whose inputs did not change are reused.
    """
    rendered = RenderedSite()
    for trial in content.trials:
        make = partial(data_files, trial.record)
        rendered.files.update(make() if cache is None else trial_data(trial, cache, make))
    for lang in content.site.languages:
        pages = LanguagePages(content, Path(templates_dir), lang)
        rendered.pages[lang] = pages.render_all(cache)
        logger.debug("rendered %d %s pages", len(rendered.pages[lang]), lang)
    return rendered
