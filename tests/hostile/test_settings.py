"""`site.yaml` is validated like a record, and the theme escapes it anyway (issue 14).

Its values reach every page through the theme's templates, which MkDocs does not autoescape: a
title, publisher or disclaimer with markup, a base URL that breaks out of the canonical link, a
`javascript:` contact. Each is refused with file:line:field; and a site built from settings
that skipped validation still has no live markup.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from browser.server import serve_directory
from click.testing import Result
from livemarkup import live_markup

from generator.layout import TEMPLATES_DIR
from generator.loader import load_content
from generator.model import Site
from generator.render import render_site
from generator.site import atomic_dir, write_site

ROOT = Path(__file__).resolve().parents[2]
TRIAL = "NCT03562065"
SITE_YAML = (ROOT / "content" / "site.yaml").read_text(encoding="utf-8")


def scratch(tmp_path: Path, site_yaml: str = SITE_YAML) -> Path:
    """Return a content folder with one trial and the given site.yaml."""
    content = tmp_path / "content"
    (content / "trials").mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "trials" / TRIAL, content / "trials" / TRIAL)
    shutil.copy(ROOT / "content" / "glossary.yaml", content / "glossary.yaml")
    (content / "site.yaml").write_text(site_yaml, encoding="utf-8")
    return content


def _line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start[:40]))


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ('  en: "trialsite — clinical trial records"', '  en: "<script>alert(1)</script>"',
         "title.en", "plain text only: '<', '>' not allowed"),
        ("  en: \"Published by", "  en: \"<img src=x onerror=alert(1)> Published by",
         "publisher.en", "plain text only: '<', '>' not allowed"),
        ('base_url: "https://trialsite.github.io/trialsite/"',
         'base_url: "https://x.org/\\"><script>alert(1)</script>"', "base_url",
         'expected an absolute https:// URL such as "https://org.github.io/repo/" (letters, '
         'digits and ". _ ~ % / -" in its path), got "https://x.org/"><script>alert(1)</script>"'),
        ('base_url: "https://trialsite.github.io/trialsite/"',
         'base_url: "http://trialsite.example.org/"', "base_url",
         'http:// is for this machine only (localhost); use https://, '
         'got "http://trialsite.example.org/"'),
        ('contact: "https://github.com/trialsite/trialsite/issues"',
         'contact: "javascript:alert(document.domain)"', "contact",
         'expected an https:// URL or an e-mail address, got "javascript:alert(document.domain)"'),
        ('contact: "https://github.com/trialsite/trialsite/issues"',
         'contact: "desk@example.org *a*{: onfocus=alert(1) }"', "contact",
         'expected an https:// URL or an e-mail address, '
         'got "desk@example.org *a*{: onfocus=alert(1) }"'),
        ('contact: "https://github.com/trialsite/trialsite/issues"',
         'repo_url: "https://github.com/trialsite/trialsite"', "repo_url",
         'unknown key "repo_url"'),
    ],
)  # fmt: skip
def test_bad_settings_are_located_errors(
    tmp_path: Path, cli: Callable[..., Result], old: str, new: str, field: str, message: str
) -> None:
    assert old in SITE_YAML
    text = SITE_YAML.replace(old, new, 1)
    content = scratch(tmp_path, text)
    result = cli("build", "--content", content, "--site-dir", tmp_path / "site", expect_ok=False)
    line = _line_of(text, new)
    assert result.exit_code == 1
    assert f"{content}/site.yaml:{line}: {field}: {message}" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "site").exists()


def test_base_url_option_is_checked_before_building(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    content = scratch(tmp_path)
    result = cli("build", "--content", content, "--site-dir", tmp_path / "site",
                 "--base-url", "javascript:alert(1)//", expect_ok=False)  # fmt: skip
    assert result.exit_code == 2
    assert "Invalid value for '--base-url': expected an absolute https:// URL" in result.output
    assert not (tmp_path / "site").exists()


def test_theme_escapes_settings_that_skipped_validation(tmp_path: Path) -> None:
    payload = '"><script>window.__pwned=1</script><img src=x onerror=window.__pwned=2>'
    content = load_content(scratch(tmp_path))
    unchecked = Site.model_construct(
        title={"en": f"pwned {payload}", "fr": f"pwned {payload}"},
        languages=["en", "fr"],
        base_url="https://x.org/pwned/",
        publisher={"en": f"pwned {payload}", "fr": f"pwned {payload}"},
        contact=f"pwned@example.org{payload}",
        disclaimer={"en": f"pwned {payload}", "fr": f"pwned {payload}"},
    )
    content = content.model_copy(update={"site": unchecked})
    rendered = render_site(content, TEMPLATES_DIR)
    site_dir = tmp_path / "site"
    with serve_directory(tmp_path) as server, atomic_dir(site_dir) as out:
        write_site(unchecked, rendered.pages, rendered.files, out, server.root)
    problems = {
        str(path.relative_to(site_dir)): found
        for path in site_dir.rglob("*.html")
        if (found := live_markup(path.read_text(encoding="utf-8"), {"127.0.0.1", "x.org"}))
    }
    assert problems == {}
