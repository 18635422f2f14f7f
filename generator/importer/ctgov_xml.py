"""Importer for legacy ClinicalTrials.gov XML records (`<clinical_study>`, retired in 2024)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: N817 - only for the Element type and ParseError
from pathlib import Path
from typing import Any

import defusedxml
import defusedxml.ElementTree

from ..errors import ContentError
from ..registry import study_url
from . import xml_investigator
from . import xml_values as values
from .ctgov_json import DOI_RE
from .ctgov_xml_results import parse_results
from .doses import extract_administration, extract_doses, extract_route
from .text import clean, clean_line
from .textblock import parse_textblock_criteria, unwrap

_DOWNLOAD_RE = re.compile(r"processed this data on (?P<date>[A-Z][a-z]+ \d{1,2}, \d{4})")


def _root(text: str, path: Path) -> ET.Element:
    try:
        root = defusedxml.ElementTree.fromstring(text.encode("utf-8"), forbid_dtd=True)
    except defusedxml.DefusedXmlException:
        message = "XML with a DTD (<!DOCTYPE>) or entity declarations is refused for safety"
        raise ContentError(message, path) from None
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        problem = re.sub(r": line \d+, column \d+$", "", str(exc))
        raise ContentError(f"invalid XML: {problem}", path, line) from None
    if root.tag != "clinical_study":
        raise ContentError(f"expected a <clinical_study> record, found <{root.tag}>", path, 1)
    return root


def parse_ctgov_xml(text: str, path: Path) -> dict[str, Any]:
    """Return the record data of one legacy XML record."""
    root = _root(text, path)
    try:
        return _record(root)
    except values.ValueProblem as exc:
        raise ContentError(str(exc), path, None, getattr(exc, "field", None)) from None


def _text(element: ET.Element | None, path: str = ".") -> str | None:
    if element is None:
        return None
    found = element.find(path)
    return clean_line(found.text) if found is not None and found.text else None


def _block(element: ET.Element, path: str) -> str | None:
    return clean(unwrap(element.findtext(f"{path}/textblock")))


def _field(name: str, function: Any, *args: Any) -> Any:
    """Call a value mapper, naming the record field when the value is unknown."""
    try:
        return function(*args)
    except values.ValueProblem as exc:
        exc.field = name  # type: ignore[attr-defined]
        raise


def _record(root: ET.Element) -> dict[str, Any]:
    nct_id = _text(root, "id_info/nct_id")
    download = _DOWNLOAD_RE.search(root.findtext("required_header/download_date") or "")
    return {
        "nct_id": nct_id,
        "org_study_id": _text(root, "id_info/org_study_id"),
        "secondary_ids": [{"id": text} for item in root.findall("id_info/secondary_id")
                          if (text := clean_line(item.text))],
        "title": {"brief": _text(root, "brief_title"), "official": _text(root, "official_title"),
                  "acronym": _text(root, "acronym")},
        "status": _status(root),
        "phase": _field("phase", values.phases, _text(root, "phase")),
        "study_type": _study_type(root),
        "enrollment": _enrollment(root),
        "conditions": [clean_line(item.text) for item in root.findall("condition") if item.text],
        "keywords": [clean_line(item.text) for item in root.findall("keyword") if item.text],
        "summary": _block(root, "brief_summary"),
        "description": _block(root, "detailed_description"),
        "design": _design(root),
        **_arms_interventions(root),
        "eligibility": _eligibility(root.find("eligibility")),
        "outcomes": {kind: [_outcome(item) for item in root.findall(f"{kind}_outcome")]
                     for kind in ("primary", "secondary", "other")},
        "sponsor": _agency(root.find("sponsors/lead_sponsor")),
        "collaborators": [_agency(item) for item in root.findall("sponsors/collaborator")],
        "locations": [_location(item) for item in root.findall("location")],
        "contacts": _contacts(root),
        "references": _references(root),
        **xml_investigator.investigator_fields(root, nct_id),
        "has_results": root.find("clinical_results") is not None,
        "results": parse_results(root),
        "source": {
            "registry": "ClinicalTrials.gov",
            "url": study_url(nct_id),
            "retrieved": values.date(download["date"]) if download else None,
            "format": "ctgov-xml",
        },
    }  # fmt: skip


def _status(root: ET.Element) -> dict[str, Any]:
    def dated(name: str) -> tuple[str | None, str | None]:
        element = root.find(name)
        if element is None:
            return None, None
        return _field(f"status.{name}", values.date, element.text), values.date_type(
            element.get("type")
        )

    start, start_type = dated("start_date")
    primary_completion, primary_completion_type = dated("primary_completion_date")
    completion, completion_type = dated("completion_date")
    last_update = dated("last_update_posted")[0] or dated("lastchanged_date")[0]
    return {
        "overall": _field("status.overall", values.enum_value, "status",
                          _text(root, "overall_status")),
        "last_known": _field("status.last_known", values.enum_value, "status",
                             _text(root, "last_known_status")),
        "why_stopped": _text(root, "why_stopped"),
        "last_update": last_update,
        "start": start,
        "start_type": start_type,
        "primary_completion": primary_completion,
        "primary_completion_type": primary_completion_type,
        "completion": completion,
        "completion_type": completion_type,
    }  # fmt: skip


def _study_type(root: ET.Element) -> str | None:
    text = _text(root, "study_type")
    if text == "N/A":
        return None
    return _field("study_type", values.enum_value, "study_type", text)


def _enrollment(root: ET.Element) -> dict[str, Any] | None:
    element = root.find("enrollment")
    if element is None or not (element.text or "").strip().isdigit():
        return None
    return {"count": int(element.text.strip()), "type": values.date_type(element.get("type"))}


def _design(root: ET.Element) -> dict[str, Any] | None:
    info = root.find("study_design_info")
    if info is None:
        return None
    level, who = _field("design.masking", values.masking, _text(info, "masking"))
    model = _text(info, "intervention_model") or _text(info, "observational_model")
    return {
        "allocation": _field("design.allocation", values.enum_value, "allocation",
                             _text(info, "allocation")),
        "model": _field("design.model", values.enum_value, "model", model),
        "purpose": _field("design.purpose", values.enum_value, "purpose",
                          _text(info, "primary_purpose")),
        "masking": level,
        "who_masked": who,
        "model_description": clean(info.findtext("intervention_model_description")),
        **xml_investigator.observational_design(info, root),
    }  # fmt: skip


def _arms_interventions(root: ET.Element) -> dict[str, Any]:
    interventions = [_intervention(item) for item in root.findall("intervention")]
    arms = []
    for arm in root.findall("arm_group"):
        label = _text(arm, "arm_group_label")
        arms.append({
            "label": label,
            "type": _field("arms.type", values.enum_value, "arm_type",
                           _text(arm, "arm_group_type")),
            "description": clean(arm.findtext("description")),
            "interventions": [item["name"] for item in interventions if label in item["_arms"]],
        })  # fmt: skip
    for item in interventions:
        del item["_arms"]
    return {"arms": arms, "interventions": interventions}


def _intervention(item: ET.Element) -> dict[str, Any]:
    description = clean(item.findtext("description"))
    return {
        "name": _text(item, "intervention_name"),
        "type": _field("interventions.type", values.enum_value, "intervention_type",
                       _text(item, "intervention_type")),
        "description": description,
        "other_names": [clean_line(name.text) for name in item.findall("other_name") if name.text],
        "doses": extract_doses(description),
        "route": extract_route(description),
        "administration": extract_administration(description),
        "_arms": [clean_line(label.text) for label in item.findall("arm_group_label")],
    }  # fmt: skip


def _eligibility(element: ET.Element | None) -> dict[str, Any] | None:
    if element is None:
        return None
    return {
        "min_age": values.age(_text(element, "minimum_age")),
        "max_age": values.age(_text(element, "maximum_age")),
        "sex": _field("eligibility.sex", values.enum_value, "sex", _text(element, "gender")),
        "healthy_volunteers": values.yes_no(_text(element, "healthy_volunteers")),
        "population": _block(element, "study_pop"),
        **xml_investigator.eligibility_extras(element),
        **parse_textblock_criteria(element.findtext("criteria/textblock")),
    }


def _outcome(item: ET.Element) -> dict[str, Any]:
    return {"measure": _text(item, "measure"), "time_frame": _text(item, "time_frame"),
            "description": clean(item.findtext("description"))}  # fmt: skip


def _agency(element: ET.Element | None) -> dict[str, Any] | None:
    if element is None:
        return None
    kind = _field("sponsor.class", values.enum_value, "class", _text(element, "agency_class"))
    return {"name": _text(element, "agency"), "class": kind}


def _location(item: ET.Element) -> dict[str, Any]:
    address = item.find("facility/address")
    return {
        "facility": _text(item, "facility/name"),
        **{key: _text(address, key) for key in ("city", "state", "zip", "country")},
        "status": _field("locations.status", values.enum_value, "status", _text(item, "status")),
        "contacts": xml_investigator.site_contacts(item),
    }


def _person(element: ET.Element, role: str | None) -> dict[str, Any]:
    names = [_text(element, key) for key in ("first_name", "middle_name", "last_name")]
    return {
        "name": " ".join(name for name in names if name) or None,
        "role": role,
        "affiliation": _text(element, "affiliation"),
        "phone": _text(element, "phone"),
        "email": _text(element, "email"),
    }


def _contacts(root: ET.Element) -> list[dict[str, Any]]:
    return xml_investigator.people(root, "overall_contact", "overall_official", _person)


def _references(root: ET.Element) -> list[dict[str, Any]]:
    result = []
    for tag, kind in (("reference", "BACKGROUND"), ("results_reference", "RESULT")):
        for item in root.findall(tag):
            citation = _text(item, "citation") or ""
            doi = DOI_RE.search(citation)
            result.append({"citation": citation, "doi": doi[1] if doi else None,
                           "pmid": _text(item, "PMID"), "type": kind})  # fmt: skip
    return result
