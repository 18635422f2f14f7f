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
