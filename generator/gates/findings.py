"""What a quality gate reports: one located finding, a warning or an error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    """One problem found by a gate, located by file (or page) and line when known."""

    gate: str
    level: Level
    message: str
    trial: str | None = None
    path: str | None = None
    line: int | None = None
    field: str | None = None
    """The record field, catalog entry (msgctxt) or section the finding is about (issue 16)."""

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        about = f"{self.field}: " if self.field else ""
        return f"{where}{self.gate}: {about}{self.message}"
