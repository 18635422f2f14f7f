"""The maintainer report: a row per trial, as a CLI table or a Markdown page in any language."""

from __future__ import annotations

from dataclasses import dataclass, field
from gettext import NullTranslations

from ..languages import SOURCE
from ..render.pagetypes import N_
from .findings import Finding
from .readability import TARGETS
from .translation import TranslationCounts

LABELS = {
    "title": N_("Maintainer report"), "trial": N_("Trial"),
    "translated": N_("translated / fuzzy / missing"), "reading": N_("reading ease"),
    "review": N_("Plain text to review"), "errors": N_("Errors"), "warnings": N_("Warnings"),
    "findings": N_("Findings"), "none": N_("Nothing to report."), "target": N_("target"),
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
    translations: NullTranslations,
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
    return "\n".join([f"---\ntitle: {words['title']}\n---", "", *body,
                      *(listed or [words["none"]]), ""])  # fmt: skip


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
