"""A FHIR R5 `ResearchStudy` resource for each trial (`data/<NCT id>.fhir.json`)."""

from __future__ import annotations

import logging
from typing import Any

from ..model import Record

logger = logging.getLogger(__name__)

PHASE_SYSTEM = "http://terminology.hl7.org/CodeSystem/research-study-phase"
PHASE_CODES = {
    ("NA",): "n-a", ("EARLY_PHASE1",): "early-phase-1", ("PHASE1",): "phase-1",
    ("PHASE1", "PHASE2"): "phase-1-phase-2", ("PHASE2",): "phase-2",
    ("PHASE2", "PHASE3"): "phase-2-phase-3", ("PHASE3",): "phase-3", ("PHASE4",): "phase-4",
}  # fmt: skip
PARTY_SYSTEM = "http://hl7.org/fhir/research-study-party-role"
OBJECTIVE_SYSTEM = "http://hl7.org/fhir/research-study-objective-type"
STATUS_SYSTEM = "http://hl7.org/fhir/research-study-status"
CLOSED = {"COMPLETED", "TERMINATED", "WITHDRAWN", "NO_LONGER_AVAILABLE", "APPROVED_FOR_MARKETING"}
OUTCOME_TYPES = {"primary": "primary", "secondary": "secondary", "other": "exploratory"}


def research_study(record: Record) -> dict[str, Any]:
    """Return the record as a FHIR R5 ResearchStudy resource (a JSON-ready dict)."""
    study: dict[str, Any] = {
        "resourceType": "ResearchStudy",
        "id": record.nct_id,
        "identifier": [{"system": "https://clinicaltrials.gov", "value": record.nct_id}],
        "title": record.title.brief,
        "status": "retired" if record.status.overall in CLOSED else "active",
        "progressStatus": [{"state": _concept(STATUS_SYSTEM, "overall-study",
                                              record.status.overall)}],
        "condition": [{"text": condition} for condition in record.conditions],
        "keyword": [{"text": keyword} for keyword in record.keywords],
    }  # fmt: skip
    optional = {
        "descriptionSummary": record.summary,
        "description": record.description,
        "phase": _phase(record),
        "period": _period(record),
        "recruitment": _recruitment(record),
        "associatedParty": _parties(record),
        "comparisonGroup": [_group(arm.label, arm.type, arm.description) for arm in record.arms],
        "outcomeMeasure": _outcomes(record),
        "relatedArtifact": [_citation(ref.citation, ref.doi) for ref in record.references],
        "site": [{"display": _site(loc)} for loc in record.locations if _site(loc)],
    }
    study.update({key: value for key, value in optional.items() if value})
    return study


def _concept(system: str, code: str, text: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code}], "text": text}


def _phase(record: Record) -> dict[str, Any] | None:
    code = PHASE_CODES.get(tuple(record.phase))
    return _concept(PHASE_SYSTEM, code, "/".join(record.phase)) if code else None


def _period(record: Record) -> dict[str, str] | None:
    period = {"start": record.status.start, "end": record.status.completion}
    return {key: value for key, value in period.items() if value} or None


def _recruitment(record: Record) -> dict[str, int] | None:
    if record.enrollment is None:
        return None
    key = "actualNumber" if record.enrollment.type == "ACTUAL" else "targetNumber"
    return {key: record.enrollment.count}


def _parties(record: Record) -> list[dict[str, Any]]:
    parties = []
    if record.sponsor is not None:
        parties.append(
            {
                "name": record.sponsor.name,
                "role": _concept(PARTY_SYSTEM, "lead-sponsor", "Lead sponsor"),
            }
        )
    for agency in record.collaborators:
        parties.append(
            {"name": agency.name, "role": _concept(PARTY_SYSTEM, "collaborator", "Collaborator")}
        )
    return parties  # fmt: skip


def _group(label: str, kind: str | None, description: str | None) -> dict[str, Any]:
    group: dict[str, Any] = {"name": label}
    if kind:
        group["type"] = {"text": kind}
    if description:
        group["description"] = description
    return group


def _outcomes(record: Record) -> list[dict[str, Any]]:
    if record.outcomes is None:
        return []
    measures = []
    for kind, code in OUTCOME_TYPES.items():
        for outcome in getattr(record.outcomes, kind):
            measure: dict[str, Any] = {
                "name": outcome.measure, "type": [_concept(OBJECTIVE_SYSTEM, code, kind)]
            }  # fmt: skip
            if outcome.description or outcome.time_frame:
                parts = [outcome.description, outcome.time_frame]
                measure["description"] = "\n\n".join(part for part in parts if part)
            measures.append(measure)
    return measures


def _citation(citation: str, doi: str | None) -> dict[str, Any]:
    artifact: dict[str, Any] = {"type": "citation", "citation": citation}
    if doi:
        artifact["document"] = {"url": f"https://doi.org/{doi}"}
    return artifact


def _site(location: Any) -> str:
    parts = [location.facility, location.city, location.state, location.country]
    return ", ".join(part for part in parts if part)
