"""Results numbers gate (issue 17): every "X of Y" and percentage of posted results is registered.

On the patient and public pages, in every language, the results section may state only pairs
of people (affected of at risk, counted of measured) that the registry posted, each percentage
equal to the one computed from its pair (`render.results.percent`: one rounding everywhere),
and it must state the headline counts: how many started and how many finished the study.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from ..layout import RECORD_FILE
from ..model import Record, Trial
from ..render.results import percent
from .findings import Finding
from .numbers import split_words
from .results_facts import flow_counts, registered_pairs
from .staleness import line_of_key

logger = logging.getLogger(__name__)
_SECTION = re.compile(r"^## [^\n]*\{ #results \}\n(.*?)(?=^## |\Z)", re.DOTALL | re.MULTILINE)
_SPACE = r"[ \u00a0\u202f]"
# A count as pages write it: 4856, 4,856 or 4 856 (French groups with a narrow space).
_NUM = r"\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?![\d,.]\d)|\d+"
# "22 of 23 people (96%)", "22 personnes sur 23 (96 %)": the pair, then its percentage if any.
_PAIR = re.compile(
    rf"(?<![\d.,])({_NUM}){_SPACE}+(?:of|out{_SPACE}+of|personnes?{_SPACE}+sur|sur){_SPACE}+"
    rf"({_NUM})(?:{_SPACE}+(?:people|person|participants?))?(?:{_SPACE}*\((\d+){_SPACE}*%\))?",
    re.IGNORECASE,
)
_COUNT = re.compile(rf"(?<![\d.,])(?:{_NUM})")


def results_gate(record: Record, pages: dict[str, str]) -> list[Finding]:
    """Return an error per results number of a patient or public page the registry did not post."""
    if record.results is None:
        return []
    pairs = registered_pairs(record)
    findings: list[Finding] = []
    for name, markdown in sorted(pages.items()):
        if "/investigators/" in name:
            continue
        section = _SECTION.search(markdown)
        text = markdown if section is None else section.group(1)
        own, _quoted = split_words(text)
        for message in _pair_problems(own, pairs):
            findings.append(Finding("numbers", "error", message, record.nct_id, name))
        findings += _missing_headline(record, name, own)
    return findings


def _pair_problems(text: str, pairs: set[tuple[int, int]]) -> list[str]:
    problems = []
    for match in _PAIR.finditer(text):
        affected, total = _int(match.group(1)), _int(match.group(2))
        if (affected, total) not in pairs:
            problems.append(f"states {affected} of {total} people, which the results do not post")
        shown = match.group(3)
        if shown is not None and int(shown) != percent(affected, total):
            problems.append(f"states {affected} of {total} as {shown}%, "
                            f"computed {percent(affected, total)}%")  # fmt: skip
    return problems


def _missing_headline(record: Record, name: str, text: str) -> list[Finding]:
    counts = flow_counts(record)
    wanted = {
        "started": sum(counts["started"]) if counts["started"] else None,
        "finished": sum(counts["finished"]) if counts["finished"] else None,
    }
    numbers = {_int(n) for n in _COUNT.findall(text)}
    return [
        Finding("numbers", "error", f"results: {value} people {kind} (in all) is missing",
                record.nct_id, name)
        for kind, value in wanted.items() if value is not None and value not in numbers
    ]  # fmt: skip


def _int(text: str) -> int:
    return int(re.sub(r"[^0-9]", "", text))


def results_presence(trial: Trial) -> list[Finding]:
    """Return a warning when the record says results are posted but none were imported.

    A registry-text import knows only "Results posted: Yes" (issue 17): the pages then link to
    the registry and say nothing of the numbers until the API v2 JSON or XML is imported.
    """
    record = trial.record
    if not record.has_results or record.results is not None:
        return []
    path = Path(trial.folder) / RECORD_FILE
    message = ("results are posted on the registry but not imported; import the API v2 JSON "
               f"(trialsite import {record.nct_id}) to show them")  # fmt: skip
    return [Finding("results", "warning", message, record.nct_id, str(path),
                    line_of_key(path, "has_results"), "has_results")]  # fmt: skip
