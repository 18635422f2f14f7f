"""Importers: registry records (text, API v2 JSON, legacy XML) -> `trials/<id>/record.yaml`."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import ContentError, ContentErrors
from ..exponents import lost_exponents
from ..files import write_if_changed
from ..jail import check_jail
from ..layout import RESULTS_FILE
from ..model import Record
from ..registry import ID_RE
from ..texts import translatable_texts
from ..validation import error_where
from ..yamlfile import FORBIDDEN_CHARS, decode_text
from .dump import dump_record, dump_results, prune

__all__ = [
    "Imported", "Source", "build_record", "dump_record", "import_sources", "parse_source",
    "read_source", "read_sources", "write_imported", "write_record",
]  # fmt: skip

logger = logging.getLogger(__name__)
_SAFE_ID_RE = ID_RE


def build_record(data: dict[str, Any], path: Path) -> Record:
    """Validate imported data as a Record; a problem is a ContentError naming the source."""
    removed: list[str] = []
    data = _without_controls(data, "", removed)
    if removed:
        # Issue 14: a right-to-left override or terminal escape in a registry title reached
        # every page's <title>; the loader refuses them, so the import drops them, and says so.
        logger.warning("%s: removed control characters from %s", path, ", ".join(removed))
    try:
        record = Record.model_validate(prune(data))
    except ValidationError as exc:
        message, where = error_where(Record, exc.errors()[0])
        nct = data.get("nct_id", "?")
        raise ContentError(f"{message} (record {nct})", path, None, where) from None
    _warn_lost_exponents(record, path)
    return record


def _warn_lost_exponents(record: Record, path: Path) -> None:
    """Warn of each passage where a power of ten seems to have lost its superscript."""
    for context, text in translatable_texts(record):
        for found in lost_exponents(text):
            logger.warning(
                '%s: %s: %s: suspected lost exponent "%s" (10^n/L registered as 10n/L?); '
                "shown as registered with a note, never corrected",
                path, record.nct_id, _passage_name(context), found,
            )  # fmt: skip


def _passage_name(context: str) -> str:
    """Name a passage as people do: `eligibility.exclusion.3.items.1.text` is exclusion 4.2."""
    match = re.fullmatch(
        r"eligibility\.(inclusion|exclusion)\.(\d+)((?:\.items\.\d+)*)\.text", context
    )
    if not match:
        return context
    numbers = [int(match[2])] + [int(n) for n in re.findall(r"\d+", match[3])]
    return f"{match[1]} criterion {'.'.join(str(n + 1) for n in numbers)} ({context})"


MAX_SOURCE_BYTES = 64 * 2**20
"""The most `import` reads of one source (issue 14: `import /dev/zero` ran out of memory)."""


def _without_controls(value: Any, where: str, removed: list[str]) -> Any:
    """Return imported data with control and bidi characters removed from every text."""
    if isinstance(value, dict):
        return {
            key: _without_controls(item, f"{where}.{key}" if where else str(key), removed)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_without_controls(item, f"{where}.{n}", removed) for n, item in enumerate(value)]
    if isinstance(value, str) and FORBIDDEN_CHARS.search(value):
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        if FORBIDDEN_CHARS.search(value):
            removed.append(where)
            value = FORBIDDEN_CHARS.sub("", value)
    return value


def read_source(path: Path) -> list[Record]:
    """Return the records in one source file, whichever of the three formats it is."""
    try:
        with path.open("rb") as handle:  # a device or a pipe has no size: read at most the cap
            data = handle.read(MAX_SOURCE_BYTES + 1)
    except IsADirectoryError:
        raise ContentError("is a folder, not a record file", path) from None
    except OSError as exc:
        raise ContentError(f"cannot read file: {exc.strerror}", path) from None
    if len(data) > MAX_SOURCE_BYTES:
        raise ContentError(
            f"larger than {MAX_SOURCE_BYTES // 2**20} MiB; a registry record or search page is "
            "far smaller: is this the right file?",
            path,
        )
    return parse_source(data, path)


def parse_source(data: bytes, path: Path) -> list[Record]:
    """Return the records in the bytes of one source, `path` naming it in errors."""
    from .formats import format_of  # the parsers load only when a command imports

    text = decode_text(data, path)
    return [build_record(found, path) for found in format_of(text).parse(text, path)]


def write_record(record: Record, content_dir: Path) -> Path:
    """Write `record.yaml` of one trial atomically, unless unchanged; nothing else is touched."""
    if not _SAFE_ID_RE.fullmatch(record.nct_id):
        raise ContentError(
            f'refusing to write a record with id "{record.nct_id}"', None, None, "nct_id"
        )
    folder = content_dir / "trials" / record.nct_id
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "record.yaml"
    # Results are written first: a record is never left beside another import's results.
    results = dump_results(record)
    if results is None:
        (folder / RESULTS_FILE).unlink(missing_ok=True)  # generated by import, never edited
    elif not write_if_changed(folder / RESULTS_FILE, results.encode("utf-8")):
        logger.debug("%s unchanged", folder / RESULTS_FILE)
    if not write_if_changed(target, dump_record(record).encode("utf-8")):
        logger.debug("%s unchanged", target)
    return target


@dataclass(frozen=True)
class Source:
    """One source of records: a file to read, or bytes fetched and to be kept at `path`."""

    path: Path
    data: bytes | None = None


@dataclass
class Imported:
    """Records read from sources, not yet written."""

    records: list[Record] = field(default_factory=list)
    fetched: list[Source] = field(default_factory=list)
    claimed: dict[str, Path] = field(default_factory=dict)


def read_sources(sources: list[Source | Path], into: Imported | None = None) -> Imported:
    """Read every source into `into`; raise every error of them together."""
    result = into or Imported()
    errors: list[ContentError] = []
    for item in sources:
        source = item if isinstance(item, Source) else Source(Path(item))
        try:
            if source.data is None:
                found = read_source(source.path)
            else:
                found = parse_source(source.data, source.path)
        except ContentErrors as exc:
            errors.extend(exc.errors)
            continue
        except ContentError as exc:
            errors.append(exc)
            continue
        if source.data is not None:
            result.fetched.append(source)
        for record in found:
            if record.nct_id in result.claimed:
                first = result.claimed[record.nct_id]
                errors.append(_claimed_twice(record.nct_id, first, source.path))
            result.claimed.setdefault(record.nct_id, source.path)
            result.records.append(record)
    if errors:
        raise ContentErrors(errors, "nothing was written")
    return result


def write_imported(imported: Imported, content_dir: Path) -> list[Path]:
    """Keep the fetched copies, then write every record; return the records' paths."""
    check_jail(content_dir)  # issue 14: never write through a link out of content/
    try:
        for source in imported.fetched:
            source.path.parent.mkdir(parents=True, exist_ok=True)
            write_if_changed(source.path, source.data or b"")
        written = [write_record(record, content_dir) for record in imported.records]
    except OSError as exc:
        where = exc.filename2 or exc.filename
        raise ContentError(f"cannot write the record: {exc.strerror}", where) from None
    for path in written:
        logger.debug("wrote %s", path)
    return written


def import_sources(sources: list[Source | Path], content_dir: Path) -> list[Path]:
    """Import every source; write nothing unless all of them read cleanly. Return the paths."""
    return write_imported(read_sources(sources), content_dir)


def _claimed_twice(nct_id: str, first: Path, second: Path) -> ContentError:
    """Return the error for two records that would both write `trials/<nct_id>/`."""
    also = "also in this file" if first == second else f"also in {first}"
    return ContentError(f"two records claim {nct_id} ({also})", second, None, "nct_id")
