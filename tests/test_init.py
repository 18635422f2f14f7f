"""`trialsite init` (issue 12): a new site from nothing that check and build accept at once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from sitehtml import parse_tree

from generator.loader import load_terms
from generator.model import Site


def _article(path: Path) -> tuple[list[str], int]:
    """Return the paragraphs and the number of tables of a page's <article>."""
    (article,) = parse_tree(path.read_text("utf-8")).find_all("article")
    paragraphs = [" ".join(p.text().split()) for p in article.find_all("p")]
    return paragraphs, len(article.find_all("table"))


@pytest.fixture
def new_site(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder where `trialsite init` ran; the current directory."""
    monkeypatch.chdir(tmp_path)
    result = cli("init")
    assert result.output.splitlines()[:5] == [
        "created content/trials/", "created content/sources/",
        "created content/site.yaml", "created content/glossary.yaml", "created content/terms.yaml",
    ]  # fmt: skip
    return tmp_path


def test_a_new_site_checks_and_builds_strictly_with_no_trial(cli, new_site: Path) -> None:
    check = cli("check", "--strict")
    assert check.output.splitlines()[-1] == "0 trials checked, 0 error(s), 0 warning(s)"
    build = cli("build", "--strict")
    # home, registry, conditions index, glossary, maintainers: in English and in French
    assert build.output.startswith("Built 10 pages (2 languages, 0 trials) into site/")
    for page, sentence in [
        ("site/trials/index.html", "0 trials on this site."),
        ("site/fr/trials/index.html", "0 essai sur ce site."),
    ]:
        paragraphs, tables = _article(new_site / page)
        assert paragraphs == [sentence] and tables == 0


def test_site_yaml_explains_every_setting(new_site: Path) -> None:
    """Each key of the Site model is in site.yaml, written or commented out, after a comment."""
    lines = (new_site / "content" / "site.yaml").read_text("utf-8").splitlines()
    for key in Site.model_fields:
        at = next(i for i, line in enumerate(lines) if line.lstrip("# ").startswith(f"{key}:"))
        assert lines[at - 1].startswith("# "), key
    site = Site.model_validate(yaml.safe_load("\n".join(lines)))
    assert "trialsite" not in str(site.publisher), "a new site must not speak for the project"


def test_the_terms_file_holds_one_example_a_page_can_use(new_site: Path) -> None:
    terms, errors = load_terms(new_site / "content")
    assert errors == [] and terms is not None
    assert [term.key for term in terms.entries()] == ["lupus-erythematosus-systemic"]
    assert terms.french("SLE") == "lupus érythémateux systémique"


def test_the_glossary_holds_one_example_in_each_language(new_site: Path) -> None:
    glossary = yaml.safe_load((new_site / "content" / "glossary.yaml").read_text("utf-8"))
    assert list(glossary["terms"]) == ["placebo"]
    assert set(glossary["terms"]["placebo"]["definition"]) == {"en", "fr"}


def test_init_into_a_named_folder(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("init", "registry")
    assert "created registry/content/site.yaml" in result.output.splitlines()
    assert result.output.splitlines()[-1].startswith("Next: cd registry, edit content/site.yaml")
    assert sorted(os.listdir(tmp_path / "registry" / "content")) == [
        "glossary.yaml", "site.yaml", "sources", "terms.yaml", "trials"
    ]  # fmt: skip


def test_init_never_overwrites_content(cli, new_site: Path) -> None:
    site_yaml = new_site / "content" / "site.yaml"
    site_yaml.write_text("title: {en: Ours}\n", "utf-8")
    (new_site / "content" / "glossary.yaml").unlink()
    (new_site / "content" / "terms.yaml").unlink()
    result = cli("init", expect_ok=False)
    assert result.exit_code == 1
    assert result.output == "Error: content/site.yaml already exists; nothing was changed\n"
    assert site_yaml.read_text("utf-8") == "title: {en: Ours}\n"
    assert not (new_site / "content" / "glossary.yaml").exists()


def test_serve_prints_the_preview_address_make_site_ends_with(cli, new_site: Path) -> None:
    """`make site` ends by naming this address; it follows the path of site.yaml's base_url."""
    assert cli("serve", "--print-url").output == "http://127.0.0.1:8000/trials/\n"
    result = cli("serve", "--print-url", "--dev-addr", "localhost:9000")
    assert result.output == "http://localhost:9000/trials/\n"
    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text("utf-8")
    assert "$(BIN)/trialsite serve --print-url" in makefile
