"""Importer for the registry text format: a ClinicalTrials.gov study page saved as text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from ..errors import ContentError
from ..model import (
    AgencyClass,
    Allocation,
    Masking,
    OverallStatus,
    Phase,
    PrimaryPurpose,
    StudyType,
)
from ..registry import study_url
from . import registry_sections as sections
from .text import unescape

HEADINGS = frozenset({
    "Study Results", "Basic Information", "Brief Summary", "Related Clinical Trials",
    "Detailed Description", "Conditions", "Keywords", "Study Design", "Study Groups",
    "Interventions", "Outcome Measures", "Eligibility Criteria", "Sponsors", "Collaborators",
    "Responsible Party", "Locations", "Countries", "Central Contacts", "Facility Contacts",
    "References", "Other Identifiers", "More Related Trials",
})  # fmt: skip
_BLURB_RE = re.compile(
    r"^(Get|Review|Explore|Dive|See|Understand|Learn|Check|Meet|Identify|Find|Reach|Additional)"
    r" .*\.$"
)
NOT_PUBLISHED = "The study team has not published outcome measurements"


@dataclass
class Line:
    """One non-blank line of the source and its 1-based number."""

    number: int
    text: str


@dataclass
class Page:
    """The source split into its header lines and its sections."""

    path: Path
    header: list[Line] = field(default_factory=list)
    sections: dict[str, list[Line]] = field(default_factory=dict)

    def error(
        self, message: str, line: Line | None = None, where: str | None = None
    ) -> ContentError:
        """Return a ContentError located at `line` of the source."""
        number = line.number if line else None
        return ContentError(message, self.path, number, where, line.text if line else None)


def split_page(text: str, path: Path) -> Page:
    """Split the text into header lines and named sections, dropping each section's blurb."""
    page = Page(path)
    current = page.header
    lines = [Line(n, raw.strip()) for n, raw in enumerate(text.split("\n"), 1) if raw.strip()]
    skip_blurb = False
    for line in lines:
        if line.text in HEADINGS and line.text not in page.sections:
            current = page.sections.setdefault(line.text, [])
            skip_blurb = True
            continue
        if skip_blurb and _is_blurb(line.text):
            skip_blurb = False
            continue
        skip_blurb = False
        current.append(line)
    return page


def _is_blurb(text: str) -> bool:
    return bool(_BLURB_RE.match(text)) and not text.startswith("* ")


def _enum(values: Any) -> set[str]:
    return set(get_args(values))


STATUSES, PHASES, STUDY_TYPES = _enum(OverallStatus), _enum(Phase), _enum(StudyType)
CLASSES = _enum(AgencyClass)
DESIGN_ENUMS = [
    ("allocation", _enum(Allocation)),
    ("model", None),
    ("purpose", _enum(PrimaryPurpose)),
    ("masking", _enum(Masking)),
]


def parse_registry_text(text: str, path: Path) -> dict[str, Any]:
    """Return the record data of one registry text page."""
    page = split_page(text, path)
    data = _header(page)
    if not page.sections:
        unread = next((line for line in page.header[1:] if ":" not in line.text), None)
        raise page.error(
            'no section headings ("Basic Information", "Eligibility Criteria", ...); '
            "is this a registry study page saved as text?", unread,
        )  # fmt: skip
    data["source"] = {
        "registry": "ClinicalTrials.gov",
        "url": study_url(data["nct_id"]),
        "format": "registry-text",
    }
    sections.basic_information(page, data, STATUSES, PHASES, STUDY_TYPES)
    sections.texts(page, data)
    sections.design(page, data, DESIGN_ENUMS)
    sections.groups_and_interventions(page, data)
    sections.eligibility(page, data)
    sections.agencies(page, data, CLASSES)
    sections.locations(page, data)
    sections.references_and_ids(page, data)
    sections.related(page, data)
    return data


def _header(page: Page) -> dict[str, Any]:
    if not page.header:
        raise page.error("the file is empty; expected a registry study page as text")
    data: dict[str, Any] = {"title": {"brief": unescape(page.header[0].text)}, "status": {}}
    for line in page.header[1:]:
        key, _, value = line.text.partition(":")
        if key == "NCT ID":
            data["nct_id"] = value.strip()
        elif key == "Last Updated":
            data["status"]["last_update"] = value.strip()
    if "nct_id" not in data:
        raise page.error(
            'no "NCT ID:" line; is this a registry study page saved as text?', page.header[0]
        )
    if NOT_PUBLISHED in " ".join(line.text for line in page.sections.get("Study Results", [])):
        data["has_results"] = False
    return data
