"""The translatable passages of a record, each named by its field path (the PO msgctxt)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .model import Criterion, Outcomes, Record
from .results_texts import results_texts

_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n+")


def paragraphs(text: str | None) -> list[str]:
    """Return the non-empty paragraphs of a text split on blank lines, stripped."""
    if not text:
        return []
    return [part.strip() for part in _BLANK_LINE_RE.split(text.strip()) if part.strip()]


def translatable_texts(record: Record) -> list[tuple[str, str]]:
    """Return every (msgctxt, English text) a translator must translate, in page order.

    Catalogs extract exactly these entries and the renderer looks up exactly these keys,
    so the two never drift apart. Arm labels and intervention names are passages too: most are
    descriptions ("Blood Draw", "Arm B (platinum doublet, sequential pembrolizumab)"), and a
    brand or code name is translated as itself (`render.passages.Passages.name`); posted results
    follow the protocol (`results.outcomes.0.title`, issue 19).
    """
    return [(context, text) for context, text in _walk(record) if text and text.strip()]


def _walk(record: Record) -> Iterator[tuple[str, str | None]]:
    yield "title.brief", record.title.brief
    yield "title.official", record.title.official
    yield "status.why_stopped", record.status.why_stopped
    for index, condition in enumerate(record.conditions):
        yield f"conditions.{index}", condition
    yield from _paragraphs("summary", record.summary)
    yield from _paragraphs("description", record.description)
    if record.design is not None:
        yield "design.model_description", record.design.model_description
        yield "design.biospec_description", record.design.biospec_description
    for index, arm in enumerate(record.arms):
        yield f"arms.{index}.label", arm.label
        yield f"arms.{index}.description", arm.description
    for index, intervention in enumerate(record.interventions):
        yield f"interventions.{index}.name", intervention.name
        yield f"interventions.{index}.description", intervention.description
    if record.eligibility is not None:
        yield "eligibility.population", record.eligibility.population
        yield "eligibility.gender_description", record.eligibility.gender_description
        yield from criteria_texts("eligibility.inclusion", record.eligibility.inclusion)
        yield from criteria_texts("eligibility.exclusion", record.eligibility.exclusion)
    if record.outcomes is not None:
        yield from _outcomes(record.outcomes)
    if record.data_sharing is not None:
        sharing = record.data_sharing
        yield "data_sharing.description", sharing.description
        yield "data_sharing.time_frame", sharing.time_frame
        yield "data_sharing.access_criteria", sharing.access_criteria
    yield from results_texts(record.results)


def _paragraphs(prefix: str, text: str | None) -> Iterator[tuple[str, str]]:
    for index, paragraph in enumerate(paragraphs(text)):
        yield f"{prefix}.{index}", paragraph


def criteria_texts(prefix: str, criteria: list[Criterion]) -> Iterator[tuple[str, str]]:
    """Yield (msgctxt, text) for nested criteria: `<prefix>.2.items.1.text`."""
    for index, criterion in enumerate(criteria):
        yield f"{prefix}.{index}.text", criterion.text
        yield from criteria_texts(f"{prefix}.{index}.items", criterion.items)


def _outcomes(outcomes: Outcomes) -> Iterator[tuple[str, str | None]]:
    for kind in ("primary", "secondary", "other"):
        for index, outcome in enumerate(getattr(outcomes, kind)):
            prefix = f"outcomes.{kind}.{index}"
            yield f"{prefix}.measure", outcome.measure
            yield f"{prefix}.description", outcome.description
            yield f"{prefix}.time_frame", outcome.time_frame
