"""The source formats `trialsite import` reads, in one table: how each is told apart and parsed.

A new format is one row here and one parser module beside this one. A parser returns the data
of each record in the source, in the shape of `record.yaml`; the importer validates it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .ctgov_json import parse_ctgov_json
from .ctgov_xml import parse_ctgov_xml
from .registry_text import parse_registry_text

Parse = Callable[[str, Path], list[dict[str, Any]]]


@dataclass(frozen=True)
class Format:
    """One kind of source file."""

    name: str
    """Its name in `record.source.format`."""
    starts: tuple[str, ...]
    """The first non-blank characters that identify it; empty: anything no other row takes."""
    parse: Parse
    """Source text and its path (for errors) -> the data of every record in it."""


def _one(parse: Callable[[str, Path], dict[str, Any]]) -> Parse:
    return lambda text, path: [parse(text, path)]


FORMATS = (
    Format("ctgov-json", ("{", "["), parse_ctgov_json),  # API v2: one study or a search page
    Format("ctgov-xml", ("<",), _one(parse_ctgov_xml)),  # legacy XML, retired in 2024
    Format("registry-text", (), _one(parse_registry_text)),  # a study page saved as text
)


def format_of(text: str) -> Format:
    """Return the format of a source's text, by its first non-blank character."""
    start = text.lstrip()[:1]
    return next(row for row in FORMATS if start in row.starts or not row.starts)
