"""The pipeline of `trialsite build` and `trialsite check`: load, render, gate, stop, write.

    content = load_content(content_dir)         # YAML and PO files -> validated model, or errors
    rendered = render_site(content, ...)        # model + templates -> Markdown pages, data files
    report = run_gates(content_dir, content, rendered, ...)   # every quality gate
    stop(...)                                   # errors, or warnings with --strict: nothing written
    write_site(content.site, rendered, ...)     # a new folder, built, then swapped in

As in MkDocs' own `build()`, whatever can fail on the content fails before a file is written.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import TrialCache
from .errors import BuildError, ContentErrors, TrialsiteError
from .gates.run import Report, maintainer_report_markdown, report_table, run_gates
from .layout import TEMPLATES_DIR, site_root_url
from .loader import load_content
from .model import Content
from .render import RenderedSite, render_site
from .site import atomic_dir, check_site_dir, wait_at_gate, write_site

logger = logging.getLogger(__name__)


@dataclass
class Checked:
    """The content, every rendered page and what the gates found: what a build writes."""

    content: Content
    rendered: RenderedSite
    report: Report


MAINTAINERS_PAGE = "maintainers/index.md"
"""The maintainers' page: out of the navigation, the search and search engines' indexes."""


def build(
    content_dir: Path, site_dir: Path, base_url: str | None = None, strict: bool = False,
    templates_dir: Path = TEMPLATES_DIR,
) -> str:  # fmt: skip
    """Check, render and build `content_dir` into `site_dir`; return a one-line summary.

    A failure, or with `strict` a warning, leaves `site_dir` as it was.
    """
    start = time.monotonic()
    content_dir, site_dir = Path(content_dir), Path(site_dir)
    check_site_dir(site_dir, content_dir)
    unchanged = f"{site_dir}/ left unchanged"
    with counted_warnings() as warnings, _left_unchanged(unchanged):
        checked = check(content_dir, templates_dir, base_url=base_url)  # load, render, gates
        stop(strict, warnings, unchanged)  # before anything is written
        content, rendered = checked.content, checked.rendered
        for lang, tree in rendered.pages.items():  # the team's Monday page (issue 19)
            if rendered.text_languages.get(lang, lang) == lang:  # not for English-only trees
                tree[MAINTAINERS_PAGE] = maintainer_report_markdown(checked.report, lang)
        with atomic_dir(site_dir) as out:
            write_site(content.site, rendered.pages, rendered.files, out, base_url, strict,
                       templates_dir)  # fmt: skip
            stop(strict, warnings, unchanged)  # the engine's warnings too, before the swap
            wait_at_gate()
    pages = sum(len(tree) for tree in rendered.pages.values())
    return (
        f"Built {pages} pages ({len(rendered.pages)} languages, {len(content.trials)} trials) "
        f"into {site_dir}/ in {time.monotonic() - start:.1f} s"
    )


def check(
    content_dir: Path, templates_dir: Path = TEMPLATES_DIR, content: Content | None = None,
    memory: dict[str, Any] | None = None, base_url: str | None = None,
) -> Checked:  # fmt: skip
    """Load (unless `content` is given), render and gate; raise when a gate found an error.

    `memory` (the preview's) keeps each trial's pages and findings in this process from one
    build to the next; the trials are then all made here, not in worker processes.
    """
    content_dir = Path(content_dir)
    content = published_at(content or load_content(content_dir), base_url)
    cache = TrialCache.for_content(content_dir, templates_dir, memory, base_url)  # issue 7
    workers = 1 if memory is not None else None
    rendered = render_site(content, templates_dir, cache, workers)
    report = run_gates(content_dir, content, rendered, cache, workers)
    cache.forget_unused()
    logger.debug("cache: %d entries reused, %d made", cache.hits, cache.misses)
    if report.errors:
        raise TrialsiteError(f"{report_table(report)}\nquality gates failed: {report.summary()}")
    return Checked(content, rendered, report)


def published_at(content: Content, base_url: str | None) -> Content:
    """Return `content` with `base_url` (`build --base-url`) as the site's address, if given.

    Set before rendering, so every absolute URL a page holds (JSON-LD included) follows it, not
    only those MkDocs writes (issue 12).
    """
    if base_url is None:
        return content
    site = content.site.model_copy(update={"base_url": site_root_url(content.site, base_url)})
    return content.model_copy(update={"site": site})


@contextmanager
def _left_unchanged(unchanged: str) -> Iterator[None]:
    """Say in every content or gate error that the previous site is left as it was."""
    try:
        yield
    except ContentErrors as error:
        raise ContentErrors(error.errors, unchanged) from None
    except BuildError:
        raise
    except TrialsiteError as error:
        raise BuildError(f"{error.format_message()}; {unchanged}") from None


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@contextmanager
def counted_warnings() -> Iterator[_Counter]:
    """Count the warnings the generator logs (workers' and MkDocs' included) inside the block."""
    counter = _Counter()
    ours = logging.getLogger("generator")
    ours.addHandler(counter)
    try:
        yield counter
    finally:
        ours.removeHandler(counter)


def stop(strict: bool, warnings: _Counter, unchanged: str = "") -> None:
    """Raise when `strict` is on and a warning was logged: before anything is written."""
    if strict and warnings.count:
        then = f"; {unchanged}" if unchanged else ""
        raise BuildError(f"{warnings.count} warning(s) in strict mode; see above{then}")
