"""Relative links between pages, data files, languages and the registry."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Callable

from ..model import Trial
from ..registry import ID_IN_TEXT_RE, study_url
from ..texts import translatable_texts
from .pagetypes import CONDITION_PAGE, TRIAL_PAGE

_NCT_RE = ID_IN_TEXT_RE


def page_dir(relpath: str) -> str:
    """Return the URL directory of a page: `trials/X/index.md` -> `trials/X/`."""
    head = posixpath.dirname(relpath)
    return f"{head}/" if head else ""


class Links:
    """Links from one page of one language; every URL is relative, so sub-paths work."""

    def __init__(self, relpath: str, lang: str, default_lang: str, trial_ids: set[str]) -> None:
        self.relpath = relpath
        self.lang = lang
        self.default_lang = default_lang
        self.trial_ids = trial_ids
        self.dir = page_dir(relpath)

    def md(self, target: str, anchor: str = "") -> str:
        """Return a relative link to another Markdown page (MkDocs checks and rewrites it)."""
        link = posixpath.relpath(target, self.dir or ".")
        return f"{link}#{anchor}" if anchor else link

    def url(self, target: str, anchor: str = "") -> str:
        """Return the relative URL of another page of this language, for raw HTML."""
        start = self.dir.rstrip("/") or "."
        link = posixpath.relpath(page_dir(target).rstrip("/") or ".", start)
        link = "./" if link == "." else f"{link}/"
        return f"{link}#{anchor}" if anchor else link

    def root(self) -> str:
        """Return the relative prefix up to the site root (above the language folder)."""
        depth = self.dir.count("/") + (0 if self.lang == self.default_lang else 1)
        return "../" * depth

    def data(self, name: str) -> str:
        """Return the URL of a file under the site-root `data/` folder."""
        return f"{self.root()}data/{name}"

    def language(self, lang: str) -> str:
        """Return the URL of this same page in another language."""
        prefix = "" if lang == self.default_lang else f"{lang}/"
        return f"{self.root() or './'}{prefix}{self.dir}"

    def trial(self, nct_id: str, audience: str = "public") -> str:
        """Return a trial's page here when it is in the content, else its registry page."""
        if nct_id in self.trial_ids:
            return self.url(TRIAL_PAGE[audience].relpath(nct_id))
        return study_url(nct_id)

    def condition(self, slug: str) -> str:
        """Return the URL of a condition's page (issue 20), for raw HTML."""
        return self.url(CONDITION_PAGE.relpath(slug))

    def audience(self, nct_id: str, audience: str) -> str:
        """Return the Markdown link to one audience page of a trial."""
        return self.md(TRIAL_PAGE[audience].relpath(nct_id))


def mentioned_ids(trial: Trial) -> set[str]:
    """Return the NCT ids a record names: its related list and ids cited in its text."""
    record = trial.record
    ids = {related.nct_id for related in record.related}
    for _, text in translatable_texts(record):
        ids.update(_NCT_RE.findall(text))
    for reference in record.references:
        ids.update(_NCT_RE.findall(reference.citation))
    ids.discard(record.nct_id)
    return ids


def related_map(
    trials: list[Trial], mentioned: Callable[[Trial], set[str]] = mentioned_ids
) -> dict[str, list[str]]:
    """Return, for each trial id, the ids it names and the ids of content trials naming it."""
    related: dict[str, set[str]] = defaultdict(set)
    for trial in trials:
        own = trial.record.nct_id
        for other in mentioned(trial):
            related[own].add(other)
            related[other].add(own)
    return {nct_id: sorted(ids) for nct_id, ids in related.items()}
