"""Legacy XML `<clinical_results>` -> the `results` of a record, every value as registered."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: N817 - only for the Element type
from typing import Any

from .text import clean, clean_line
from .textblock import unwrap
from .xml_values import ValueProblem

_OUTCOME_TYPES = {
    "primary": "PRIMARY", "secondary": "SECONDARY", "other pre-specified": "OTHER_PRE_SPECIFIED",
    "post-hoc": "POST_HOC",
}  # fmt: skip
# The legacy XML lists each group's totals as a first category "Total" (issue 17).
_TOTALS = {"total, serious adverse events": "serious", "total, other adverse events": "other",
           "total, all-cause mortality": "deaths"}  # fmt: skip
_ANALYSIS_TAGS = {
    "groups_desc": "group_description", "non_inferiority_type": "non_inferiority_type",
    "non_inferiority_desc": "non_inferiority_comment", "p_value": "p_value",
    "p_value_desc": "p_value_comment", "method": "method", "method_desc": "method_comment",
    "param_type": "param_type", "param_value": "param_value",
    "dispersion_type": "dispersion_type", "dispersion_value": "dispersion_value",
    "ci_percent": "ci_pct", "ci_n_sides": "ci_sides", "ci_lower_limit": "ci_lower",
    "ci_upper_limit": "ci_upper", "ci_lower_limit_na_comment": "ci_comment",
    "ci_upper_limit_na_comment": "ci_comment", "estimate_desc": "estimate_comment",
    "other_analysis_desc": "other_description",
}  # fmt: skip


_REASONS = "drop_withdraw_reason_list/drop_withdraw_reason"


def parse_results(root: ET.Element) -> dict[str, Any] | None:
    """Return the results of a `<clinical_study>`, or None when it has no `<clinical_results>`."""
    element = root.find("clinical_results")
    if element is None:
        return None
    contact = element.find("point_of_contact")
    return {
        "flow": _flow(element.find("participant_flow")),
        "baseline": _baseline(element.find("baseline")),
        "outcomes": [_outcome(item) for item in element.findall("outcome_list/outcome")],
        "adverse_events": _adverse_events(element.find("reported_events")),
        "limitations": _long(element, "limitations_and_caveats"),
        "point_of_contact": {
            "title": _text(contact, "name_or_title"),
            "organization": _text(contact, "organization"),
            "email": _text(contact, "email"),
            "phone": _text(contact, "phone"),
            "phone_ext": _text(contact, "phone_ext"),
        } if contact is not None else None,
    }  # fmt: skip


def _text(element: ET.Element | None, path: str) -> str | None:
    if element is None:
        return None
    found = element.find(path)
    return clean_line(found.text) if found is not None and found.text else None


def _long(element: ET.Element, path: str) -> str | None:
    return clean(unwrap(element.findtext(path)))


def _groups(element: ET.Element) -> list[dict[str, Any]]:
    return [{"id": group.get("group_id"), "title": _text(group, "title"),
             "description": _long(group, "description")}
            for group in element.findall("group_list/group")]  # fmt: skip


def _flow(element: ET.Element | None) -> dict[str, Any] | None:
    if element is None:
        return None

    def counts(item: ET.Element) -> list[dict[str, Any]]:
        return [{"group": part.get("group_id"), "subjects": part.get("count")}
                for part in item.findall("participants_list/participants")]  # fmt: skip

    return {
        "recruitment_details": _long(element, "recruitment_details"),
        "pre_assignment_details": _long(element, "pre_assignment_details"),
        "groups": _groups(element),
        "periods": [{
            "title": _text(period, "title"),
            "milestones": [{"type": _text(item, "title"), "counts": counts(item)}
                           for item in period.findall("milestone_list/milestone")],
            "reasons": [{"type": _text(item, "title"), "counts": counts(item)}
                        for item in period.findall(_REASONS)],
        } for period in element.findall("period_list/period")],
    }  # fmt: skip


def _denoms(element: ET.Element) -> list[dict[str, Any]]:
    return [{"units": _text(item, "units"),
             "counts": [{"group": count.get("group_id"), "value": count.get("value")}
                        for count in item.findall("count_list/count")]}
            for item in element.findall("analyzed_list/analyzed")]  # fmt: skip


def _measure(element: ET.Element) -> dict[str, Any]:
    return {
        "title": _text(element, "title"),
        "description": _long(element, "description"),
        "population": _long(element, "population"),
        "param_type": _text(element, "param"),
        "dispersion_type": _text(element, "dispersion"),
        "unit": _text(element, "units"),
        "denoms": _denoms(element),
        "classes": [{
            "title": _text(klass, "title"),
            "denoms": _denoms(klass),
            "categories": [{
                "title": _text(category, "title"),
                "measurements": [{
                    "group": m.get("group_id"), "value": m.get("value"),
                    "spread": m.get("spread"), "lower": m.get("lower_limit"),
                    "upper": m.get("upper_limit"), "comment": clean_line(m.text or "") or None,
                } for m in category.findall("measurement_list/measurement")],
            } for category in klass.findall("category_list/category")],
        } for klass in element.findall("class_list/class")],
    }  # fmt: skip


def _baseline(element: ET.Element | None) -> dict[str, Any] | None:
    if element is None:
        return None
    return {
        "population": _long(element, "population"),
        "groups": _groups(element),
        "denoms": _denoms(element),
        "measures": [_measure(item) for item in element.findall("measure_list/measure")],
    }


def _outcome(element: ET.Element) -> dict[str, Any]:
    kind = _text(element, "type")
    if kind is not None and kind.lower() not in _OUTCOME_TYPES:
        problem = ValueProblem(f'unknown outcome type "{kind}"')
        problem.field = "clinical_results.outcome_list.outcome.type"  # type: ignore[attr-defined]
        raise problem
    measure = element.find("measure")
    return {
        **(_measure(measure) if measure is not None else {"title": _text(element, "title")}),
        "title": _text(element, "title"),
        "description": _long(element, "description"),
        "population": _long(element, "population"),
        "type": _OUTCOME_TYPES[kind.lower()] if kind else None,
        "time_frame": _text(element, "time_frame"),
        "groups": _groups(element),
        "analyses": [_analysis(item) for item in element.findall("analysis_list/analysis")],
    }


def _analysis(element: ET.Element) -> dict[str, Any]:
    found: dict[str, Any] = {
        "groups": [clean_line(item.text) for item in element.findall("group_id_list/group_id")
                   if item.text]
    }  # fmt: skip
    for tag, name in _ANALYSIS_TAGS.items():
        value = _long(element, tag) if tag.endswith("desc") else _text(element, tag)
        if value is not None:
            found[name] = value
    return found


def _adverse_events(element: ET.Element | None) -> dict[str, Any] | None:
    if element is None:
        return None
    groups = {group["id"]: group for group in _groups(element)}
    found: dict[str, list[dict[str, Any]]] = {"serious": [], "other": []}
    for kind in found:
        for category in element.findall(f"{kind}_events/category_list/category"):
            for event in category.findall("event_list/event"):
                term = _text(event, "sub_title")
                counts = [_event_count(item) for item in event.findall("counts")]
                total = _TOTALS.get((term or "").lower())
                if total and _text(category, "title") == "Total":
                    for count in counts:
                        group = groups.get(count["group"])
                        if group is not None:
                            group[f"{total}_affected"] = count["affected"]
                            group[f"{total}_at_risk"] = count["at_risk"]
                    continue
                found[kind].append({
                    "term": term, "organ_system": _text(category, "title"),
                    "assessment": _text(event, "assessment"),
                    "vocabulary": (event.find("sub_title").get("vocab")  # type: ignore[union-attr]
                                   if event.find("sub_title") is not None else None)
                    or _text(element, f"{kind}_events/default_vocab"),
                    "notes": _long(event, "description"), "counts": counts,
                })  # fmt: skip
    return {
        "frequency_threshold": _text(element, "other_events/frequency_threshold"),
        "time_frame": _long(element, "time_frame"),
        "description": _long(element, "desc"),
        "groups": list(groups.values()),
        **found,
    }


def _event_count(element: ET.Element) -> dict[str, Any]:
    return {
        "group": element.get("group_id"),
        "affected": _whole(element.get("subjects_affected"), "subjects_affected"),
        "at_risk": _whole(element.get("subjects_at_risk"), "subjects_at_risk"),
        "events": _whole(element.get("events"), "events"),
    }


def _whole(text: str | None, name: str) -> int | str | None:
    """Return a registry count as a number; anything else goes on for the model to reject."""
    if text is None:
        return None
    stripped = text.strip()
    return int(stripped) if stripped.isdigit() else stripped
