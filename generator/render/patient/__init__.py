"""Patient pages composed from the record, branch by branch, each sentence with its sources.

Which branch a record takes is decided in `choose` (kind, recruitment state, what is tested);
the sections are worded in `status`, `about`, `steps`, `people` and `more` (issue 15).
"""

from __future__ import annotations

from ...model import Record
from . import about, more, people, status, steps
from .results import results
from .sentences import PatientPage, Section, Sentence
from .words import Words

__all__ = ["PatientPage", "Section", "Sentence", "Words", "compose_patient", "SECTION_KEYS"]

SECTION_KEYS = (
    "why", "results", "who_can", "who_cannot", "what_happens", "known", "not_known", "risks",
    "where", "questions", "contact",
)  # fmt: skip
"""Sections in page order; `patients.<lang>.yaml` may replace any of them (and `doses`)."""


def compose_patient(w: Words, r: Record, hand_written: frozenset[str] = frozenset()) -> PatientPage:
    """Return the generated patient page of one record in the language of `w`."""
    sections = (
        status.status_box(w, r),
        status.rights_box(w, r),
        about.why(w, r),
        *([found] if (found := results(w, r)) is not None else []),  # issue 17
        people.who_can(w, r),
        people.who_cannot(w, r),
        steps.what_happens(w, r),
        more.known(w, r),
        more.not_known(w, r),
        more.risks(w, r),
        people.where(w, r),
        more.questions(w, r),
        more.contact(w, r),
    )
    return PatientPage(about.title(w, r), sections, hand_written)
