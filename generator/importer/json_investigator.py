"""API v2 fields investigators look for: documents, data sharing, oversight, MeSH, links, sites."""

from __future__ import annotations

from typing import Any

from .text import clean

# Where the registry serves a study's large documents (its study page links the same files).
DOCUMENT_URL = "https://cdn.clinicaltrials.gov/large-docs/{last2}/{nct_id}/{filename}"


def _get(data: Any, dotted: str) -> Any:
    for key in dotted.split("."):
        data = data.get(key) if isinstance(data, dict) else None
    return data


def investigator_fields(study: dict[str, Any], nct_id: str) -> dict[str, Any]:
    """Return the record fields of links, documents, data sharing, oversight and MeSH terms."""
    protocol = study.get("protocolSection", {})
    return {
        "see_also": [
            {"url": item.get("url"), "label": item.get("label")}
            for item in _get(protocol, "referencesModule.seeAlsoLinks") or []
        ],
        "documents": [
            _document(item, nct_id)
            for item in _get(study, "documentSection.largeDocumentModule.largeDocs") or []
        ],
        "data_sharing": _data_sharing(protocol.get("ipdSharingStatementModule")),
        "oversight": _oversight(protocol.get("oversightModule")),
        "condition_mesh": _meshes(_get(study, "derivedSection.conditionBrowseModule.meshes")),
        "intervention_mesh": _meshes(_get(study, "derivedSection.interventionBrowseModule.meshes")),
    }


def observational_design(module: dict[str, Any]) -> dict[str, Any]:
    """Return the design fields of an observational study: time perspective, biospecimens."""
    return {
        "time_perspective": _get(module, "designInfo.timePerspective"),
        "biospec_retention": _get(module, "bioSpec.retention"),
        "biospec_description": clean(_get(module, "bioSpec.description")),
    }


def eligibility_extras(module: dict[str, Any]) -> dict[str, Any]:
    """Return the sampling method and the registered words on sex or gender."""
    return {
        "sampling_method": module.get("samplingMethod"),
        "gender_based": module.get("genderBased"),
        "gender_description": clean(module.get("genderDescription")),
    }


def site_contacts(location: dict[str, Any]) -> list[dict[str, Any]]:
    """Return a site's contacts and investigators (API v2 `locations[].contacts`)."""
    return [
        {
            "name": item.get("name"),
            "role": item.get("role"),
            "phone": _phone(item.get("phone"), item.get("phoneExt")),
            "email": item.get("email"),
        }
        for item in location.get("contacts", [])
    ]


def _phone(number: str | None, extension: str | None) -> str | None:
    return f"{number} ext. {extension}" if number and extension else number


def _document(item: dict[str, Any], nct_id: str) -> dict[str, Any]:
    filename = item.get("filename")
    url = None
    if filename and "/" not in filename:
        url = DOCUMENT_URL.format(last2=nct_id[-2:], nct_id=nct_id, filename=filename)
    return {
        "label": item.get("label") or item.get("typeAbbrev") or filename,
        "type": item.get("typeAbbrev"),
        "has_protocol": item.get("hasProtocol"),
        "has_sap": item.get("hasSap"),
        "has_icf": item.get("hasIcf"),
        "date": item.get("date"),
        "url": url,
    }


def _data_sharing(module: dict[str, Any] | None) -> dict[str, Any] | None:
    if not module:
        return None
    return {
        "plan": module.get("ipdSharing"),
        "description": clean(module.get("description")),
        "info_types": module.get("infoTypes", []),
        "time_frame": clean(module.get("timeFrame")),
        "access_criteria": clean(module.get("accessCriteria")),
        "url": module.get("url"),
    }


def _oversight(module: dict[str, Any] | None) -> dict[str, Any] | None:
    if not module:
        return None
    return {
        "has_dmc": module.get("oversightHasDmc"),
        "fda_regulated_drug": module.get("isFdaRegulatedDrug"),
        "fda_regulated_device": module.get("isFdaRegulatedDevice"),
    }


def _meshes(items: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    return [{"term": item.get("term"), "id": item.get("id")} for item in items or []]
