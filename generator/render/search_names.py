"""The other names of a trial's conditions, for search (issue 20): what a reader may type.

A record names a condition as the registry does ("Lung Non-Small Cell Carcinoma", "Dermatitis,
Atopic"); a patient types "lung cancer" or "eczema". `content/terms.yaml` gives each condition
its name in each language, its everyday (lay) name and its other names, written by a person.
The overview carries those of its conditions for Pagefind to index (`data-pagefind-index-attrs`
on its "For whom" line), so the trial is found by them; nothing is made up: a condition the
terms file does not know adds no name.
"""

from __future__ import annotations

from ..model import Record
from ..terms import Terms


def other_names(record: Record, terms: Terms, lang: str) -> list[str]:
    """Return the terms file's names, in `lang`, of the record's conditions, once each."""
    found = [terms.entry_for(name) for name in record.conditions]
    found += [terms.entry_for(mesh.id or mesh.term) or terms.entry_for(mesh.term)
              for mesh in record.condition_mesh]  # fmt: skip
    names: dict[str, str] = {}
    for term in found:
        for name in term.names(lang) if term is not None else []:
            names.setdefault(name.casefold(), name)
    return list(names.values())
