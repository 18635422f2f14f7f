"""Child builds of one language.

`python -m generator.site.mkdocs.worker CONFIG KNOWN_JSON` runs one build (a large site's
French half, beside the English one). `python -m generator.site.mkdocs.worker --resident`
stays up for the preview: it reads one JSON request per line (`{"config", "known", "dirty"}`),
builds, and answers one JSON line, keeping MkDocs and the theme loaded between rebuilds.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from pathlib import Path
from typing import Any

from . import config as engine


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))


def build_once(config: str, known: frozenset[str], dirty: bool = False) -> dict[str, Any]:
    """Run one MkDocs build; return its warnings and its error, if any."""
    collect = _Collect()
    ours = logging.getLogger("generator")
    ours.addHandler(collect)
    ours.propagate = False
    error = None
    try:
        engine.run_mkdocs(Path(config), known, dirty=dirty)
    except Exception as exc:  # reported by the parent, with the warnings that explain it
        error = str(exc) or type(exc).__name__
    finally:
        ours.removeHandler(collect)
    return {"records": collect.records, "error": error}


def child_main(config: str, known: str) -> int:
    """Run one build; print its warnings and error as one JSON line."""
    known_files = frozenset(json.loads(Path(known).read_text("utf-8")))
    sys.stdout.write(json.dumps(build_once(config, known_files)) + "\n")
    return 0


def resident_main() -> int:
    """Answer build requests, one JSON line each way, until the parent closes stdin."""
    answers = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        with contextlib.redirect_stdout(sys.stderr):  # only answers go to the parent's pipe
            report = build_once(
                request["config"], frozenset(request["known"]), bool(request["dirty"])
            )
        answers.write(json.dumps(report) + "\n")
        answers.flush()
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--resident"]:
        sys.exit(resident_main())
    sys.exit(child_main(*sys.argv[1:3]))
