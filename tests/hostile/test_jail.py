"""`content/` is a jail (issue 14): no link out of it is read or written through.

Git keeps symbolic links, so a pull request can carry one. Each reproduction of the issue:
a patient text linked to a file outside (its secret line was echoed in the error), a French
catalog linked outside or dangling (`translations update` wrote through it), a trial folder
linked outside (`import` wrote into it). Each is refused by the link's name, exit 1, and
nothing outside changes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from scratch import ROOT, TRIAL, scratch_content, tree_digest

from generator.loader import load_content

SECRET = "aws_secret_access_key: SECRET-LINE-NEVER-ECHOED"
Cli = Callable[..., Result]
ADVICE = "trialsite reads and writes only inside the content folder; put the file itself here"


def _outside(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "credentials").write_text(f"# not content\n{SECRET}\n", encoding="utf-8")
    return outside


def test_a_linked_patient_text_is_refused_and_never_echoed(tmp_path: Path, cli: Cli) -> None:
    content = scratch_content(tmp_path)
    outside = _outside(tmp_path)
    link = content / "trials" / TRIAL / "patients.en.yaml"
    link.unlink()
    link.symlink_to(outside / "credentials")
    result = cli("check", "--content", content, expect_ok=False)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {link}: a symbolic link to {outside / 'credentials'}, outside {content}/: "
        f"{ADVICE} instead of a link\n1 error in 1 file; nothing was read or written\n"
    )
    assert "SECRET" not in result.output


def test_translations_update_never_writes_through_a_link(tmp_path: Path, cli: Cli) -> None:
    content = scratch_content(tmp_path)
    outside = _outside(tmp_path)
    catalog = content / "trials" / TRIAL / "fr.po"
    catalog.unlink()
    catalog.symlink_to(outside / "credentials")
    before = tree_digest(tmp_path)
    result = cli("translations", "update", "--content", content, expect_ok=False)
    assert result.exit_code == 1
    assert f"Error: {catalog}: a symbolic link to {outside / 'credentials'}" in result.output
    assert tree_digest(tmp_path) == before


def test_translations_update_never_creates_a_dangling_link_target(tmp_path: Path, cli: Cli) -> None:
    content = scratch_content(tmp_path)
    catalog = content / "trials" / TRIAL / "fr.po"
    catalog.unlink()
    target = tmp_path / "elsewhere" / "fr.po"
    catalog.symlink_to(target)
    result = cli("translations", "update", "--content", content, expect_ok=False)
    assert result.exit_code == 1
    assert f"Error: {catalog}: a symbolic link to {target}, which does not exist" in result.output
    assert not target.exists() and not target.parent.exists()


def test_import_never_writes_into_a_linked_trial_folder(tmp_path: Path, cli: Cli) -> None:
    content = scratch_content(tmp_path)
    outside = _outside(tmp_path)
    (content / "trials" / "NCT99999902").symlink_to(outside, target_is_directory=True)
    before = tree_digest(outside)
    source = ROOT / "tests" / "hostile" / "sources" / "good.json"
    result = cli("import", source, "--content", content, expect_ok=False)
    assert result.exit_code == 1
    assert f"{content}/trials/NCT99999902: a symbolic link to {outside}, outside" in result.output
    assert tree_digest(outside) == before


def test_links_inside_the_content_folder_are_followed(tmp_path: Path) -> None:
    content = scratch_content(tmp_path)
    shared = content / "shared"
    shared.mkdir()
    os.replace(content / "glossary.yaml", shared / "glossary.yaml")
    (content / "glossary.yaml").symlink_to(Path("shared") / "glossary.yaml")
    assert len(load_content(content).glossary.terms) > 10
