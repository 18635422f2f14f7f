"""A local ClinicalTrials.gov API v2 on 127.0.0.1 replaying the fixture records (no internet)."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

CTGOV_JSON = Path(__file__).resolve().parent / "fixtures" / "ctgov" / "json"
Answer = tuple[int, dict[str, str], bytes]


def fixture_study(nct_id: str) -> dict[str, Any]:
    """Return the recorded API v2 study of a fixture (a saved search page is unwrapped)."""
    (path,) = CTGOV_JSON.rglob(f"{nct_id}.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data["studies"][0] if "studies" in data else data


@dataclass
class FakeRegistry:
    """What the local registry serves, and every request it received."""

    url: str = ""
    studies: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Studies served by id beside the fixtures (a newer or older version of one, say)."""
    scripts: dict[str, list[Answer]] = field(default_factory=dict)
    """Answers given in turn for a path (429 then 200, a 500...), before the normal answer."""
    searches: dict[str, list[list[str]]] = field(default_factory=dict)
    """Per `query.term`, the ids of each page of the search."""
    requests: list[tuple[str, dict[str, str], dict[str, str]]] = field(default_factory=list)
    """(path, query parameters, headers) of every request, in order."""

    def answer(self, path: str, query: dict[str, str]) -> Answer:
        """Return the status, headers and body for one GET."""
        if self.scripts.get(path):
            return self.scripts[path].pop(0)
        if path == "/api/v2/studies":
            return self._search(query)
        nct_id = path.removeprefix("/api/v2/studies/")
        if nct_id in self.studies:
            return _json(self.studies[nct_id])
        if path.startswith("/api/v2/studies/") and list(CTGOV_JSON.rglob(f"{nct_id}.json")):
            return _json(fixture_study(nct_id))
        return 404, {"Content-Type": "text/plain"}, b"not found"

    def _search(self, query: dict[str, str]) -> Answer:
        pages = self.searches.get(query.get("query.term", ""), [[]])
        number = int(query.get("pageToken", "page-0").removeprefix("page-"))
        size = int(query.get("pageSize", "10"))
        ids = pages[number][:size]
        page: dict[str, Any] = {"studies": [fixture_study(nct_id) for nct_id in ids]}
        if number + 1 < len(pages):
            page["nextPageToken"] = f"page-{number + 1}"
        return _json(page)


def _json(data: object) -> Answer:
    return 200, {"Content-Type": "application/json"}, json.dumps(data).encode("utf-8")


def _handler(registry: FakeRegistry) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            parts = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(parts.query))
            registry.requests.append((parts.path, query, dict(self.headers)))
            status, headers, body = registry.answer(parts.path, query)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Keep the test output quiet."""

    return Handler


@pytest.fixture
def fake_registry() -> Iterator[FakeRegistry]:
    """Serve a FakeRegistry on 127.0.0.1 for one test; `url` is its API v2 base."""
    registry = FakeRegistry()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(registry))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    registry.url = f"http://127.0.0.1:{server.server_port}/api/v2"
    try:
        yield registry
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
