"""The MkDocs and Material config of one language's build, and running that build."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from ...languages import LANGUAGES
from ...layout import language_prefix, site_root_url
from ...model import Site
from ...render.pagetypes import SITE_PAGES, TRIAL_PAGES
from ...render.typography import spaced
from .csp import content_security_policy

logger = logging.getLogger(__name__)

# Trial pages stay out of the nav: every page embeds the whole nav, so listing
# hundreds of trials there makes the build quadratic (measured in issue 4). So do the condition
# pages (issue 20): the nav lists their index.
NOT_IN_NAV = "/trials/*/\n/conditions/*/\n"
# MkDocs hooks (issue 7): marked HTML blocks skip Markdown; what Pagefind indexes and how much
# each part weighs (issue 20); theme templates compiled once.
HOOKS = ("html_hook.py", "search_hook.py", "theme_hook.py")
MARKDOWN_EXTENSIONS: list[Any] = [
    "admonition", "attr_list", "tables", "def_list", {"toc": {"permalink": True}},
]  # fmt: skip


def markdown_extensions(lang: str) -> list[Any]:
    """Return the Markdown extensions, the section links' tooltip in the page's language."""
    toc = {"toc": {"permalink": True, "permalink_title": LANGUAGES[lang].permalink}}
    return [toc if isinstance(ext, dict) and "toc" in ext else ext for ext in MARKDOWN_EXTENSIONS]


def mkdocs_config(
    site: Site, lang: str, docs_dir: Path, out_dir: Path, templates_dir: Path,
    base_url: str | None = None, strict: bool = False,
) -> dict[str, Any]:  # fmt: skip
    """Return the MkDocs config of one language's build as plain data."""
    root = site_root_url(site, base_url)
    return {
        "site_name": _theme_text(site.title.get(lang) or site.title[site.languages[0]]),
        "site_url": root + language_prefix(site, lang),
        "docs_dir": str(docs_dir),
        "site_dir": str(out_dir),
        "use_directory_urls": True,
        "strict": strict,
        "nav": nav(lang),
        "not_in_nav": NOT_IN_NAV,
        "validation": {
            "omitted_files": "ignore",
            "absolute_links": "warn",
            "unrecognized_links": "warn",
            "anchors": "warn",
            "not_found": "warn",
        },  # fmt: skip
        "theme": _theme(lang, templates_dir),
        # No MkDocs plugin: Material's lunr search is replaced by Pagefind (`site/search.py`),
        # whose box and results our templates draw in Material's header (issue 20).
        "plugins": [],
        "hooks": [str(Path(__file__).with_name(hook)) for hook in HOOKS],
        "markdown_extensions": markdown_extensions(lang),
        "extra": {
            "generator": False,
            "alternate": True,
            "trialsite": {
                **_extra(site, lang, root),
                "csp": content_security_policy(templates_dir / "overrides"),
            },
        },
    }


def nav(lang: str) -> list[Any]:
    """Return the navigation: the site's pages (the first, home, under its label)."""
    home, *others = [page.path for page in SITE_PAGES if page.in_nav]
    return [{LANGUAGES[lang].home: home}, *others]


def search_skip() -> dict[str, list[str]]:
    """Return, per page URL pattern (a regular expression), the sections search leaves out."""
    return {
        re.escape(page.path.removesuffix("index.md")).replace(r"\{id\}", "[^/]+"): sorted(
            page.search_skip
        )
        for page in TRIAL_PAGES
        if page.search_skip
    }


def _theme(lang: str, templates_dir: Path) -> dict[str, Any]:
    # No navigation.instant: the language switcher lives in the header, which
    # instant navigation does not re-render. No web fonts: no third-party requests.
    return {
        "name": "material",
        "language": lang,
        "custom_dir": str(templates_dir / "overrides"),
        "font": False,
        "features": ["navigation.top"],
        "palette": {"scheme": "default", "primary": "indigo", "accent": "indigo"},
    }


def _extra(site: Site, lang: str, root: str) -> dict[str, Any]:
    """Values the templates in `templates/overrides/` read as `config.extra.trialsite`."""
    languages = [
        {"code": code, "name": LANGUAGES[code].name,
         "prefix": language_prefix(site, code)}
        for code in site.languages
    ]  # fmt: skip
    own = language_prefix(site, lang)
    return {
        "lang": lang,
        "root_url": root,
        "up_to_root": "../" * own.count("/"),
        "languages": languages,
        "default_lang": site.languages[0],
        "publisher": spaced(site.publisher.get(lang) or site.publisher[site.languages[0]], lang),
        "disclaimer": spaced(site.disclaimer.get(lang, ""), lang),
        "contact": site.contact or "",
        "search_skip": search_skip(),
        "contact_href": _contact_href(site.contact),
        "not_found": LANGUAGES[lang].not_found,
    }


def _theme_text(text: str) -> str:
    """Return text Material may write unescaped (`<title>`, `aria-label`) and still show as is.

    site.yaml's titles are validated plain text (no `<`, `>`, `"`), so this changes nothing
    for them; it keeps a title that skipped validation from becoming markup (issue 14).
    """
    return text.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _contact_href(contact: str | None) -> str:
    """Return the link of the site's contact (validated as an https URL or an e-mail)."""
    if not contact:
        return ""
    return contact if contact.startswith("https://") else f"mailto:{contact}"


def write_config(config: dict[str, Any], path: Path) -> Path:
    """Write a config as mkdocs.yml, so that the same build can be rerun with `mkdocs build`."""
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), "utf-8")
    return path


def run_mkdocs(config_path: Path, known_outside: frozenset[str], dirty: bool = False) -> None:
    """Build one language with MkDocs; links out of its tree must name `known_outside` files.

    `dirty` rebuilds only the pages whose Markdown is newer than their HTML (the preview).
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with _mkdocs_logging(known_outside):
        build(load_config(str(config_path)), dirty=dirty)


_OUTSIDE_LINK = re.compile(r"but the target '\.\./(?P<target>[^']+)' is not found")


class _OutsideLinks(logging.Filter):
    """Accept links from the French tree to the root tree (`../data/X.json`) when they exist."""

    def __init__(self, known: frozenset[str]) -> None:
        super().__init__()
        self.known = known

    def filter(self, record: logging.LogRecord) -> bool:
        match = _OUTSIDE_LINK.search(record.getMessage())
        if not match:
            return True
        target = match["target"]
        return not (target in self.known or f"{target.rstrip('/')}/index.md" in self.known)


class _Forward(logging.Handler):
    """Show MkDocs' warnings as ours, so the CLI counts and prints them."""

    def emit(self, record: logging.LogRecord) -> None:
        logger.log(record.levelno, "MkDocs: %s", record.getMessage())


@contextmanager
def _mkdocs_logging(known_outside: frozenset[str]) -> Iterator[None]:
    pages_logger = logging.getLogger("mkdocs.structure.pages")
    mkdocs_logger = logging.getLogger("mkdocs")
    link_filter, forward = _OutsideLinks(known_outside), _Forward(logging.WARNING)
    pages_logger.addFilter(link_filter)
    mkdocs_logger.addHandler(forward)
    propagate, mkdocs_logger.propagate = mkdocs_logger.propagate, False
    try:
        yield
    finally:
        pages_logger.removeFilter(link_filter)
        mkdocs_logger.removeHandler(forward)
        mkdocs_logger.propagate = propagate
