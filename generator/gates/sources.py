"""Where a text came from: the file a person edits, its line and its field (issue 16).

Findings name `patients.<lang>.yaml`, `fr.po`, `record.yaml` or `glossary.yaml` with a line and
a section or field, never a generated page: a reader fixes the text where it was written.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import ContentError
from ..layout import RECORD_FILE, RESULTS_FILE
from ..model import Record, Trial
from ..texts import translatable_texts
from ..yamlfile import read_yaml
from .claims import find_claims
from .findings import Finding

_BLOCK = re.compile(r"^[\w-]+:\s*[|>][-+0-9]*\s*(?:#.*)?$")


@dataclass(frozen=True)
class Source:
    """One passage a person edits: its file, the line it starts on, its field, its text."""

    path: str
    line: int | None
    field: str
    text: str
    language: str


def section_line(path: Path, section: str, offset: int, text: str) -> int | None:
    """Return the line of `path` holding character `offset` of a top-level section's text."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    key = next((n for n, line in enumerate(lines, 1) if line.startswith(f"{section}:")), None)
    if key is None:
        return None
    if _BLOCK.match(lines[key - 1]):  # a block scalar keeps the text's lines one for one
        leading = len(text) - len(text.lstrip("\n"))
        return key + 1 + text.count("\n", 0, offset) - leading
    words = text[offset : offset + 30].split()
    needle = " ".join(words[:3])
    return next((n for n, line in enumerate(lines[key - 1 :], key) if needle in line), key)


@functools.lru_cache(maxsize=256)
def _record_lines(path: str, stamp: float) -> dict[str, int]:
    try:
        document = read_yaml(Path(path))
    except (ContentError, OSError):
        return {}
    return {".".join(str(part) for part in where): line for where, line in document.lines.items()}


def record_file(folder: str, field: str) -> tuple[Path, str]:
    """Return the file that holds a dotted record field, and the field's path in that file:
    posted results live in `results.yaml` beside `record.yaml` (issue 17)."""
    results = Path(folder) / RESULTS_FILE
    if field.startswith("results.") and results.exists():
        return results, field.removeprefix("results.")
    return Path(folder) / RECORD_FILE, field


def record_line(folder: str, field: str) -> int | None:
    """Return the line of a dotted field of a trial's `record.yaml` or `results.yaml` (or of
    its nearest parent)."""
    path, field = record_file(folder, field)
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return None
    lines = _record_lines(str(path), stamp)
    parts = field.split(".")
    for end in range(len(parts), 0, -1):
        line = lines.get(".".join(parts[:end]))
        if line is not None:
            return line
    return None


def record_sources(trial: Trial, language: str) -> list[Source]:
    """Return the record's passages as a reader of `language` sees them, with their files.

    English passages are the record's own (`record.yaml`); another language's are the
    translations in `<lang>.po`, each at its entry's line.
    """
    folder = trial.folder
    if language == "en":
        return [Source(str(record_file(folder, context)[0]), record_line(folder, _field(context)),
                       context, text, "en")
                for context, text in translatable_texts(trial.record)]  # fmt: skip
    catalog = trial.translations.get(language, {})
    path = str(Path(folder) / f"{language}.po")
    return [Source(path, entry.line, context, entry.text, language)
            for context, entry in catalog.items() if entry.text]  # fmt: skip


def _field(context: str) -> str:
    """Return the record field of a catalog context: `summary.2` is paragraph 3 of `summary`."""
    return re.sub(r"^(summary|description)\.\d+$", r"\1", context)


def record_names(record: Record) -> list[str]:
    """Return the names a page quotes from the record: conditions, interventions, arms, sites."""
    names = [*record.conditions, *record.keywords]
    names += [i.name for i in record.interventions] + [n for i in record.interventions
                                                       for n in i.other_names]  # fmt: skip
    names += [arm.label for arm in record.arms]
    names += [part for site in record.locations
              for part in (site.facility, site.city, site.state, site.country) if part]  # fmt: skip
    agencies = [record.sponsor, *record.collaborators]
    names += [agency.name for agency in agencies if agency is not None]
    names += [part for c in record.contacts for part in (c.name, c.affiliation) if part]
    return [name for name in names if name]


GLOSSARY_FILE = "glossary.yaml"
PAGE_TEMPLATES = {"": "templates/public/page.md.j2", "patients": "templates/patient/page.md.j2",
                  "investigators": "templates/investigator/page.md.j2"}  # fmt: skip


def relocate(finding: Finding, trial: Trial, language: str) -> Finding:
    """Return a page gate's finding located where a person fixes it, the page named in words.

    A number of the record missing from a generated page, or contradicted by it, names the
    record field; a promise names the record passage (or its translation) that makes it; a
    glossary finding names the glossary entry.
    """
    page = finding.path or ""
    message = f"{finding.message} (on {page})" if page else finding.message
    if finding.gate == "numbers" and finding.field:
        line = record_line(trial.folder, finding.field)
        path = str(record_file(trial.folder, finding.field)[0])
        return replace(finding, path=path, line=line, message=message)
    if finding.gate == "glossary":
        content_dir = Path(trial.folder).parent.parent
        slug = re.search(r'^"([\w-]+)" is used', finding.message)
        field = finding.field or (f"terms.{slug.group(1)}" if slug else "terms")
        path = content_dir / GLOSSARY_FILE
        return replace(finding, path=str(path), line=_glossary_line(path, field),
                       field=field, message=message)  # fmt: skip
    if finding.gate == "readability" and page.endswith(".md"):
        # A generated section: the fix is to write it by hand, in the patient text file.
        path = Path(trial.folder) / f"patients.{language}.yaml"
        advice = f"{finding.message}; write this section in {path.name} to replace it"
        return replace(finding, path=str(path), message=f"{advice} (on {page})")
    if finding.gate == "safety":
        phrase = re.search(r'"([^"]+)"$', finding.message)
        source = _source_saying(trial, language, phrase.group(1)) if phrase else None
        if source is not None:
            return replace(finding, path=source.path, line=source.line, field=source.field,
                           message=message)  # fmt: skip
        audience = page.split("/")[3] if page.count("/") > 3 else ""
        return replace(finding, path=PAGE_TEMPLATES.get(audience, page), message=message)
    return finding


def _source_saying(trial: Trial, language: str, phrase: str) -> Source | None:
    """Return the record passage (or translation) in which the claim `phrase` is made."""
    for source in record_sources(trial, language):
        if any(found.lower() == phrase.lower() for found, _ in find_claims(source.text, language)):
            return source
    return None


def _glossary_line(path: Path, field: str) -> int | None:
    try:
        document = read_yaml(path)
    except (ContentError, OSError):
        return None
    return document.line_of(tuple(field.split(".")))
