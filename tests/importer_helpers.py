"""Helpers shared by the importer tests: fixture lists, tree walks, round trips."""

from __future__ import annotations

from pathlib import Path

from conftest import CTGOV

from generator.importer import dump_record, write_record
from generator.loader import load_record
from generator.model import Criterion, Record

JSON_FILES = sorted((CTGOV / "json").rglob("*.json"))
XML_FILES = sorted((CTGOV / "xml").glob("*.xml"))


def fixture_id(path: Path) -> str:
    """Return a short test id for a fixture file."""
    return path.relative_to(CTGOV).as_posix()


def walk(criteria: list[Criterion]) -> list[Criterion]:
    """Return every criterion of a tree in document order."""
    result: list[Criterion] = []
    for criterion in criteria:
        result.append(criterion)
        result += walk(criterion.items)
    return result


def words(criteria: list[Criterion]) -> list[str]:
    """Return the words of a criteria tree in document order."""
    return [word for criterion in walk(criteria) for word in criterion.text.split()]


def assert_round_trip(record: Record, content_dir: Path) -> None:
    """Write the record, load it back and check the dump is the file, byte for byte."""
    path = write_record(record, content_dir)
    text = path.read_text(encoding="utf-8")
    assert dump_record(load_record(path)) == text
    assert load_record(path) == record
