"""The registry whose records trialsite publishes, ClinicalTrials.gov: its ids and its pages.

Everything else asks this module what an id looks like and where a record lives, so another
registry (EU CTR, ISRCTN) would change this module and add an importer, nothing more.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Record

NAME = "ClinicalTrials.gov"
ID = r"NCT[0-9]{8}"
"""An id, as a regular expression: NCT and eight ASCII digits."""
ID_RE = re.compile(rf"^{ID}$")
"""A whole string that is an id."""
ID_IN_TEXT_RE = re.compile(rf"\b{ID}\b")
"""An id inside text (related trials named in a criterion or a citation)."""
ID_IN_BYTES_RE = re.compile(ID.encode())
STUDY_URL = "https://clinicaltrials.gov/study/{id}"
# https://clinicaltrials.gov/study/NCT03562065 (current site), .../ct2/show/NCT03562065 (classic).
STUDY_URL_RE = re.compile(
    r"^https?://(?:www\.|beta\.|classic\.)?clinicaltrials\.gov/(?:study|ct2/show(?:/record)?)/"
    r"(?P<id>NCT[0-9]{8})/?(?:[?#].*)?$",
    re.IGNORECASE,
)
# The registry's country names that CLDR (Babel's English territory names) spells otherwise, with
# their ISO 3166 code; the others are CLDR's own English names. Serbia and Montenegro (1992-2006)
# has no code today: it stays as registered.
COUNTRY_CODES = {
    "Korea, Republic of": "KR", "Korea, Democratic People's Republic of": "KP",
    "Russian Federation": "RU", "Czech Republic": "CZ", "Turkey": "TR",
    "Iran, Islamic Republic of": "IR", "Moldova, Republic of": "MD",
    "Macedonia, The Former Yugoslav Republic of": "MK", "North Macedonia": "MK",
    "Syrian Arab Republic": "SY", "Tanzania": "TZ", "Viet Nam": "VN",
    "Congo, The Democratic Republic of the": "CD", "Congo": "CG",
    "Lao People's Democratic Republic": "LA", "Libyan Arab Jamahiriya": "LY",
    "Hong Kong": "HK", "Macau": "MO", "Macao": "MO", "Brunei Darussalam": "BN",
    "Palestinian Territory, Occupied": "PS", "Palestinian Territories, Occupied": "PS",
    "Côte D'Ivoire": "CI", "Cote D'Ivoire": "CI", "Holy See (Vatican City State)": "VA",
    "Micronesia, Federated States of": "FM", "Virgin Islands (U.S.)": "VI",
    "Réunion": "RE", "Reunion": "RE", "Swaziland": "SZ", "Cape Verde": "CV",
}  # fmt: skip


def study_url(nct_id: str) -> str:
    """Return the registry's page of a study known only by its id."""
    return STUDY_URL.format(id=nct_id)


def record_url(record: Record) -> str:
    """Return the registry's page of a record: the address it was imported from.

    Only a study page of the registry itself is kept: the link says "on ClinicalTrials.gov", and
    a hand-edited `source.url` (`javascript:…`, another host) must not reach the page.
    """
    url = record.source.url
    if url and (match := STUDY_URL_RE.match(url)) and match["id"] == record.nct_id:
        return url
    return study_url(record.nct_id)


def results_url(record: Record) -> str:
    """Return the registry's page of a record's posted results."""
    return f"{record_url(record)}?tab=results"
