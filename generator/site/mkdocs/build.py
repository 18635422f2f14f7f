"""A full MkDocs build of every language: stage `docs/<lang>/` and `mkdocs.<lang>.yml`, run."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ...layout import TEMPLATES_DIR, language_prefix
from ...model import Site
from ..tree import write_tree
from . import config as engine
from .parallel import LanguageBuild, run_parallel, run_sequential, want_parallel


def build_languages(
    site: Site, pages: Mapping[str, Mapping[str, str]], files: Mapping[str, bytes],
    out: Path, base_url: str | None = None, strict: bool = False,
    templates_dir: Path = TEMPLATES_DIR, parallel: bool | None = None,
) -> None:  # fmt: skip
    """Write rendered Markdown to a staging folder and build every language into `out`.

    `parallel` builds the languages at the same time (None: when the site is big enough).
    """
    if parallel is None:
        parallel = want_parallel([len(tree) for tree in pages.values()])
    with tempfile.TemporaryDirectory(prefix="trialsite-docs-") as staging:
        builds = stage(
            site, pages, files, Path(staging), out, base_url, strict, templates_dir,
            separate=parallel,
        )  # fmt: skip
        (run_parallel if parallel else run_sequential)(builds)


def stage(
    site: Site, pages: Mapping[str, Mapping[str, str]], files: Mapping[str, bytes],
    staging: Path, out: Path, base_url: str | None = None, strict: bool = False,
    templates_dir: Path = TEMPLATES_DIR, *, separate: bool = False,
) -> list[LanguageBuild]:  # fmt: skip
    """Write `docs/<lang>/` and `mkdocs.<lang>.yml` per language under `staging`.

    Returns the builds in order; `mkdocs build -f <config>` reruns one as is. With `separate`,
    the other languages write into sibling folders of `out` (the first build empties `out`),
    to be moved into `out/<lang>/` when done. French pages may link up to root files such as
    `data/`: each build lists the root-tree files its links may reach.
    """
    root_sources = frozenset([*files, *pages.get(site.languages[0], {})])
    builds = []
    for lang in site.languages:
        docs = staging / "docs" / lang
        write_tree(docs, {rel: text.encode("utf-8") for rel, text in pages[lang].items()})
        prefix = language_prefix(site, lang)
        if not prefix:
            write_tree(docs, files)
        final = out / prefix
        out_lang = _sibling(out, lang) if separate and prefix else final
        config = engine.mkdocs_config(site, lang, docs, out_lang, templates_dir, base_url, strict)
        path = engine.write_config(config, staging / f"mkdocs.{lang}.yml")
        known = root_sources if prefix else frozenset()
        builds.append(LanguageBuild(path, known, out_lang, final))
    return builds


def _sibling(out: Path, lang: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=f"{out.name}.{lang}-", dir=out.parent))
    os.chmod(folder, 0o755)
    return folder
