"""Only trialsite's own output is ever replaced (issue 14).

`--site-dir` replaced any folder holding an `index.html`: one with `index.html`, `notes.txt`,
`img/` and `.git/` was replaced with exit 0 and everything else in it lost. A build now writes
a marker into the site it makes and replaces a folder only when it is absent, empty or marked.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from scratch import scratch_content, tree_digest

from generator.site.writer import SITE_MARKER

Cli = Callable[..., Result]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A content folder (one trial) and the site built from it into a fresh folder."""
    from generator.build import build

    work = tmp_path_factory.mktemp("site-dir")
    content = scratch_content(work)
    build(content, work / "site")
    return content, work / "site"


def test_a_folder_trialsite_did_not_build_is_left_alone(
    built: tuple[Path, Path], tmp_path: Path, cli: Cli
) -> None:
    content, _ = built
    mine = tmp_path / "mine"
    (mine / "img").mkdir(parents=True)
    (mine / ".git").mkdir()
    (mine / "index.html").write_text("<p>my page</p>\n")
    (mine / "notes.txt").write_text("notes\n")
    (mine / "img" / "logo.png").write_bytes(b"\x89PNG")
    (mine / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    before = tree_digest(mine)
    result = cli("build", "--content", content, "--site-dir", mine, expect_ok=False)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: refusing to replace {mine}/: it is not empty and has no {SITE_MARKER} file, so "
        "trialsite did not build it and a build would delete what it holds; move it away, "
        "empty it or choose another --site-dir\n"
    )
    assert tree_digest(mine) == before


def test_a_file_is_not_a_site_folder(built: tuple[Path, Path], tmp_path: Path, cli: Cli) -> None:
    content, _ = built
    (tmp_path / "site").write_text("keep me\n")
    result = cli("build", "--content", content, "--site-dir", tmp_path / "site", expect_ok=False)
    assert result.exit_code == 2  # a usage error: click checks the option
    assert "is a file" in result.output
    assert (tmp_path / "site").read_text() == "keep me\n"


def test_a_built_site_carries_the_marker_and_is_replaced(
    built: tuple[Path, Path], cli: Cli
) -> None:
    content, site = built
    assert (site / SITE_MARKER).is_file()
    (site / "stale.html").write_text("from an older build\n")
    cli("build", "--content", content, "--site-dir", site)
    assert (site / SITE_MARKER).is_file() and (site / "index.html").is_file()
    assert not (site / "stale.html").exists()


def test_an_empty_folder_is_built_into(built: tuple[Path, Path], tmp_path: Path, cli: Cli) -> None:
    content, _ = built
    (tmp_path / "empty").mkdir()
    cli("build", "--content", content, "--site-dir", tmp_path / "empty")
    assert (tmp_path / "empty" / SITE_MARKER).is_file()
