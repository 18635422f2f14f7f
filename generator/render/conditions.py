"""Condition pages (issue 20): the trials of a site grouped by condition, one page per group.

A record's conditions are grouped by the MeSH terms the registry derived from them when it has
any (`condition_mesh`): "Breast Cancer" and "Breast Carcinoma" of two trials both have the MeSH
term "Breast Neoplasms", and make one page. A record without MeSH terms is grouped by its
conditions as registered. A group's slug is made from its name alone (ASCII words, the MeSH
inverted order undone: "Lymphoma, Follicular" is `follicular-lymphoma`), so a page keeps its
address whatever other trials come and go, and two spellings that differ only in case, accents
or punctuation ("COVID-19", "Covid19") share it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace

from ..model import Record, Trial
from ..terms import Terms

SLUG_WORDS = 60
"""Longest slug kept whole; a longer one is cut and ends with a digest of the whole."""
# Words, and a letter-digit boundary inside one ("Covid19" reads as "COVID-19").
_WORD_RE = re.compile(r"[a-z]+|[0-9]+")
RECRUITING = frozenset({"RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION", "AVAILABLE"})
"""Statuses in which a study takes, or will take, participants: listed first on a page."""


# A MeSH heading in inverted order: two or three parts of words ("Leukemia, Myelomonocytic,
# Juvenile"); anything else is shown as registered.
_INVERTED_RE = re.compile(r"^[\w'-]+(?: [\w'-]+)*(?:, [\w'-]+(?: [\w'-]+)*){1,2}$")


def natural_order(term: str) -> str:
    """Return a MeSH heading in reading order: "Lupus Erythematosus, Systemic" -> "Systemic ..."."""
    if not _INVERTED_RE.match(term):
        return term
    return " ".join(reversed(term.split(", ")))


def _words(name: str) -> list[str]:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _WORD_RE.findall(ascii_name.casefold())


def words_of(name: str) -> tuple[str, ...]:
    """Return a name's words in alphabetical order: two names with the same are one spelling."""
    return tuple(sorted(_words(name)))


def condition_slug(name: str) -> str:
    """Return the address of a condition's page: lower-case ASCII words joined by hyphens."""
    slug = "-".join(_words(natural_order(name)))
    if slug and len(slug) <= SLUG_WORDS:
        return slug
    digest = hashlib.sha256(name.casefold().encode("utf-8")).hexdigest()[:10]
    return f"{slug[: SLUG_WORDS - 11].rstrip('-')}-{digest}" if slug else f"condition-{digest}"


@dataclass(frozen=True)
class Named:
    """One condition of one record as it groups: the page's slug and the name it gives."""

    slug: str
    name: str
    """The MeSH term in reading order, or the condition as registered."""
    raw: str
    """The MeSH term or the condition, as the record writes it (what the terms file knows)."""
    mesh_id: str | None = None
    index: int | None = None
    """The registered condition it stands for (`conditions.N`), when the record says which."""
    same_words: bool = True
    """Whether that condition has the name's very words, so its translation names the group."""


def record_conditions(record: Record) -> list[Named]:
    """Return the conditions a record is listed under, once each, in the record's order."""
    if record.condition_mesh:
        found = [_mesh_named(record, mesh.term, mesh.id) for mesh in record.condition_mesh]
    else:
        found = [
            Named(condition_slug(name), name, name, None, i)
            for i, name in enumerate(record.conditions)
        ]
    once: dict[str, Named] = {}
    for named in found:
        once.setdefault(named.slug, named)
    return list(once.values())


def _mesh_named(record: Record, term: str, mesh_id: str | None) -> Named:
    """Return a MeSH term of a record, with the registered condition it was derived from.

    That is the condition with the same words in any order ("Atopic Dermatitis" for
    "Dermatitis, Atopic"), or the only condition of a record with only one MeSH term.
    """
    named = Named(condition_slug(term), natural_order(term), term, mesh_id)
    wanted = words_of(term)
    for index, spelled in enumerate(record.conditions):
        if words_of(spelled) == wanted:
            return replace(named, index=index)
    if len(record.conditions) == 1 and len(record.condition_mesh) == 1:
        return replace(named, index=0, same_words=False)
    return named


def registered_slugs(record: Record, terms: Terms | None = None) -> dict[int, str]:
    """Return, per index of a registered condition, the slug of the page it links to, if any.

    That is the page of the MeSH term it stands for (`record_conditions`); else, given the terms
    file, the page of the record's MeSH term whose entry is the condition's own or the nearest
    `broader` of it: "Stage IIIA Lung Cancer AJCC v8" (under "Lung Cancer", under "Lung
    Neoplasms") links to "Lung Neoplasms", which lists the trial.
    """
    named = record_conditions(record)
    found = {item.index: item.slug for item in named if item.index is not None}
    if terms is None or not record.condition_mesh:
        return found
    pages: dict[str, str] = {}
    for item in named:
        entry = (item.mesh_id and terms.entry_for(item.mesh_id)) or terms.entry_for(item.raw)
        if entry is not None:
            pages.setdefault(entry.key, item.slug)
    for index, name in enumerate(record.conditions):
        entry, seen = terms.entry_for(name), set()
        while index not in found and entry is not None and entry.key not in seen:
            if entry.key in pages:
                found[index] = pages[entry.key]
            seen.add(entry.key)
            entry = terms.get(entry.broader) if entry.broader else None
    return found


@dataclass
class ConditionGroup:
    """The trials listed on one condition page."""

    slug: str
    names: Counter[str] = field(default_factory=Counter)
    """Each English name the group's records give it, and how many do."""
    spellings: set[str] = field(default_factory=set)
    """Other words for it: the registered conditions the registry mapped to it, in other words."""
    mesh_id: str | None = None
    raw: list[str] = field(default_factory=list)
    """Its names as the records write them, once each (what the terms file knows)."""
    trials: list[Trial] = field(default_factory=list)
    sources: list[tuple[Trial, int]] = field(default_factory=list)
    """(trial, index of a condition with the group's very words): its translation names it."""

    @property
    def name(self) -> str:
        """Return the English name most records give it (the first in order of a tie)."""
        return min(self.names.items(), key=lambda item: (-item[1], item[0]))[0]


def condition_groups(trials: list[Trial]) -> list[ConditionGroup]:
    """Return every condition group of the trials, by slug; each lists its trials once."""
    groups: dict[str, ConditionGroup] = {}
    for trial in trials:
        record = trial.record
        for named in record_conditions(record):
            group = groups.setdefault(named.slug, ConditionGroup(named.slug))
            group.names[named.name] += 1
            group.mesh_id = group.mesh_id or named.mesh_id
            if named.raw not in group.raw:
                group.raw.append(named.raw)
            if trial not in group.trials:
                group.trials.append(trial)
            if named.index is None:
                continue
            if named.same_words:
                group.sources.append((trial, named.index))
            elif record.conditions[named.index] != named.name:
                group.spellings.add(record.conditions[named.index])
    return [groups[slug] for slug in sorted(groups)]


def listing_order(trials: list[Trial]) -> list[Trial]:
    """Return trials as a condition page lists them: recruiting first, then newest update."""
    by_id = sorted(trials, key=lambda trial: trial.record.nct_id)
    # Dates are ISO text (YYYY-MM or YYYY-MM-DD): they sort as they read; none sorts last.
    newest = sorted(by_id, key=lambda trial: trial.record.status.last_update or "", reverse=True)
    return sorted(newest, key=lambda trial: trial.record.status.overall not in RECRUITING)
