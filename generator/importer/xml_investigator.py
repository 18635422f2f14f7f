"""Legacy XML fields investigators look for: documents, data sharing, oversight, MeSH, links."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: N817 - only for the Element type
from collections.abc import Callable
from typing import Any

from . import xml_values as values
from .text import clean, clean_line
from .textblock import unwrap

# API v2 values of the legacy labels that their spelling alone does not give.
_RETENTION = {"none retained": "NONE_RETAINED", "samples with dna": "SAMPLES_WITH_DNA",
              "samples without dna": "SAMPLES_WITHOUT_DNA"}  # fmt: skip
_INFO_TYPES = {"study protocol": "STUDY_PROTOCOL", "statistical analysis plan (sap)": "SAP",
               "informed consent form (icf)": "ICF", "clinical study report (csr)": "CSR",
               "analytic code": "ANALYTIC_CODE"}  # fmt: skip
_KNOWN = {
    "time_perspective": {"PROSPECTIVE", "RETROSPECTIVE", "CROSS_SECTIONAL", "OTHER"},
    "sampling_method": {"PROBABILITY_SAMPLE", "NON_PROBABILITY_SAMPLE"},
    "data_sharing.plan": {"YES", "NO", "UNDECIDED"},
}


def _text(element: ET.Element | None, path: str) -> str | None:
    found = element.find(path) if element is not None else None
    return clean_line(found.text) if found is not None and found.text else None


def _enum(field: str, text: str | None, table: dict[str, str] | None = None) -> str | None:
    """Map a label to its API v2 value; an unknown label is a ValueProblem naming the field."""
    if text is None:
        return None
    if table is not None:
        value, allowed = table.get(text.lower()), set(table.values())
    else:
        value, allowed = re.sub(r"[^A-Z0-9]+", "_", text.upper()).strip("_"), _KNOWN[field]
    if value not in allowed:
        raise _problem(f'unknown value "{text}"', field)
    return value


def _problem(message: str, field: str) -> values.ValueProblem:
    problem = values.ValueProblem(message)
    problem.field = field  # type: ignore[attr-defined]
    return problem


def _date(text: str | None, field: str) -> str | None:
    try:
        return values.date(text)
    except values.ValueProblem as exc:
        raise _problem(str(exc), field) from None


def investigator_fields(root: ET.Element, nct_id: str | None) -> dict[str, Any]:
    """Return the record fields of links, documents, data sharing, oversight and MeSH terms."""
    return {
        "see_also": [
            {"url": url, "label": _text(link, "description")}
            for link in root.findall("link")
            if (url := _text(link, "url"))
        ],
        "documents": [_document(item) for item in root.findall(".//provided_document")],
        "data_sharing": _data_sharing(root.find("patient_data")),
        "oversight": _oversight(root.find("oversight_info")),
        "condition_mesh": _meshes(root, "condition_browse"),
        "intervention_mesh": _meshes(root, "intervention_browse"),
    }


def observational_design(info: ET.Element, root: ET.Element) -> dict[str, Any]:
    """Return the time perspective and the biospecimens of an observational study."""
    return {
        "time_perspective": _enum("time_perspective", _text(info, "time_perspective")),
        "biospec_retention": _enum(
            "design.biospec_retention", _text(root, "biospec_retention"), _RETENTION
        ),
        "biospec_description": clean(unwrap(root.findtext("biospec_descr/textblock"))),
    }


def eligibility_extras(element: ET.Element) -> dict[str, Any]:
    """Return the sampling method and the registered words on sex or gender."""
    return {
        "sampling_method": _enum("sampling_method", _text(element, "sampling_method")),
        "gender_based": values.yes_no(_text(element, "gender_based")),
        "gender_description": clean(unwrap(element.findtext("gender_description"))),
    }


def site_contacts(location: ET.Element) -> list[dict[str, Any]]:
    """Return a site's contacts and investigators (`<contact>`, `<investigator>`)."""
    return people(location, "contact", "investigator", _person)


def people(
    element: ET.Element, contact: str, official: str, person: Callable[..., dict[str, Any]]
) -> list[dict[str, Any]]:
    """Return an element's contacts, their backups, then its officials, each made by `person`.

    The study (`overall_contact`, `overall_official`) and each site (`contact`, `investigator`)
    list people the same way; a role "Principal Investigator" becomes `PRINCIPAL_INVESTIGATOR`.
    """
    found = [
        person(item, "CONTACT")
        for tag in (contact, f"{contact}_backup")
        for item in element.findall(tag)
    ]
    for item in element.findall(official):
        role = _text(item, "role")
        found.append(person(item, re.sub(r"[^A-Z]+", "_", role.upper()) if role else None))
    return found


def _person(element: ET.Element, role: str | None) -> dict[str, Any]:
    names = [_text(element, key) for key in ("first_name", "middle_name", "last_name")]
    phone, extension = _text(element, "phone"), _text(element, "phone_ext")
    return {
        "name": " ".join(name for name in names if name) or None,
        "role": role,
        "phone": f"{phone} ext. {extension}" if phone and extension else phone,
        "email": _text(element, "email"),
    }


def _document(item: ET.Element) -> dict[str, Any]:
    return {
        "label": _text(item, "document_type"),
        "has_protocol": values.yes_no(_text(item, "document_has_protocol")),
        "has_sap": values.yes_no(_text(item, "document_has_sap")),
        "has_icf": values.yes_no(_text(item, "document_has_icf")),
        "date": _date(_text(item, "document_date"), "documents.date"),
        "url": _text(item, "document_url"),
    }


def _data_sharing(element: ET.Element | None) -> dict[str, Any] | None:
    if element is None:
        return None
    return {
        "plan": _enum("data_sharing.plan", _text(element, "sharing_ipd")),
        "description": clean(element.findtext("ipd_description")),
        "info_types": [
            _enum("data_sharing.info_types", clean_line(item.text), _INFO_TYPES)
            for item in element.findall("ipd_info_type")
            if item.text and item.text.strip()
        ],
        "time_frame": clean(element.findtext("ipd_time_frame")),
        "access_criteria": clean(element.findtext("ipd_access_criteria")),
        "url": _text(element, "ipd_url"),
    }


def _oversight(element: ET.Element | None) -> dict[str, Any] | None:
    if element is None:
        return None
    return {
        "has_dmc": values.yes_no(_text(element, "has_dmc")),
        "fda_regulated_drug": values.yes_no(_text(element, "is_fda_regulated_drug")),
        "fda_regulated_device": values.yes_no(_text(element, "is_fda_regulated_device")),
    }


def _meshes(root: ET.Element, tag: str) -> list[dict[str, Any]]:
    return [
        {"term": term}
        for item in root.findall(f"{tag}/mesh_term")
        if (term := clean_line(item.text or ""))
    ]
