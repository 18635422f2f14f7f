"""The translatable passages of posted results, each named by its path in `results.yaml`.

Issue 19: results prose (group titles, outcome titles and time frames, units, categories,
adverse-event terms) reached French pages in English because the catalogs never held it. Each
free-text value is a passage with its field path as msgctxt (`results.outcomes.0.title`,
`results.adverse_events.other.3.term`), so the numbers gate compares each translation with its
English and the translation memory reuses terms across trials. Values the registry takes from
a fixed list (STARTED, MEAN, SUPERIORITY) are translated once, by the UI catalog's labels; the
point of contact, the dictionary's name (MedDRA) and registered numbers are not passages.
"""

from __future__ import annotations

from collections.abc import Iterator

from .results import Denom, Flow, Group, Measure, MeasureClass, OutcomeResult, Results

PREFIX = "results"
MILESTONES = frozenset({"STARTED", "COMPLETED", "NOT_COMPLETED"})
"""Milestones the registry names itself (labels of the UI catalog, `render/labels.py`)."""
ANALYSIS_TEXTS = (
    "group_description", "non_inferiority_comment", "method", "method_comment",
    "p_value_comment", "param_type", "ci_comment", "estimate_comment", "other_description",
)  # fmt: skip
"""Free-text fields of a statistical analysis; the others are numbers or fixed values."""

Passages = Iterator[tuple[str, str | None]]


def is_milestone(value: str) -> bool:
    """Return whether a milestone is one the registry names (STARTED), not the sponsor."""
    return value.strip().upper().replace(" ", "_").replace("-", "_") in MILESTONES


def results_texts(results: Results | None) -> Passages:
    """Yield (msgctxt, English) for every free-text value of posted results, in page order."""
    if results is None:
        return
    if results.flow is not None:
        yield from _flow(f"{PREFIX}.flow", results.flow)
    baseline = results.baseline
    if baseline is not None:
        yield f"{PREFIX}.baseline.population", baseline.population
        yield from groups_texts(f"{PREFIX}.baseline", baseline.groups)
        yield from _denoms(f"{PREFIX}.baseline", baseline.denoms)
        for index, measure in enumerate(baseline.measures):
            yield from _measure(f"{PREFIX}.baseline.measures.{index}", measure)
    for index, outcome in enumerate(results.outcomes):
        yield from _outcome(f"{PREFIX}.outcomes.{index}", outcome)
    events = results.adverse_events
    if events is not None:
        prefix = f"{PREFIX}.adverse_events"
        yield f"{prefix}.time_frame", events.time_frame
        yield f"{prefix}.description", events.description
        yield from groups_texts(prefix, events.groups)
        for kind in ("serious", "other"):
            for index, event in enumerate(getattr(events, kind)):
                yield f"{prefix}.{kind}.{index}.term", event.term
                yield f"{prefix}.{kind}.{index}.organ_system", event.organ_system
                yield f"{prefix}.{kind}.{index}.notes", event.notes
    yield f"{PREFIX}.limitations", results.limitations


def groups_texts(prefix: str, groups: list[Group]) -> Passages:
    """Yield the title and description of each group (`<prefix>.groups.1.title`)."""
    for index, group in enumerate(groups):
        yield f"{prefix}.groups.{index}.title", group.title
        yield f"{prefix}.groups.{index}.description", group.description


def _flow(prefix: str, flow: Flow) -> Passages:
    yield f"{prefix}.recruitment_details", flow.recruitment_details
    yield f"{prefix}.pre_assignment_details", flow.pre_assignment_details
    yield f"{prefix}.units_analyzed", flow.units_analyzed
    yield from groups_texts(prefix, flow.groups)
    for index, period in enumerate(flow.periods):
        yield f"{prefix}.periods.{index}.title", period.title
        for kind in ("milestones", "reasons"):
            for number, milestone in enumerate(getattr(period, kind)):
                where = f"{prefix}.periods.{index}.{kind}.{number}"
                if kind == "reasons" or not is_milestone(milestone.type):
                    yield f"{where}.type", milestone.type
                for count_index, count in enumerate(milestone.counts):
                    yield f"{where}.counts.{count_index}.comment", count.comment


def _denoms(prefix: str, denoms: list[Denom]) -> Passages:
    for index, denom in enumerate(denoms):
        yield f"{prefix}.denoms.{index}.units", denom.units


def _measure(prefix: str, measure: Measure) -> Passages:
    yield f"{prefix}.title", measure.title
    yield f"{prefix}.description", measure.description
    yield f"{prefix}.population", measure.population
    yield f"{prefix}.unit", measure.unit
    yield from _denoms(prefix, measure.denoms)
    for index, klass in enumerate(measure.classes):
        yield from _class(f"{prefix}.classes.{index}", klass)


def _class(prefix: str, klass: MeasureClass) -> Passages:
    yield f"{prefix}.title", klass.title
    yield from _denoms(prefix, klass.denoms)
    for index, category in enumerate(klass.categories):
        where = f"{prefix}.categories.{index}"
        yield f"{where}.title", category.title
        for number, measurement in enumerate(category.measurements):
            yield f"{where}.measurements.{number}.comment", measurement.comment


def _outcome(prefix: str, outcome: OutcomeResult) -> Passages:
    yield from _measure(prefix, outcome)
    yield f"{prefix}.time_frame", outcome.time_frame
    yield from groups_texts(prefix, outcome.groups)
    for index, analysis in enumerate(outcome.analyses):
        for key in ANALYSIS_TEXTS:
            yield f"{prefix}.analyses.{index}.{key}", getattr(analysis, key)
