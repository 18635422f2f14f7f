"""Importer for ClinicalTrials.gov API v2 JSON: one study or a `{"studies": [...]}` page."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

from ..errors import ContentError
from ..registry import study_url
from .criteria_md import parse_markdown_criteria
from .ctgov_json_results import parse_results
from .doses import extract_administration, extract_doses, extract_route
from .json_investigator import (
    eligibility_extras,
    investigator_fields,
    observational_design,
    site_contacts,
)
from .json_shape import STUDY, check_shape
from .text import clean, unescape

_TYPE_PREFIX_RE = re.compile(r"^[A-Z][A-Za-z ]*: ")
logger = logging.getLogger(__name__)
DOI_RE = re.compile(r"\bdoi:\s*(10\.\d{4,9}/\S+?)\.?(?=\s|$)", re.IGNORECASE)


def parse_ctgov_json(text: str, path: Path) -> list[dict[str, Any]]:
    """Return the record data of every study in an API v2 JSON document."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ContentError(f"invalid JSON: {exc.msg}", path, exc.lineno) from None
    except RecursionError:
        raise ContentError("invalid JSON: arrays or objects nested too deeply", path) from None
    studies = document.get("studies") if isinstance(document, dict) else None
    if studies is None:
        return [_study(document, path, "")]
    if not isinstance(studies, list):
        raise ContentError('expected an API v2 study or a page {"studies": [...]}', path)
    if not studies:
        raise ContentError("the search page holds no studies", path, None, "studies")
    if document.get("nextPageToken"):
        logger.warning(
            "%s: this search page is incomplete: the search has more studies than the %d it "
            "holds (nextPageToken); import them all with trialsite import --search QUERY",
            path, len(studies),
        )  # fmt: skip
    return [_study(study, path, f"studies.{index}") for index, study in enumerate(studies)]


def _get(data: Any, dotted: str) -> Any:
    for key in dotted.split("."):
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _study(study: Any, path: Path, where: str) -> dict[str, Any]:
    check_shape(study, STUDY, path, where)
    protocol = _get(study, "protocolSection")
    if not isinstance(protocol, dict) or not _get(protocol, "identificationModule.nctId"):
        raise ContentError("not an API v2 study: no protocolSection.identificationModule.nctId",
                           path, None, where or None)  # fmt: skip
    ident = protocol.get("identificationModule", {})
    nct_id = ident["nctId"]
    return {
        "nct_id": nct_id,
        "org_study_id": _get(ident, "orgStudyIdInfo.id"),
        "secondary_ids": [
            {"id": item.get("id"), "type": item.get("type"), "domain": item.get("domain")}
            for item in ident.get("secondaryIdInfos", [])
        ],
        "title": {
            "brief": ident.get("briefTitle"),
            "official": ident.get("officialTitle"),
            "acronym": ident.get("acronym"),
        },  # fmt: skip
        "status": _status(protocol.get("statusModule", {})),
        **_design(protocol.get("designModule", {})),
        "conditions": _get(protocol, "conditionsModule.conditions") or [],
        "keywords": _get(protocol, "conditionsModule.keywords") or [],
        "summary": clean(_get(protocol, "descriptionModule.briefSummary")),
        "description": clean(_get(protocol, "descriptionModule.detailedDescription")),
        **_arms_interventions(protocol.get("armsInterventionsModule", {})),
        "eligibility": _eligibility(protocol.get("eligibilityModule", {})),
        "outcomes": _outcomes(protocol.get("outcomesModule", {})),
        **_sponsors(protocol.get("sponsorCollaboratorsModule", {})),
        **_contacts_locations(protocol.get("contactsLocationsModule", {})),
        "references": [
            _reference(item) for item in _get(protocol, "referencesModule.references") or []
        ],
        **investigator_fields(study, nct_id),
        "has_results": study.get("hasResults"),
        "results": parse_results(
            study.get("resultsSection"),
            path,
            f"{where}.resultsSection" if where else "resultsSection",
        ),
        "source": {
            "registry": "ClinicalTrials.gov",
            "url": study_url(nct_id),
            "retrieved": _get(study, "derivedSection.miscInfoModule.versionHolder"),
            "format": "ctgov-json",
        },
    }


def _status(module: dict[str, Any]) -> dict[str, Any]:
    return {
        "overall": module.get("overallStatus"),
        "last_known": module.get("lastKnownStatus"),
        "why_stopped": clean(module.get("whyStopped")),
        "last_update": _get(module, "lastUpdatePostDateStruct.date"),
        "start": _get(module, "startDateStruct.date"),
        "start_type": _get(module, "startDateStruct.type"),
        "primary_completion": _get(module, "primaryCompletionDateStruct.date"),
        "primary_completion_type": _get(module, "primaryCompletionDateStruct.type"),
        "completion": _get(module, "completionDateStruct.date"),
        "completion_type": _get(module, "completionDateStruct.type"),
    }


def _design(module: dict[str, Any]) -> dict[str, Any]:
    info = module.get("designInfo", {})
    enrollment = module.get("enrollmentInfo", {})
    return {
        "phase": module.get("phases", []),
        "study_type": module.get("studyType"),
        "enrollment": {"count": enrollment["count"], "type": enrollment.get("type")}
        if "count" in enrollment else None,
        "design": {
            "allocation": info.get("allocation"),
            "model": info.get("interventionModel") or info.get("observationalModel"),
            "purpose": info.get("primaryPurpose"),
            "masking": _get(info, "maskingInfo.masking"),
            "who_masked": _get(info, "maskingInfo.whoMasked") or [],
            "model_description": clean(info.get("interventionModelDescription")),
            **observational_design(module),
        },
    }  # fmt: skip


def _arms_interventions(module: dict[str, Any]) -> dict[str, Any]:
    arms = [
        {
            "label": arm.get("label"),
            "type": arm.get("type"),
            "description": clean(arm.get("description")),
            "interventions": [
                _TYPE_PREFIX_RE.sub("", name) for name in arm.get("interventionNames", [])
            ],
        }
        for arm in module.get("armGroups", [])
    ]
    return {
        "arms": arms,
        "interventions": [_intervention(item) for item in module.get("interventions", [])],
    }


def _intervention(item: dict[str, Any]) -> dict[str, Any]:
    description = clean(item.get("description"))
    plain = unescape(description) if description else None
    return {
        "name": item.get("name"),
        "type": item.get("type"),
        "description": description,
        "other_names": item.get("otherNames", []),
        "doses": extract_doses(plain),
        "route": extract_route(plain),
        "administration": extract_administration(plain),
    }


def _eligibility(module: dict[str, Any]) -> dict[str, Any]:
    criteria = parse_markdown_criteria(module.get("eligibilityCriteria") or "")
    return {
        "min_age": module.get("minimumAge"),
        "max_age": module.get("maximumAge"),
        "sex": module.get("sex"),
        "healthy_volunteers": module.get("healthyVolunteers"),
        "population": clean(module.get("studyPopulation")),
        **eligibility_extras(module),
        **criteria,
    }


def _outcomes(module: dict[str, Any]) -> dict[str, Any]:
    def convert(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {"measure": clean(item.get("measure")), "description": clean(item.get("description")),
             "time_frame": clean(item.get("timeFrame"))}
            for item in items
        ]  # fmt: skip

    return {
        "primary": convert(module.get("primaryOutcomes", [])),
        "secondary": convert(module.get("secondaryOutcomes", [])),
        "other": convert(module.get("otherOutcomes", [])),
    }


def _agency(item: dict[str, Any] | None) -> dict[str, Any] | None:
    return {"name": item.get("name"), "class": item.get("class")} if item else None


def _sponsors(module: dict[str, Any]) -> dict[str, Any]:
    return {
        "sponsor": _agency(module.get("leadSponsor")),
        "collaborators": [_agency(item) for item in module.get("collaborators", [])],
    }


def _contacts_locations(module: dict[str, Any]) -> dict[str, Any]:
    contacts = [
        {"name": item.get("name"), "role": item.get("role"), "phone": item.get("phone"),
         "email": item.get("email")}
        for item in module.get("centralContacts", [])
    ] + [
        {"name": item.get("name"), "role": item.get("role"), "affiliation": item.get("affiliation")}
        for item in module.get("overallOfficials", [])
    ]  # fmt: skip
    keys = ("facility", "city", "state", "zip", "country", "status")
    locations = [
        {**{key: item.get(key) for key in keys}, "geo": _geo(item.get("geoPoint")),
         "contacts": site_contacts(item)}
        for item in module.get("locations", [])
    ]  # fmt: skip
    return {"contacts": contacts, "locations": locations}


def _geo(point: dict[str, Any] | None) -> dict[str, Any] | None:
    """Return a site's `geoPoint` as the model's `geo`; None when the registry gave none."""
    if not point or point.get("lat") is None or point.get("lon") is None:
        return None
    return {"lat": point["lat"], "lon": point["lon"]}


def _reference(item: dict[str, Any]) -> dict[str, Any]:
    citation = item.get("citation") or ""
    doi = DOI_RE.search(citation)
    return {"citation": citation, "doi": doi[1] if doi else None, "pmid": item.get("pmid"),
            "type": item.get("type")}  # fmt: skip
