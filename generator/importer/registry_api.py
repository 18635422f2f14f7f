"""ClinicalTrials.gov API v2 over HTTP: one study by id, or every study of a search."""

from __future__ import annotations

import json
import logging
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from ..errors import TrialsiteError

logger = logging.getLogger(__name__)

DEFAULT_REGISTRY = "https://clinicaltrials.gov/api/v2"
REGISTRY_ENV = "TRIALSITE_REGISTRY_URL"
# The largest record of the fixtures (NCT02513394, 437 sites) is 1.5 MB; a 1,000-site study with
# results stays far below this. A bigger answer is not a study: refuse it rather than fill memory.
MAX_RESPONSE_BYTES = 32 * 1024 * 1024
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_LONGEST_WAIT = 60.0


class RegistryError(TrialsiteError):
    """The registry could not be asked, or refused the request."""

    def __init__(self, message: str, status: int | None = None) -> None:
        self.status = status
        super().__init__(message)


def _user_agent() -> str:
    try:
        ours = version("trialsite")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        ours = "dev"
    # The registry asks automated clients to identify themselves; say who we are and why.
    return f"trialsite/{ours} (static site of clinical-trial records; python-urllib)"


def registry_url(option: str | None) -> str:
    """Return the API v2 base URL: the option, else TRIALSITE_REGISTRY_URL, else the registry."""
    return (option or os.environ.get(REGISTRY_ENV) or DEFAULT_REGISTRY).rstrip("/")


@dataclass
class Registry:
    """A polite API v2 client: a timeout, retries with backoff on 429 and 5xx, a size limit."""

    base_url: str = DEFAULT_REGISTRY
    timeout: float = 30.0
    """Seconds to wait for an answer before giving up on one attempt."""
    retries: int = 4
    """How many times a 429, a 5xx or a dropped connection is tried again."""
    backoff: float = 1.0
    """Seconds before the first retry, doubled for each next one (tests make it tiny)."""
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    def study(self, nct_id: str) -> bytes:
        """Return the API v2 JSON of one study, as the registry sent it."""
        return self.get(f"/studies/{nct_id}", {"format": "json"})

    def search(self, query: str, limit: int | None = None) -> Iterator[dict[str, Any]]:
        """Yield the studies of an API v2 search, page after page, at most `limit` of them."""
        params = dict(urllib.parse.parse_qsl(query.lstrip("?"), keep_blank_values=True))
        params.setdefault("format", "json")
        if limit is not None:
            params["pageSize"] = str(min(limit, int(params.get("pageSize", 1000)), 1000))
        count = 0
        while True:
            page = _json_object(self.get("/studies", params), "search page")
            studies = page.get("studies")
            if not isinstance(studies, list):
                raise RegistryError('the registry answered without a "studies" list')
            for study in studies:
                if limit is not None and count >= limit:
                    return
                count += 1
                yield study
            token = page.get("nextPageToken")
            if not token or (limit is not None and count >= limit):
                return
            params["pageToken"] = str(token)

    def get(self, path: str, params: dict[str, str]) -> bytes:
        """Return the body of one GET, retrying 429 and 5xx answers with a growing delay."""
        url = f"{self.base_url}{path}?{urllib.parse.urlencode(params)}"
        for attempt in range(self.retries + 1):
            try:
                return self._once(url)
            except _Retryable as problem:
                if attempt == self.retries:
                    raise problem.error from None
                delay = problem.wait if problem.wait is not None else self.backoff * 2**attempt
                logger.info("%s; trying again in %g s", problem.error.message, delay)
                self.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, url: str) -> bytes:
        request = urllib.request.Request(
            url, headers={"User-Agent": _user_agent(), "Accept": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                body: bytes = answer.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as exc:
            exc.close()  # its body is not read; release the connection
            raise _http_problem(exc, url) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise _Retryable(RegistryError(
                f"cannot reach the registry at {self.base_url} ({reason}); check the network "
                f"connection, or set --registry-url / {REGISTRY_ENV}"
            )) from None  # fmt: skip
        if len(body) > MAX_RESPONSE_BYTES:
            limit = MAX_RESPONSE_BYTES // (1024 * 1024)
            raise RegistryError(f"{url}: the answer is larger than {limit} MB; refused")
        return body


class _Retryable(Exception):
    def __init__(self, error: RegistryError, wait: float | None = None) -> None:
        self.error, self.wait = error, wait
        super().__init__(error.message)


def _http_problem(exc: urllib.error.HTTPError, url: str) -> Exception:
    status = exc.code
    if status == 404:
        return RegistryError(f"not found on the registry (HTTP 404): {url}", 404)
    error = RegistryError(f"the registry answered HTTP {status} {exc.reason}: {url}", status)
    if status in _RETRY_STATUSES:
        return _Retryable(error, _retry_after(exc.headers.get("Retry-After")))
    return error


def _retry_after(value: str | None) -> float | None:
    """Return the wait a 429 or 503 asks for, in seconds (capped), when it says one."""
    try:
        return min(max(float(value), 0.0), _LONGEST_WAIT) if value else None
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff


def _json_object(body: bytes, what: str) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        raise RegistryError(f"the registry's {what} is not JSON") from None
    if not isinstance(data, dict):
        raise RegistryError(f"the registry's {what} is not a JSON object")
    return data
