"""What `trialsite import` is given -> sources: NCT ids and study URLs fetched, folders listed."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from ..errors import ContentError, ContentErrors, TrialsiteError
from ..model import Record
from ..registry import ID_RE, STUDY_URL_RE
from . import Imported, Source, read_sources, write_imported
from .registry_api import Registry, RegistryError

logger = logging.getLogger(__name__)

_ID_RE = re.compile(ID_RE.pattern, re.IGNORECASE)
RECORD_SUFFIXES = (".json", ".xml", ".txt")


def study_id(argument: str) -> str | None:
    """Return the NCT id an argument names (an id or a study URL), else None."""
    if _ID_RE.match(argument):
        return argument.upper()
    match = STUDY_URL_RE.match(argument)
    return match["id"].upper() if match else None


def source_copy(content_dir: Path, nct_id: str) -> Path:
    """Return where the fetched JSON of one study is kept, so an import can be replayed."""
    return content_dir / "sources" / f"{nct_id}.json"


def import_arguments(
    arguments: list[str],
    content_dir: Path,
    registry: Registry,
    *,
    search: str | None = None,
    limit: int | None = None,
    with_related: bool = False,
) -> list[Path]:
    """Import ids, URLs, files, folders and a search; write nothing unless all read cleanly."""
    files, ids = split_arguments(arguments)
    sources: list[Source | Path] = list(files)
    sources += fetch_studies(ids, content_dir, registry)
    if search is not None:
        sources += search_studies(search, limit, content_dir, registry)
    imported = read_sources(sources)
    if with_related:
        _add_related(imported, content_dir, registry)
    _check_answers(imported)
    return write_imported(imported, content_dir)


def _check_answers(imported: Imported) -> None:
    """Refuse an answer that is not the study asked for (its copy would carry a wrong name)."""
    errors = [
        ContentError(f"the registry answered for {source.path.stem} with another study",
                     source.path, None, "nct_id")
        for source in imported.fetched
        if imported.claimed.get(source.path.stem) != source.path
    ]  # fmt: skip
    if errors:
        raise ContentErrors(errors, "nothing was written")


def split_arguments(arguments: list[str]) -> tuple[list[Path], list[str]]:
    """Return the files to read (folders listed) and the ids to fetch, in the order given."""
    files: list[Path] = []
    ids: list[str] = []
    errors: list[ContentError] = []
    for argument in arguments:
        nct_id = study_id(argument)
        if nct_id is not None:
            ids.append(nct_id)
        elif re.match(r"^[a-z]+://", argument, re.IGNORECASE):
            # Not a path: Path() would turn "https://" into "https:/".
            errors.append(ContentError(
                f"{argument}: not a ClinicalTrials.gov study address (expected "
                "https://clinicaltrials.gov/study/NCT followed by 8 digits)"
            ))  # fmt: skip
        elif Path(argument).is_dir():
            found = record_files(Path(argument))
            if not found:
                message = f"no record file ({', '.join(RECORD_SUFFIXES)}) in this folder"
                errors.append(ContentError(message, argument))
            files += found
        else:
            files.append(Path(argument))
    if errors:
        raise ContentErrors(errors, "nothing was written")
    return files, list(dict.fromkeys(ids))


def record_files(folder: Path) -> list[Path]:
    """Return the record files of a folder (not its sub-folders), sorted by name."""
    return sorted(
        path
        for path in folder.iterdir()
        if path.suffix.lower() in RECORD_SUFFIXES
        and not path.name.startswith(".")
        and path.is_file()
    )


def fetch_studies(ids: list[str], content_dir: Path, registry: Registry) -> list[Source]:
    """Fetch each study, one progress line each; raise every failure together."""
    sources: list[Source] = []
    failures: list[str] = []
    for number, nct_id in enumerate(ids, 1):
        logger.info("fetching %s (%d/%d)", nct_id, number, len(ids))
        try:
            sources.append(Source(source_copy(content_dir, nct_id), registry.study(nct_id)))
        except RegistryError as exc:
            failures.append(f"{nct_id}: {exc.message}")
    if failures:
        summary = f"{len(failures)} of {len(ids)} studies could not be fetched; nothing was written"
        raise TrialsiteError("\n".join([*failures, summary]))
    return sources


def search_studies(
    query: str, limit: int | None, content_dir: Path, registry: Registry
) -> list[Source]:
    """Fetch every study of an API v2 search, following its pages, one progress line each."""
    sources = []
    for number, study in enumerate(registry.search(query, limit), 1):
        nct_id = _search_hit_id(study)
        logger.info("found %s (%d)", nct_id, number)
        data = json.dumps(study, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
        sources.append(Source(source_copy(content_dir, nct_id), data))
    if not sources:
        raise TrialsiteError(f'the search "{query}" found no study; nothing was written')
    return sources


def _search_hit_id(study: object) -> str:
    ident = study.get("protocolSection", {}) if isinstance(study, dict) else {}
    nct_id = ident.get("identificationModule", {}).get("nctId") if isinstance(ident, dict) else None
    if not isinstance(nct_id, str) or not _ID_RE.match(nct_id):
        raise TrialsiteError(f"the registry's search answer holds a study without a valid "
                             f"NCT id ({nct_id!r}); nothing was written")  # fmt: skip
    return nct_id.upper()


def _add_related(imported: Imported, content_dir: Path, registry: Registry) -> None:
    """Fetch the related trials the imported records list and that are not already here."""
    wanted = []
    for record in list(imported.records):
        for other in related_ids(record):
            present = (content_dir / "trials" / other / "record.yaml").exists()
            if other not in imported.claimed and other not in wanted and not present:
                wanted.append(other)
    if wanted:
        logger.info("related trials to import: %s", ", ".join(wanted))
        read_sources(list(fetch_studies(wanted, content_dir, registry)), imported)


def related_ids(record: Record) -> list[str]:
    """Return the NCT ids a record lists as related trials or links to, in order."""
    found = [item.nct_id for item in record.related]
    for link in getattr(record, "see_also", []):
        nct_id = study_id(link.url)
        if nct_id:
            found.append(nct_id)
    return [nct_id for nct_id in dict.fromkeys(found) if nct_id != record.nct_id]
