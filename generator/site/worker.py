"""A child build of one language: `python -m generator.site.worker CONFIG KNOWN_JSON`."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from . import config as engine


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


def child_main(config: str, known: str) -> int:
    """Run one MkDocs build; print its warnings and error, if any, as one JSON line."""
    collect = _Collect()
    ours = logging.getLogger("generator")
    ours.addHandler(collect)
    ours.propagate = False
    error = None
    try:
        engine.run_mkdocs(Path(config), frozenset(json.loads(Path(known).read_text("utf-8"))))
    except Exception as exc:  # reported by the parent, with the warnings that explain it
        error = str(exc) or type(exc).__name__
    sys.stdout.write(json.dumps({"records": collect.records, "error": error}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(child_main(*sys.argv[1:3]))
