"""Translation memory: what the other trials' catalogs already say in French (issue 19).

Registry text repeats itself across trials ("Signed informed consent", "Pregnant or
breastfeeding women"); a new catalog should not start empty when a reviewed translation of the
same English exists next door. Identical English is filled, with a comment naming its origin;
English at least 85 % similar (difflib's ratio) is offered as a fuzzy suggestion, the other
English beside it, for a person to review. Either way the numbers gate compares every entry's
numbers with its own English, so a reused translation never hides a changed number.
"""

from __future__ import annotations

import difflib
import logging
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Message

from .catalogs import read_catalog
from .layout import catalog_path

logger = logging.getLogger(__name__)

SIMILAR = 0.85
"""Lowest difflib ratio at which another trial's translation is offered as a suggestion."""


@dataclass(frozen=True)
class Remembered:
    """A reviewed translation found in another trial's catalog."""

    english: str
    text: str
    nct_id: str
    context: str

    @property
    def origin(self) -> str:
        """Return where it comes from, as a catalog comment says it."""
        return f"{self.nct_id} {self.context}"


class TranslationMemory:
    """Every reviewed (translated, not fuzzy) entry of the given trial folders in one language."""

    def __init__(self, folders: list[Path], language: str) -> None:
        self.entries: dict[str, list[Remembered]] = {}
        for folder in folders:
            path = catalog_path(folder, language)
            if not path.exists():
                continue
            for message in read_catalog(path):
                if _reviewed(message):
                    remembered = Remembered(
                        str(message.id), str(message.string), folder.name, str(message.context)
                    )
                    self.entries.setdefault(remembered.english, []).append(remembered)

    def exact(self, english: str, nct_id: str) -> Remembered | None:
        """Return a reviewed translation of the same English in another trial, if any."""
        return _other(self.entries.get(english, []), nct_id)

    def similar(self, english: str, nct_id: str) -> Remembered | None:
        """Return the translation of the most similar English (>= 85 %) in another trial."""
        for match in difflib.get_close_matches(english, list(self.entries), n=5, cutoff=SIMILAR):
            found = _other(self.entries[match], nct_id)
            if found is not None and match != english:
                return found
        return None


def _reviewed(message: Message) -> bool:
    """True for a translated entry nobody flagged fuzzy."""
    translated = isinstance(message.string, str) and bool(message.string)
    return bool(message.id and message.context and translated and not message.fuzzy)


def _other(candidates: list[Remembered], nct_id: str) -> Remembered | None:
    return next((entry for entry in candidates if entry.nct_id != nct_id), None)
