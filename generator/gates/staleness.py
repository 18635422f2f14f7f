"""Staleness gate: plain-language text reviewed against an older record than the current one."""

from __future__ import annotations

from pathlib import Path

from ..model import Trial
from .findings import Finding


def staleness_gate(trial: Trial) -> list[Finding]:
    """Return a "to review" finding per plain-language file older than the record."""
    current = trial.record.status.last_update
    findings = []
    for language, plain in sorted(trial.plain.items()):
        if current is not None and plain.reviewed_against != current:
            path = Path(trial.folder) / f"patients.{language}.yaml"
            findings.append(Finding(
                "staleness", "warning",
                f"to review: written against the record of {plain.reviewed_against}, "
                f"the record was updated on {current}",
                trial.record.nct_id, str(path), line_of_key(path, "reviewed_against"),
            ))  # fmt: skip
    return findings


def line_of_key(path: Path, key: str) -> int | None:
    """Return the 1-based line where a top-level YAML key starts, or None."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    return next((n for n, text in enumerate(lines, 1) if text.startswith(f"{key}:")), None)
