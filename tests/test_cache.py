"""The content-hash cache: editing one trial re-renders only that trial's pages (issue 7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from contentfixtures import write_content

from generator.cache import CACHE_DIR, TrialCache
from generator.layout import TEMPLATES_DIR
from generator.loader import load_content
from generator.render import render_site

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
TRIALS = ("NCT03562065", "NCT00184067")
EDITED = "NCT00184067"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of two real trials of `content/`, with the site settings and glossary."""
    return write_content(tmp_path, TRIALS)


def render(content_dir: Path) -> tuple[TrialCache, dict[str, dict[str, str]], dict[str, bytes]]:
    """Render the content through a fresh cache object (as a new process would)."""
    cache = TrialCache.for_content(content_dir, TEMPLATES_DIR)
    rendered = render_site(load_content(content_dir), TEMPLATES_DIR, cache)
    return cache, rendered.pages, rendered.files


def edit_title(content_dir: Path, nct_id: str, prefix: str) -> None:
    """Put `prefix` in front of a trial's brief title, as a maintainer would."""
    record = content_dir / "trials" / nct_id / "record.yaml"
    text = record.read_text("utf-8")
    edited = text.replace("\n  brief: ", f"\n  brief: {prefix} ", 1)
    assert edited != text
    record.write_text(edited, "utf-8")


def test_a_second_render_reuses_every_trial_and_an_edit_re_renders_only_its_trial(
    content: Path,
) -> None:
    first, pages, files = render(content)
    assert first.hits == 0 and first.misses == 3 * len(TRIALS)  # data files, en pages, fr pages
    second, again, files_again = render(content)
    assert second.misses == 0
    assert again == pages and files_again == files
    edit_title(content, EDITED, "Edited")
    cache, pages, files = render(content)
    assert (cache.misses, cache.hits) == (3, 3)
    for lang in ("en", "fr"):
        assert "Edited" in pages[lang][f"trials/{EDITED}/investigators/index.md"]
        assert "Edited" not in pages[lang]["trials/NCT03562065/index.md"]
    assert b"Edited" in files[f"data/{EDITED}.json"]


def test_a_shared_input_change_re_renders_every_trial(content: Path) -> None:
    render(content)
    glossary = content / "glossary.yaml"
    glossary.write_text(glossary.read_text("utf-8") + "\n# edited\n", "utf-8")
    cache, _, _ = render(content)
    assert cache.hits == 0


def test_the_cache_can_be_turned_off(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIALSITE_CACHE", "0")
    cache, _, _ = render(content)
    assert cache.hits == 0
    assert not (content.parent / CACHE_DIR).exists()


def test_a_corrupt_entry_is_made_again(content: Path) -> None:
    _, pages, _ = render(content)
    for entry in (content.parent / CACHE_DIR).rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    cache, again, _ = render(content)
    assert cache.hits == 0 and again == pages
