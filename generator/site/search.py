"""The site's search: Pagefind indexes the built pages into `pagefind/`, one index per language.

Pagefind (issue 20) splits each page's words by its `<html lang>` (each language with its own
stemmer: « poumons » finds « poumon »), and writes an index in small chunks: a reader downloads
only the chunks a query needs, where Material's lunr index was 2.5 MB gzip to download before
any result at 1,000 trials. Its binary ships in the `pagefind-bin` wheel: nothing is downloaded.

What is indexed is a search record per result. Only what the templates mark
`data-pagefind-body` counts (minus what they mark `data-pagefind-ignore`), read up to the
`<!--/pagefind-body-->` comment that closes it. A page whose article says
`data-trialsite-search-within="<href>"` is a part of that page's record: the three pages of a
trial are one result, its overview, carrying all their words (at their pages' weights). Its
sections keep linking to where they are: their anchors are written `patients/#risks`, which
`assets/trialsite-search.js` reads as a link relative to the overview. Pagefind indexes these
records, written into a scratch folder as small documents, not the whole built pages: its index
lists every record in a metadata file each first query downloads, and reads less.

The index is written beside the site, then renamed into place: a failure leaves the site as
it was (a build then stops before its swap; the preview keeps its previous index).
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..errors import BuildError

SEARCH_DIR = "pagefind"
"""The index's folder under the site root; `assets/trialsite-search.js` loads it from there."""
UNUSED = ("pagefind-*ui.*", "pagefind-highlight.js")
"""Pagefind's own result widgets, left out: the site draws results in Material's look with
`assets/trialsite-search.js`, which uses only `pagefind.js` and what it loads."""


def index_site(site_dir: Path, languages: Iterable[str]) -> int:
    """Index the built site in `site_dir` with Pagefind; return the number of pages indexed.

    Raises `BuildError` when Pagefind is missing or fails, or a language got no page.
    """
    site_dir = Path(site_dir)
    new = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site_dir))
    new.chmod(0o755)  # mkdtemp makes it private; the site's readers need it
    try:
        with tempfile.TemporaryDirectory(prefix="trialsite-search-") as scratch:
            records = Path(scratch, "records")
            # One language at a time: Pagefind holds a whole index in memory while it writes
            # it (12 GB for both languages of 10,000 trials), and the languages share nothing.
            for lang in write_records(site_dir, records):
                output = Path(scratch, f"index-{lang}")
                _run(records / lang, output, site_dir)
                _merge(output, new, site_dir)
        pages = _check(new, tuple(languages), site_dir)
        for unused in UNUSED:
            for path in new.glob(unused):
                path.unlink()
        _replace(new, site_dir / SEARCH_DIR)
    finally:
        shutil.rmtree(new, ignore_errors=True)
    return pages


BODY = "<div data-pagefind-body"
BODY_END = "<!--/pagefind-body-->"
"""The comment `templates/overrides/main.html` writes after the searched article's last tag."""
_WITHIN_RE = re.compile(r'\sdata-trialsite-search-within="([^"]*)"')
_LANG_RE = re.compile(r'<html\b[^>]*?\slang="([^"]*)"')
_TITLE_RE = re.compile(r"<title>.*?</title>", re.DOTALL)
_LANG_CODE_RE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
_ID_RE = re.compile(r'(<[a-z][a-z0-9]*\b[^>]*?\sid=")([^"]*)(")')


def write_records(site_dir: Path, scratch: Path) -> dict[str, int]:
    """Write into `scratch` one small document per search record of the built site.

    A record is at its page's path under `scratch/<its language>/`, with the page's language,
    title and searched article, then the articles of the pages within it (their anchors made
    links relative to it). Returns the number of records of each language, in order.
    Raises `BuildError` for a searched article without its closing comment, or within a page
    that is not searched.
    """
    written: dict[Path, Path] = {}  # a record's path in the site, and its document's
    waiting: dict[Path, list[str]] = {}  # parts read before their record (pages are read in order)
    counts: dict[str, int] = {}
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir)
        if relative.parts[0].startswith("."):  # an index being written, an old one
            continue
        page = path.read_text("utf-8", errors="replace")
        start = page.find(BODY)
        if start < 0:
            continue
        end = page.find(BODY_END, start)
        if end < 0:
            raise BuildError(f"{path}: its searched article has no closing {BODY_END} comment")
        article = page[start:end]
        within = _WITHIN_RE.search(article[: article.find(">")])
        if within:
            here = posixpath.dirname(relative.as_posix())
            target = posixpath.normpath(posixpath.join(here, within.group(1)))
            part = _ID_RE.sub(rf"\g<1>{posixpath.relpath(here, target)}/#\2\3", article)
            record = Path(target, "index.html")
            if record in written:
                with written[record].open("a", encoding="utf-8") as out:
                    out.write(part)
            else:
                waiting.setdefault(record, []).append(part)
            continue
        found = _LANG_RE.search(page)
        lang = found.group(1) if found and _LANG_CODE_RE.fullmatch(found.group(1)) else "unknown"
        title = _TITLE_RE.search(page)
        head = (
            f'<!doctype html><html lang="{lang}"><head>'
            f'<meta charset="utf-8">{title.group(0) if title else ""}</head><body>'
        )
        document = scratch / lang / relative
        document.parent.mkdir(parents=True, exist_ok=True)
        document.write_text(head + article + "".join(waiting.pop(relative, [])), "utf-8")
        written[relative] = document
        counts[lang] = counts.get(lang, 0) + 1
    if waiting:
        record = min(waiting)
        raise BuildError(
            f"{site_dir / record}: pages are searched within it, but it is not searched"
        )
    return dict(sorted(counts.items()))


def _run(records: Path, output: Path, site_dir: Path) -> None:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise BuildError(
            "the search index needs Pagefind: install the locked requirements "
            "(`make .venv/.installed`, or `pip install 'pagefind[bin]'`)"
        ) from None
    command = [
        str(get_executable()), "--site", str(records), "--output-path", str(output), "--quiet",
    ]  # fmt: skip
    # No time limit: indexing grows with the registry (201 s for 6,316 pages on a loaded
    # machine), and Ctrl-C stops Pagefind with the build.
    try:
        done = subprocess.run(command, capture_output=True, text=True)
    except OSError as error:
        raise BuildError(f"Pagefind could not index {site_dir}/: {error}") from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise BuildError(
            f"Pagefind failed to index {site_dir}/ (exit {done.returncode}): " + " / ".join(said)
        )


def _merge(output: Path, index: Path, site_dir: Path) -> None:
    """Move one language's index into the site's: the same scripts, its own files by name.

    Raises `BuildError` when two languages wrote different files under one name.
    """
    for path in sorted(p for p in output.rglob("*") if p.is_file()):
        target = index / path.relative_to(output)
        if path.name == "pagefind-entry.json" and target.exists():
            entry, ours = (json.loads(p.read_text("utf-8")) for p in (target, path))
            if entry.get("version") != ours.get("version"):
                raise BuildError(f"Pagefind wrote two versions of the index of {site_dir}/")
            entry["languages"] |= ours["languages"]
            target.write_text(json.dumps(entry), "utf-8")
        elif not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, target)  # the scratch folder may be on another file system
        elif target.read_bytes() != path.read_bytes():
            raise BuildError(
                f"the search index of {site_dir}/: two languages wrote {path.name}, differently"
            )


def _check(output: Path, languages: tuple[str, ...], site_dir: Path) -> int:
    """Return the pages indexed; raise when a language of the site has no index.

    The entry file is written again with its keys sorted: Pagefind lists the languages in no
    fixed order, and the same pages must make the same site, byte for byte.
    """
    path = output / "pagefind-entry.json"
    try:
        entry = json.loads(path.read_text("utf-8"))
        found = sorted(entry["languages"].items())
        counts = {lang: int(info["page_count"]) for lang, info in found}
        path.write_text(json.dumps(entry, sort_keys=True, separators=(",", ":")), "utf-8")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise BuildError(f"Pagefind wrote no usable index for {site_dir}/: {error}") from None
    missing = [lang for lang in languages if not counts.get(lang)]
    if missing:
        raise BuildError(
            f"the search index of {site_dir}/ has no page in {', '.join(missing)} "
            f"(indexed: {counts}); each page must say its language in <html lang>"
        )
    return sum(counts.values())


def _replace(new: Path, target: Path) -> None:
    old = target.with_name(f".{SEARCH_DIR}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
