"""Read the per-trial PO catalogs of record text (`content/trials/<NCT id>/<lang>.po`).

msgid is the English passage, msgctxt its field path (see `texts.translatable_texts`). Writing
them after an import is `translations.py`'s job.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po, unescape

from .errors import ContentError
from .layout import catalog_path
from .model import TranslatedText
from .pofile import check_po_bytes

__all__ = ["catalog_path", "read_catalog", "read_translations"]
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')


def read_translations(path: Path) -> dict[str, TranslatedText]:
    """Return the entries of one PO catalog keyed by msgctxt, raising ContentError when bad."""
    catalog = read_catalog(path)
    found: dict[str, TranslatedText] = {}
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        if message.context is None:
            raise ContentError("entry has no msgctxt (field path)", path, message.lineno)
        found[message.context] = TranslatedText(
            source=message.id,
            text=message.string if isinstance(message.string, str) and message.string else None,
            fuzzy=message.fuzzy,
            line=message.lineno,
        )
    return found


def read_catalog(path: Path) -> Catalog:
    """Return one PO file as a Babel catalog, or raise a ContentError naming the line."""
    try:
        raw = path.read_bytes()
        check_po_bytes(raw, path)  # refuse what msgfmt --check refuses (issue 16)
        catalog = read_po(io.BytesIO(raw), locale=path.stem, abort_invalid=True)
    except PoFileError as exc:
        # Babel counts lines from 0 and appends "on <n>" to its message.
        message = str(exc).rsplit(" on ", 1)[0]
        raise ContentError(f"invalid PO file: {message}", path, exc.lineno + 1) from None
    except (OSError, ValueError, LookupError) as exc:
        # LookupError: the header names a charset Python does not know.
        raise ContentError(f"cannot read PO file: {exc}", path) from None
    for message in catalog:
        _restore_previous_id(message)
    return catalog


def _restore_previous_id(message: Message) -> None:
    """Turn `#| msgid` lines, which Babel reads as translator comments, back into previous_id.

    Kept only while the entry is fuzzy: once a reviewer clears the flag the old English has
    served its purpose, as with gettext's msgmerge.
    """
    previous = " ".join(line[1:].strip() for line in message.user_comments if line[:1] == "|")
    message.user_comments = [line for line in message.user_comments if line[:1] != "|"]
    if message.fuzzy and previous.startswith("msgid "):
        # Babel wraps these comments at spaces, even inside the quoted string: rejoin them.
        parts = _QUOTED.findall(previous.removeprefix("msgid "))
        message.previous_id = ["".join(unescape(part) for part in parts)]
