"""Posted results laid out as tables: groups as columns, values exactly as registered (issue 17).

Templates lay out; this module lines each registered value up under its group's column and
names the empty cells. It never changes a registered string: "19.63", "<0.001" and "NA" reach
the page as the registry wrote them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ..results import (
    AdverseEvents,
    Denom,
    Event,
    EventGroup,
    Group,
    Measure,
    Measurement,
    Milestone,
    Period,
    Results,
)
from ..results_texts import is_milestone

RANGE_DISPERSIONS = {
    "FULL_RANGE", "INTER_QUARTILE_RANGE", "CONFIDENCE_80", "CONFIDENCE_90", "CONFIDENCE_95",
    "CONFIDENCE_975", "CONFIDENCE_99", "CONFIDENCE_OTHER", "GEOMETRIC_COEFFICIENT",
}  # fmt: skip


@dataclass(frozen=True)
class Cell:
    """One registered value of one group: value, dispersion, and the registry's comment."""

    value: str | None = None
    spread: str | None = None
    lower: str | None = None
    upper: str | None = None
    comment: str | None = None
    comment_context: str | None = None
    """msgctxt of the comment, for its translation (issue 19)."""
    units: str | None = None
    """Units counted beside participants (participant flow), as registered."""


@dataclass
class Row:
    """One row of a results table: its label (registered text) and one cell per column."""

    label: str | None
    cells: list[Cell | None]
    heading: bool = False
    """A class title that spans the table (a country, a time point)."""
    denominator: bool = False
    """The number analysed in each group, not a measured value; `label` is its units."""
    context: str | None = None
    """msgctxt of the label, for its translation; None for a value the registry names itself
    (STARTED), translated by the UI catalog."""


@dataclass
class Table:
    """A results table: the groups as columns, the rows in registry order."""

    groups: list[Group]
    rows: list[Row] = field(default_factory=list)
    groups_at: str | None = None
    """Field path of the groups (`results.baseline`): `<groups_at>.groups.<i>.title`."""


def percent(affected: int, total: int) -> int | None:
    """Return affected / total as a whole percentage, halves rounded up, everywhere the same.

    One rounding for every page and language (issue 17): 1 of 8 is 13%, never 12% elsewhere.
    """
    if total <= 0:
        return None
    ratio = Decimal(affected) * 100 / Decimal(total)
    return int(ratio.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def is_range(dispersion: str | None) -> bool:
    """Return whether a dispersion is written as lower and upper limits."""
    if not dispersion:
        return False
    key = dispersion.upper().replace(" ", "_").replace("-", "_")
    return key in RANGE_DISPERSIONS or "RANGE" in key or "CONFIDENCE" in key


def _by_group(groups: list[Group], values: dict[str, Cell]) -> list[Cell | None]:
    return [values.get(group.id) for group in groups]


def denom_rows(groups: list[Group], denoms: list[Denom], prefix: str) -> list[Row]:
    """Return one row per denominator: the number analysed in each group (`<prefix>.denoms`)."""
    return [
        Row(denom.units, _by_group(groups, {c.group: Cell(value=c.value) for c in denom.counts}),
            denominator=True, context=f"{prefix}.denoms.{index}.units")
        for index, denom in enumerate(denoms)
    ]  # fmt: skip


def _cell(measurement: Measurement, context: str) -> Cell:
    return Cell(measurement.value, measurement.spread, measurement.lower, measurement.upper,
                measurement.comment, f"{context}.comment")  # fmt: skip


def measure_table(measure: Measure, groups: list[Group], prefix: str, groups_at: str) -> Table:
    """Return a measure's values: a row per category, class titles as spanning rows.

    `prefix` is the measure's field path (`results.outcomes.2`), `groups_at` its groups'.
    """
    table = Table(groups, denom_rows(groups, measure.denoms, prefix), groups_at)
    for index, klass in enumerate(measure.classes):
        where = f"{prefix}.classes.{index}"
        if klass.title and (len(measure.classes) > 1 or klass.categories[1:]):
            table.rows.append(Row(klass.title, [], heading=True, context=f"{where}.title"))
        table.rows += denom_rows(groups, klass.denoms, where)
        for number, category in enumerate(klass.categories):
            label, context = category.title, f"{where}.categories.{number}.title"
            if not label and len(klass.categories) == 1:
                label, context = klass.title, f"{where}.title"
            at = f"{where}.categories.{number}.measurements"
            cells = {m.group: _cell(m, f"{at}.{i}") for i, m in enumerate(category.measurements)}
            table.rows.append(Row(label, _by_group(groups, cells), context=context))
    return table


def flow_table(period: Period, groups: list[Group], prefix: str) -> tuple[Table, Table]:
    """Return a period's milestones, and its reasons for not completing, per group."""

    def row(where: str, milestone: Milestone, named: bool) -> Row:
        cells = {
            c.group: Cell(value=c.subjects, comment=c.comment, units=c.units,
                          comment_context=f"{where}.counts.{index}.comment")
            for index, c in enumerate(milestone.counts)
        }  # fmt: skip
        context = None if named and is_milestone(milestone.type) else f"{where}.type"
        return Row(milestone.type, _by_group(groups, cells), context=context)

    flow_at = prefix.rsplit(".periods.", 1)[0]
    milestones = Table(groups, [row(f"{prefix}.milestones.{i}", m, True)
                                for i, m in enumerate(period.milestones)], flow_at)  # fmt: skip
    reasons = Table(groups, [row(f"{prefix}.reasons.{i}", m, False)
                             for i, m in enumerate(period.reasons)], flow_at)  # fmt: skip
    return milestones, reasons


@dataclass(frozen=True)
class EventCell:
    """Participants affected of those at risk in one group, with the number of events."""

    affected: int | None
    at_risk: int | None
    events: int | None = None

    @property
    def percent(self) -> int | None:
        """Return the share affected, rounded as everywhere on the site."""
        if self.affected is None or self.at_risk is None:
            return None
        return percent(self.affected, self.at_risk)


@dataclass
class EventRow:
    """One adverse event: its term, organ system and one cell per group."""

    term: str
    organ_system: str | None
    cells: list[EventCell | None]
    context: str = ""
    """Field path of the event (`results.adverse_events.other.3`): `<context>.term`."""


def event_rows(events: list[Event], groups: list[EventGroup], prefix: str) -> list[EventRow]:
    """Return each adverse event with its counts under each group's column."""
    rows = []
    for index, event in enumerate(events):
        cells = {c.group: EventCell(c.affected, c.at_risk, c.events) for c in event.counts}
        rows.append(EventRow(event.term, event.organ_system, [cells.get(g.id) for g in groups],
                             f"{prefix}.{index}"))  # fmt: skip
    return rows


def event_totals(ae: AdverseEvents, kind: str) -> list[EventCell | None]:
    """Return each group's total of `kind` (deaths, serious, other), None when not registered."""
    cells: list[EventCell | None] = []
    for group in ae.groups:
        affected = getattr(group, f"{kind}_affected")
        at_risk = getattr(group, f"{kind}_at_risk")
        cells.append(None if affected is None and at_risk is None else EventCell(affected, at_risk))
    return cells


def total_rows(ae: AdverseEvents) -> list[tuple[str, list[EventCell | None]]]:
    """Return (deaths, serious, other) with each group's total, when any group registers one."""
    found = []
    for kind in ("deaths", "serious", "other"):
        cells = event_totals(ae, kind)
        if any(cells):
            found.append((kind, cells))
    return found


def outcomes_of(results: Results, kind: str | None) -> list[int]:
    """Return the indexes of the outcomes of one type (None: no type stated), in registry order."""
    return [index for index, outcome in enumerate(results.outcomes) if outcome.type == kind]


def group_titles(groups: list[Group], ids: list[str], prefix: str) -> list[tuple[str | None, str]]:
    """Return (msgctxt, title) of the groups an analysis compares, in its order."""
    titles = {
        group.id: (f"{prefix}.groups.{index}.title" if group.title else None,
                   group.title or group.id)
        for index, group in enumerate(groups)
    }  # fmt: skip
    return [titles[group_id] for group_id in ids if group_id in titles]
