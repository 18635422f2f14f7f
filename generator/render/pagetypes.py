"""The page types of the site, in one table: path, template, words, search and gates of each.

A new page type (the printable leaflet, say) is one row here plus one template: the renderer,
the links between a trial's pages, the search settings and the gates all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass


def N_(message: str) -> str:  # noqa: N802 - the gettext convention Babel extracts
    """Mark a string for extraction into the UI catalog; it is translated when shown."""
    return message


@dataclass(frozen=True)
class PageType:
    """One kind of page, rendered once per language (and per trial for a trial's pages)."""

    key: str
    """Its name in templates and front matter (`audience` of a trial's pages)."""
    path: str
    """Where it lives under a language root; `{id}` is the trial's NCT id (a condition's slug)."""
    template: str
    """The Jinja template under `templates/` that renders it."""
    description: str
    """Its `<meta name="description">` (a UI msgid; `%(id)s` is the trial's id, `%(condition)s`
    a condition's name)."""
    title: str | None = None
    """Its `<title>` (a UI msgid; `%(title)s` is the trial's title, `%(condition)s` a
    condition's name); None: the page's own."""
    label: str | None = None
    """The link to it from a trial's other pages (a UI msgid)."""
    search_boost: float | None = None
    """The weight of its article's words in the search index (Pagefind's `data-pagefind-weight`
    on the article, 0 to 10); None: Pagefind's own (1 for text, more for headings)."""
    search_exclude: bool = False
    """Left out of the search index."""
    search_within: str | None = None
    """Indexed as a part of another page of its trial (that page's key), not on its own: a
    trial is then one search result carrying the words of all its pages, each section still
    linked where it is. Three records per trial made the index's page list alone 217 KB of a
    reader's first query at 10,000 trials (issue 20)."""
    search_skip: frozenset[str] = frozenset()
    """Anchors of its sections left out of the search index (they repeat another page, or hold
    no fact to find). How much a page's words weigh is in its template (`data-pagefind-weight`:
    the overview outweighs the other pages of its trial for its id and conditions)."""
    gates: frozenset[str] = frozenset()
    """The page gates that read it: numbers, safety, glossary, readability."""
    in_nav: bool = False
    """Listed in the site navigation."""

    def relpath(self, nct_id: str = "") -> str:
        """Return its path for one trial (or its only path, for a page of the site)."""
        return self.path.format(id=nct_id)


SITE_PAGES = (
    PageType(
        "home", "index.md", "home.md.j2",
        N_("Clinical trials explained for patients, families and doctors."), in_nav=True,
    ),
    # A definition whose heading is the searched word outranked every trial that uses it
    # (Material boosts titles 1000x); search is for finding trials (issue 6). The registry only
    # repeats each trial's title, and indexing its 1,000 rows cost a second of every preview
    # rebuild (issue 7).
    PageType(
        "registry", "trials/index.md", "registry.md.j2",
        N_("Every trial on this site, with its status and phase."), N_("All trials"),
        search_exclude=True, in_nav=True,
    ),
    # Issue 20: the index of the condition pages. Left out of the search like the registry: it
    # only repeats the names of the conditions, each indexed on its own page.
    PageType(
        "conditions", "conditions/index.md", "conditions.md.j2",
        N_("Every condition studied on this site, each with the list of its studies."),
        N_("Conditions"), search_exclude=True, in_nav=True,
    ),
    PageType(
        "glossary", "glossary/index.md", "glossary.md.j2",
        N_("Medical words used on this site, explained in plain words."), N_("Glossary"),
        search_exclude=True, in_nav=True,
    ),
)  # fmt: skip
"""The pages of a language that are not a trial's, in navigation order."""

TRIAL_PAGES = (
    PageType(
        "public", "trials/{id}/index.md", "public/page.md.j2",
        N_("%(id)s: what this study tests, for whom, where and when."),
        label=N_("Overview"), search_skip=frozenset({"read-more"}),
        gates=frozenset({"numbers", "promises"}),
    ),
    PageType(
        "patients", "trials/{id}/patients/index.md", "patient/page.md.j2",
        N_("%(id)s explained for patients and families, in plain words."),
        N_("%(title)s: for patients"), N_("For patients"), search_boost=0.5,
        search_within="public",
        gates=frozenset({"numbers", "safety", "glossary", "readability"}),
    ),
    PageType(
        "investigators", "trials/{id}/investigators/index.md", "investigator/page.md.j2",
        N_("%(id)s: every registered fact, for investigators."),
        N_("%(title)s: for investigators"), N_("For investigators"), search_boost=0.5,
        search_within="public",
        search_skip=frozenset({"summary", "downloads", "source"}), gates=frozenset({"numbers"}),
    ),
)  # fmt: skip
"""The pages of each trial: search finds a trial as one result, its overview, whose number and
conditions weigh most (in its template); the words of the plain-language and the protocol page
count at half weight, and their sections link to those pages."""

CONDITION_PAGE = PageType(
    "condition", "conditions/{id}/index.md", "condition.md.j2",
    N_("Studies about %(condition)s on this site: their status, and pages for patients."),
    N_("Studies about %(condition)s"), search_boost=0.25,
)  # fmt: skip
"""One page per condition (issue 20), `{id}` its slug (`render/conditions.py`). Searched, below
a trial's own pages: a query for a condition finds the trials first, then their list."""

SITE_PAGE = {page.key: page for page in SITE_PAGES}
TRIAL_PAGE = {page.key: page for page in TRIAL_PAGES}


def gated_pages(gate: str) -> tuple[PageType, ...]:
    """Return the trial page types one page gate reads."""
    return tuple(page for page in TRIAL_PAGES if gate in page.gates)
