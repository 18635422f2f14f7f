"""Translation memory across trials (issue 19): identical English filled, similar suggested."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.catalogs import read_catalog

ROOT = Path(__file__).resolve().parent.parent
LUPUS = "NCT03562065"
SIBLING = "NCT09999991"
CHANGED = "eligibility.inclusion.2.items.0.text"  # "Prednisone orally ≥ 6 mg / day ..."


def _two_trials_sharing_criteria(tmp_path: Path) -> Path:
    """Return content with the lupus trial (French reviewed) and a sibling sharing its criteria,
    one of which has another number (8 mg instead of 6 mg), and no catalog yet."""
    content = tmp_path / "content"
    content.mkdir()
    for name in ("site.yaml", "glossary.yaml"):
        shutil.copy(ROOT / "content" / name, content / name)
    shutil.copytree(ROOT / "content" / "trials" / LUPUS, content / "trials" / LUPUS)
    sibling = content / "trials" / SIBLING
    sibling.mkdir()
    record = (content / "trials" / LUPUS / "record.yaml").read_text("utf-8")
    assert "Prednisone orally ≥ 6 mg / day" in record
    record = record.replace(LUPUS, SIBLING).replace(
        "Prednisone orally ≥ 6 mg / day", "Prednisone orally ≥ 8 mg / day"
    )
    (sibling / "record.yaml").write_text(record, "utf-8")
    return content


def test_a_second_trial_is_filled_from_memory_and_a_changed_number_is_flagged(
    tmp_path: Path, cli
) -> None:
    content = _two_trials_sharing_criteria(tmp_path)
    lupus = {m.context: m for m in read_catalog(content / "trials" / LUPUS / "fr.po") if m.id}
    result = cli("translations", "update", SIBLING, "--content", content)
    total = len(lupus)
    assert result.output.strip() == (
        f"{content}/trials/{SIBLING}/fr.po: 0 new, 1 fuzzy, {total - 1} kept; "
        f"{total - 1} from memory, 1 suggested by memory (fuzzy)"
    )
    sibling = {m.context: m for m in read_catalog(content / "trials" / SIBLING / "fr.po") if m.id}
    for context, message in sibling.items():
        if context == CHANGED:
            continue
        assert message.string == lupus[context].string and not message.fuzzy, context
        # Babel wraps a long comment over lines: read it whole.
        comment = " ".join(message.user_comments)
        # The origin is an entry of the same English (an arm may be named as its intervention).
        origin = comment.removeprefix(f"translation memory: same English in {LUPUS} ")
        assert origin in lupus and lupus[origin].id == message.id, comment
    suggestion = sibling[CHANGED]
    assert suggestion.fuzzy and suggestion.string == lupus[CHANGED].string
    assert "6\u00a0mg" in suggestion.string or "6 mg" in suggestion.string
    assert suggestion.previous_id == [lupus[CHANGED].id]
    assert " ".join(suggestion.user_comments) == (
        f"translation memory: suggestion from {LUPUS} {CHANGED}; review it"
    )
    # The number the suggestion carries over is flagged while it is fuzzy...
    checked = cli("check", "--content", content, expect_ok=True)
    lines = checked.output.splitlines()
    flagged = [line for line in lines if SIBLING in line and "numbers" in line]
    assert len(flagged) == 1 and CHANGED in flagged[0] and "8" in flagged[0], checked.output
    # ...and is an error once someone clears the flag without fixing it.
    path = content / "trials" / SIBLING / "fr.po"
    text = path.read_text("utf-8")
    path.write_text(text.replace(f'#, fuzzy\n#| msgid "{lupus[CHANGED].id}"\n', ""), "utf-8")
    failed = cli("check", "--content", content, expect_ok=False)
    errors = [line for line in failed.output.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and SIBLING in errors[0] and "numbers" in errors[0], failed.output


def test_memory_never_borrows_from_the_trial_being_updated(tmp_path: Path, cli) -> None:
    content = _two_trials_sharing_criteria(tmp_path)
    shutil.rmtree(content / "trials" / SIBLING)
    before = (content / "trials" / LUPUS / "fr.po").read_bytes()
    result = cli("translations", "update", LUPUS, "--content", content)
    total = len(read_catalog(content / "trials" / LUPUS / "fr.po"))
    assert result.output.strip().endswith(f": 0 new, 0 fuzzy, {total} kept")
    assert (content / "trials" / LUPUS / "fr.po").read_bytes() == before
