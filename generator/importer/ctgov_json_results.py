"""API v2 `resultsSection` -> the `results` of a record, every value as registered (issue 17)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .json_shape import check_shape
from .text import clean

_TEXT: Any = str
_GROUPS = [{"id": _TEXT, "title": _TEXT, "description": _TEXT}]
_COUNTS = [{"groupId": _TEXT, "value": _TEXT}]
_DENOMS = [{"units": _TEXT, "counts": _COUNTS}]
_CLASSES = [{
    "title": _TEXT, "denoms": _DENOMS,
    "categories": [{"title": _TEXT, "measurements": [{
        "groupId": _TEXT, "value": _TEXT, "spread": _TEXT, "lowerLimit": _TEXT,
        "upperLimit": _TEXT, "comment": _TEXT,
    }]}],
}]  # fmt: skip
_MEASURE = {
    "title": _TEXT,
    "description": _TEXT,
    "populationDescription": _TEXT,
    "paramType": _TEXT,
    "dispersionType": _TEXT,
    "unitOfMeasure": _TEXT,
    "calculatePct": bool,
    "denoms": _DENOMS,
    "classes": _CLASSES,
}
_ANALYSIS_KEYS = {
    "groupDescription": "group_description",
    "nonInferiorityType": "non_inferiority_type",
    "nonInferiorityComment": "non_inferiority_comment",
    "pValue": "p_value",
    "pValueComment": "p_value_comment",
    "statisticalMethod": "method",
    "statisticalComment": "method_comment",
    "paramType": "param_type",
    "paramValue": "param_value",
    "dispersionType": "dispersion_type",
    "dispersionValue": "dispersion_value",
    "ciPctValue": "ci_pct",
    "ciNumSides": "ci_sides",
    "ciLowerLimit": "ci_lower",
    "ciUpperLimit": "ci_upper",
    "ciLowerLimitComment": "ci_comment",
    "ciUpperLimitComment": "ci_comment",
    "estimateComment": "estimate_comment",
    "otherAnalysisDescription": "other_description",
}
_EVENT_TOTALS = {
    "deathsNumAffected": "deaths_affected",
    "deathsNumAtRisk": "deaths_at_risk",
    "seriousNumAffected": "serious_affected",
    "seriousNumAtRisk": "serious_at_risk",
    "otherNumAffected": "other_affected",
    "otherNumAtRisk": "other_at_risk",
}
_EVENTS = [{
    "term": _TEXT, "organSystem": _TEXT, "assessmentType": _TEXT, "sourceVocabulary": _TEXT,
    "notes": _TEXT,
    "stats": [{"groupId": _TEXT, "numAffected": int, "numAtRisk": int, "numEvents": int}],
}]  # fmt: skip
_ACHIEVEMENTS = [{"groupId": _TEXT, "numSubjects": _TEXT, "numUnits": _TEXT, "comment": _TEXT}]
RESULTS: dict[str, Any] = {
    "participantFlowModule": {
        "recruitmentDetails": _TEXT, "preAssignmentDetails": _TEXT, "typeUnitsAnalyzed": _TEXT,
        "groups": _GROUPS,
        "periods": [{
            "title": _TEXT,
            "milestones": [{"type": _TEXT, "achievements": _ACHIEVEMENTS}],
            "dropWithdraws": [{"type": _TEXT, "reasons": [
                {"groupId": _TEXT, "numSubjects": _TEXT}]}],
        }],
    },
    "baselineCharacteristicsModule": {
        "populationDescription": _TEXT, "groups": _GROUPS, "denoms": _DENOMS,
        "measures": [_MEASURE],
    },
    "outcomeMeasuresModule": {"outcomeMeasures": [{
        **_MEASURE, "type": _TEXT, "reportingStatus": _TEXT, "timeFrame": _TEXT,
        "groups": _GROUPS,
        "analyses": [{"groupIds": [_TEXT], **{key: _TEXT for key in _ANALYSIS_KEYS}}],
    }]},
    "adverseEventsModule": {
        "frequencyThreshold": _TEXT, "timeFrame": _TEXT, "description": _TEXT,
        "eventGroups": [{**_GROUPS[0], **{key: int for key in _EVENT_TOTALS}}],
        "seriousEvents": _EVENTS, "otherEvents": _EVENTS,
    },
    "moreInfoModule": {
        "limitationsAndCaveats": {"description": _TEXT},
        "pointOfContact": {key: _TEXT for key in
                           ("title", "organization", "email", "phone", "phoneExt")},
    },
}  # fmt: skip


def parse_results(section: Any, path: Path, where: str) -> dict[str, Any] | None:
    """Return the results of one study's `resultsSection`, or None when it has none."""
    if section is None:
        return None
    check_shape(section, RESULTS, path, where)
    more = section.get("moreInfoModule", {})
    contact = more.get("pointOfContact")
    return {
        "flow": _flow(section.get("participantFlowModule")),
        "baseline": _baseline(section.get("baselineCharacteristicsModule")),
        "outcomes": [_outcome(item) for item in
                     section.get("outcomeMeasuresModule", {}).get("outcomeMeasures", [])],
        "adverse_events": _adverse_events(section.get("adverseEventsModule")),
        "limitations": clean((more.get("limitationsAndCaveats") or {}).get("description")),
        "point_of_contact": {
            "title": contact.get("title"), "organization": contact.get("organization"),
            "email": contact.get("email"), "phone": contact.get("phone"),
            "phone_ext": contact.get("phoneExt"),
        } if contact else None,
    }  # fmt: skip


def _groups(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": item.get("id"), "title": item.get("title"),
             "description": clean(item.get("description"))} for item in items]  # fmt: skip


def _flow(module: dict[str, Any] | None) -> dict[str, Any] | None:
    if not module:
        return None

    def counts(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{"group": item.get("groupId"), "subjects": item.get("numSubjects"),
                 "units": item.get("numUnits"), "comment": item.get("comment")}
                for item in items]  # fmt: skip

    return {
        "recruitment_details": clean(module.get("recruitmentDetails")),
        "pre_assignment_details": clean(module.get("preAssignmentDetails")),
        "units_analyzed": module.get("typeUnitsAnalyzed"),
        "groups": _groups(module.get("groups", [])),
        "periods": [{
            "title": period.get("title"),
            "milestones": [{"type": item.get("type"),
                            "counts": counts(item.get("achievements", []))}
                           for item in period.get("milestones", [])],
            "reasons": [{"type": item.get("type"), "counts": counts(item.get("reasons", []))}
                        for item in period.get("dropWithdraws", [])],
        } for period in module.get("periods", [])],
    }  # fmt: skip


def _denoms(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"units": item.get("units"),
             "counts": [{"group": count.get("groupId"), "value": count.get("value")}
                        for count in item.get("counts", [])]}
            for item in items]  # fmt: skip


def _measure(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": item.get("title"),
        "description": clean(item.get("description")),
        "population": clean(item.get("populationDescription")),
        "param_type": item.get("paramType"),
        "dispersion_type": item.get("dispersionType"),
        "unit": item.get("unitOfMeasure"),
        "calculate_pct": item.get("calculatePct"),
        "denoms": _denoms(item.get("denoms", [])),
        "classes": [{
            "title": klass.get("title"),
            "denoms": _denoms(klass.get("denoms", [])),
            "categories": [{
                "title": category.get("title"),
                "measurements": [{
                    "group": m.get("groupId"), "value": m.get("value"),
                    "spread": m.get("spread"), "lower": m.get("lowerLimit"),
                    "upper": m.get("upperLimit"), "comment": m.get("comment"),
                } for m in category.get("measurements", [])],
            } for category in klass.get("categories", [])],
        } for klass in item.get("classes", [])],
    }  # fmt: skip


def _baseline(module: dict[str, Any] | None) -> dict[str, Any] | None:
    if not module:
        return None
    return {
        "population": clean(module.get("populationDescription")),
        "groups": _groups(module.get("groups", [])),
        "denoms": _denoms(module.get("denoms", [])),
        "measures": [_measure(item) for item in module.get("measures", [])],
    }


def _outcome(item: dict[str, Any]) -> dict[str, Any]:
    analyses = []
    for analysis in item.get("analyses", []):
        found: dict[str, Any] = {"groups": analysis.get("groupIds", [])}
        for key, name in _ANALYSIS_KEYS.items():
            if analysis.get(key) is not None:
                found[name] = analysis[key]
        analyses.append(found)
    return {
        **_measure(item),
        "type": item.get("type"),
        "reporting_status": item.get("reportingStatus"),
        "time_frame": clean(item.get("timeFrame")),
        "groups": _groups(item.get("groups", [])),
        "analyses": analyses,
    }


def _adverse_events(module: dict[str, Any] | None) -> dict[str, Any] | None:
    if not module:
        return None

    def events(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{
            "term": item.get("term"), "organ_system": item.get("organSystem"),
            "assessment": item.get("assessmentType"), "vocabulary": item.get("sourceVocabulary"),
            "notes": clean(item.get("notes")),
            "counts": [{"group": stat.get("groupId"), "affected": stat.get("numAffected"),
                        "at_risk": stat.get("numAtRisk"), "events": stat.get("numEvents")}
                       for stat in item.get("stats", [])],
        } for item in items]  # fmt: skip

    return {
        "frequency_threshold": module.get("frequencyThreshold"),
        "time_frame": clean(module.get("timeFrame")),
        "description": clean(module.get("description")),
        "groups": [{**group, **{name: item.get(key) for key, name in _EVENT_TOTALS.items()}}
                   for group, item in zip(_groups(module.get("eventGroups", [])),
                                          module.get("eventGroups", []), strict=True)],
        "serious": events(module.get("seriousEvents", [])),
        "other": events(module.get("otherEvents", [])),
    }  # fmt: skip
