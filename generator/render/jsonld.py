"""schema.org `MedicalTrial` JSON-LD for a trial page's head."""

from __future__ import annotations

import json
from typing import Any

from ..model import MeshTerm, Record
from ..registry import record_url

SCHEMA_STATUS = {
    "RECRUITING": "Recruiting",
    "NOT_YET_RECRUITING": "NotYetRecruiting",
    "ACTIVE_NOT_RECRUITING": "ActiveNotRecruiting",
    "ENROLLING_BY_INVITATION": "EnrollingByInvitation",
    "COMPLETED": "Completed",
    "SUSPENDED": "Suspended",
    "TERMINATED": "Terminated",
    "WITHDRAWN": "Withdrawn",
}
SCHEMA_DESIGN = {
    "RANDOMIZED": "RandomizedTrial",
    "NONE": "OpenTrial",
    "SINGLE": "SingleBlindedTrial",
    "DOUBLE": "DoubleBlindedTrial",
    "TRIPLE": "TripleBlindedTrial",
}


def medical_trial(
    record: Record, url: str, name: str, lang: str, description: str | None = None
) -> dict[str, Any]:
    """Return the schema.org MedicalTrial object of a record, named in the page's language."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalTrial",
        "name": name,
        "identifier": record.nct_id,
        "url": url,
        "inLanguage": lang,
        "sameAs": record_url(record),
    }
    conditions = [{"@type": "MedicalCondition", "name": name} for name in record.conditions]
    conditions += [_mesh_condition(term) for term in record.condition_mesh]
    if conditions:
        data["healthCondition"] = conditions
    if record.title.official:
        data["alternateName"] = record.title.official
    if description or record.summary:
        data["description"] = description or record.summary
    if record.phase:
        data["phase"] = ", ".join(record.phase)
    if record.status.overall in SCHEMA_STATUS:
        data["status"] = f"https://schema.org/{SCHEMA_STATUS[record.status.overall]}"
    designs = _designs(record)
    if designs:
        data["trialDesign"] = designs
    if record.sponsor is not None:
        data["sponsor"] = {"@type": "Organization", "name": record.sponsor.name}
    if record.has_results is not None:  # issue 17: whether the registry holds results
        data["additionalProperty"] = {
            "@type": "PropertyValue", "name": "resultsPosted", "value": record.has_results,
        }  # fmt: skip
        if record.results is not None:
            data["subjectOf"] = {
                "@type": "Dataset", "name": "Results posted on ClinicalTrials.gov",
                "url": f"https://clinicaltrials.gov/study/{record.nct_id}?tab=results",
            }  # fmt: skip
    countries = sorted({loc.country for loc in record.locations if loc.country})
    if countries:
        data["studyLocation"] = [{"@type": "Country", "name": c} for c in countries]
    return data


def _mesh_condition(term: MeshTerm) -> dict[str, Any]:
    condition: dict[str, Any] = {"@type": "MedicalCondition", "name": term.term}
    if term.id:
        condition["code"] = {"@type": "MedicalCode", "codeValue": term.id, "codingSystem": "MeSH"}
    return condition


def _designs(record: Record) -> list[str]:
    design = record.design
    if design is None:
        return []
    keys = [design.allocation, design.masking]
    return [f"https://schema.org/{SCHEMA_DESIGN[key]}" for key in keys if key in SCHEMA_DESIGN]


def script_json(data: dict[str, Any]) -> str:
    """Return JSON safe inside a `<script>` element: `<`, `>` and `&` escaped as \\uXXXX."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
