"""Errors trialsite reports to people: what went wrong, in which file, line and field."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click


class TrialsiteError(click.ClickException):
    """Base of every error shown to a user; click prints it and exits 1."""


class ContentError(TrialsiteError):
    """A problem in one content file, located by path, line and field."""

    def __init__(
        self,
        message: str,
        path: Path | str | None = None,
        line: int | None = None,
        field: str | None = None,
        source_line: str | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        self.field = field
        self.source_line = source_line
        super().__init__(message)

    def __str__(self) -> str:
        location = ""
        if self.path is not None:
            location = f"{self.path}:" if self.line is None else f"{self.path}:{self.line}:"
        field = f" {self.field}:" if self.field else ""
        head = f"{location}{field} {self.message}".strip()
        if self.source_line and self.source_line.strip():
            return f"{head}\n    {_shorten(self.source_line.strip())}"
        return head

    def format_message(self) -> str:
        return str(self)


def _shorten(line: str, limit: int = 120) -> str:
    """Return a quoted source line short enough to read (a 10 MB line is not echoed whole)."""
    return line if len(line) <= limit else f"{line[: limit - 1]}…"


class ContentErrors(TrialsiteError):
    """Every content error of a run, reported together with one summary line."""

    def __init__(self, errors: Iterable[ContentError], consequence: str = "") -> None:
        self.errors = list(errors)
        files = {error.path for error in self.errors}
        noun = "error" if len(self.errors) == 1 else "errors"
        file_noun = "file" if len(files) == 1 else "files"
        summary = f"{len(self.errors)} {noun} in {len(files)} {file_noun}"
        if consequence:
            summary = f"{summary}; {consequence}"
        self.summary = summary
        super().__init__("\n".join([*(str(error) for error in self.errors), summary]))


class BuildError(TrialsiteError):
    """The site could not be built; the previous site is left as it was."""
