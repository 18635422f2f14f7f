"""PO catalogs of record text: the shipped French, and fuzzy marking after a re-import."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from contentfixtures import write_content
from sitehtml import parse_tree

from generator.catalogs import read_catalog, read_translations
from generator.errors import ContentError
from generator.loader import load_content, load_record
from generator.render import render_site
from generator.texts import translatable_texts
from generator.translations import update_catalogs

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "sources" / "NCT03562065.txt"
TRIAL = ROOT / "content" / "trials" / "NCT03562065"
EDITED_CRITERION = "eligibility.inclusion.2.items.1.items.6.text"
OLD = "Cyclosporine orally, at a dose of 2.5-5 mg / kg / day, for at least 90 days;"
NEW = "Cyclosporine orally, at a dose of 3-5 mg / kg / day, for at least 120 days;"


def test_every_french_entry_of_nct03562065_is_translated_and_none_fuzzy() -> None:
    record = load_record(TRIAL / "record.yaml")
    translations = read_translations(TRIAL / "fr.po")
    texts = translatable_texts(record)
    assert len(texts) == 40  # with its arm label and intervention name
    for context, english in texts:
        entry = translations[context]
        assert entry.source == english, context
        assert entry.text and not entry.fuzzy, context
    assert set(translations) == {context for context, _ in texts}


@pytest.mark.parametrize("po", sorted((ROOT / "content" / "trials").glob("*/fr.po")), ids=str)
def test_french_entries_keep_every_number_of_the_english(po: Path) -> None:
    """The numbers of each passage survive translation (French spacing and commas aside)."""
    assert "python-format" not in po.read_text("utf-8")  # `msgfmt -c` would reject "95% CI"
    for entry in read_translations(po).values():
        assert entry.text, entry.source
        assert _digit_groups(entry.text) == _digit_groups(entry.source), entry.source


# A unit's exponent is part of the unit: "m2", "m²" and "mm^3" name units, as "cu mm" does.
_UNIT_EXPONENT = re.compile(r"(?<=[a-zA-Z])(?:\^\d+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)|(?<=\bm)\d\b|(?<=mm)\d\b")
_POWER = re.compile(r"(?<=\d)[⁰¹²³⁴⁵⁶⁷⁸⁹]+")  # 10⁶ is 10^6
_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def _digit_groups(text: str) -> set[int]:
    """Return the numbers written with digits, thousands groups (2 000, 2,000) joined."""
    text = _POWER.sub(lambda match: "^" + match.group(0).translate(_DIGITS), text)
    text = re.sub(r"(\d)[ ,\u00a0\u202f](\d{3})(?!\d)", r"\1\2", _UNIT_EXPONENT.sub("", text))
    return {int(digits) for digits in re.findall(r"\d+", text)}


def test_shipped_catalog_is_stable_under_update(tmp_path: Path) -> None:
    content = write_content(tmp_path)
    before = (content / "trials" / "NCT03562065" / "fr.po").read_bytes()
    lines = update_catalogs(content, ["NCT03562065"])
    assert lines == [f"{content}/trials/NCT03562065/fr.po: 0 new, 0 fuzzy, 40 kept"]
    assert (content / "trials" / "NCT03562065" / "fr.po").read_bytes() == before


def test_import_and_update_of_the_shipped_content_rewrite_nothing(tmp_path: Path, cli) -> None:
    """Re-importing every shipped source and updating every catalog leaves each file as it was:
    same bytes and same modification time (issue 12: `git status` stays clean). A shipped trial
    without a catalog would get an untranslated one here: shipped trials come translated."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    for path in content.rglob("*"):
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    before = _files_with_times(content)
    cli("import", *sorted((content / "sources").iterdir()), "--content", content)
    cli("translations", "update", "--content", content)
    assert _files_with_times(content) == before


def _files_with_times(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(path.relative_to(root)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*")) if path.is_file()
    }  # fmt: skip


def test_catalog_headers_name_no_tool_version(tmp_path: Path, cli) -> None:
    """A written catalog holds only headers we set ourselves, whatever Babel is installed."""
    content = write_content(tmp_path)
    (content / "trials" / "NCT03562065" / "fr.po").unlink()
    cli("translations", "update", "--content", content)
    catalog = read_catalog(content / "trials" / "NCT03562065" / "fr.po")
    headers = dict(catalog.mime_headers)
    assert "Generated-By" not in (content / "trials" / "NCT03562065" / "fr.po").read_text()
    assert headers["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert headers["Project-Id-Version"] == "trialsite NCT03562065 2021-07-08"


def test_reimport_with_one_edited_criterion_makes_exactly_that_entry_fuzzy(
    tmp_path: Path, cli
) -> None:
    content = write_content(tmp_path)
    source = tmp_path / "NCT03562065.txt"
    text = SEED.read_text(encoding="utf-8")
    assert text.count(OLD) == 1
    source.write_text(text.replace(OLD, NEW), encoding="utf-8")
    cli("import", source, "--content", content)
    result = cli("translations", "update", "NCT03562065", "--content", content)
    assert "0 new, 1 fuzzy, 39 kept" in result.output
    po = content / "trials" / "NCT03562065" / "fr.po"
    translations = read_translations(po)
    fuzzy = {context for context, entry in translations.items() if entry.fuzzy}
    assert fuzzy == {EDITED_CRITERION}
    entry = translations[EDITED_CRITERION]
    assert entry.source == NEW
    assert entry.text == read_translations(TRIAL / "fr.po")[EDITED_CRITERION].text
    # The reviewer sees the old English beside the kept translation, and it survives updates.
    assert '#| msgid "Cyclosporine orally, at a dose of 2.5-5 mg / kg / day' in po.read_text()
    before = po.read_bytes()
    cli("translations", "update", "--content", content)
    assert po.read_bytes() == before
    message = next(m for m in read_catalog(po) if m.context == EDITED_CRITERION)
    assert message.previous_id == [OLD] and message.user_comments == []


def test_french_pages_show_the_edited_criterion_in_english_with_a_pending_note(
    tmp_path: Path, cli
) -> None:
    content = write_content(tmp_path)
    for name in ("site.yaml", "glossary.yaml"):
        shutil.copy(ROOT / "content" / name, content / name)
    source = tmp_path / "NCT03562065.txt"
    source.write_text(SEED.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    cli("import", source, "--content", content)
    cli("translations", "update", "--content", content)
    po = content / "trials" / "NCT03562065" / "fr.po"
    line = read_translations(po)[EDITED_CRITERION].line
    check = cli("check", "--content", content)
    assert (
        f"WARNING: {po}:{line}: translation: {EDITED_CRITERION}: fuzzy: the English changed "
        "since it was translated; review it"
    ) in check.output
    row = next(text for text in check.output.splitlines() if text.startswith("NCT03562065"))
    assert row.split()[1] == "39/1/0"
    pages = render_site(load_content(content), ROOT / "templates").pages
    french = _elements(pages["fr"]["trials/NCT03562065/investigators/index.md"])
    pending = [text for attrs, text in french if attrs.get("lang") == "en"]
    notes = [(a["lang"], text) for a, text in french if _is_note(a)]
    assert NEW in pending and OLD not in "".join(pending)
    assert [lang for lang, _ in notes] == ["fr"]  # exactly one passage is pending
    assert "traduction en attente" in notes[0][1].lower()
    english = _elements(pages["en"]["trials/NCT03562065/investigators/index.md"])
    assert not [attrs for attrs, _ in english if _is_note(attrs)]


def _elements(markdown: str) -> list[tuple[dict[str, str], str]]:
    """Return (attributes, text) of every element with a lang or class attribute."""
    return [
        (node.attrs, " ".join(node.text().split()))
        for node in parse_tree(markdown).iter()[1:]
        if "lang" in node.attrs or "class" in node.attrs
    ]


def _is_note(attrs: dict[str, str]) -> bool:
    return "translation-note" in attrs.get("class", "").split()


def test_update_creates_a_catalog_with_every_passage_untranslated(tmp_path: Path, cli) -> None:
    content = tmp_path / "content"
    cli("import", SEED, "--content", content)
    result = cli("translations", "update", "--content", content)
    assert result.output.strip().endswith("fr.po: 40 new, 0 fuzzy, 0 kept")
    translations = read_translations(content / "trials" / "NCT03562065" / "fr.po")
    assert len(translations) == 40
    assert all(entry.text is None for entry in translations.values())


def test_removed_then_restored_criterion_keeps_every_translation(tmp_path: Path, cli) -> None:
    """Removing a criterion shifts the paths of the next ones; no translation is lost."""
    content = write_content(tmp_path)
    shipped = read_translations(TRIAL / "fr.po")
    source = tmp_path / "NCT03562065.txt"
    source.write_text(SEED.read_text().replace("* Poor patient compliance.\n", ""), "utf-8")
    cli("import", source, "--content", content)
    result = cli("translations", "update", "--content", content)
    assert result.output.strip().endswith("0 new, 0 fuzzy, 39 kept")
    po = content / "trials" / "NCT03562065" / "fr.po"
    moved = read_translations(po)["eligibility.exclusion.10.text"]
    assert (moved.source, moved.text, moved.fuzzy) == (
        "Patient under legal protection.",
        shipped["eligibility.exclusion.11.text"].text,
        False,
    )
    obsolete = [m.string for m in read_catalog(po).obsolete.values()]
    assert obsolete == ["Mauvaise observance du patient."]
    cli("import", SEED, "--content", content)
    result = cli("translations", "update", "--content", content)
    assert result.output.strip().endswith("0 new, 0 fuzzy, 40 kept")
    assert po.read_bytes() == (TRIAL / "fr.po").read_bytes()


def test_update_of_an_unknown_trial_names_it(tmp_path: Path, cli) -> None:
    result = cli("translations", "update", "NCT99999999", "--content", tmp_path, expect_ok=False)
    assert result.exit_code == 1
    assert f"no record for NCT99999999 under {tmp_path}/trials/" in result.output


def test_broken_po_file_is_a_content_error_with_its_line(tmp_path: Path) -> None:
    po = tmp_path / "fr.po"
    po.write_text('msgctxt "title.brief"\nmsgid "Title"\nmsgstr "Titre"\nmsgid\n', "utf-8")
    with pytest.raises(ContentError) as caught:
        read_translations(po)
    assert str(caught.value) == f"{po}:4: msgid without a quoted string"


def _entry_of(text: str, context: str) -> str:
    """Return one entry of a catalog's text, from its msgctxt line to the blank line after it."""
    start = text.index(f'msgctxt "{context}"')
    return text[start : text.index("\n\n", start) + 1]


# Strict catalogs (issue 16): each edit of the shipped fr.po, the line msgfmt --check would
# name (the first line holding `at`, or the last one with "last "), and the message.
MALFORMED = {
    "unterminated": (lambda t: t.replace('cordon ombilical"\n', "cordon ombilical\n"),
                     "cordon ombilical",
                     'unterminated string: a line must end with a closing quote "'),
    "CR-only line ends": (lambda t: t.replace("\n", "\r"), "",
                          "line ends with CR only (old Mac format); save with LF line ends"),
    "duplicate msgctxt": (lambda t: t + "\n" + _entry_of(t, "title.brief"),
                          'last msgctxt "title.brief"',
                          "duplicate entry (first defined on line {})"),
    "charset": (lambda t: t.replace("charset=utf-8", "charset=iso-8859-1"), 'msgstr ""',
                'header says charset=iso-8859-1, the file is UTF-8: write "charset=UTF-8"'),
    "NUL": (lambda t: t.replace("cordon ombilical", "cordon\x00ombilical"), "cordon",
            "NUL byte in the file"),
    "control character": (lambda t: t.replace("cordon ombilical", "cordon\x1bombilical"), "cordon",
                          "control character U+001B in a string"),
    "escaped control character": (lambda t: t.replace("cordon ombilical", "cordon\\aombilical"),
                                  "cordon", "control character U+0007 in a string"),
    "python-format flag": (
        lambda t: t.replace('msgctxt "eligibility.exclusion.0.items.1.text"',
                            '#, python-format\nmsgctxt "eligibility.exclusion.0.items.1.text"'),
        "40\u202f% à",
        '"#, python-format": msgstr is not a valid format string, unlike msgid (write "%%" for a '
        "percent sign, or remove the flag)",
    ),
}  # fmt: skip


def _line_holding(text: str, at: str) -> int:
    lines = text.replace("\r", "\n").split("\n")
    numbers = [n for n, line in enumerate(lines, 1) if at.removeprefix("last ") in line]
    return numbers[-1] if at.startswith("last ") else numbers[0]


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_a_catalog_msgfmt_would_refuse_is_refused_with_its_line(tmp_path: Path, name: str) -> None:
    edit, at, message = MALFORMED[name]
    shipped = (TRIAL / "fr.po").read_bytes().decode("utf-8")
    edited = edit(shipped)
    assert edited != shipped
    path = tmp_path / "fr.po"
    path.write_bytes(edited.encode("utf-8"))
    with pytest.raises(ContentError) as caught:
        read_translations(path)
    line = _line_holding(edited, at)
    first = _line_holding(shipped, 'msgctxt "title.brief"')
    assert str(caught.value) == f"{path}:{line}: {message.format(first)}"


def test_an_update_does_not_flag_record_text_as_a_format_string(tmp_path: Path) -> None:
    """Babel flags any "%" text python-format; msgfmt --check then refuses "40 %" (review 13)."""
    content = write_content(tmp_path)
    update_catalogs(content, ["NCT03562065"])
    text = (content / "trials" / "NCT03562065" / "fr.po").read_text(encoding="utf-8")
    assert "python-format" not in text
    assert "<40% on echocardiography" in text


def test_every_shipped_catalog_is_one_msgfmt_check_accepts() -> None:
    """The trial catalogs and the UI catalog (whose confidence-interval labels once carried a
    python-format flag "80 %" broke, like fr.po:143 in medical review 13)."""
    from generator.pofile import check_po_bytes

    catalogs = [*sorted((ROOT / "content" / "trials").glob("*/*.po")),
                ROOT / "templates" / "locales" / "fr" / "LC_MESSAGES" / "messages.po"]  # fmt: skip
    assert len(catalogs) > 4
    for path in catalogs:
        check_po_bytes(path.read_bytes(), path)
