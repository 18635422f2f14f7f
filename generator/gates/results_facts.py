"""The numbers posted results state: pairs of people and counts (issue 17), for the gates."""

from __future__ import annotations

import re

from ..model import Record

_WHOLE = re.compile(r"^[0-9]+$")


def registered_pairs(record: Record) -> set[tuple[int, int]]:
    """Return every (people, of people) pair the posted results state."""
    results = record.results
    pairs: set[tuple[int, int]] = set()
    if results is None:
        return pairs
    ae = results.adverse_events
    if ae is not None:
        for group in ae.groups:
            for kind in ("deaths", "serious", "other"):
                affected = getattr(group, f"{kind}_affected")
                at_risk = getattr(group, f"{kind}_at_risk")
                if affected is not None and at_risk is not None:
                    pairs.add((affected, at_risk))
        for event in ae.serious + ae.other:
            pairs |= {(c.affected, c.at_risk) for c in event.counts
                      if c.affected is not None and c.at_risk is not None}  # fmt: skip
    pairs |= _flow_pairs(record)
    for outcome in results.outcomes:
        measured = {c.group: int(c.value) for d in outcome.denoms for c in d.counts
                    if _WHOLE.match(c.value)}  # fmt: skip
        for klass in outcome.classes:
            for category in klass.categories:
                for m in category.measurements:
                    if m.value and _WHOLE.match(m.value) and m.group in measured:
                        pairs.add((int(m.value), measured[m.group]))
    return pairs


def flow_counts(record: Record) -> dict[str, list[int]]:
    """Return the people who started and who finished, per group and in all (the headline)."""
    flow = record.results.flow if record.results else None
    if flow is None or not flow.periods:
        return {"started": [], "finished": []}

    def counts(milestones: list, kind: str) -> list[int]:  # type: ignore[type-arg]
        for milestone in milestones:
            if milestone.type.upper() == kind:
                return [int(count.subjects) for count in milestone.counts]
        return []

    return {
        "started": counts(flow.periods[0].milestones, "STARTED"),
        "finished": counts(flow.periods[-1].milestones, "COMPLETED"),
    }


def registered_counts(record: Record) -> set[float]:
    """Return every number of people the results state: a page may say "N people" for each."""
    found = {float(n) for pair in registered_pairs(record) for n in pair}
    for numbers in flow_counts(record).values():
        found |= {float(n) for n in numbers}
        if numbers:
            found.add(float(sum(numbers)))
    results = record.results
    for outcome in results.outcomes if results else []:
        denoms = outcome.denoms + [d for klass in outcome.classes for d in klass.denoms]
        found |= {float(c.value) for d in denoms for c in d.counts if _WHOLE.match(c.value)}
    for period in results.flow.periods if results and results.flow else []:
        for milestone in period.milestones + period.reasons:
            found |= {float(c.subjects) for c in milestone.counts}
    return found


def _flow_pairs(record: Record) -> set[tuple[int, int]]:
    """Return (people at a milestone, people who started) per group and period, and in all."""
    flow = record.results.flow if record.results else None
    pairs: set[tuple[int, int]] = set()
    for period in flow.periods if flow else []:
        started = next((m for m in period.milestones if m.type.upper() == "STARTED"), None)
        if started is None:
            continue
        begun = {c.group: int(c.subjects) for c in started.counts}
        for milestone in period.milestones + period.reasons:
            counts = {c.group: int(c.subjects) for c in milestone.counts}
            pairs |= {(n, begun[g]) for g, n in counts.items() if g in begun}
            if milestone in period.milestones:
                pairs.add((sum(counts.values()), sum(begun.values())))
    counts = flow_counts(record)
    if counts["started"] and counts["finished"]:
        pairs.add((sum(counts["finished"]), sum(counts["started"])))
    return pairs
