"""The smaller inputs of issue 14: control characters in imported titles, an endless `import`
source, a UI translation whose placeholder does not match the English.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from scratch import ROOT, scratch_content

from generator.build import build
from generator.errors import TrialsiteError
from generator.layout import TEMPLATES_DIR
from generator.loader import load_content
from generator.render import render_site

Cli = Callable[..., Result]
SOURCES = ROOT / "tests" / "hostile" / "sources"
CONTROLS = "\u202e\u0007\x1b[31m\u2066\u2069\x85"


def test_control_and_bidi_characters_are_removed_from_imported_text(
    tmp_path: Path, cli: Cli
) -> None:
    data = json.loads((SOURCES / "good.json").read_text(encoding="utf-8"))
    ident = data["protocolSection"]["identificationModule"]
    ident["briefTitle"] = f"Evil{CONTROLS} title"
    ident["officialTitle"] = "Line one\r\nline two"
    source = tmp_path / "controls.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    content = scratch_content(tmp_path)
    result = cli("import", source, "--content", content)
    assert f"WARNING: {source}: removed control characters from " in result.output
    assert "identificationModule" not in result.output  # named by record field, not JSON path
    loaded = load_content(content)  # the loader refuses control characters: none are left
    (trial,) = [t for t in loaded.trials if t.record.nct_id == "NCT99999902"]
    assert trial.record.title.brief == "Evil[31m title"
    pages = render_site(loaded, TEMPLATES_DIR).pages
    for lang in ("en", "fr"):
        title = pages[lang]["trials/NCT99999902/index.md"].split("\n", 2)[1]
        assert title.startswith('title: "Evil[31m title')


def test_import_reads_at_most_its_limit(tmp_path: Path, cli: Cli) -> None:
    result = cli("import", "/dev/zero", "--content", tmp_path / "content", expect_ok=False)
    assert result.exit_code == 1
    assert result.output == (
        "Error: /dev/zero: larger than 64 MiB; a registry record or search page is far smaller: "
        "is this the right file?\n1 error in 1 file; nothing was written\n"
    )
    assert not (tmp_path / "content").exists()


@pytest.mark.parametrize(
    ("english", "french", "shown"),
    [("%(id)s expliqué", "%(id)d expliqué", '"%(id)d"'),
     ("%(id)s expliqué", "%(id)s expliqué à 100 % des", '"%"')],
)  # fmt: skip
def test_a_ui_placeholder_that_is_not_the_english_one_is_located(
    tmp_path: Path, english: str, french: str, shown: str
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES_DIR, templates)
    catalog = templates / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    text = catalog.read_text(encoding="utf-8")
    assert english in text
    catalog.write_text(text.replace(english, french, 1), encoding="utf-8")
    # The entry's line: its msgid, just above the msgstr.
    line = next(n for n, row in enumerate(text.splitlines(), 1) if english in row) - 1
    content = scratch_content(tmp_path)
    with pytest.raises(TrialsiteError) as raised:
        build(content, tmp_path / "site", templates_dir=templates)
    message = raised.value.format_message()
    assert message.startswith(
        f"{catalog}:{line}: msgstr has {shown}, which the English does not (its placeholders: "
        '"%(id)s"); keep each placeholder as it is and write "%%" for a percent sign'
    )
    assert "internal error" not in message
    assert not (tmp_path / "site").exists()
