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
    FlowCount,
    Group,
    Measure,
    Measurement,
    Period,
    Results,
)

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


@dataclass
class Row:
    """One row of a results table: its label (registered text) and one cell per column."""

    label: str | None
    cells: list[Cell | None]
    heading: bool = False
    """A class title that spans the table (a country, a time point)."""
    denominator: bool = False
    """The number analysed in each group, not a measured value."""


@dataclass
class Table:
    """A results table: the groups as columns, the rows in registry order."""

    groups: list[Group]
    rows: list[Row] = field(default_factory=list)


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


def denom_rows(groups: list[Group], denoms: list[Denom], label: str) -> list[Row]:
    """Return one row per denominator: the number analysed in each group."""
    return [
        Row(f"{label} ({denom.units})" if denom.units else label,
            _by_group(groups, {c.group: Cell(value=c.value) for c in denom.counts}),
            denominator=True)
        for denom in denoms
    ]  # fmt: skip


def _cell(measurement: Measurement) -> Cell:
    return Cell(measurement.value, measurement.spread, measurement.lower, measurement.upper,
                measurement.comment)  # fmt: skip


def measure_table(measure: Measure, groups: list[Group], analysed: str) -> Table:
    """Return a measure's values: a row per category, class titles as spanning rows."""
    table = Table(groups, denom_rows(groups, measure.denoms, analysed))
    for klass in measure.classes:
        if klass.title and (len(measure.classes) > 1 or klass.categories[1:]):
            table.rows.append(Row(klass.title, [], heading=True))
        table.rows += denom_rows(groups, klass.denoms, analysed)
        for category in klass.categories:
            label = category.title or (klass.title if len(klass.categories) == 1 else None)
            cells = {m.group: _cell(m) for m in category.measurements}
            table.rows.append(Row(label, _by_group(groups, cells)))
    return table


def flow_table(period: Period, groups: list[Group]) -> tuple[Table, Table]:
    """Return a period's milestones, and its reasons for not completing, per group."""

    def row(label: str, counts: list[FlowCount]) -> Row:
        cells = {c.group: Cell(value=c.subjects, comment=_flow_comment(c)) for c in counts}
        return Row(label, _by_group(groups, cells))

    milestones = Table(groups, [row(m.type, m.counts) for m in period.milestones])
    reasons = Table(groups, [row(m.type, m.counts) for m in period.reasons])
    return milestones, reasons


def _flow_comment(count: FlowCount) -> str | None:
    units = f"{count.units} units" if count.units else None
    return "; ".join(part for part in (units, count.comment) if part) or None


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


def event_rows(events: list[Event], groups: list[EventGroup]) -> list[EventRow]:
    """Return each adverse event with its counts under each group's column."""
    rows = []
    for event in events:
        cells = {c.group: EventCell(c.affected, c.at_risk, c.events) for c in event.counts}
        rows.append(EventRow(event.term, event.organ_system, [cells.get(g.id) for g in groups]))
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


def group_titles(groups: list[Group], ids: list[str]) -> list[str]:
    """Return the titles of the groups an analysis compares, in its order."""
    titles = {group.id: group.title or group.id for group in groups}
    return [titles[group_id] for group_id in ids if group_id in titles]
