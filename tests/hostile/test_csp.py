"""Defence in depth (issue 14): a Content-Security-Policy on every page blocks what escaping
would miss. A page of the real site with a script, an event handler, a javascript: link and
third-party loads injected into it runs none of them in Chromium; the pages as built run
Material's own scripts with no violation.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from browser.server import SiteServer, serve_directory
from browser.sitebuild import PAGES

from generator.build import build

ROOT = Path(__file__).resolve().parents[2]
PROBE = "trials/NCT03562065/patients/probe.html"
INJECTED = (
    '<script>window.__pwned = "inline"</script>'
    '<img src="x" onerror="window.__pwned = \'handler\'">'
    '<a id="probe-link" href="javascript:window.__pwned=\'link\'">probe</a>'
    '<script src="http://127.0.0.2/evil.js"></script>'
    '<img src="http://127.0.0.2/pixel.png" alt="">'
    '<iframe src="http://127.0.0.2/frame"></iframe>'
)
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(
    {directive: e.effectiveDirective, blocked: e.blockedURI}));
"""


@pytest.fixture(scope="module")
def csp_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, SiteServer]]:
    """The real sample site, built and served, plus a copy of its patient page with payloads."""
    work = tmp_path_factory.mktemp("csp")
    content = work / "content"
    shutil.copytree(ROOT / "content", content)
    site_dir = work / "site"
    with serve_directory(site_dir) as server:
        build(content, site_dir, base_url=server.root)
        page = (site_dir / PROBE).with_name("index.html").read_text(encoding="utf-8")
        probe = re.sub(r"(<article[^>]*>)", lambda m: m.group(1) + INJECTED, page, count=1)
        assert probe != page
        (site_dir / PROBE).write_text(probe, encoding="utf-8")
        yield site_dir, server


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.order: list[str] = []
        self.policy: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "content-security-policy":
            self.order.append("csp")
            self.policy = values.get("content")
        elif tag == "script":
            self.order.append("script")


def test_every_page_carries_the_policy_before_any_script(
    csp_site: tuple[Path, SiteServer],
) -> None:
    site_dir, _ = csp_site
    pages = [path for path in site_dir.rglob("*.html") if path.name != "probe.html"]
    assert len(pages) > 20
    policies = set()
    for path in pages:
        head = _Head()
        head.feed(path.read_text(encoding="utf-8"))
        assert head.order[:1] == ["csp"], path
        policies.add(head.policy)
    (policy,) = policies
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    sources = directives["script-src"].split()
    assert sources[0] == "'self'"
    # Pagefind's search runs as WebAssembly (issue 20): compiling it is allowed, eval() is not.
    assert sources[1] == "'wasm-unsafe-eval'" and "'unsafe-eval'" not in sources
    assert all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]+=*'", source) for source in sources[2:])
    assert "unsafe-inline" not in directives["script-src"]
    assert "http" not in policy and "*" not in policy and "javascript" not in policy


def _open(browsing: Any, relpath: str) -> Any:
    page = browsing.context.new_page()
    page.add_init_script(LISTEN)
    page.goto(browsing.server.url(relpath), wait_until="load")
    return page


@pytest.mark.browser
def test_injected_script_handler_and_link_are_blocked(
    csp_site: tuple[Path, SiteServer], chromium: Any
) -> None:
    from browser.plugin import DESKTOP, open_context

    _, server = csp_site
    browsing = open_context(chromium, server, viewport=DESKTOP)
    try:
        page = _open(browsing, PROBE)
        page.click("#probe-link")
        page.wait_for_function("() => window.__violations.length >= 4")
        pwned = page.evaluate("() => window.__pwned === undefined ? null : window.__pwned")
        violations = page.evaluate("() => window.__violations")
        material = page.evaluate("() => typeof document$ !== 'undefined'")
    finally:
        browsing.context.close()
    assert pwned is None
    blocked = {(v["directive"], v["blocked"]) for v in violations}
    assert ("script-src-elem", "inline") in blocked
    assert ("script-src-attr", "inline") in blocked
    assert ("script-src-elem", "http://127.0.0.2/evil.js") in blocked
    assert ("img-src", "http://127.0.0.2/pixel.png") in blocked
    assert ("frame-src", "http://127.0.0.2") in blocked  # Chromium reports the origin only
    assert browsing.foreign == []  # refused before any request left the browser
    assert material  # the theme's own scripts still run


@pytest.mark.browser
def test_pages_as_built_run_with_no_violation(
    csp_site: tuple[Path, SiteServer], chromium: Any
) -> None:
    from browser.plugin import DESKTOP, open_context

    _, server = csp_site
    browsing = open_context(chromium, server, viewport=DESKTOP)
    seen = {}
    try:
        for lang in ("", "fr/"):
            for path in PAGES.values():
                page = _open(browsing, f"{lang}{path}")
                if path == PAGES["overview"]:  # the search worker runs too
                    page.type("input.md-search__input", "NCT03562065")
                    page.wait_for_selector(".md-search-result__item", timeout=10_000)
                seen[f"{lang}{path}"] = page.evaluate("() => window.__violations")
                page.close()
    finally:
        browsing.context.close()
    assert {path: found for path, found in seen.items() if found} == {}
    assert browsing.foreign == []
