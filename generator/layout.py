"""Where things live: the files of `content/` and the templates folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Site

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
"""Page templates, theme overrides and UI catalogs, shipped beside `generator/`."""
SITE_FILE = "site.yaml"
GLOSSARY_FILE = "glossary.yaml"
TRIALS_DIR = "trials"
RECORD_FILE = "record.yaml"
"""In each trial folder, `content/trials/<id>/`: the record as registered."""
RESULTS_FILE = "results.yaml"
"""In each trial folder: the results posted on the registry, written by import (issue 17)."""
PLAIN_PATTERN = "patients.*.yaml"
"""In each trial folder: the plain-language text of one language, `patients.<lang>.yaml`."""
CATALOG_PATTERN = "*.po"
"""In each trial folder: the translations of the record's text, `<lang>.po`."""


def site_file(content_dir: Path) -> Path:
    """Return the site settings file of a content folder."""
    return content_dir / SITE_FILE


def glossary_file(content_dir: Path) -> Path:
    """Return the glossary file of a content folder."""
    return content_dir / GLOSSARY_FILE


def trials_dir(content_dir: Path) -> Path:
    """Return the folder that holds one folder per trial."""
    return content_dir / TRIALS_DIR


def catalog_path(folder: Path, language: str) -> Path:
    """Return the path of one trial's catalog in one language."""
    return folder / f"{language}.po"


def language_prefix(site: Site, lang: str) -> str:
    """Return where a language lives under the site root: '' for the first, 'fr/' for French."""
    return "" if lang == site.languages[0] else f"{lang}/"


def site_root_url(site: Site, base_url: str | None) -> str:
    """Return the public URL of the site root, always ending with a slash."""
    url = base_url or site.base_url
    return url if url.endswith("/") else f"{url}/"
