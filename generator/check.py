"""Quality gates run before every build: `trialsite check`.

Content gates (translation, staleness, parity) read the model; page gates (numbers, glossary,
safety, readability) read the Markdown pages the renderer produces, since that is what people see.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from .cache import TrialCache, trial_gates
from .errors import TrialsiteError
from .gates import report as gates_report
from .gates.findings import Finding, Level
from .gates.glossary import glossary_completeness, glossary_gate
from .gates.numbers import numbers_gate
from .gates.parity import parity_gate
from .gates.readability import readability_gate
from .gates.report import TrialRow
from .gates.safety import safety_gate
from .gates.staleness import staleness_gate
from .gates.translation import translation_gate
from .loader import load_content
from .model import Content, Trial
from .render import RenderedSite, SiteRenderer
from .workers import map_jobs

logger = logging.getLogger(__name__)
TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
SOURCE_LANGUAGE = "en"
AUDIENCES = ("", "patients/", "investigators/")
# Issue 5: every dose, age, count and date of the record on all six pages of a trial.
MISSING_NUMBER: Level = "error"


@dataclass
class Report:
    """What the checks found: the content, the rendered pages, every finding, a row per trial."""

    content: Content
    findings: list[Finding] = field(default_factory=list)
    rows: list[TrialRow] = field(default_factory=list)
    rendered: RenderedSite = field(default_factory=RenderedSite)
    """Every page the page gates read, reused by the build."""

    @property
    def warnings(self) -> list[str]:
        """Return the warnings as located messages."""
        return [str(finding) for finding in self.findings if finding.level == "warning"]

    @property
    def errors(self) -> list[str]:
        """Return the errors as located messages."""
        return [str(finding) for finding in self.findings if finding.level == "error"]

    def summary(self) -> str:
        """Return the one-line summary printed by `trialsite check`."""
        trials = len(self.content.trials)
        noun = "trial" if trials == 1 else "trials"
        return (
            f"{trials} {noun} checked, {len(self.errors)} error(s), {len(self.warnings)} warning(s)"
        )


def run_checks(
    content_dir: Path, templates_dir: Path | None = None, content: Content | None = None,
    memory: dict[str, Any] | None = None,
) -> Report:  # fmt: skip
    """Load and validate the content folder (unless `content` is given), then run every gate.

    `memory` (the preview's) keeps each trial's pages and findings in this process from one
    build to the next; the trials are then all made here, not in worker processes.
    """
    content = content or load_content(content_dir)
    report = Report(content=content)
    languages = [lang for lang in content.site.languages if lang != SOURCE_LANGUAGE]
    languages_all = list(content.site.languages)
    glossary_path = str(content_dir / "glossary.yaml")
    report.findings += glossary_completeness(content.glossary, languages_all, glossary_path)
    templates_dir = templates_dir or TEMPLATES_DIR
    cache = TrialCache.for_content(content_dir, templates_dir, memory)  # issue 7: only edits
    renderer = SiteRenderer(content, templates_dir, cache)
    report.rendered = renderer.site_pages()

    def trial_job(index: int) -> tuple[RenderedSite, TrialRow, list[Finding]]:
        trial = content.trials[index]
        made = renderer.trial(trial)
        check = partial(_check_trial, content, trial, languages, made)
        row, findings = trial_gates(trial, _pages_of(made, trial.record.nct_id), cache, check)
        return made, row, findings

    workers = 1 if memory is not None else None
    for made, row, findings in map_jobs(trial_job, len(content.trials), workers):
        report.rendered.add(made)
        report.rows.append(row)
        report.findings += findings
    cache.forget_unused()
    logger.debug("cache: %d entries reused, %d made", cache.hits, cache.misses)
    _log(report.findings)
    if report.errors:
        raise TrialsiteError(f"{report_table(report)}\nquality gates failed: {report.summary()}")
    return report


def _pages_of(rendered: RenderedSite, nct_id: str) -> list[str]:
    """Return the pages of one trial in every language (what its page gates read)."""
    return [
        tree.get(f"trials/{nct_id}/{audience}index.md", "")
        for tree in rendered.pages.values()
        for audience in AUDIENCES
    ]


def _check_trial(
    content: Content, trial: Trial, languages: list[str], rendered: RenderedSite
) -> tuple[TrialRow, list[Finding]]:
    row = TrialRow(trial.record.nct_id)
    findings = staleness_gate(trial)
    row.to_review = sorted(path.split(".")[-2] for f in findings if (path := f.path or ""))
    findings += parity_gate(trial)
    for language in languages:
        row.translations[language], found = translation_gate(trial, language)
        findings += found
    for language in content.site.languages:
        page = rendered.pages.get(language, {}).get(
            f"trials/{trial.record.nct_id}/patients/index.md"
        )
        row.readability[language], found = readability_gate(trial, language, page)
        findings += found
    findings += _page_gates(content, trial, rendered)
    row.errors = sum(1 for finding in findings if finding.level == "error")
    row.warnings = sum(1 for finding in findings if finding.level == "warning")
    return row, findings


def _page_gates(content: Content, trial: Trial, rendered: RenderedSite) -> list[Finding]:
    nct_id = trial.record.nct_id
    pages: dict[str, str] = {}
    findings: list[Finding] = []
    for language, tree in rendered.pages.items():
        for audience in AUDIENCES:
            relpath = f"trials/{nct_id}/{audience}index.md"
            if relpath in tree:
                pages[f"{language}/{relpath}"] = tree[relpath]
        patient = tree.get(f"trials/{nct_id}/patients/index.md")
        if patient is not None:
            name = f"{language}/trials/{nct_id}/patients/index.md"
            findings += safety_gate(nct_id, language, name, patient)
            findings += glossary_gate(content.glossary, nct_id, language, name, patient)
    return numbers_gate(trial.record, pages, MISSING_NUMBER) + findings


def _log(findings: list[Finding]) -> None:
    levels = {"error": logging.ERROR, "warning": logging.WARNING, "info": logging.INFO}
    for finding in findings:
        logger.log(levels[finding.level], "%s", finding)


def report_table(report: Report) -> str:
    """Return the per-trial maintainer table printed by `trialsite check`."""
    return gates_report.report_table(report.rows, list(report.content.site.languages))


def maintainer_report_markdown(report: Report, lang: str) -> str:
    """Return the maintainers' page (`maintainers/index.md`) in `lang`."""
    languages = list(report.content.site.languages)
    return gates_report.maintainer_report_markdown(
        report.rows, report.findings, languages, lang, report.summary()
    )
