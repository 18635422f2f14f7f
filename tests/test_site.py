"""The built site, read from disk: pages, languages, links, search, privacy, atomic builds."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import socket
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import Result
from contentfixtures import write_content
from searchindex import entry, fragments
from sitefixtures import CONTENT, BuiltSite, hand_written_pages
from sitehtml import is_external, parse, resolve, site_path

from generator.build import build
from generator.errors import BuildError, TrialsiteError
from generator.loader import load_file
from generator.model import Site
from generator.preview import make_server, serve_site, stop_server
from generator.render.conditions import condition_slug
from generator.render.pagetypes import TRIAL_PAGES
from generator.site import atomic_dir, index_site, write_site
from generator.site.mkdocs.config import search_skip

PAGE_TYPES = ["", "trials/", "conditions/", "glossary/"]
TRIAL_PAGE_TYPES = ["", "patients/", "investigators/"]
LANG_PREFIX = {"en": "", "fr": "fr/"}
THIRD_PARTY = re.compile(r"fonts\.(googleapis|gstatic)\.com|cdn\.jsdelivr|unpkg\.com|cdnjs\.")


@pytest.fixture(scope="module", params=["hand", "real"])
def site(request: pytest.FixtureRequest) -> BuiltSite:
    """Each read-only test runs on the hand-written site and on the real content's site."""
    return request.getfixturevalue("hand_site" if request.param == "hand" else "built_site")


def trial_ids(site: BuiltSite) -> list[str]:
    if site.content is None:
        return ["NCT03562065"]
    return [trial.record.nct_id for trial in site.content.trials]


def condition_pages(site: BuiltSite) -> list[str]:
    """Every condition page (issue 20): one per MeSH term of a record, else per condition."""
    if site.content is None:
        return ["conditions/lupus/"]
    slugs = set()
    for trial in site.content.trials:
        record = trial.record
        names = [mesh.term for mesh in record.condition_mesh] or record.conditions
        slugs |= {condition_slug(name) for name in names}
    return [f"conditions/{slug}/" for slug in sorted(slugs)]


def expected_pages(site: BuiltSite) -> list[str]:
    """Every page URL path of one language tree."""
    trial_pages = [f"trials/{i}/{kind}" for i in trial_ids(site) for kind in TRIAL_PAGE_TYPES]
    # `trialsite build` adds the maintainers' page (issue 19); the hand-written site has none.
    maintainers = ["maintainers/"] if site.content is not None else []
    return PAGE_TYPES + maintainers + trial_pages + condition_pages(site)


def content_pages(site: BuiltSite) -> list[Path]:
    """Every built page except MkDocs' 404 pages."""
    return [page for page in site.html_pages() if page.name != "404.html"]


def digest(folder: Path) -> dict[str, str]:
    """Hash every file under `folder`, to prove a failed build changed nothing."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }  # fmt: skip


def test_every_page_type_exists_in_both_languages(site: BuiltSite) -> None:
    missing = [
        f"{LANG_PREFIX[lang]}{path}"
        for lang in LANG_PREFIX for path in expected_pages(site)
        if not (site.root / LANG_PREFIX[lang] / path / "index.html").is_file()
    ]  # fmt: skip
    assert not missing


def test_html_lang_is_the_page_language(site: BuiltSite) -> None:
    for page in site.html_pages():
        in_french = page.relative_to(site.root).parts[0] == "fr"
        assert parse(page).lang == ("fr" if in_french else "en"), page


def test_hreflang_alternates_point_at_the_same_page_in_each_language(site: BuiltSite) -> None:
    for page in content_pages(site):
        relative = page.relative_to(site.root).as_posix().removeprefix("fr/")
        alternates = {
            link["hreflang"]: link["href"]
            for link in parse(page).links
            if "alternate" in link.get("rel", "").split() and "hreflang" in link
        }  # fmt: skip
        assert set(alternates) == {"en", "fr", "x-default"}, page
        for lang, url in alternates.items():
            target = site_path(site.root, site.base_url, url)
            prefix = LANG_PREFIX.get(lang, "")
            assert target == site.root / prefix / relative, (page, lang, url)
            assert target.is_file(), url


def test_language_switcher_lands_on_the_same_page(site: BuiltSite) -> None:
    for page in content_pages(site):
        relative = page.relative_to(site.root)
        french = relative.parts[0] == "fr"
        switchers = [a for a in parse(page).anchors if "trialsite-lang__link" in a.get("class", "")]
        assert len(switchers) == 1, page
        link = switchers[0]
        other = "en" if french else "fr"
        assert link["hreflang"] == other and link["lang"] == other
        assert link["href"] and not is_external(link["href"])
        expected = site.root / relative.relative_to("fr") if french else site.root / "fr" / relative
        assert resolve(site.root, page, link["href"])[0] == expected, (page, link["href"])


def test_trial_pages_carry_medical_trial_json_ld(site: BuiltSite) -> None:
    for lang in LANG_PREFIX:
        for nct_id in trial_ids(site):
            page = site.root / LANG_PREFIX[lang] / "trials" / nct_id / "index.html"
            blocks = [
                json.loads(text) for attrs, text in parse(page).scripts
                if attrs.get("type") == "application/ld+json"
            ]  # fmt: skip
            assert len(blocks) == 1, page
            assert blocks[0]["@type"] == "MedicalTrial"
            assert nct_id in json.dumps(blocks[0])


def test_every_internal_link_and_anchor_resolves(site: BuiltSite) -> None:
    broken = []
    for page in site.html_pages():
        for anchor in parse(page).anchors:
            href = anchor["href"]
            if is_external(href) or href.startswith("javascript:"):
                continue
            target, fragment = resolve(site.root, page, href, urlsplit(site.base_url).path)
            if not target.is_file():
                broken.append(f"{page.relative_to(site.root)}: {href} (no file)")
            elif fragment and target.suffix == ".html" and fragment not in parse(target).ids:
                broken.append(f"{page.relative_to(site.root)}: {href} (no anchor)")
    assert not broken, "\n".join(broken[:20])


def test_nothing_is_fetched_from_another_host(site: BuiltSite) -> None:
    own_host = re.match(r"https?://[^/]+/", site.base_url)
    assert own_host
    problems = []
    for page in site.html_pages():
        parsed = parse(page)
        problems += [f"{page}: <{tag}> {url}" for tag, url in parsed.sources if is_external(url)]
        for link in parsed.links:
            rel, href = link.get("rel", ""), link.get("href", "")
            if is_external(href) and not (
                rel.strip() in ("canonical", "alternate") and href.startswith(site.base_url)
            ):
                problems.append(f"{page}: <link rel={rel}> {href}")
        problems += [f"{page}: style {css}" for css in parsed.styles if _remote_css(css)]
    # Material's bundle names unpkg.com only as fallbacks (a ResizeObserver polyfill for old
    # browsers, mermaid for `.mermaid` blocks, which no page has); the browser tests watch
    # the requests really made. Everything else must not even name a third-party host.
    ours = [p for p in site.root.rglob("*.js") if "assets/javascripts" not in p.as_posix()]
    for path in [*site.root.rglob("*.css"), *ours, *site.html_pages()]:
        text = path.read_text("utf-8", errors="replace")
        if path.suffix == ".css" and _remote_css(text) or THIRD_PARTY.search(text):
            problems.append(f"{path}: refers to a third-party host")
        if path.suffix == ".html" and re.search(r"class=\"[^\"]*\bmermaid\b", text):
            problems.append(f"{path}: a mermaid block would load mermaid from unpkg.com")
    assert not problems, "\n".join(problems[:20])


def _remote_css(css: str) -> bool:
    urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", css)
    urls += re.findall(r"@import\s+['\"]([^'\"]+)", css)
    return any(is_external(url) and not url.startswith("data:") for url in urls)


def test_search_index_per_language(site: BuiltSite) -> None:
    """Pagefind (issue 20) indexes each language apart, every page readers search, nothing else."""
    assert set(entry(site.root)["languages"]) == set(LANG_PREFIX)
    for lang, prefix in LANG_PREFIX.items():
        locations = {url.removeprefix("/") for url in fragments(site.root, lang)}
        # The glossary is left out: its headings outranked the trials using a word. So is the
        # registry: it only repeats the titles of the trials, indexed on their own pages.
        # The maintainers' page is for the team, not for readers' searches (issue 19).
        # The conditions' index only repeats the names of the conditions (issue 20).
        excluded = {"glossary/", "trials/", "maintainers/", "conditions/"}
        # A trial is one result: trialsite writes its pages for patients and investigators as
        # searched within its overview (one record per trial, not three); the hand-written
        # pages say nothing of it, and are each a result.
        within = {
            page.relpath(i).removesuffix("index.md")
            for i in trial_ids(site)
            for page in TRIAL_PAGES
            if page.search_within and site.content is not None
        }
        searchable = set(expected_pages(site)) - excluded - within
        assert locations == {prefix + page for page in searchable}, lang


def test_search_indexes_the_article_only(site: BuiltSite) -> None:
    """Only the page's article is indexed: not the header, navigation, footer or search box,
    not the sections the page-types table skips, not the headings' permalink signs."""
    for lang in LANG_PREFIX:
        for url, fragment in fragments(site.root, lang).items():
            text = fragment["content"]
            assert "¶" not in text and not any("¶" in a["text"] for a in fragment["anchors"]), url
            path = url.removeprefix("/").removeprefix(LANG_PREFIX[lang])
            # A section of a page searched within this one is anchored "patients/#why".
            located = [(path + a["id"]).rsplit("#", 1) if "#" in a["id"] else (path, a["id"])
                       for a in fragment["anchors"]]  # fmt: skip
            skipped = [(page, anchor) for page, anchor in located
                       for pattern, ids in search_skip().items()
                       if re.fullmatch(pattern, page) and anchor in ids]  # fmt: skip
            assert not skipped, (url, skipped)
            for page, _anchor in located:
                assert site.root.joinpath(LANG_PREFIX[lang], page, "index.html").is_file(), page
            assert site.root.joinpath(url.strip("/"), "index.html").is_file(), url
            assert fragment["meta"]["title"], url  # the page's h1, shown in the results


def search_text(site: BuiltSite, lang: str, nct_id: str) -> str:
    """All the indexed text of one trial's pages in one language, lower-cased."""
    pages = fragments(site.root, lang)
    trial = f"/{LANG_PREFIX[lang]}trials/{nct_id}/"
    text = " ".join(page["content"] for url, page in pages.items() if url.startswith(trial))
    return " ".join(text.split()).lower()  # Pagefind's text is plain: "<" is a sign, not a tag


def test_search_finds_a_trial_by_id_condition_intervention_site_and_criterion(
    built_site: BuiltSite,
) -> None:
    assert built_site.content is not None
    for trial in built_site.content.trials:
        record = trial.record
        english = search_text(built_site, "en", record.nct_id)
        french = search_text(built_site, "fr", record.nct_id)
        assert record.nct_id.lower() in english and record.nct_id.lower() in french
        words = [*record.conditions[:1], *(i.name for i in record.interventions[:1])]
        words += [location.facility for location in record.locations[:1] if location.facility]
        criteria = record.eligibility.inclusion if record.eligibility else []
        words += [w for w in re.findall(r"[A-Za-z]{6,}", criteria[0].text)[:1]] if criteria else []
        missing = [word for word in words if _normal(word) not in english]
        assert not missing, (record.nct_id, missing)
        french_words = [location.facility for location in record.locations[:1]]
        translated = trial.translations.get("fr", {}).get("eligibility.inclusion.0.text")
        if translated and translated.text and not translated.fuzzy:
            french_words += re.findall(r"\w{9,}", translated.text)[:2]
        missing = [w for w in french_words if w and _normal(w) not in french]
        assert not missing, (record.nct_id, "fr", missing)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).lower().strip()


def test_the_registry_table_skips_markdown_and_lists_every_trial(built_site: BuiltSite) -> None:
    """The registry's marked HTML block is set aside before Markdown and put back whole."""
    assert built_site.content is not None
    for prefix in LANG_PREFIX.values():
        page = (built_site.root / prefix / "trials" / "index.html").read_text("utf-8")
        table = page.split('<div class="trialsite-registry">', 1)[1].split("</table>", 1)[0]
        rows = re.findall(r"<tr data-nct=\"NCT[0-9]{8}\"[^>]*><td><a href=\"([^\"]+)\">", table)
        ids = [trial.record.nct_id for trial in built_site.content.trials]
        assert [row.rstrip("/").rsplit("/", 1)[-1] for row in rows] == ids
    for page in built_site.html_pages():
        assert "trialsite:html" not in page.read_text("utf-8"), page


def test_data_files_are_published(built_site: BuiltSite) -> None:
    for nct_id in trial_ids(built_site):
        for suffix in (".json", ".yaml", ".fhir.json"):
            assert (built_site.root / "data" / f"{nct_id}{suffix}").is_file(), (nct_id, suffix)


def test_build_summary_names_pages_languages_and_trials(built_site: BuiltSite) -> None:
    trials = len(trial_ids(built_site))
    pages = 2 * len(expected_pages(built_site))
    assert re.search(rf"Built {pages} pages \(2 languages, {trials} trials\) into .+ in [\d.]+ s",
                     built_site.summary), built_site.summary  # fmt: skip


# Atomic builds: write access is needed, so each test copies what it breaks.


@dataclass(frozen=True)
class PreviousSite:
    """A built site standing where a failing build must leave it byte-identical."""

    root: Path
    before: dict[str, str]


@pytest.fixture
def previous_site(hand_site: BuiltSite, tmp_path: Path) -> PreviousSite:
    """Copy a built site to `tmp_path/site` and hash it, before a build tries to replace it."""
    root = tmp_path / "site"
    shutil.copytree(hand_site.root, root)
    return PreviousSite(root, digest(root))


def _settings() -> Site:
    site, errors = load_file(CONTENT / "site.yaml", Site)
    assert site is not None, errors
    return site


def test_failed_content_leaves_the_previous_site_byte_identical(
    previous_site: PreviousSite, tmp_path: Path
) -> None:
    previous, before = previous_site.root, previous_site.before
    content = write_content(tmp_path, "*")
    (content / "site.yaml").write_text("title: {en: x}\nlanguages: [en, fr]\nbase_url: 3\n")
    with pytest.raises(TrialsiteError, match="site/ left unchanged"):
        build(content, previous)
    assert digest(previous) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_strict_build_with_only_warnings_fails_and_leaves_the_site_byte_identical(
    cli: Callable[..., Result], scratch_content: Callable[..., Path], tmp_path: Path
) -> None:
    content = scratch_content()
    plain = content / "trials" / "NCT03562065" / "patients.fr.yaml"
    plain.write_text(plain.read_text("utf-8").replace('"2021-07-08"', '"2020-01-02"'), "utf-8")
    site = tmp_path / "site"
    cli("build", "--content", content, "--site-dir", site)  # a warning only: built
    before = digest(site)
    other = ("--base-url", "https://example.org/elsewhere/")  # a build that would change pages
    result = cli("build", "--content", content, "--site-dir", site, *other, "--strict",
                 expect_ok=False)  # fmt: skip
    assert result.exit_code == 1
    assert "WARNING: " in result.output and "staleness: to review" in result.output
    assert result.output.rstrip().endswith(
        f"Error: 1 warning(s) in strict mode; see above; {site}/ left unchanged"
    )
    assert digest(site) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_mkdocs_failure_leaves_the_previous_site_byte_identical(
    previous_site: PreviousSite, tmp_path: Path
) -> None:
    previous, before = previous_site.root, previous_site.before
    pages = hand_written_pages()
    pages["fr"]["glossary/index.md"] += "\n[broken](../nowhere/index.md)\n"
    with (
        pytest.raises(BuildError, match="strict mode.*left unchanged"),
        atomic_dir(previous) as out,
    ):
        write_site(_settings(), pages, {"data/NCT03562065.json": b"{}"}, out, strict=True)
    assert digest(previous) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_interrupted_build_removes_its_temporary_folder(
    previous_site: PreviousSite, tmp_path: Path
) -> None:
    previous, before = previous_site.root, previous_site.before
    with pytest.raises(KeyboardInterrupt), atomic_dir(previous) as out:
        (out / "index.html").write_text("half-built")
        raise KeyboardInterrupt
    assert digest(previous) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_successful_build_replaces_the_site_and_leaves_no_temporary_folder(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / "stale.html").write_text("old")
    with atomic_dir(target) as out:
        write_site(_settings(), hand_written_pages(), {"data/NCT03562065.json": b"{}"}, out)
    assert not (target / "stale.html").exists()
    assert (target / "fr" / "trials" / "NCT03562065" / "patients" / "index.html").is_file()
    assert (target.stat().st_mode & 0o755) == 0o755
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_unwritable_parent_is_a_clear_error(tmp_path: Path) -> None:
    parent = tmp_path / "readonly"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        probe = parent / "probe"
        try:
            probe.mkdir()  # root ignores permissions: use a folder nobody may write to
            probe.rmdir()
            parent = Path("/proc/trialsite-no-such-place")
        except PermissionError:
            pass
        expected = pytest.raises(BuildError, match="cannot create the new site next to")
        with expected, atomic_dir(parent / "site"):
            pytest.fail("the build must not start")
    finally:
        (tmp_path / "readonly").chmod(0o755)


# Preview server: real HTTP on a free local port.


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(url: str, text: str, seconds: float) -> str:
    """Fetch `url` until it contains `text`, failing after `seconds`."""
    deadline, body, error = time.monotonic() + seconds, "", None
    while time.monotonic() < deadline:
        try:
            body = _get(url)
        except OSError as exc:
            error = exc
        if text in body:
            return body
        time.sleep(0.2)
    pytest.fail(f"{url} did not show {text!r} within {seconds} s ({error!r}):\n{body[:300]}")


def test_serve_previews_under_the_sub_path_and_rebuilds_after_an_edit(tmp_path: Path) -> None:
    content = write_content(tmp_path, "NCT03*")
    port = _free_port()
    server = make_server(content, f"127.0.0.1:{port}")
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        home = f"http://127.0.0.1:{port}/trialsite/"
        page = _wait_for(home, "trialsite — clinical trial records", 30)
        assert 'lang="en"' in page and "livereload" in page
        _wait_for(f"{home}fr/glossary/", 'lang="fr"', 5)
        settings = content / "site.yaml"
        settings.write_text(
            settings.read_text("utf-8").replace("clinical trial records", "edited title"), "utf-8"
        )
        _wait_for(home, "trialsite — edited title", 90)
    finally:
        stop_server(server)
        thread.join(10)
    assert not thread.is_alive()
    assert not Path(server.root).exists()


def test_cli_reports_a_failed_build_in_one_clear_message(
    cli: Callable[..., Result], previous_site: PreviousSite, tmp_path: Path
) -> None:
    previous, before = previous_site.root, previous_site.before
    content = write_content(tmp_path, "*")
    record = next((content / "trials").glob("*/record.yaml"))
    record.write_text(record.read_text("utf-8").replace("nct_id:", "nct_idd:", 1), "utf-8")
    result = cli("build", "--content", content, "--site-dir", previous, expect_ok=False)
    assert result.exit_code == 1
    assert "record.yaml" in result.output and "left unchanged" in result.output
    assert "Traceback" not in result.output
    assert digest(previous) == before


def test_serve_on_a_busy_port_is_a_clear_error(tmp_path: Path) -> None:
    content = write_content(tmp_path, "NCT03*")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(TrialsiteError, match=f"cannot serve on 127.0.0.1:{port}"):
            serve_site(content, f"127.0.0.1:{port}")


def test_parallel_build_writes_the_same_site_as_a_sequential_one(
    hand_site: BuiltSite, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    with atomic_dir(target) as out:
        write_site(
            _settings(), hand_written_pages(), {"data/NCT03562065.json": b"{}\n"}, out,
            strict=True, parallel=True,
        )  # fmt: skip
    parallel, sequential = digest(target), digest(hand_site.root)
    assert [k for k in {*parallel, *sequential} if parallel.get(k) != sequential.get(k)] == []
    assert (target / "fr").stat().st_mode & 0o755 == 0o755
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_parallel_build_failure_shows_the_warnings_of_the_child_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    pages = hand_written_pages()
    pages["fr"]["glossary/index.md"] += "\n[broken](../nowhere/index.md)\n"
    with (
        pytest.raises(BuildError, match="strict mode"),
        atomic_dir(tmp_path / "site") as out,
    ):
        files = {"data/NCT03562065.json": b"{}"}
        write_site(_settings(), pages, files, out, strict=True, parallel=True)
    assert "nowhere/index.md" in caplog.text
    assert list(tmp_path.iterdir()) == []


def test_a_failed_search_index_leaves_the_previous_one(
    hand_site: BuiltSite, tmp_path: Path
) -> None:
    """A language with no indexed page is a clear error; the index in place is kept whole."""
    site = tmp_path / "site"
    shutil.copytree(hand_site.root, site)
    before = digest(site)
    pages = {lang: len(fragments(site, lang)) for lang in ("en", "fr")}
    with pytest.raises(BuildError, match=rf"no page in de \(indexed: {re.escape(str(pages))}\)"):
        index_site(site, ("en", "fr", "de"))
    assert digest(site) == before
    assert index_site(site, ("en", "fr")) == sum(pages.values())  # and again: the same index
    assert digest(site) == before
