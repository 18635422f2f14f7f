"""A FHIR R5 `ResearchStudy` resource for each trial (`data/<NCT id>.fhir.json`)."""

from __future__ import annotations

from typing import Any

from ..model import Record

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
MESH_SYSTEM = "https://www.nlm.nih.gov/mesh"
CONTACT_ROLES = {
    "CONTACT": "general-contact", "PRINCIPAL_INVESTIGATOR": "primary-investigator",
    "SUB_INVESTIGATOR": "sub-investigator", "STUDY_CHAIR": "study-chair",
    "STUDY_DIRECTOR": "study-director",
}  # fmt: skip
# A site's recruitment status as FHIR Location.status (the operational state of the place).
SITE_STATES = {
    "RECRUITING": "active", "NOT_YET_RECRUITING": "active", "ACTIVE_NOT_RECRUITING": "active",
    "ENROLLING_BY_INVITATION": "active", "AVAILABLE": "active", "SUSPENDED": "suspended",
    "TEMPORARILY_NOT_AVAILABLE": "suspended", "COMPLETED": "inactive", "TERMINATED": "inactive",
    "WITHDRAWN": "inactive", "NO_LONGER_AVAILABLE": "inactive",
}  # fmt: skip


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
        "condition": [{"text": condition} for condition in record.conditions]
        + [_mesh(term) for term in record.condition_mesh],
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
        "focus": [{"concept": _mesh(term)} for term in record.intervention_mesh],
        "relatedArtifact": [_citation(ref.citation, ref.doi) for ref in record.references]
        + _artifacts(record),
        "result": _results(record),
        "contained": [_location(index, loc) for index, loc in enumerate(record.locations, 1)],
        "site": [
            {"reference": f"#site-{index}", "display": _site(loc) or f"site {index}"}
            for index, loc in enumerate(record.locations, 1)
        ],
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
    for contact in record.contacts:
        code = CONTACT_ROLES.get(contact.role or "")
        if contact.name and code:
            party: dict[str, Any] = {
                "name": contact.name,
                "role": _concept(PARTY_SYSTEM, code, contact.role or ""),
            }
            if contact.affiliation:
                party["party"] = {"display": contact.affiliation}
            parties.append(party)
    return parties  # fmt: skip


def _mesh(term: Any) -> dict[str, Any]:
    """Return a MeSH heading as a CodeableConcept (coded when the registry gives its id)."""
    if term.id:
        return {"coding": [{"system": MESH_SYSTEM, "code": term.id, "display": term.term}],
                "text": term.term}  # fmt: skip
    return {"text": term.term}


def _results(record: Record) -> list[dict[str, Any]]:
    """Return the study's results (R5 `result`): the posted results, then result publications.

    The registry's results are not a FHIR resource; the reference is their page (issue 17).
    """
    found = []
    if record.results is not None:
        outcomes = len(record.results.outcomes)
        found.append({
            "reference": f"https://clinicaltrials.gov/study/{record.nct_id}?tab=results",
            "type": "EvidenceReport",
            "display": f"Results posted on ClinicalTrials.gov ({outcomes} outcome measures)",
        })  # fmt: skip
    found += [{"type": "Citation", "display": ref.citation}
              for ref in record.references if ref.type == "RESULT"]  # fmt: skip
    return found


def _artifacts(record: Record) -> list[dict[str, Any]]:
    """Return the study documents and the links of the record as related artifacts."""
    artifacts = []
    for doc in record.documents:
        artifact: dict[str, Any] = {"type": "documentation", "label": doc.type or doc.label,
                                    "display": doc.label}  # fmt: skip
        if doc.url:
            artifact["document"] = {"url": doc.url, "title": doc.label}
        if doc.date:
            artifact["publicationDate"] = doc.date
        artifacts.append(artifact)
    for link in record.see_also:
        title = link.label or link.url
        document = {"url": link.url, "title": title}
        artifacts.append({"type": "documentation", "display": title, "document": document})
    return artifacts


def _location(index: int, location: Any) -> dict[str, Any]:
    """Return one site as a contained FHIR Location: address, position, state, contacts."""
    place: dict[str, Any] = {"resourceType": "Location", "id": f"site-{index}"}
    if location.facility:
        place["name"] = location.facility
    if location.status in SITE_STATES:
        place["status"] = SITE_STATES[location.status]
        place["description"] = f"Recruitment status: {location.status}"
    address = {"city": location.city, "state": location.state, "postalCode": location.zip,
               "country": location.country}  # fmt: skip
    if any(address.values()):
        place["address"] = {key: value for key, value in address.items() if value}
    if location.geo:  # the registry's geocode of the site (API v2 `geoPoint`)
        place["position"] = {"latitude": location.geo.lat, "longitude": location.geo.lon}
    contacts = [_site_contact(contact) for contact in location.contacts]
    if any(contacts):
        place["contact"] = [contact for contact in contacts if contact]
    return place


def _site_contact(contact: Any) -> dict[str, Any]:
    """Return a site contact as an R5 ExtendedContactDetail (name, phone, e-mail)."""
    detail: dict[str, Any] = {}
    if contact.name:
        detail["name"] = [{"text": contact.name}]
    telecom = [
        {"system": system, "value": value}
        for system, value in (("phone", contact.phone), ("email", contact.email))
        if value
    ]
    if telecom:
        detail["telecom"] = telecom
    return detail


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
