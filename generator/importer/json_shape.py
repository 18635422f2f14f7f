"""The shape of the API v2 fields the JSON importer reads: a wrong type is a located error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import ContentError

# Each key the importer reads and the JSON type it must have: a dict is an object with those
# keys, a one-item list is an array of that, a type is a leaf. Other keys are not read.
_TEXT: Any = str
_PERSON = {"name": _TEXT, "role": _TEXT, "affiliation": _TEXT, "phone": _TEXT, "email": _TEXT}
_OUTCOME = {"measure": _TEXT, "description": _TEXT, "timeFrame": _TEXT}
_DATE = {"date": _TEXT, "type": _TEXT}
_PLACE = ("facility", "city", "state", "zip", "country", "status")
_SITE_CONTACT = {"name": _TEXT, "role": _TEXT, "phone": _TEXT, "phoneExt": _TEXT, "email": _TEXT}
_MESHES = {"meshes": [{"id": _TEXT, "term": _TEXT}]}
STUDY: dict[str, Any] = {
    "protocolSection": {
        "identificationModule": {
            "nctId": _TEXT, "orgStudyIdInfo": {"id": _TEXT},
            "secondaryIdInfos": [{"id": _TEXT, "type": _TEXT, "domain": _TEXT}],
            "briefTitle": _TEXT, "officialTitle": _TEXT, "acronym": _TEXT,
        },
        "statusModule": {
            "overallStatus": _TEXT, "lastKnownStatus": _TEXT, "whyStopped": _TEXT,
            "lastUpdatePostDateStruct": _DATE, "startDateStruct": _DATE,
            "primaryCompletionDateStruct": _DATE, "completionDateStruct": _DATE,
        },
        "designModule": {
            "phases": [_TEXT], "studyType": _TEXT,
            "enrollmentInfo": {"count": int, "type": _TEXT},
            "designInfo": {
                "allocation": _TEXT, "interventionModel": _TEXT, "observationalModel": _TEXT,
                "primaryPurpose": _TEXT, "interventionModelDescription": _TEXT,
                "maskingInfo": {"masking": _TEXT, "whoMasked": [_TEXT]},
                "timePerspective": _TEXT,
            },
            "bioSpec": {"retention": _TEXT, "description": _TEXT},
        },
        "conditionsModule": {"conditions": [_TEXT], "keywords": [_TEXT]},
        "descriptionModule": {"briefSummary": _TEXT, "detailedDescription": _TEXT},
        "armsInterventionsModule": {
            "armGroups": [{"label": _TEXT, "type": _TEXT, "description": _TEXT,
                           "interventionNames": [_TEXT]}],
            "interventions": [{"name": _TEXT, "type": _TEXT, "description": _TEXT,
                               "otherNames": [_TEXT]}],
        },
        "eligibilityModule": {
            "eligibilityCriteria": _TEXT, "minimumAge": _TEXT, "maximumAge": _TEXT,
            "sex": _TEXT, "healthyVolunteers": bool, "studyPopulation": _TEXT,
            "samplingMethod": _TEXT, "genderBased": bool, "genderDescription": _TEXT,
        },
        "outcomesModule": {
            "primaryOutcomes": [_OUTCOME], "secondaryOutcomes": [_OUTCOME],
            "otherOutcomes": [_OUTCOME],
        },
        "sponsorCollaboratorsModule": {
            "leadSponsor": {"name": _TEXT, "class": _TEXT},
            "collaborators": [{"name": _TEXT, "class": _TEXT}],
        },
        "contactsLocationsModule": {
            "centralContacts": [_PERSON], "overallOfficials": [_PERSON],
            "locations": [{**{key: _TEXT for key in _PLACE}, "contacts": [_SITE_CONTACT],
                           "geoPoint": {"lat": float, "lon": float}}],
        },
        "referencesModule": {
            "references": [{"citation": _TEXT, "pmid": _TEXT, "type": _TEXT}],
            "seeAlsoLinks": [{"label": _TEXT, "url": _TEXT}],
        },
        "oversightModule": {"oversightHasDmc": bool, "isFdaRegulatedDrug": bool,
                            "isFdaRegulatedDevice": bool},
        "ipdSharingStatementModule": {
            "ipdSharing": _TEXT, "description": _TEXT, "infoTypes": [_TEXT], "timeFrame": _TEXT,
            "accessCriteria": _TEXT, "url": _TEXT,
        },
    },
    "documentSection": {"largeDocumentModule": {"largeDocs": [{
        "typeAbbrev": _TEXT, "hasProtocol": bool, "hasSap": bool, "hasIcf": bool,
        "label": _TEXT, "date": _TEXT, "filename": _TEXT,
    }]}},
    "derivedSection": {
        "miscInfoModule": {"versionHolder": _TEXT},
        "conditionBrowseModule": _MESHES, "interventionBrowseModule": _MESHES,
    },
    "hasResults": bool,
}  # fmt: skip
_NAMES = {dict: "an object", list: "an array", str: "text", int: "a whole number",
          bool: "true or false", float: "a number", type(None): "null"}  # fmt: skip


def check_shape(value: Any, shape: Any, path: Path, where: str = "", nullable: bool = True) -> None:
    """Raise a ContentError at the first value whose JSON type is not the one `shape` names.

    A null text, number or boolean stands for an absent key; an array never holds nulls.
    """
    if isinstance(shape, dict):
        _expect(value, dict, path, where)
        for key, inner in shape.items():
            if key in value:
                check_shape(value[key], inner, path, f"{where}.{key}" if where else key)
    elif isinstance(shape, list):
        _expect(value, list, path, where)
        for index, item in enumerate(value):
            check_shape(item, shape[0], path, f"{where}.{index}", nullable=False)
    elif value is not None or not nullable:
        _expect(value, shape, path, where)


def _expect(value: Any, kind: type, path: Path, where: str) -> None:
    # JSON true is not a number, though Python's bool is an int; 45 is a number as 45.0 is.
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return
    got = _NAMES.get(type(value), type(value).__name__)
    raise ContentError(f"expected {_NAMES[kind]}, got {got}", path, None, where or None)
