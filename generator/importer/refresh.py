"""`trialsite refresh`: fetch every trial again, write what changed, say what is now stale."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalogs import catalog_path, read_translations
from ..errors import ContentError, ContentErrors, TrialsiteError
from ..files import write_if_changed
from ..jail import check_jail
from ..loader import RECORD_FILE, load_file, load_record, trial_folders
from ..model import PlainLanguage, Record
from ..translations import translated_languages, update_catalog
from . import parse_source, write_record
from .fetch import source_copy
from .registry_api import Registry, RegistryError

logger = logging.getLogger(__name__)


@dataclass
class RefreshReport:
    """One line per trial, the counts of each outcome, and what people must now review."""

    lines: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    stale_translations: int = 0
    stale_patient_texts: int = 0

    def add(self, nct_id: str, outcome: str, detail: str = "") -> None:
        """Record the outcome of one trial."""
        self.counts[outcome] = self.counts.get(outcome, 0) + 1
        self.lines.append(f"{nct_id}: {detail or outcome}")

    def summary(self) -> str:
        """Return the closing line: counts, and stale texts to review."""
        order = ("unchanged", "updated", "new", "removed", "failed")
        counts = ", ".join(f"{self.counts.get(name, 0)} {name}" for name in order)
        total = sum(self.counts.values())
        return (f"{total} trial(s): {counts}; now stale: {self.stale_translations} "
                f"translation(s), {self.stale_patient_texts} reviewed patient text(s)")  # fmt: skip

    @property
    def failed(self) -> bool:
        """Whether any trial could not be refreshed."""
        return self.counts.get("failed", 0) > 0


def refresh_trials(
    content_dir: Path, registry: Registry, nct_ids: list[str], force: bool = False
) -> RefreshReport:
    """Fetch each trial (every trial in content/ by default) and write the records that changed."""
    check_jail(content_dir)  # issue 14: never read or write through a link out of content/
    ids = nct_ids or [folder.name for folder in trial_folders(content_dir)]
    if not ids:
        raise TrialsiteError(f"no trial to refresh under {content_dir}/trials/")
    report = RefreshReport()
    for number, nct_id in enumerate(ids, 1):
        logger.info("fetching %s (%d/%d)", nct_id, number, len(ids))
        try:
            _refresh_one(content_dir, registry, nct_id, force, report)
        except RegistryError as exc:
            if exc.status == 404:
                report.add(nct_id, "removed", "removed from the registry (kept here; HTTP 404)")
            else:
                report.add(nct_id, "failed", f"failed: {exc.message}")
        except (ContentError, ContentErrors) as exc:
            report.add(nct_id, "failed", f"failed: {exc.format_message()}")
        _count_stale(content_dir / "trials" / nct_id, report)
    return report


def _refresh_one(
    content_dir: Path, registry: Registry, nct_id: str, force: bool, report: RefreshReport
) -> None:
    body = registry.study(nct_id)
    copy = source_copy(content_dir, nct_id)
    (record,) = parse_source(body, copy)
    if record.nct_id != nct_id:
        raise ContentError(f"the registry answered with {record.nct_id}", copy, None, "nct_id")
    path = content_dir / "trials" / nct_id / RECORD_FILE
    old = load_record(path) if path.exists() else None
    if old == record:
        report.add(nct_id, "unchanged")
        return
    if old is not None and _older(record, old) and not force:
        report.add(nct_id, "failed", (
            f"refused: the registry's record (last updated {record.status.last_update}) is "
            f"older than ours ({old.status.last_update}); use --force to take it"
        ))  # fmt: skip
        return
    copy.parent.mkdir(parents=True, exist_ok=True)
    write_if_changed(copy, body)
    write_record(record, content_dir)
    for language in translated_languages(content_dir):
        update_catalog(path.parent, record, language)
    if old is None:
        report.add(nct_id, "new")
    else:
        report.add(nct_id, "updated", f"updated: {', '.join(changed_fields(old, record))}")


def _older(new: Record, old: Record) -> bool:
    """Whether the fetched record was last updated before ours (partial ISO dates compare)."""
    ours, theirs = old.status.last_update, new.status.last_update
    return bool(ours and theirs and theirs < ours)


def changed_fields(old: Record, new: Record) -> list[str]:
    """Return the record fields that differ, one level deep: `status.overall`, `arms`."""
    before, after = old.model_dump(exclude_defaults=True), new.model_dump(exclude_defaults=True)
    changed = []
    for key in sorted(set(before) | set(after), key=list(Record.model_fields).index):
        one, two = before.get(key), after.get(key)
        if one == two:
            continue
        if isinstance(one, dict) and isinstance(two, dict):
            changed += [f"{key}.{sub}" for sub in _differing(one, two)]
        else:
            changed.append(key)
    return changed


def _differing(one: dict[str, Any], two: dict[str, Any]) -> list[str]:
    return [key for key in dict.fromkeys([*one, *two]) if one.get(key) != two.get(key)]


def _count_stale(folder: Path, report: RefreshReport) -> None:
    """Add the fuzzy translations and the patient texts reviewed against an older record."""
    path = folder / RECORD_FILE
    if not path.exists():
        return
    record, _ = load_file(path, Record)
    for language in translated_languages(folder.parent.parent):
        catalog = catalog_path(folder, language)
        if catalog.exists():
            entries = read_translations(catalog).values()
            report.stale_translations += sum(entry.fuzzy for entry in entries)
    for text_path in sorted(folder.glob("patients.*.yaml")):
        if len(text_path.name.split(".")) != 3:  # patients.en.draft.yaml: a draft, not reviewed
            continue
        plain, _ = load_file(text_path, PlainLanguage)
        current = record.status.last_update if record else None
        if plain is not None and current and plain.reviewed_against != current:
            report.stale_patient_texts += 1
