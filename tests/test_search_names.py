"""The other names of a trial's conditions that search indexes (issue 20), over all 88 fixture
records in both languages: each is a name the terms file gives the record's own condition or
MeSH term, in that language; none is made up, none is missed."""

from __future__ import annotations

from functools import cache

import pytest
from conftest import CONTENT, CTGOV

from generator.importer import read_source
from generator.loader import load_content
from generator.model import Record
from generator.render.search_names import other_names
from generator.terms import Term, Terms

SOURCES = sorted(p for p in CTGOV.rglob("*") if p.suffix in (".json", ".xml"))


@cache
def records() -> list[Record]:
    return [record for source in SOURCES for record in read_source(source)]


@cache
def terms() -> Terms:
    return load_content(CONTENT).terms


def _known(record: Record) -> list[Term]:
    """The terms file's entries for the record's conditions and MeSH terms."""
    names = [*record.conditions, *(m.term for m in record.condition_mesh)]
    names += [m.id for m in record.condition_mesh if m.id]
    return [term for name in names if (term := terms().entry_for(name)) is not None]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_other_names_are_the_terms_files_names_of_the_records_conditions(lang: str) -> None:
    assert len(records()) == 88
    with_names = 0
    for record in records():
        found = other_names(record, terms(), lang)
        known = _known(record)
        allowed = {name.casefold() for term in known for name in term.names(lang)}
        assert {name.casefold() for name in found} <= allowed, record.nct_id
        assert len({name.casefold() for name in found}) == len(found), record.nct_id  # once
        wanted = {term.name(lang).casefold() for term in known if term.name(lang)}
        assert wanted <= {name.casefold() for name in found}, record.nct_id
        with_names += bool(found)
    assert with_names > 0  # the fixtures hold conditions the terms file knows


def test_lay_names_are_found_for_the_shipped_lung_cancer_and_eczema_trials() -> None:
    content = load_content(CONTENT)
    trials = {trial.record.nct_id: trial.record for trial in content.trials}
    assert "lung cancer" in other_names(trials["NCT04267848"], content.terms, "en")
    assert "eczema" in other_names(trials["NCT02210780"], content.terms, "en")
    assert "eczéma atopique" in other_names(trials["NCT02210780"], content.terms, "fr")
