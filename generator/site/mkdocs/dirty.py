"""The preview's site, rebuilt in place: only the Markdown that changed, MkDocs in dirty mode.

The first build is a full one. After that, only Markdown files whose text changed are
rewritten, and MkDocs rebuilds only pages newer than their HTML (issue 7), the first language
here and the others side by side in resident children. A page added or removed, or a template
changed, is a full build.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ...layout import language_prefix
from ...model import Site
from ...render.pagetypes import SITE_PAGES
from . import config as engine
from .parallel import ResidentBuild

NAV_PAGES = tuple(page.path for page in SITE_PAGES if page.in_nav)
"""Read again on every dirty build, so the navigation of rebuilt pages keeps its titles."""


class DirtySite:
    """A site built in place from staged Markdown, rebuilt after each edit as little as can be."""

    def __init__(
        self, site_dir: Path, base_url: str | None, templates_dir: Path, staging: Path
    ) -> None:
        self.site_dir = Path(site_dir)
        self.base_url = base_url
        self.templates_dir = templates_dir
        self.staging = Path(staging)
        self.written: dict[str, dict[str, str | bytes]] = {}
        self.configs: list[tuple[str, Path, frozenset[str]]] = []
        self.templates: tuple[tuple[str, int, int], ...] = ()
        self.residents: list[ResidentBuild] = []
        """One resident build per language after the first: the languages rebuild side by side."""
        self.built = False
        """Whether the site folder holds a built site."""

    def rebuild(self, full: bool) -> None:
        """Run MkDocs on every language (in dirty mode unless `full`)."""
        (_, first, first_known), *others = self.configs
        while len(self.residents) < len(others):
            self.residents.append(ResidentBuild())
        # A full build of the first language empties the site folder, the other languages'
        # folders included: once they hold a site, it runs before them, not beside them (a
        # trial added or removed in the preview, issue 20, made MkDocs fail on a vanished file).
        first_alone = full and self.built
        try:
            if first_alone:
                engine.run_mkdocs(first, first_known, dirty=False)
            for (_, path, known), resident in zip(others, self.residents, strict=False):
                resident.start(path, known, dirty=not full)
            if not first_alone:
                engine.run_mkdocs(first, first_known, dirty=not full)
            for (_, path, _known), resident in zip(others, self.residents, strict=False):
                resident.finish(path)
        except BaseException:
            self.written = {}  # the site may be half-built: the next build is a full one
            self.close()  # a resident build may still be running: stop it
            raise
        self.built = True

    def close(self) -> None:
        """Stop the resident builds of the other languages."""
        for resident in self.residents:
            resident.close()

    def write(self, site: Site, pages: Mapping[str, Mapping[str, str]],
              files: Mapping[str, bytes]) -> tuple[int, bool]:  # fmt: skip
        """Write the Markdown that changed; return the count and whether a full build is due."""
        trees: dict[str, dict[str, str | bytes]] = {}
        for lang in site.languages:
            # Pages stay text: an unchanged page is the very string of the last build (kept in
            # memory), so comparing is immediate and only changed pages are encoded.
            trees[lang] = dict(pages[lang])
            if not language_prefix(site, lang):
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
            prefix = language_prefix(site, lang)
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
