"""The GitHub Actions workflows (issue 12): audited by zizmor offline, and written so a value
from outside never reaches a shell and a job holds only the permissions it uses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))


def test_zizmor_finds_nothing_of_medium_severity_or_higher() -> None:
    zizmor = Path(sys.executable).parent / "zizmor"
    result = subprocess.run(
        [zizmor, "--offline", "--format", "json", "--no-progress", WORKFLOWS],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode != 1, result.stderr  # 1: zizmor failed; 10-14: it found things
    findings = json.loads(result.stdout)
    serious = [
        f"{finding['ident']}: {finding['desc']} ({_where(finding)})"
        for finding in findings
        if finding["determinations"]["severity"] not in ("Unknown", "Informational", "Low")
    ]
    assert serious == []


def _where(finding: dict[str, Any]) -> str:
    location = finding["locations"][0]
    path = location["symbolic"]["key"]["Local"]["verbatim_path"]
    return f"{path}:{location['concrete']['location']['start_point']['row'] + 1}"


def _load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_no_template_expansion_inside_run(path: Path) -> None:
    """Values reach shell steps through `env:`, never spliced into the script's text."""
    steps = [step for job in _load(path)["jobs"].values() for step in job.get("steps", [])]
    assert [step["run"] for step in steps if "${{" in step.get("run", "")] == []


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_permissions_are_granted_per_job(path: Path) -> None:
    workflow = _load(path)
    assert workflow.get("permissions") == {}
    assert [name for name, job in workflow["jobs"].items() if "permissions" not in job] == []


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_checkouts_keep_no_credentials(path: Path) -> None:
    steps = [step for job in _load(path)["jobs"].values() for step in job.get("steps", [])]
    checkouts = [step for step in steps if step.get("uses", "").startswith("actions/checkout@")]
    kept = [
        step for step in checkouts if step.get("with", {}).get("persist-credentials") is not False
    ]
    assert kept == []


def test_the_site_is_built_only_after_the_tests_pass() -> None:
    pages = _load(WORKFLOWS / "pages.yml")["jobs"]
    assert pages["test"]["uses"] == "./.github/workflows/test.yml"
    assert pages["build"]["needs"] == "test" and pages["deploy"]["needs"] == "build"
    test = _load(WORKFLOWS / "test.yml")
    assert [step.get("run") for step in test["jobs"]["test"]["steps"]][-1] == "make test"
    assert set(test[True]) == {"pull_request", "push", "workflow_call"}  # YAML 1.1: on -> True
