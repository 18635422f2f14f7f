"""Importers: registry records (text, API v2 JSON, legacy XML) -> `trials/<id>/record.yaml`."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import ContentError, ContentErrors
from ..files import write_if_changed
from ..model import Record
from ..validation import error_where
from ..yamlfile import decode_text
from .dump import dump_record, prune

__all__ = ["build_record", "dump_record", "import_sources", "read_source", "write_record"]

logger = logging.getLogger(__name__)
_SAFE_ID_RE = re.compile(r"NCT[0-9]{8}")


def build_record(data: dict[str, Any], path: Path) -> Record:
    """Validate imported data as a Record; a problem is a ContentError naming the source."""
    try:
        return Record.model_validate(prune(data))
    except ValidationError as exc:
        message, where = error_where(Record, exc.errors()[0])
        nct = data.get("nct_id", "?")
        raise ContentError(f"{message} (record {nct})", path, None, where) from None


def read_source(path: Path) -> list[Record]:
    """Return the records in one source file, whichever of the three formats it is."""
    try:
        text = decode_text(path.read_bytes(), path)
    except OSError as exc:
        raise ContentError(f"cannot read file: {exc.strerror}", path) from None
    start = text.lstrip()[:1]
    if start in ("{", "["):
        from .ctgov_json import parse_ctgov_json

        return [build_record(data, path) for data in parse_ctgov_json(text, path)]
    if start == "<":
        from .ctgov_xml import parse_ctgov_xml

        return [build_record(parse_ctgov_xml(text, path), path)]
    from .registry_text import parse_registry_text

    return [build_record(parse_registry_text(text, path), path)]


def write_record(record: Record, content_dir: Path) -> Path:
    """Write `record.yaml` of one trial atomically, unless unchanged; nothing else is touched."""
    if not _SAFE_ID_RE.fullmatch(record.nct_id):
        raise ContentError(
            f'refusing to write a record with id "{record.nct_id}"', None, None, "nct_id"
        )
    folder = content_dir / "trials" / record.nct_id
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "record.yaml"
    if not write_if_changed(target, dump_record(record).encode("utf-8")):
        logger.debug("%s unchanged", target)
    return target


def import_sources(sources: list[Path], content_dir: Path) -> list[Path]:
    """Import every source; write nothing unless all of them read cleanly. Return the paths."""
    records: list[Record] = []
    errors: list[ContentError] = []
    claimed: dict[str, Path] = {}
    for source in sources:
        try:
            found = read_source(Path(source))
        except ContentErrors as exc:
            errors.extend(exc.errors)
            continue
        except ContentError as exc:
            errors.append(exc)
            continue
        for record in found:
            if record.nct_id in claimed:
                errors.append(_claimed_twice(record.nct_id, claimed[record.nct_id], Path(source)))
            claimed.setdefault(record.nct_id, Path(source))
            records.append(record)
    if errors:
        raise ContentErrors(errors, "nothing was written")
    try:
        written = [write_record(record, content_dir) for record in records]
    except OSError as exc:
        where = exc.filename2 or exc.filename
        raise ContentError(f"cannot write the record: {exc.strerror}", where) from None
    for path in written:
        logger.debug("wrote %s", path)
    return written


def _claimed_twice(nct_id: str, first: Path, second: Path) -> ContentError:
    """Return the error for two records that would both write `trials/<nct_id>/`."""
    also = "also in this file" if first == second else f"also in {first}"
    return ContentError(f"two records claim {nct_id} ({also})", second, None, "nct_id")
