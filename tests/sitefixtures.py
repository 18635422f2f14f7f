"""Site fixtures: one real build of `content/`, and a small hand-written site, per test session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from browser.server import SiteServer, serve_directory
from click.testing import CliRunner

from generator.cli import main
from generator.importer import read_source
from generator.layout import TEMPLATES_DIR
from generator.loader import load_content, load_file
from generator.model import Content, Site, Trial
from generator.render import render_site
from generator.site import atomic_dir, write_site

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
CTGOV = ROOT / "tests" / "fixtures" / "ctgov"


@dataclass(frozen=True)
class BuiltSite:
    """A site built into a temporary folder, shared read-only by the tests of a session."""

    root: Path
    """The built `site/` folder."""
    content: Content | None
    """The content it was built from (None for the hand-written site)."""
    base_url: str
    """The public URL it was built for."""
    summary: str
    """What `trialsite build` printed."""

    def html_pages(self) -> list[Path]:
        """Return every HTML page of both languages."""
        return sorted(self.root.rglob("*.html"))


@contextmanager
def served_without_gates(content_dir: Path, site_dir: Path) -> Iterator[SiteServer]:
    """Build `content_dir` into `site_dir` as `trialsite build` does after its gates; serve it.

    Hostile content would stop a real build at the gates; the tests that prove the pages stay
    inert need those pages written all the same.
    """
    with served_content(load_content(content_dir), site_dir) as server:
        yield server


@contextmanager
def served_content(content: Content, site_dir: Path) -> Iterator[SiteServer]:
    """Render loaded content into `site_dir` and write it as a build does; serve it."""
    rendered = render_site(content, TEMPLATES_DIR)
    site_dir.mkdir()
    with serve_directory(site_dir) as server:
        with atomic_dir(site_dir) as out:
            write_site(content.site, rendered.pages, rendered.files, out, server.root)
        yield server


EXCLUDED = "search:\n  exclude: true\n"
"""Front matter that keeps a page out of the search index, as the real glossary is."""


def _fix(text: str) -> str:
    """Front matter and an H1 for a hand-written page."""
    return f"---\ntitle: {text}\ndescription: {text} page\n---\n\n# {text}\n\n"


def hand_written_pages(trial: str = "NCT03562065") -> dict[str, dict[str, str]]:
    """A tiny rendered site (both languages, every page type) that stands in for render_site."""
    jsonld = (
        f"jsonld:\n  '@context': https://schema.org\n  '@type': MedicalTrial\n"
        f"  identifier: {trial}\n"
    )
    pages: dict[str, dict[str, str]] = {}
    for lang, up in (("en", ""), ("fr", "../")):
        overview = _fix("Trial").replace("---\n\n#", f"{jsonld}---\n\n#")
        pages[lang] = {
            "index.md": _fix("Home") + "See the [registry](trials/index.md).\n",
            "trials/index.md": _fix("Registry").replace("---\n\n#", EXCLUDED + "---\n\n#")
            + f"| Trial | Status |\n|---|---|\n| [{trial}]({trial}/index.md) | Recruiting |\n",
            f"trials/{trial}/index.md": overview
            + f"## Who can take part\n\nLupus. [Patients](patients/index.md), "
            f"[data]({up}../../data/{trial}.json), [who](#who-can-take-part).\n",
            f"trials/{trial}/patients/index.md": _fix("Patients")
            + "Talk to your doctor. immunosuppresseurs.\n",
            f"trials/{trial}/investigators/index.md": _fix("Investigators") + "Criteria.\n",
            "glossary/index.md": _fix("Glossary").replace("---\n\n#", EXCLUDED + "---\n\n#")
            + "Lupus\n:   A long-term illness.\n",
            "conditions/index.md": _fix("Conditions").replace("---\n\n#", EXCLUDED + "---\n\n#")
            + "[Lupus](lupus/index.md)\n",
            "conditions/lupus/index.md": _fix("Studies about lupus")
            + f"[{trial}](../../trials/{trial}/index.md)\n",
        }
    return pages


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """Build the real `content/` once with `trialsite build --strict`, shared read-only."""
    root = tmp_path_factory.mktemp("built") / "site"
    args = ["build", "--content", str(CONTENT), "--site-dir", str(root), "--strict"]
    result = CliRunner().invoke(main, args, catch_exceptions=True)
    if result.exit_code != 0:
        pytest.fail(f"trialsite build failed:\n{result.output}\n{result.exception!r}")
    content = load_content(CONTENT)
    return BuiltSite(root, content, content.site.base_url, result.output.strip())


@pytest.fixture(scope="session")
def hand_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """Build the hand-written pages with the real site settings, theme and MkDocs, strictly."""
    site, errors = load_file(CONTENT / "site.yaml", Site)
    assert site is not None, errors
    root = tmp_path_factory.mktemp("hand") / "site"
    files = {"data/NCT03562065.json": b"{}\n"}
    with atomic_dir(root) as out:
        write_site(site, hand_written_pages(), files, out, strict=True)
    return BuiltSite(root, None, site.base_url, "")


@cache
def content_with_fixtures() -> Content:
    """Return the shipped content (settings, glossary, terms, trials with their catalogs) plus
    every fixture record whose id it does not have, in trial-number order (issue 20)."""
    shipped = load_content(CONTENT)
    trials = {trial.record.nct_id: trial for trial in shipped.trials}
    for source in sorted(p for p in CTGOV.rglob("*") if p.suffix in (".json", ".xml")):
        for record in read_source(source):
            trials.setdefault(record.nct_id, Trial(record=record, folder=str(source)))
    return shipped.model_copy(update={"trials": [trials[nct_id] for nct_id in sorted(trials)]})


@pytest.fixture(scope="session")
def registry_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """Build the shipped trials plus the fixture records once, search index included (without
    the gates, which judge written text); serve them on 127.0.0.1 for the registry's and the
    search's browser tests."""
    work = tmp_path_factory.mktemp("registry-site")
    with served_content(content_with_fixtures(), work / "site") as server:
        yield server
    shutil.rmtree(work, ignore_errors=True)
