"""Load `content/` into the validated model, collecting every error of the run."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from .catalogs import read_translations
from .errors import ContentError, ContentErrors
from .jail import check_jail
from .layout import RECORD_FILE, RESULTS_FILE
from .model import Content, Glossary, PlainLanguage, Record, Site, TranslatedText, Trial
from .registry import ID_RE
from .results import Results
from .terms import TERMS_FILE, Terms, checked_terms
from .validation import validate
from .workers import map_jobs
from .yamlfile import YamlDocument, read_yaml

logger = logging.getLogger(__name__)
ModelT = TypeVar("ModelT", bound=BaseModel)


def load_file(path: Path, model: type[ModelT]) -> tuple[ModelT | None, list[ContentError]]:
    """Return one YAML file validated as `model`, or the errors found in it."""
    document, errors = _read(path)
    return validate(document, model) if document is not None else (None, errors)


def load_terms(content_dir: Path) -> tuple[Terms | None, list[ContentError]]:
    """Return `content/terms.yaml` validated (empty when absent), or the errors found in it."""
    path = content_dir / TERMS_FILE
    if not path.is_file():
        return Terms(), []
    document, errors = _read(path)
    terms, errors = validate(document, Terms) if document is not None else (None, errors)
    if terms is None or document is None:
        return None, errors
    errors = checked_terms(document, terms)
    return (None, errors) if errors else (terms, [])


def _read(path: Path) -> tuple[YamlDocument | None, list[ContentError]]:
    try:
        return read_yaml(path), []
    except ContentError as error:
        return None, [error]
    except OSError as exc:
        return None, [ContentError(f"cannot read file: {exc.strerror}", path)]


def load_record(path: Path) -> Record:
    """Return one `record.yaml` (with `results.yaml` beside it) as a Record, or raise errors."""
    record, errors = load_file(path, Record)
    if record is not None:
        record = _with_results(record, path.parent / RESULTS_FILE, errors)
    if errors or record is None:
        raise ContentErrors(errors)
    return record


def load_site(content_dir: Path) -> Site:
    """Return `site.yaml` validated, raising its errors."""
    check_jail(content_dir)
    site, errors = load_file(content_dir / "site.yaml", Site)
    if errors or site is None:
        raise ContentErrors(errors)
    return site


def load_content(content_dir: Path, kept: Callable[[Path], Trial | None] | None = None) -> Content:
    """Return the whole content folder validated, or raise every error found in it.

    `kept(folder)` may return a trial loaded before whose files did not change (the preview's);
    the others are read again, here rather than in worker processes.
    """
    check_jail(content_dir)  # issue 14: no link out of content/ is ever read
    errors: list[ContentError] = []
    site = _collect(load_file(content_dir / "site.yaml", Site), errors)
    glossary = _collect(load_file(content_dir / "glossary.yaml", Glossary), errors)
    terms = _collect(load_terms(content_dir), errors)
    folders = trial_folders(content_dir)

    def load_trial(index: int) -> tuple[Trial | None, list[ContentError]]:
        found: list[ContentError] = []
        known = kept(folders[index]) if kept is not None else None
        return known or _load_trial(folders[index], found), found

    trials = []
    workers = 1 if kept is not None else None  # issue 7: on every core, unless most are kept
    for trial, found in map_jobs(load_trial, len(folders), workers):
        errors += found
        if trial is not None:
            trials.append(trial)
    if errors or site is None or glossary is None or terms is None:
        raise ContentErrors(errors)
    return Content(site=site, glossary=glossary, trials=trials, terms=terms)


def trial_folders(content_dir: Path) -> list[Path]:
    """Return the folders under `content/trials/` that hold a record, sorted by id."""
    root = content_dir / "trials"
    if not root.is_dir():
        return []
    return sorted(path.parent for path in root.glob(f"*/{RECORD_FILE}"))


def _load_trial(folder: Path, errors: list[ContentError]) -> Trial | None:
    record_path = folder / RECORD_FILE
    record = _collect(load_file(record_path, Record), errors)
    if record is None:
        return None
    if not ID_RE.match(folder.name) or record.nct_id != folder.name:
        errors.append(ContentError(
            f'the record says "{record.nct_id}" but its folder is "{folder.name}"',
            record_path, None, "nct_id",
        ))  # fmt: skip
        return None
    record = _with_results(record, folder / RESULTS_FILE, errors)
    if record is None:
        return None
    plain = {}
    for path in sorted(folder.glob("patients.*.yaml")):
        _, language, *rest = path.name.split(".")
        if rest != ["yaml"]:  # patients.en.draft.yaml is a person's draft: never published
            logger.warning("%s: ignored; patient texts are named patients.<language>.yaml", path)
            continue
        text = _collect(load_file(path, PlainLanguage), errors)
        if text is not None:
            plain[language] = text
    translations = _load_translations(folder, errors)
    return Trial(record=record, folder=str(folder), plain=plain, translations=translations)


def _with_results(record: Record, path: Path, errors: list[ContentError]) -> Record | None:
    """Return the record with the results of `results.yaml` beside it, when there is one."""
    if not path.is_file():
        return record
    results = _collect(load_file(path, Results), errors)
    if results is None:
        return None
    if record.results is not None:
        message = "results are both in record.yaml and in results.yaml: keep one"
        errors.append(ContentError(message, path, None, "results"))
        return None
    return record.model_copy(update={"results": results})


def _load_translations(
    folder: Path, errors: list[ContentError]
) -> dict[str, dict[str, TranslatedText]]:
    """Return the trial's PO catalogs (`<lang>.po`) keyed by language, then by msgctxt."""
    translations = {}
    for path in sorted(folder.glob("*.po")):
        try:
            translations[path.stem] = read_translations(path)
        except ContentError as error:
            errors.append(error)
    return translations


def _collect(
    result: tuple[ModelT | None, list[ContentError]], errors: list[ContentError]
) -> ModelT | None:
    value, found = result
    errors.extend(found)
    return value
