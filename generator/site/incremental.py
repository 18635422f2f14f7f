"""The preview's rebuild after an edit: reload, re-render and rebuild only what changed (issue 7).

The first build is a full one. After that, a trial whose files did not change keeps its loaded
model (no YAML parsing), its pages come from the content-hash cache, only Markdown files whose
text changed are rewritten, and MkDocs rebuilds in dirty mode: only pages newer than their
HTML. Any other change (a page added or removed, templates, site.yaml, glossary) is a full build.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..cache import file_signature
from ..errors import ContentError, ContentErrors
from ..model import Content, Glossary, Site, Trial
from ..render.pagetypes import SITE_PAGES
from . import config as engine
from .parallel import ResidentBuild

logger = logging.getLogger(__name__)
NAV_PAGES = tuple(page.path for page in SITE_PAGES if page.in_nav)
"""Read again on every dirty build, so the navigation of rebuilt pages keeps its titles."""


class IncrementalBuilder:
    """Builds a preview site in place, doing after each edit only the work the edit needs."""

    def __init__(self, content_dir: Path, site_dir: Path, base_url: str | None,
                 templates_dir: Path, staging: Path) -> None:  # fmt: skip
        self.content_dir = Path(content_dir)
        self.site_dir = Path(site_dir)
        self.base_url = base_url
        self.templates_dir = templates_dir
        self.staging = Path(staging)
        self.trials: dict[str, tuple[tuple[tuple[str, int, int], ...], Trial]] = {}
        self.written: dict[str, dict[str, str | bytes]] = {}
        self.configs: list[tuple[str, Path, frozenset[str]]] = []
        self.shared: tuple[tuple[str, int, int], ...] = ()
        self.templates: tuple[tuple[str, int, int], ...] = ()
        self.memory: dict[str, Any] = {}
        """Each trial's pages and findings, by cache key, kept from one build to the next."""
        self.residents: list[ResidentBuild] = []
        """One resident build per language after the first: the languages rebuild side by side."""

    def build(self) -> str:
        """Check, render and rebuild; return a one-line summary of what was done.

        After a first build, Python's cycle collector is paused and run once at the end: with
        1,000 trials' pages kept in memory, its passes in the middle of a rebuild made it take
        2.1 to 3 s. A full build runs with it, or its garbage would add 300 MB to the peak.
        """
        pause = gc.isenabled() and bool(self.written)
        if pause:
            gc.disable()
        try:
            return self._build()
        finally:
            if pause:
                gc.enable()
                gc.collect()  # what MkDocs left behind (about 0.2 s at 1,000 trials)

    def _build(self) -> str:
        from ..build import check

        start = time.monotonic()
        content = self.load()
        checked = check(self.content_dir, self.templates_dir, content, self.memory, self.base_url)
        pages, files = checked.rendered.pages, checked.rendered.files
        changed, full = self.write(content.site, pages, files)
        if full:
            gc.enable()  # a full build's garbage is collected as it goes
        (_, first, first_known), *others = self.configs
        while len(self.residents) < len(others):
            self.residents.append(ResidentBuild())
        try:
            for (_, path, known), resident in zip(others, self.residents, strict=False):
                resident.start(path, known, dirty=not full)
            engine.run_mkdocs(first, first_known, dirty=not full)
            for (_, path, _known), resident in zip(others, self.residents, strict=False):
                resident.finish(path)
        except BaseException:
            self.written = {}  # the site may be half-built: the next build is a full one
            self.close()  # a resident build may still be running: stop it
            raise
        what = "full build" if full else f"{changed} changed page(s) rebuilt"
        return f"Preview: {what} in {time.monotonic() - start:.1f} s"

    def close(self) -> None:
        """Stop the resident builds of the other languages."""
        for resident in self.residents:
            resident.close()

    def load(self) -> Content:
        """Return the content, parsing again only the files that changed since the last build."""
        from ..loader import _load_trial, load_content, trial_folders

        shared = file_signature(self.content_dir, ("site.yaml", "glossary.yaml"))
        if shared != self.shared or not self.trials:
            content = load_content(self.content_dir)
            self.shared = shared
            self.trials = {t.folder: (file_signature(Path(t.folder)), t) for t in content.trials}
            return content
        errors: list[ContentError] = []
        trials = {}
        for folder in trial_folders(self.content_dir):
            signature = file_signature(folder)
            known = self.trials.get(str(folder))
            trial = known[1] if known and known[0] == signature else _load_trial(folder, errors)
            if trial is not None:
                trials[str(folder)] = (signature, trial)
        if errors:
            raise ContentErrors(errors)
        self.trials = trials
        site, glossary = self._shared_models()
        return Content(site=site, glossary=glossary, trials=[t for _, t in trials.values()])

    def _shared_models(self) -> tuple[Site, Glossary]:
        from ..loader import load_file

        site, site_errors = load_file(self.content_dir / "site.yaml", Site)
        glossary, glossary_errors = load_file(self.content_dir / "glossary.yaml", Glossary)
        if site is None or glossary is None:
            raise ContentErrors([*site_errors, *glossary_errors])
        return site, glossary

    def write(self, site: Site, pages: Mapping[str, Mapping[str, str]],
              files: Mapping[str, bytes]) -> tuple[int, bool]:  # fmt: skip
        """Write the Markdown that changed; return the count and whether a full build is due."""
        trees: dict[str, dict[str, str | bytes]] = {}
        for lang in site.languages:
            # Pages stay text: an unchanged page is the very string of the last build (kept in
            # memory), so comparing is immediate and only changed pages are encoded.
            trees[lang] = dict(pages[lang])
            if not engine.language_prefix(site, lang):
                trees[lang].update(files)
        same_pages = all(
            set(tree) == set(self.written.get(lang, {})) for lang, tree in trees.items()
        )
        templates_changed = self._templates_changed()
        full = not self.configs or templates_changed or not same_pages
        if full:
            self._configure(site, pages, files)
        changed = 0
        for lang, tree in trees.items():
            before = self.written.get(lang, {})
            docs = self.staging / "docs" / lang
            for relpath, data in tree.items():
                differs = before.get(relpath) != data
                changed += differs
                if differs or relpath in NAV_PAGES:
                    target = docs / relpath
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
            for relpath in set(before) - set(tree):
                (docs / relpath).unlink(missing_ok=True)
            self.written[lang] = tree
        return changed, full

    def _configure(self, site: Site, pages: Mapping[str, Mapping[str, str]],
                   files: Mapping[str, bytes]) -> None:  # fmt: skip
        root_sources = frozenset([*files, *pages.get(site.languages[0], {})])
        self.staging.mkdir(parents=True, exist_ok=True)
        self.configs = []
        for lang in site.languages:
            prefix = engine.language_prefix(site, lang)
            docs = self.staging / "docs" / lang
            config = engine.mkdocs_config(
                site, lang, docs, self.site_dir / prefix, self.templates_dir, self.base_url
            )
            path = engine.write_config(config, self.staging / f"mkdocs.{lang}.yml")
            self.configs.append((lang, path, root_sources if prefix else frozenset()))

    def _templates_changed(self) -> bool:
        signature = _tree_signature(self.templates_dir)
        changed, self.templates = signature != self.templates, signature
        return changed


def _tree_signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    return tuple(
        (str(path), path.stat().st_mtime_ns, path.stat().st_size)
        for path in sorted(root.rglob("*")) if path.is_file() and "__pycache__" not in path.parts
    )  # fmt: skip
