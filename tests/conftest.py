"""Shared fixtures: a CLI runner, scratch content folders and the real fixtures on disk."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from contentfixtures import TRIAL, write_content

from generator.cli import main

# Browser-test fixtures (Chromium, the served site, guarded pages) live in tests/browser/.
# The real site build shared by read-only tests (built_site, hand_site): tests/sitefixtures.py.
pytest_plugins = ["browser.plugin", "sitefixtures", "registry_server"]

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CTGOV = FIXTURES / "ctgov"
CONTENT = ROOT / "content"
SEED_TEXT = CONTENT / "sources" / "NCT03562065.txt"


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run `trialsite` in-process; fail with its output unless `expect_ok=False`."""

    def invoke(*args: str, expect_ok: bool = True) -> Result:
        result = CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=True)
        if expect_ok and result.exit_code != 0:
            details = (
                "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else ""
            )
            pytest.fail(f"trialsite {' '.join(map(str, args))} failed:\n{result.output}\n{details}")
        return result

    return invoke


ScratchContent = Callable[..., Path]


@pytest.fixture
def scratch_content(tmp_path: Path) -> ScratchContent:
    """Make `tmp_path/content` to change: `make(trials=("NCT03562065",), files={...})`.

    The shipped settings and glossary, the named trials (or a glob of them) and then each of
    `files` (path under content/ -> text, dedented); see `contentfixtures.write_content`.
    """

    def make(
        trials: Iterable[str] | str = (TRIAL,), files: Mapping[str, str] | None = None
    ) -> Path:
        return write_content(tmp_path, trials, files)

    return make
