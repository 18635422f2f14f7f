"""The preview's rebuild after an edit (issue 7): only what changed, both languages side by side."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from contentfixtures import write_content
from searchindex import entry, fragments
from sitehtml import parse_tree

from generator.errors import ContentErrors
from generator.layout import TEMPLATES_DIR
from generator.loader import load_content
from generator.model import Status
from generator.preview import Preview
from generator.render.conditions import condition_slug
from generator.render.environment import make_environment
from generator.render.filters import Filters

CONTENT = Path(__file__).resolve().parent.parent / "content"
TRIAL = "NCT03562065"


@pytest.fixture()
def preview(tmp_path: Path) -> Iterator[tuple[Preview, Path]]:
    content = write_content(tmp_path, "NCT03*")
    builder = Preview(
        content, tmp_path / "site", "http://127.0.0.1:8000/", TEMPLATES_DIR, tmp_path / "docs"
    )
    yield builder, content
    builder.close()


def _edit_title(content: Path, words: str) -> None:
    record = content / "trials" / TRIAL / "record.yaml"
    text = record.read_text("utf-8")
    record.write_text(text.replace("\n  brief: ", f"\n  brief: {words} ", 1), "utf-8")


def _indexed(site: Path, word: str) -> set[str]:
    """Return the URLs whose indexed text holds `word`, in either language."""
    return {
        url for lang in ("en", "fr") for url, page in fragments(site, lang).items()
        if word in page["content"]
    }  # fmt: skip


def test_an_edit_rebuilds_only_its_pages_in_both_languages(
    preview: tuple[Preview, Path],
) -> None:
    builder, content = preview
    assert "full build" in builder.build()
    resident = builder.site.residents[0].child
    assert resident is not None and resident.poll() is None  # French built in a resident child
    assert not _indexed(builder.site_dir, "Edited")
    _edit_title(content, "Edited")
    summary = builder.build()
    # The trial's three pages in two languages, and the registry and home that list it.
    assert "changed page(s) rebuilt" in summary and "full build" not in summary
    site = builder.site_dir
    for prefix in ("", "fr/"):
        for page in ("", "patients/", "investigators/"):
            html = (site / prefix / "trials" / TRIAL / page / "index.html").read_text("utf-8")
            assert "Edited " in html, f"{prefix}{page}"
        assert "Edited " in (site / prefix / "trials" / "index.html").read_text("utf-8")
    # The search index follows the edit (issue 20): the trial's record in each language (its
    # three pages, one result) holds the new word, and the other trials are still all indexed.
    assert _indexed(site, "Edited") == {f"/{prefix}trials/{TRIAL}/" for prefix in ("", "fr/")}
    for lang in ("en", "fr"):
        assert len(fragments(site, lang)) == entry(site)["languages"][lang]["page_count"]
    assert builder.site.residents[0].child is resident  # the same child, MkDocs kept loaded
    builder.close()
    assert resident.poll() is not None


def test_a_content_error_in_the_preview_is_reported_and_the_next_edit_recovers(
    preview: tuple[Preview, Path],
) -> None:
    builder, content = preview
    builder.build()
    record = content / "trials" / TRIAL / "record.yaml"
    good = record.read_text("utf-8")
    record.write_text(good.replace("\n  brief: ", "\n  brief: [unclosed ", 1), "utf-8")
    with pytest.raises(ContentErrors) as raised:
        builder.build()
    assert f"trials/{TRIAL}/record.yaml:" in raised.value.format_message()
    record.write_text(good.replace("\n  brief: ", "\n  brief: Fixed ", 1), "utf-8")
    builder.build()
    html = (builder.site_dir / "fr" / "trials" / TRIAL / "index.html").read_text("utf-8")
    assert "Fixed " in html


def _item(site: Path, prefix: str, slug: str, nct_id: str) -> str | None:
    """Return the text of a trial's item on a condition page, None when it is not listed."""
    page = site / prefix / "conditions" / slug / "index.html"
    if not page.is_file():
        return None
    items = parse_tree(page.read_text("utf-8")).find_all("li")
    found = [li.text() for li in items if li.attrs.get("data-nct") == nct_id]
    return found[0] if found else None


def test_condition_pages_follow_a_status_change_a_removal_and_an_addition(
    preview: tuple[Preview, Path],
) -> None:
    """Issue 20: a trial's condition pages show its status now, and exist while it does."""
    builder, content = preview
    builder.build()
    site, changed = builder.site_dir, "NCT03934567"
    slugs = [condition_slug(m.term) for m in load_content(content).trials[2].record.condition_mesh]
    assert load_content(content).trials[2].record.nct_id == changed and slugs
    record = content / "trials" / changed / "record.yaml"
    record.write_text(
        record.read_text("utf-8").replace("overall: ACTIVE_NOT_RECRUITING", "overall: COMPLETED"),
        "utf-8",
    )
    assert "full build" not in builder.build()  # the same pages, rewritten where they changed
    for lang, prefix in (("en", ""), ("fr", "fr/")):
        t = make_environment(TEMPLATES_DIR, lang).globals["translations"]
        filters = Filters(lang, t)  # type: ignore[arg-type]
        done, before = (
            filters.status(Status(overall=s)) for s in ("COMPLETED", "ACTIVE_NOT_RECRUITING")
        )
        for slug in slugs:
            item = _item(site, prefix, slug, changed)
            assert item is not None and done in item and before not in item, (prefix, slug)
    removed = content / "trials" / "NCT03101111"
    kept = removed.parent.parent.parent / "kept"
    shutil.move(removed, kept)
    builder.build()
    for prefix in ("", "fr/"):
        assert not (site / prefix / "conditions" / "chikungunya-fever").exists()
    shutil.move(kept, removed)
    builder.build()
    for prefix in ("", "fr/"):
        assert _item(site, prefix, "chikungunya-fever", "NCT03101111") is not None
