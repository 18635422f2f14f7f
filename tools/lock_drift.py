"""Print how the installed packages differ from a lock file; exit 1 when they differ.

`make test-latest` prints it before running the suite against the newest versions, so drift is
seen by name; `tests/test_lock.py` holds .venv to the lock with the same reading.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def locked_pins(lock: Path) -> dict[str, str]:
    """Return name -> version for every pin of `lock` whose marker holds on this Python."""
    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match and (match[3] is None or Marker(match[3]).evaluate()):
            pins[canonicalize_name(match[1])] = match[2]
    return pins


def installed() -> dict[str, str]:
    """Return name -> version of every distribution on this Python's path."""
    return {
        canonicalize_name(dist.metadata["Name"]): dist.version for dist in metadata.distributions()
    }


def drift(lock: Path) -> list[str]:
    """Return one line per locked package missing or at another version than the lock's."""
    have = installed()
    return [
        f"{name}: locked {version}, installed {have.get(name, 'nothing')}"
        for name, version in sorted(locked_pins(lock).items())
        if have.get(name) != version
    ]


def main() -> int:
    lines = drift(Path(sys.argv[1]))
    for line in lines:
        print(line)  # noqa: T201 - a command-line report
    print(f"{len(lines)} package(s) differ from {sys.argv[1]}")  # noqa: T201
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
