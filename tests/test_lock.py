"""The locks (issue 12): .venv holds exactly what they pin, and they agree with each other."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from lock_drift import drift, installed, locked_pins  # noqa: E402

LOCKS = sorted(ROOT.glob("requirements*.lock"))
PIP_LOCK = ROOT / "requirements-pip.lock"
"""pip alone, installed first into a new venv; the other locks each install a whole venv."""


def test_there_are_four_locks() -> None:
    assert [lock.name for lock in LOCKS] == [
        "requirements-bench.lock", "requirements-pip.lock", "requirements-test.lock",
        "requirements.lock",
    ]  # fmt: skip
    assert list(locked_pins(PIP_LOCK)) == ["pip"]


@pytest.mark.locked
def test_the_test_venv_holds_exactly_the_locked_versions() -> None:
    """`make test` installed the test lock; nothing else but trialsite, pip and the bench extra."""
    differ = drift(ROOT / "requirements-test.lock")
    assert differ == [], "the lock changed since .venv was made: run make .venv/.installed-test"
    allowed = {name for lock in LOCKS for name in locked_pins(lock)} | {"trialsite", "pip"}
    assert sorted(set(installed()) - allowed) == []


def test_a_package_has_one_version_in_every_lock() -> None:
    versions: dict[str, set[str]] = {}
    for lock in LOCKS:
        for name, version in locked_pins(lock).items():
            versions.setdefault(name, set()).add(version)
    assert {name: found for name, found in versions.items() if len(found) > 1} == {}


@pytest.mark.parametrize("lock", LOCKS, ids=lambda lock: lock.name)
def test_every_pin_has_hashes(lock: Path) -> None:
    """pip's --require-hashes refuses a lock with an unhashed pin; say which one here."""
    entries = re.split(r"\n(?=[A-Za-z0-9])", lock.read_text(encoding="utf-8"))
    pins = [entry for entry in entries if "==" in entry.split("\n")[0]]
    assert len(pins) >= len(locked_pins(lock))
    assert [pin.split()[0] for pin in pins if "--hash=sha256:" not in pin] == []


def test_the_locks_hold_the_build_backend_pyproject_names() -> None:
    """The project installs with --no-build-isolation, so its backend must come from the lock."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = pyproject["build-system"]["requires"]
    lines = (ROOT / "tools" / "build-requirements.in").read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if line and not line.startswith("#")] == wanted
    for lock in LOCKS:
        assert ("setuptools" in locked_pins(lock)) == (lock != PIP_LOCK), lock.name


@pytest.mark.parametrize(
    ("lock", "extra"),
    [("requirements.lock", None), ("requirements-test.lock", "test"),
     ("requirements-bench.lock", "bench")],
)  # fmt: skip
def test_each_lock_pins_what_pyproject_asks_for(lock: str, extra: str | None) -> None:
    """A dependency added to pyproject.toml without `make lock` fails here, by name."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"].get(extra, [])]
    pins = locked_pins(ROOT / lock)
    unmet = []
    for text in wanted:
        requirement = Requirement(text)
        version = pins.get(canonicalize_name(requirement.name))
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            unmet.append(f"{text} (locked: {version})")
    assert unmet == []
