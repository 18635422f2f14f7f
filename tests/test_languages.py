"""A third language is a row of the languages table: without its catalogs, it shows English."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from sitehtml import parse, parse_tree

from generator.languages import LANGUAGES


def test_a_third_language_without_catalogs_builds_its_pages_in_marked_english(
    cli: Callable[..., Result], scratch_content: Callable[..., Path], tmp_path: Path
) -> None:
    assert "es" in LANGUAGES and not Path("templates/locales/es").exists()
    content = scratch_content()
    settings = content / "site.yaml"
    settings.write_text(
        settings.read_text("utf-8").replace("languages: [en, fr]", "languages: [en, fr, es]"),
        "utf-8",
    )
    site = tmp_path / "site"
    result = cli("build", "--content", content, "--site-dir", site)
    assert "WARNING: no UI catalog for es" in result.output
    spanish = sorted(page for page in (site / "es").rglob("index.html"))
    assert len(spanish) == 7  # home, registry, conditions, glossary and the trial's three pages
    for page in spanish:
        english = site / page.relative_to(site / "es")
        html, source = parse(page), parse(english)
        assert html.lang == "es", page
        # The words are the English page's, marked as English, with the note saying why.
        shown = [(lang, text.removesuffix(" (translation pending)")) for lang, text in html.h1]
        assert shown == [("en", text) for _, text in source.h1], page
        assert ("en", "Translation pending: shown in English.") in html.notes, page
    # The home page names the languages the site is written in: Spanish is not claimed yet.
    (article,) = parse_tree((site / "index.html").read_text("utf-8")).find_all("article")
    intro = " ".join(article.find_all("p")[0].text().split())
    assert intro.startswith("This site explains clinical trials") and "English and French" in intro
    strict = cli("check", "--content", content, "--strict", expect_ok=False)
    assert strict.exit_code == 1 and "warning(s) in strict mode" in strict.output


def test_a_language_outside_the_table_is_a_located_error(
    cli: Callable[..., Result], scratch_content: Callable[..., Path]
) -> None:
    content = scratch_content()
    settings = content / "site.yaml"
    lines = settings.read_text("utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("languages:"))
    settings.write_text("\n".join(lines).replace("[en, fr]", "[en, xx]") + "\n", "utf-8")
    result = cli("check", "--content", content, expect_ok=False)
    assert result.exit_code == 1
    assert (
        f'{settings}:{line}: languages.1: "xx" is not a language trialsite knows (en, fr, es): '
        "add a row to generator/languages.py"
    ) in result.output
