"""Readers of the sections of a registry text page, each filling part of the record data."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..registry import ID_RE as NCT_ID_RE
from .criteria import from_bullet_lines
from .doses import extract_administration, extract_doses, extract_route
from .text import unescape

if TYPE_CHECKING:
    from .registry_text import Line, Page

_DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_ENROLLMENT_RE = re.compile(r"^(\d+) participants?$")
_AGE_RE = re.compile(r"^\d+ (?:Years|Months|Weeks|Days|Hours|Minutes)$")
_PLACE_RE = re.compile(r"^(?P<city>[^,]*), (?P<state>[^,]*), (?P<country>[^,]+)$")
_DOI_RE = re.compile(r"\bdoi:\s*(10\.\d{4,9}/\S+?)\.?(?=\s|$)", re.IGNORECASE)
# A line that is meant as an NCT id but is not one: NCT0501885, NCT 05018858, nct05018858.
_LIKE_NCT_ID_RE = re.compile(r"^NCT\W?\d+\W*$", re.IGNORECASE)
_TYPE_PREFIX_RE = re.compile(r"^(?P<type>[A-Z][A-Za-z ]+): (?P<name>.+)$")
INTERVENTION_TYPES = {
    "Behavioral": "BEHAVIORAL", "Biological": "BIOLOGICAL", "Combination Product":
    "COMBINATION_PRODUCT", "Device": "DEVICE", "Diagnostic Test": "DIAGNOSTIC_TEST",
    "Dietary Supplement": "DIETARY_SUPPLEMENT", "Drug": "DRUG", "Genetic": "GENETIC",
    "Procedure": "PROCEDURE", "Radiation": "RADIATION", "Other": "OTHER",
}  # fmt: skip


def basic_information(page: Page, data: dict[str, Any], *enums: set[str]) -> None:
    """Read the bare values: status, phase, enrollment, study type, start and completion."""
    statuses, phases, study_types = enums
    dates = []
    for line in page.sections.get("Basic Information", []):
        value = line.text
        if value in statuses:
            data["status"]["overall"] = value
        elif all(part in phases for part in value.split("/")):
            data["phase"] = value.split("/")
        elif match := _ENROLLMENT_RE.match(value):
            data["enrollment"] = {"count": int(match[1])}
        elif value in study_types:
            data["study_type"] = value
        elif _DATE_RE.match(value):
            dates.append(value)
        else:
            raise page.error(f'unexpected value "{value}" under Basic Information', line)
    keys = {
        1: ["start"],
        2: ["start", "completion"],
        3: ["start", "primary_completion", "completion"],
    }
    if dates and len(dates) not in keys:
        raise page.error(f"expected 1 to 3 dates under Basic Information, found {len(dates)}")
    data["status"].update(zip(keys.get(len(dates), []), dates, strict=False))


def texts(page: Page, data: dict[str, Any]) -> None:
    """Read the summary, description, conditions and keywords."""
    for heading, key in (("Brief Summary", "summary"), ("Detailed Description", "description")):
        lines = page.sections.get(heading, [])
        if lines:
            data[key] = "\n".join(unescape(line.text) for line in lines)
    for heading, key in (("Conditions", "conditions"), ("Keywords", "keywords")):
        values = [unescape(line.text) for line in page.sections.get(heading, [])]
        if values:
            data[key] = values


def design(page: Page, data: dict[str, Any], fields: list[tuple[str, set[str] | None]]) -> None:
    """Read the bare design values in order: allocation, model, purpose, masking."""
    lines = page.sections.get("Study Design", [])
    if len(lines) > len(fields):
        raise page.error(f"expected at most {len(fields)} values under Study Design", lines[-1])
    result = {}
    for line, (key, allowed) in zip(lines, fields, strict=False):
        if allowed is not None and line.text not in allowed:
            choices = ", ".join(sorted(allowed))
            message = f'expected one of {choices}, got "{line.text}"'
            raise page.error(message, line, f"design.{key}")
        result[key] = line.text
    if result:
        data["design"] = result


def _blocks(lines: list[Line]) -> list[tuple[str, list[str]]]:
    """Group lines into (label, description lines): a label, one paragraph, its bullets."""
    blocks: list[tuple[str, list[str]]] = []
    for line in lines:
        text = unescape(line.text)
        if blocks and (text.startswith("* ") or not blocks[-1][1]):
            blocks[-1][1].append(text)
        else:
            blocks.append((text, []))
    return blocks


def groups_and_interventions(page: Page, data: dict[str, Any]) -> None:
    """Read the interventions, then the study groups: each arm followed by its interventions.

    The saved study page lists under "Study Groups" each arm (label, description), then the
    interventions it receives, named and described as under "Interventions". A block that
    repeats an intervention that way belongs to the arm above it; it is not another arm
    (medical review item 5: the seed's one arm was imported as two identical arms).
    """
    interventions = []
    for label, description in _blocks(page.sections.get("Interventions", [])):
        text = "\n".join(description) or None
        interventions.append({
            **_typed_name(label), "description": text, "doses": extract_doses(text),
            "route": extract_route(text), "administration": extract_administration(text),
        })  # fmt: skip
    arms: list[dict[str, Any]] = []
    for label, description in _blocks(page.sections.get("Study Groups", [])):
        text = "\n".join(description) or None
        given = _intervention_of(label, text, interventions) if arms else None
        if given is not None:
            if given not in arms[-1]["interventions"]:
                arms[-1]["interventions"].append(given)
        else:
            arms.append({"label": label, "description": text, "interventions": []})
    data["arms"], data["interventions"] = arms, interventions


def _intervention_of(
    label: str, description: str | None, interventions: list[dict[str, Any]]
) -> str | None:
    """Return the intervention a Study Groups block repeats, or None when it is an arm."""
    typed = _typed_name(label)
    for item in interventions:
        if item["name"] != typed["name"]:
            continue
        if "type" in typed or description is None or description == item["description"]:
            return str(item["name"])
    return None


def _typed_name(label: str) -> dict[str, Any]:
    match = _TYPE_PREFIX_RE.match(label)
    if match and match["type"] in INTERVENTION_TYPES:
        return {"name": match["name"], "type": INTERVENTION_TYPES[match["type"]]}
    return {"name": label}


def eligibility(page: Page, data: dict[str, Any]) -> None:
    """Read the criteria and the bare ages, sex and healthy-volunteers values after them."""
    lines = [line.text for line in page.sections.get("Eligibility Criteria", [])]
    result: dict[str, Any] = {}
    _trailing_values(lines, result)
    part = None
    groups: dict[str, list[str]] = {"inclusion": [], "exclusion": []}
    for text in lines:
        if text in ("Inclusion Criteria", "Inclusion Criteria:"):
            part = "inclusion"
        elif text in ("Exclusion Criteria", "Exclusion Criteria:"):
            part = "exclusion"
        else:
            groups[part or "inclusion"].append(text)
    result.update({key: from_bullet_lines(value) for key, value in groups.items()})
    if any(result.values()):
        data["eligibility"] = result


def _trailing_values(lines: list[str], result: dict[str, Any]) -> None:
    if lines and lines[-1] in ("Yes", "No"):
        result["healthy_volunteers"] = lines.pop() == "Yes"
    if lines and lines[-1] in ("ALL", "FEMALE", "MALE"):
        result["sex"] = lines.pop()
    ages = []
    while lines and _AGE_RE.match(lines[-1]) and len(ages) < 2:
        ages.insert(0, lines.pop())
    if len(ages) == 2:
        result["min_age"], result["max_age"] = ages
    else:
        lines.extend(ages)


def agencies(page: Page, data: dict[str, Any], classes: set[str]) -> None:
    """Read the sponsors: the first is the lead sponsor, the others collaborators."""
    found: list[dict[str, Any]] = []
    for line in page.sections.get("Sponsors", []) + page.sections.get("Collaborators", []):
        if line.text in classes and found and "class" not in found[-1]:
            found[-1]["class"] = line.text
        else:
            found.append({"name": unescape(line.text)})
    if found:
        data["sponsor"], data["collaborators"] = found[0], found[1:]


def locations(page: Page, data: dict[str, Any]) -> None:
    """Read the sites: a facility line, then "city, state, country"."""
    result: list[dict[str, Any]] = []
    for line in page.sections.get("Locations", []):
        match = _PLACE_RE.match(line.text)
        if match and result and "country" not in result[-1]:
            result[-1].update(
                {key: value.strip() or None for key, value in match.groupdict().items()}
            )
        elif match:
            result.append({key: value.strip() or None for key, value in match.groupdict().items()})
        else:
            result.append({"facility": unescape(line.text)})
    data["locations"] = result


def references_and_ids(page: Page, data: dict[str, Any]) -> None:
    """Read the references (with their DOI) and the sponsor's and other identifiers."""
    references = []
    for line in page.sections.get("References", []):
        citation = unescape(line.text)
        doi = _DOI_RE.search(citation)
        references.append({"citation": citation, "doi": doi[1] if doi else None})
    data["references"] = references
    identifiers: list[dict[str, Any]] = []
    for line in page.sections.get("Other Identifiers", []):
        key, _, value = line.text.partition(": ")
        if key == "Identifier Type" and identifiers:
            identifiers[-1]["type"] = None if value.strip() in ("", "-") else value.strip()
        elif key == "Identifier Source" and identifiers:
            identifiers[-1]["domain"] = value.strip()
        else:
            identifiers.append({"id": line.text})
    for identifier in identifiers:
        if identifier.get("domain") == "org_study_id" and "org_study_id" not in data:
            data["org_study_id"] = identifier["id"]
        else:
            data.setdefault("secondary_ids", []).append(identifier)


def related(page: Page, data: dict[str, Any]) -> None:
    """Read the related trials: a title line, then the NCT id."""
    result: list[dict[str, Any]] = []
    title = None
    for heading in ("Related Clinical Trials", "More Related Trials"):
        for line in page.sections.get(heading, []):
            if NCT_ID_RE.match(line.text):
                if all(item["nct_id"] != line.text for item in result):
                    result.append({"nct_id": line.text, "title": title})
                title = None
            elif _LIKE_NCT_ID_RE.match(line.text):
                message = f'malformed NCT id "{line.text}" (expected NCT and 8 digits)'
                raise page.error(message, line, "related")
            else:
                title = unescape(line.text)
    data["related"] = result
