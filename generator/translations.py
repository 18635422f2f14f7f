"""Create or update the per-trial PO catalogs of record text after an import.

One catalog per trial and language (`content/trials/<NCT id>/fr.po`); msgid is the English
passage, msgctxt its field path (see `texts.translatable_texts`). We match old and new entries
by msgctxt ourselves rather than with Babel's `Catalog.update`, whose difflib matching drops a
translation to the obsolete list when an edit changes more than a few words and can borrow the
translation of a similar passage from another field; a reviewer must see the old translation of
the same field, marked fuzzy, whatever the size of the edit (issue 5).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import write_po

from .catalogs import read_catalog
from .errors import TrialsiteError
from .exponents import NOTE_MARK, translator_comments
from .files import write_if_changed
from .jail import check_jail
from .languages import LANGUAGES, SOURCE
from .layout import RECORD_FILE, catalog_path, site_file
from .loader import load_record, load_site, trial_folders
from .memory import TranslationMemory
from .model import Record, Site
from .texts import translatable_texts

logger = logging.getLogger(__name__)


def update_catalogs(content_dir: Path, nct_ids: list[str]) -> list[str]:
    """Create or update the catalogs of the given trials (all when empty); return a line each."""
    check_jail(content_dir)  # issue 14: never write a catalog through a link out of content/
    languages = translated_languages(content_dir)
    folders = _selected_folders(content_dir, nct_ids)
    every = trial_folders(content_dir)
    memories = {language: TranslationMemory(every, language) for language in languages}
    lines = []
    for folder in folders:
        record = load_record(folder / RECORD_FILE)
        for language in languages:
            lines.append(update_catalog(folder, record, language, memories[language]))
    return lines


def translated_languages(content_dir: Path) -> list[str]:
    """Return the languages the site translates its records into (not the source language).

    A folder without site.yaml (a bare import) gets the default languages.
    """
    if not site_file(content_dir).exists():
        return [code for code in Site.model_fields["languages"].default if code != SOURCE]
    return [code for code in load_site(content_dir).languages if code != SOURCE]


def update_catalog(
    folder: Path, record: Record, language: str, memory: TranslationMemory | None = None
) -> str:
    """Rewrite one trial's catalog from its record, keeping and flagging old translations;
    a passage new to it takes another trial's translation from `memory` when there is one."""
    path = catalog_path(folder, language)
    old = read_catalog(path) if path.exists() else None
    catalog = _new_catalog(record, language)
    counts = {"new": 0, "fuzzy": 0, "kept": 0}
    remembered = {"from memory": 0, "suggested": 0}
    for context, english in translatable_texts(record):
        message, outcome = _merged(context, english, old)
        if outcome == "new" and memory is not None:
            message, outcome = _remembered(message, memory, record.nct_id, remembered)
        # Babel flags any text with "%" as python-format; record text is never a format
        # string, and msgfmt --check then refuses "40 %" in French (medical review 13).
        message.flags.discard("python-format")
        # Translators are told of a suspected lost exponent (medical review item 2).
        others = [c for c in message.auto_comments if not c.startswith(NOTE_MARK)]
        message.auto_comments = others + translator_comments(english)
        catalog[english] = message
        counts[outcome] += 1
    _keep_obsolete(catalog, old)
    if write_if_changed(path, catalog_bytes(catalog)):
        logger.debug("wrote %s", path)
    summary = ", ".join(f"{count} {name}" for name, count in counts.items())
    if any(remembered.values()):  # issue 19: say how much of the catalog the memory wrote
        summary += f"; {remembered['from memory']} from memory, {remembered['suggested']} "
        summary += "suggested by memory (fuzzy)"
    return f"{path}: {summary}"


def _remembered(
    message: Message, memory: TranslationMemory, nct_id: str, counts: dict[str, int]
) -> tuple[Message, str]:
    """Return a new entry filled from another trial's catalog, or unchanged when none fits."""
    english, context = str(message.id), message.context
    same = memory.exact(english, nct_id)
    if same is not None:
        counts["from memory"] += 1
        comment = f"translation memory: same English in {same.origin}"
        return Message(english, same.text, context=context, user_comments=[comment]), "kept"
    close = memory.similar(english, nct_id)
    if close is not None:
        counts["suggested"] += 1
        comment = f"translation memory: suggestion from {close.origin}; review it"
        suggestion = Message(english, close.text, context=context, flags={"fuzzy"},
                             previous_id=[close.english], user_comments=[comment])  # fmt: skip
        return suggestion, "fuzzy"
    return message, "new"


def catalog_bytes(catalog: Catalog) -> bytes:
    """Return the PO text of `catalog` without Babel's `Generated-By` header.

    The header names the installed Babel version; a file people commit must not change when
    the tool does (issue 12: Babel 2.19 rewrote every catalog).
    """
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_previous=True, sort_output=False)
    lines = buffer.getvalue().splitlines(keepends=True)
    return b"".join(line for line in lines if not line.startswith(b'"Generated-By: '))


def _selected_folders(content_dir: Path, nct_ids: list[str]) -> list[Path]:
    folders = {folder.name: folder for folder in trial_folders(content_dir)}
    unknown = [nct_id for nct_id in nct_ids if nct_id not in folders]
    if unknown:
        raise TrialsiteError(f"no record for {', '.join(unknown)} under {content_dir}/trials/")
    return [folders[nct_id] for nct_id in nct_ids] if nct_ids else list(folders.values())


def _new_catalog(record: Record, language: str) -> Catalog:
    stamp = dt.datetime.fromisoformat(_full_date(record.status.last_update or "2000"))
    catalog = Catalog(
        locale=language, project=f"trialsite {record.nct_id}", version=record.status.last_update,
        creation_date=stamp, revision_date=stamp, fuzzy=False, header_comment=(
            f"# {language} translation of the record text of {record.nct_id}.\n"
            "# msgid: the English passage as registered; msgctxt: its field path in record.yaml.\n"
            "# Written by `trialsite translations update`; edit msgstr and drop `fuzzy` flags."
        ),
    )  # fmt: skip
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "trialsite translators"
    catalog.language_team = f"{language}"
    # GNU gettext's rule from the languages table rather than Babel's CLDR data, which changed
    # in 2.19 (three forms for French): committed headers must not follow the installed version
    # (issue 12). Record text has no plural entries; the header is only stable.
    catalog.mime_headers = [("Plural-Forms", LANGUAGES[language].plural_forms)]
    return catalog


def _full_date(value: str) -> str:
    parts = value.split("-") + ["01", "01"]
    return "-".join(parts[:3]) + "T00:00:00+00:00"


def _merged(context: str, english: str, old: Catalog | None) -> tuple[Message, str]:
    """Return the entry for one passage and whether it is new, kept, or fuzzy.

    The same English found under another field path (a criterion inserted or removed above it
    shifts the indices, or the same group title in each outcome of the results) or among
    obsolete entries keeps its translation, also when this field's entry is still empty;
    otherwise an edited passage keeps its field's old translation, marked fuzzy with the old
    English beside it. An entry still untranslated counts as new (the memory may fill it).
    """
    previous = _by_context(old, context)
    if previous is not None and previous.id == english and previous.string:
        keep = Message(english, previous.string, context=context, flags=previous.flags,
                       previous_id=previous.previous_id, auto_comments=previous.auto_comments,
                       user_comments=previous.user_comments)  # fmt: skip
        return keep, "fuzzy" if previous.fuzzy else "kept"
    moved = _same_english(old, english)
    if moved is not None:
        message = Message(
            english,
            moved.string,
            context=context,
            flags=moved.flags,
            previous_id=moved.previous_id,
            user_comments=moved.user_comments,
        )
        return message, "fuzzy" if moved.fuzzy else "kept"  # fmt: skip
    if previous is not None and previous.string:
        stale = Message(
            english,
            previous.string,
            context=context,
            flags={"fuzzy"},
            previous_id=[str(previous.id)],
            user_comments=previous.user_comments,
        )
        return stale, "fuzzy"  # fmt: skip
    # Still untranslated: new again, so that the translation memory may fill it (issue 19).
    comments = previous.user_comments if previous is not None and previous.id == english else []
    return Message(english, "", context=context, user_comments=comments), "new"


def _entries(old: Catalog | None) -> list[Message]:
    """Return the current and obsolete entries of a catalog that have a field path."""
    if old is None:
        return []
    return [m for m in [*old, *old.obsolete.values()] if m.context and m.id]


def _by_context(old: Catalog | None, context: str) -> Message | None:
    return next((message for message in _entries(old) if message.context == context), None)


def _same_english(old: Catalog | None, english: str) -> Message | None:
    """Return a translated entry of the same English text, under any field path."""
    return next((m for m in _entries(old) if m.id == english and m.string), None)


def _keep_obsolete(catalog: Catalog, old: Catalog | None) -> None:
    """Keep translations of passages the record no longer has, as `#~` entries for review."""
    carried = {m.id for m in catalog} | {m.previous_id[0] for m in catalog if m.previous_id}
    for message in _entries(old):
        if message.string and message.id not in carried:
            catalog.obsolete[(message.id, message.context)] = message
