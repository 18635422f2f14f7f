"""The maintainer report: a row per trial, as a CLI table or a Markdown page in any language."""

from __future__ import annotations

from dataclasses import dataclass, field
from gettext import NullTranslations

from ..languages import SOURCE
from ..model import Trial
from ..render.pagetypes import N_
from .findings import Finding
from .readability import TARGETS
from .translation import TranslationCounts

LABELS = {
    "title": N_("Maintainer report"), "trial": N_("Trial"),
    "translated": N_("translated / fuzzy / missing"), "reading": N_("reading ease"),
    "review": N_("Plain text to review"), "errors": N_("Errors"), "warnings": N_("Warnings"),
    "findings": N_("Findings"), "none": N_("Nothing to report."), "target": N_("target"),
    "pages": N_("Pages and files"), "patient": N_("Patient text"),
    "written": N_("written, checked against the record of %(date)s"),
    "generated": N_("generated from the record"), "overview": N_("overview"),
    "patients": N_("patients"), "investigators": N_("investigators"),
    "files": N_("files to edit"),
}  # fmt: skip
"""The report page's words: msgids of the UI catalog, translated like the pages' own."""


@dataclass
class TrialRow:
    """One line of the maintainer report: what the gates found for one trial."""

    nct_id: str
    translations: dict[str, TranslationCounts] = field(default_factory=dict)
    readability: dict[str, float | None] = field(default_factory=dict)
    to_review: list[str] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0


def report_table(rows: list[TrialRow], languages: list[str]) -> str:
    """Return the per-trial table printed by `trialsite check`."""
    others = [lang for lang in languages if lang != SOURCE]
    head = ["trial", *(f"{lang} done/fuzzy/missing" for lang in others)]
    head += [*(f"reading {lang}" for lang in languages), "to review", "errors", "warnings"]
    lines = [head, *(_cells(row, languages) for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def maintainer_report_markdown(
    rows: list[TrialRow], findings: list[Finding], languages: list[str], summary: str,
    translations: NullTranslations, trials: list[Trial] | None = None,
    repo_url: str | None = None,
) -> str:  # fmt: skip
    """Return the maintainers' page (`maintainers/index.md`), front matter included.

    Its words come through `translations`, the UI catalog of the page's language.
    """
    words = {key: translations.gettext(message) for key, message in LABELS.items()}
    others = [other for other in languages if other != SOURCE]
    head = [words["trial"], *(f"{other}: {words['translated']}" for other in others)]
    head += [f"{words['reading']} {code} ({TARGETS[code][0]}, {words['target']} "
             f"{'≤' if TARGETS[code][2] == 'max' else '≥'} {TARGETS[code][1]:g})"
             for code in languages if code in TARGETS]  # fmt: skip
    head += [words["review"], words["errors"], words["warnings"]]
    table = [_row(head), _row(["---"] * len(head))]
    for row in rows:
        cells = _cells(row, [code for code in languages if code in TARGETS or code in others])
        cells[0] = f"[{row.nct_id}](../trials/{row.nct_id}/index.md)"
        table.append(_row(cells))
    listed = [f"- `{finding}`" for finding in findings if finding.level != "info"]
    body = [f"# {words['title']}", "", summary, "", *table, "", f"## {words['findings']}", ""]
    body += [*(listed or [words["none"]]), ""]
    if trials:
        body += [f"## {words['pages']}", "", *_trial_lines(trials, languages, words, repo_url)]
    # Not for readers: out of the navigation (site pages table), the search and search engines.
    front = f"---\ntitle: {words['title']}\nsearch:\n  exclude: true\nrobots: noindex\n---"
    return "\n".join([front, "", *body, ""])


def _trial_lines(
    trials: list[Trial], languages: list[str], words: dict[str, str], repo_url: str | None
) -> list[str]:
    """Return, per trial, its pages, its patient text's state and the files people edit."""
    lines = []
    for trial in trials:
        nct_id = trial.record.nct_id
        pages = ", ".join(
            f"[{words[key]}](../trials/{nct_id}/{path}index.md)"
            for key, path in (("overview", ""), ("patients", "patients/"),
                              ("investigators", "investigators/"))
        )  # fmt: skip
        plain = "; ".join(
            f"{code}: " + (words["written"] % {"date": trial.plain[code].reviewed_against}
                           if code in trial.plain else words["generated"])
            for code in languages
        )  # fmt: skip
        names = ["record.yaml", *(f"{code}.po" for code in languages if code != SOURCE)]
        names += [f"patients.{code}.yaml" for code in languages if code in trial.plain]
        files = ", ".join(
            f"[{name}]({repo_url.rstrip('/')}/blob/main/content/trials/{nct_id}/{name})"
            if repo_url
            else f"`content/trials/{nct_id}/{name}`"
            for name in names
        )
        lines += [f"- **{nct_id}**: {pages}. {words['patient']}: {plain}. "
                  f"{words['files']}: {files}.", ""]  # fmt: skip
    return lines


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _cells(row: TrialRow, languages: list[str]) -> list[str]:
    others = [lang for lang in languages if lang != SOURCE]
    counts = [_counts(row.translations.get(lang)) for lang in others]
    scores = [_score(row.readability.get(lang)) for lang in languages]
    review = ", ".join(row.to_review) or "-"
    return [row.nct_id, *counts, *scores, review, str(row.errors), str(row.warnings)]


def _counts(counts: TranslationCounts | None) -> str:
    if counts is None:
        return "-"
    return f"{counts.translated}/{counts.fuzzy}/{counts.missing}"


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"
