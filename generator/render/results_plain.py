"""What a patient page says of posted results, as numbers per group (issue 17, EU 536/2014 Annex V).

This module picks the registered numbers a lay summary reports, in Annex V order: who took part
and finished, the main question's numbers per group, serious and most frequent other adverse
events. It never judges them: no "worked", "safe" or "better"; the template words them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Record
from ..results import AdverseEvents, Event, Group, Milestone, OutcomeResult, Results
from .results import percent

MAIN_QUESTIONS = 3
"""Primary outcomes worded on the patient page; the others are counted and linked."""
MAIN_ROWS = 8
"""A primary outcome with more rows than this is left to the table on the doctors' page."""
COMMON_EVENTS = 5
"""Other adverse events listed as "most frequent"."""
EVENTS = "results.adverse_events"
_WHOLE = re.compile(r"^[0-9]+$")
_DECIMAL = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
# Units that make a registered value a percentage of the people measured ("83.7 Percentage of
# participants" reads "83.7% of people").
PERCENT_UNITS = frozenset({
    "percentage of participants", "percent of participants", "% of participants",
    "percentage of patients", "percent of patients", "% of patients",
})  # fmt: skip
_COUNT_PARAMS = {"COUNT_OF_PARTICIPANTS", "COUNT OF PARTICIPANTS"}
_PLAIN_PARAMS = {"MEAN": "mean", "MEDIAN": "median", "GEOMETRIC_MEAN": "mean",
                 "LEAST_SQUARES_MEAN": "mean", "GEOMETRIC_LEAST_SQUARES_MEAN": "mean"}  # fmt: skip


@dataclass(frozen=True)
class Named:
    """Registered words with their field path, the msgctxt of their translation (issue 19)."""

    text: str
    context: str | None = None
    """`results.flow.groups.0.title`; None for a group the registry left untitled (its id)."""


@dataclass(frozen=True)
class Share:
    """X of Y people, with the percentage computed once for every page."""

    affected: int
    total: int

    @property
    def percent(self) -> int | None:
        """Return the whole percentage, halves rounded up."""
        return percent(self.affected, self.total)


@dataclass
class GroupLine:
    """One group's number for one question: a share of people, or a registered value."""

    group: Named
    category: Named | None = None
    share: Share | None = None
    value: str | None = None
    kind: str = "value"
    """"mean", "median" or "value": how the template words a registered value."""
    unit: Named | None = None
    measured: int | None = None
    """People measured (the outcome's denominator), when registered."""
    percent: bool = False
    """The value is a percentage of the people measured (its unit says so)."""


@dataclass
class MainQuestion:
    """One primary outcome and its numbers per group."""

    outcome: OutcomeResult
    index: int
    """Its place among the results' outcomes: its words are `results.outcomes.<index>.*`."""
    lines: list[GroupLine] = field(default_factory=list)
    too_long: bool = False
    posted: bool = True


@dataclass
class EventLine:
    """One adverse event with X of Y people in each group."""

    term: Named
    shares: list[tuple[Named, Share]]
    index: int = 0
    """Its place in the record's list (`results.adverse_events.other.<index>`)."""


@dataclass
class PlainResults:
    """The registered numbers a patient page reports, in Annex V order."""

    flow: list[tuple[Named, int | None, int | None]]
    """Per group: title, people who started, people who finished."""
    started: int | None
    """People who started, in all groups (the headline)."""
    finished: int | None
    """People who finished, in all groups."""
    randomised: bool
    questions: list[MainQuestion]
    more_questions: int
    deaths: list[tuple[Named, Share]]
    serious_totals: list[tuple[Named, Share]]
    serious: list[EventLine]
    common: list[EventLine]
    frequency_threshold: str | None
    has_events: bool
    limitations: str | None


def plain_results(record: Record) -> PlainResults | None:
    """Return what the patient page reports of a record's results, or None without results."""
    results = record.results
    if results is None:
        return None
    ae = results.adverse_events
    primaries = [(i, o) for i, o in enumerate(results.outcomes) if o.type == "PRIMARY"]
    flow = _flow(results)
    first, last = (results.flow.periods[0], results.flow.periods[-1]) if flow else (None, None)
    return PlainResults(
        flow=flow,
        started=_sum(list(_milestone(first.milestones, "STARTED").values())) if first else None,
        finished=_sum(list(_milestone(last.milestones, "COMPLETED").values())) if last else None,
        randomised=bool(record.design and record.design.allocation == "RANDOMIZED"),
        questions=[_question(i, o) for i, o in primaries[:MAIN_QUESTIONS]],
        more_questions=max(0, len(primaries) - MAIN_QUESTIONS),
        deaths=_totals(ae, "deaths"),
        serious_totals=_totals(ae, "serious"),
        serious=[_event_line(e, ae, i, "serious") for i, e in enumerate(ae.serious)] if ae else [],
        common=_most_frequent(ae) if ae else [],
        frequency_threshold=ae.frequency_threshold if ae else None,
        has_events=ae is not None,
        limitations=results.limitations,
    )


def _sum(counts: list[int | None]) -> int | None:
    known = [count for count in counts if count is not None]
    return sum(known) if known else None


def _title(group: Group, index: int, prefix: str) -> Named:
    if not group.title:
        return Named(group.id)
    return Named(group.title, f"{prefix}.groups.{index}.title")


def _flow(results: Results) -> list[tuple[Named, int | None, int | None]]:
    """Return each group's people who started (its first period with any) and who finished."""
    flow = results.flow
    if flow is None or not flow.periods:
        return []
    started: dict[str, int] = {}
    for period in flow.periods:
        for group, count in _milestone(period.milestones, "STARTED").items():
            if not started.get(group):
                started[group] = count
    finished = _milestone(flow.periods[-1].milestones, "COMPLETED")
    in_last = _milestone(flow.periods[-1].milestones, "STARTED")
    lines = []
    for index, group in enumerate(flow.groups):
        begun, ended = started.get(group.id), finished.get(group.id)
        if len(flow.periods) > 1 and not in_last.get(group.id):
            ended = None  # the group is not in the last period: "0 finished" would mislead
        if begun or ended:
            lines.append((_title(group, index, "results.flow"), begun, ended))
    return lines


def _milestone(milestones: list[Milestone], kind: str) -> dict[str, int]:
    for milestone in milestones:
        if milestone.type.upper() == kind:
            return {c.group: int(c.subjects) for c in milestone.counts}
    return {}


def _param(outcome: OutcomeResult) -> str:
    return (outcome.param_type or "").strip().upper().replace(" ", "_")


def _question(index: int, outcome: OutcomeResult) -> MainQuestion:
    question = MainQuestion(outcome, index)
    at = f"results.outcomes.{index}"
    if outcome.reporting_status == "NOT_POSTED" or not outcome.classes:
        question.posted = False
        return question
    measured = _denominators(outcome)
    rows = [(f"{at}.classes.{c}.categories.{k}.title", category)
            for c, klass in enumerate(outcome.classes)
            for k, category in enumerate(klass.categories)]  # fmt: skip
    if len(outcome.classes) > 1 or len(rows) * len(outcome.groups) > MAIN_ROWS:
        question.too_long = True
        return question
    counting = _param(outcome) in {"COUNT_OF_PARTICIPANTS"}
    unit = Named(outcome.unit, f"{at}.unit") if outcome.unit else None
    for context, category in rows:
        by_group = {m.group: m for m in category.measurements}
        named = Named(category.title, context) if category.title else None
        for number, group in enumerate(outcome.groups):
            m = by_group.get(group.id)
            if m is None:
                continue
            line = GroupLine(_title(group, number, at), named, measured=measured.get(group.id))
            total = measured.get(group.id)
            if counting and m.value and _WHOLE.match(m.value) and total is not None \
                    and int(m.value) <= total:  # fmt: skip
                line.share, line.kind = Share(int(m.value), total), "share"
            else:
                line.value = m.value or m.comment
                line.kind = _PLAIN_PARAMS.get(_param(outcome), "value")
                line.unit = unit
                line.percent = bool(
                    unit and unit.text.strip().lower() in PERCENT_UNITS
                    and _DECIMAL.match(line.value or "")
                )  # fmt: skip
            question.lines.append(line)
    return question


def _denominators(outcome: OutcomeResult) -> dict[str, int]:
    for denom in outcome.denoms:
        if denom.units.lower() == "participants":
            return {c.group: int(c.value) for c in denom.counts if _WHOLE.match(c.value)}
    return {}


def _totals(ae: AdverseEvents | None, kind: str) -> list[tuple[Named, Share]]:
    if ae is None:
        return []
    found = []
    for index, group in enumerate(ae.groups):
        affected = getattr(group, f"{kind}_affected")
        at_risk = getattr(group, f"{kind}_at_risk")
        if affected is not None and at_risk:
            found.append((_title(group, index, EVENTS), Share(affected, at_risk)))
    return found


def _event_line(event: Event, ae: AdverseEvents, index: int, kind: str) -> EventLine:
    by_group = {c.group: c for c in event.counts}
    shares = []
    for number, group in enumerate(ae.groups):
        count = by_group.get(group.id)
        if count is not None and count.affected is not None and count.at_risk:
            shares.append((_title(group, number, EVENTS), Share(count.affected, count.at_risk)))
    return EventLine(Named(event.term, f"{EVENTS}.{kind}.{index}.term"), shares, index)


def _most_frequent(ae: AdverseEvents) -> list[EventLine]:
    lines = [_event_line(e, ae, i, "other") for i, e in enumerate(ae.other)]
    lines = [line for line in lines if line.shares]

    def frequency(line: EventLine) -> float:
        return max(share.affected / share.total for _, share in line.shares)

    return sorted(lines, key=frequency, reverse=True)[:COMMON_EVENTS]
