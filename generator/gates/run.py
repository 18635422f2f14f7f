"""Run every quality gate on the loaded content and its rendered pages: `run_gates`.

Content gates (translation, staleness, parity) read the model; page gates (numbers, glossary,
safety, readability) read the Markdown pages the renderer produced, since that is what people see.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..cache import TrialCache
from ..languages import SOURCE
from ..layout import TEMPLATES_DIR
from ..model import Content, Trial
from ..render import RenderedSite
from ..render.environment import load_translations
from ..render.pagetypes import TRIAL_PAGES, PageType, gated_pages
from ..terms import TERMS_FILE
from ..workers import map_jobs
from . import report as gates_report
from .findings import Finding, Level
from .glossary import glossary_completeness, glossary_gate
from .numbers import numbers_gate
from .parity import parity_gate
from .readability import readability_gate
from .report import TrialRow
from .results_numbers import results_gate, results_presence
from .safety import promise_gate, quoted_claims, safety_gate, term_claims
from .sources import relocate
from .staleness import staleness_gate
from .translation import translation_gate
from .words import generated_words_gate
from .written import written_gate

logger = logging.getLogger(__name__)
# Issue 5: every dose, age, count and date of the record on all six pages of a trial.
MISSING_NUMBER: Level = "error"


@dataclass
class Report:
    """What the gates found: every finding, and a row per trial for the maintainer report."""

    content: Content
    findings: list[Finding] = field(default_factory=list)
    rows: list[TrialRow] = field(default_factory=list)

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


def run_gates(
    content_dir: Path, content: Content, rendered: RenderedSite,
    cache: TrialCache | None = None, workers: int | None = None,
) -> Report:  # fmt: skip
    """Run every gate on every trial (on every core for a large site) and log the findings.

    With a cache, a trial whose files and pages did not change keeps its findings.
    """
    report = Report(content=content)
    languages = [lang for lang in content.site.languages if lang != SOURCE]
    languages_all = list(content.site.languages)
    glossary_path = str(content_dir / "glossary.yaml")
    report.findings += glossary_completeness(content.glossary, languages_all, glossary_path)
    terms_path = str(content_dir / TERMS_FILE)
    report.findings += term_claims(content.terms, languages_all, terms_path)

    def trial_job(index: int) -> tuple[TrialRow, list[Finding]]:
        trial = content.trials[index]
        check = partial(_check_trial, content, trial, languages, rendered)
        if cache is None:
            return check()
        # Findings depend on the trial's files and on the pages the gates read.
        digest = hashlib.sha256()
        for text in _pages_of(rendered, trial.record.nct_id):
            digest.update(text.encode("utf-8") + b"\0")
        key = cache.key(trial, "gates", digest.hexdigest())
        return cache.fetch("gates", key, check, is_findings)

    for row, findings in map_jobs(trial_job, len(content.trials), workers):
        report.rows.append(row)
        report.findings += findings
    _log(report.findings)
    return report


def is_findings(value: object) -> bool:
    """Return whether a cache entry has the shape of a trial's gate results (row, findings)."""
    return isinstance(value, tuple) and len(value) == 2


def _pages_of(rendered: RenderedSite, nct_id: str) -> list[str]:
    """Return the pages of one trial in every language (what its page gates read)."""
    return [
        tree.get(page.relpath(nct_id), "")
        for tree in rendered.pages.values()
        for page in TRIAL_PAGES
    ]


def _check_trial(
    content: Content, trial: Trial, languages: list[str], rendered: RenderedSite
) -> tuple[TrialRow, list[Finding]]:
    row = TrialRow(trial.record.nct_id)
    findings = staleness_gate(trial)
    row.to_review = sorted(path.split(".")[-2] for f in findings if (path := f.path or ""))
    findings += parity_gate(trial)
    findings += results_presence(trial)
    findings += written_gate(trial, content.glossary)
    findings += quoted_claims(trial, list(content.site.languages))
    for language in languages:
        row.translations[language], found = translation_gate(
            trial, language, content.site.allow_untranslated, content.terms
        )
        findings += found
    for language in content.site.languages:
        for page_type in gated_pages("readability"):
            page = rendered.pages.get(language, {}).get(page_type.relpath(trial.record.nct_id))
            row.readability[language], found = readability_gate(trial, language, page)
            findings += [relocate(finding, trial, language) for finding in found]
    findings += _page_gates(content, trial, rendered)
    row.errors = sum(1 for finding in findings if finding.level == "error")
    row.warnings = sum(1 for finding in findings if finding.level == "warning")
    return row, findings


def _page_gates(content: Content, trial: Trial, rendered: RenderedSite) -> list[Finding]:
    """Return what the page gates find, each located in the file a person edits (issue 16).

    A patient page people wrote is checked at its source by the written gate: it need not
    repeat the record's count or dates, and its mistakes are named at their line.
    """
    nct_id = trial.record.nct_id
    findings: list[Finding] = []
    for language, tree in rendered.pages.items():
        pages: dict[str, str] = {}
        found: list[Finding] = []
        words = rendered.text_languages.get(language, language)  # what the page is written in
        for page_type in gated_pages("numbers"):
            relpath = page_type.relpath(nct_id)
            if relpath in tree and not _written(page_type, trial, words):
                pages[f"{language}/{relpath}"] = tree[relpath]
        found += numbers_gate(trial.record, pages, MISSING_NUMBER)
        # Issue 17: results numbers are checked on written pages too (the same checks).
        shown = [page_type.relpath(nct_id) for page_type in gated_pages("numbers")]
        found += results_gate(trial.record, {f"{language}/{relpath}": tree[relpath]
                                             for relpath in shown if relpath in tree})  # fmt: skip
        for page_type in gated_pages("safety"):
            page = tree.get(relpath := page_type.relpath(nct_id))
            if page is not None and not _written(page_type, trial, words):
                found += safety_gate(nct_id, words, f"{language}/{relpath}", page)
        for page_type in gated_pages("promises"):  # issue 16: the overview, in its own words
            if (page := tree.get(relpath := page_type.relpath(nct_id))) is not None:
                found += promise_gate(nct_id, words, f"{language}/{relpath}", page)
        for page_type in gated_pages("glossary"):
            if (page := tree.get(relpath := page_type.relpath(nct_id))) is not None:
                name = f"{language}/{relpath}"
                found += glossary_gate(content.glossary, nct_id, words, name, page)
                if not _written(page_type, trial, words):
                    found += generated_words_gate(content.glossary, trial, words, name, page)
        findings += [relocate(finding, trial, language) for finding in found]
    return findings


def _written(page_type: PageType, trial: Trial, language: str) -> bool:
    """Return whether people wrote this page's text (checked at its source, issue 16)."""
    return page_type.key == "patients" and language in trial.plain


def _log(findings: list[Finding]) -> None:
    levels = {"error": logging.ERROR, "warning": logging.WARNING, "info": logging.INFO}
    for finding in findings:
        logger.log(levels[finding.level], "%s", finding)


def report_table(report: Report) -> str:
    """Return the per-trial maintainer table printed by `trialsite check`."""
    return gates_report.report_table(report.rows, list(report.content.site.languages))


def maintainer_report_markdown(
    report: Report, lang: str, templates_dir: Path = TEMPLATES_DIR
) -> str:
    """Return the maintainers' page (`maintainers/index.md`) in `lang`."""
    languages = list(report.content.site.languages)
    translations = load_translations(templates_dir, lang)
    return gates_report.maintainer_report_markdown(
        report.rows, report.findings, languages, report.summary(), translations,
        report.content.trials,
    )  # fmt: skip
