"""Saved registry study pages (the text format) written from fixture records, for importer tests.

The registry's study page lists under "Study Groups" each arm (its label, then its
description), followed by the interventions that arm receives, named and described as under
"Interventions". These pages carry only what the arm test needs.
"""

from __future__ import annotations

from generator.importer.registry_sections import INTERVENTION_TYPES
from generator.model import Intervention, Record

TYPE_NAMES = {value: key for key, value in INTERVENTION_TYPES.items()}


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _name(item: Intervention, typed: bool) -> str:
    return f"{TYPE_NAMES[item.type]}: {item.name}" if typed and item.type else item.name


def can_write(record: Record) -> bool:
    """Whether a page can say this record unambiguously: every arm, intervention described."""
    names = {item.name for item in record.interventions}
    return (
        bool(record.arms)
        and all(item.description for item in record.interventions)
        and all(arm.description for arm in record.arms)
        and all(name in names for arm in record.arms for name in arm.interventions)
        and len(names) == len(record.interventions)
    )


def saved_page(record: Record, typed: bool) -> str:
    """Return the record's study page as text: header, Study Groups, Interventions."""
    by_name = {item.name: item for item in record.interventions}
    lines = [record.title.brief, f"NCT ID: {record.nct_id}", "Study Groups",
             "Review each arm or cohort in the study, along with the interventions and "
             "objectives associated with them."]  # fmt: skip
    for arm in record.arms:
        lines += [arm.label, _one_line(arm.description or "")]
        for name in arm.interventions:
            item = by_name[name]
            lines += [_name(item, typed), _one_line(item.description or "")]
    lines += ["Interventions", "Learn about the drugs, procedures, or behavioral strategies "
              "being tested and how they are applied within this trial."]  # fmt: skip
    for item in record.interventions:
        lines += [_name(item, typed), _one_line(item.description or "")]
    return "\n".join(lines) + "\n"
