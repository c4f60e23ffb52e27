"""The Crossref REST API through habanero, with batching, limits and retries.

habanero builds and validates the requests; this module adds what it lacks:
DOIs fetched in batches (filter=doi:A,doi:B), a client-side rate limiter per
pool, and retries with exponential backoff and jitter that honour Retry-After.
After the retries a lookup is Unavailable, never "not found".
"""
from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass
from urllib.parse import quote

import httpx2
from habanero import Crossref, RequestError

from .. import __version__
from .limiter import POLITE, PUBLIC, Limiter
from .settings import DEFAULT_CROSSREF_URL, DEFAULT_DOI_URL, HTTPStatus, NotFound, Settings, Unavailable  # noqa: F401 (re-exported)

SEARCH_FIELDS = [
    "DOI", "title", "subtitle", "author", "container-title", "short-container-title", "ISSN",
    "issued", "published-print", "published-online", "volume", "issue", "page", "article-number",
    "type", "score",
]
RETRYABLE = {408, 425, 429, 500, 502, 503, 504}


@dataclass(frozen=True)
class Failure:
    """Why a request failed: an HTTP status, or a fault below HTTP
    ("timeout", "unreachable", "connection" (dropped), "malformed")."""

    status: int | None
    fault: str | None
    reason: str
    retry_after: float | None = None

    @property
    def retryable(self) -> bool:
        return self.status in RETRYABLE if self.status is not None else True


class Retrying:
    """Runs a request under a limiter, retrying what may succeed later.

    A host that refuses connections even after retries is marked down for the
    rest of the run, so that an offline machine learns it once, not per lookup.
    """

    CONNECTION_RETRIES = 2

    def __init__(self, settings: Settings, limiter: Limiter, sleep=time.sleep):
        self.settings, self.limiter, self.sleep = settings, limiter, sleep
        self.requests = 0
        self.retries = 0
        self.down: str | None = None
        self._count = threading.Lock()

    def __call__(self, kind: str, request):
        if self.down:
            raise Unavailable(self.down)
        attempt = 0
        while True:
            with self.limiter.slot(kind):
                with self._count:
                    self.requests += 1
                try:
                    return request()
                except NotFound:
                    raise
                except Exception as error:  # classified below; anything unexpected is "unavailable"
                    failure = classify(error)
            if failure.status == 404:
                raise NotFound(failure.reason)
            allowed = self.CONNECTION_RETRIES if failure.fault == "unreachable" else self.settings.retries
            if not failure.retryable or attempt >= min(allowed, self.settings.retries):
                if failure.fault == "unreachable":
                    self.down = f"unreachable ({failure.reason})"
                raise Unavailable(failure.reason)
            if failure.status == 429:
                self.limiter.slow_down()
            delay = failure.retry_after
            if delay is None:
                delay = self.settings.backoff * 2**attempt * (0.5 + random.random())  # jitter
            with self._count:
                self.retries += 1
            self.sleep(min(delay, self.settings.max_wait))
            attempt += 1


def classify(error: Exception) -> Failure:
    if isinstance(error, (RuntimeError, RequestError)) and isinstance(error.__cause__, httpx2.HTTPError):
        return classify(error.__cause__)  # habanero wraps httpx2's errors, which keep the response
    if isinstance(error, httpx2.HTTPStatusError):
        status = error.response.status_code
        return Failure(status, None, f"HTTP {status}", _retry_after(error.response.headers.get("retry-after")))
    if isinstance(error, HTTPStatus):
        return Failure(error.status, None, f"HTTP {error.status}", _retry_after(error.retry_after))
    if isinstance(error, RequestError):
        return Failure(int(error.status_code), None, f"HTTP {error.status_code}: {str(error.error)[:120]}")
    if isinstance(error, (httpx2.TimeoutException, TimeoutError)):
        return Failure(None, "timeout", "timed out")
    if isinstance(error, (httpx2.ConnectError, ConnectionRefusedError)):
        return Failure(None, "unreachable", f"cannot connect: {str(error)[:120]}")
    if isinstance(error, (httpx2.TransportError, RuntimeError, OSError)):
        return Failure(None, "connection", f"connection failed: {str(error)[:120]}")
    if isinstance(error, ValueError):
        return Failure(None, "malformed", "malformed response")
    return Failure(None, "malformed", f"{type(error).__name__}: {str(error)[:120]}")


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff


class CrossrefClient:
    def __init__(self, settings: Settings, sleep=time.sleep):
        self.settings = settings
        self.pool = POLITE if settings.mailto else PUBLIC
        self.api = Crossref(
            base_url=settings.crossref_url.rstrip("/"),
            mailto=settings.mailto,
            ua_string=f"citeqa/{__version__}",
            timeout=settings.timeout,
        )
        self.run = Retrying(settings, Limiter(self.pool), sleep)

    @property
    def requests(self) -> int:
        return self.run.requests

    def works(self, dois: list[str]) -> tuple[dict[str, dict | None], dict[str, str]]:
        """Crossref's answers for DOIs, in batches: ({doi: record or None if not found}, {doi: why unavailable}).

        A DOI absent from a batch's answer is not in Crossref. A DOI with a comma
        cannot go into a filter list and is fetched alone.
        """
        answers: dict[str, dict | None] = {}
        failed: dict[str, str] = {}
        batchable = [d for d in dois if "," not in d]
        for start in range(0, len(batchable), self.settings.batch_size):
            batch = batchable[start:start + self.settings.batch_size]
            try:
                message = self.run("list", lambda: self.api.works(filter={"doi": batch}, limit=len(batch))["message"])
            except Unavailable as error:
                failed.update(dict.fromkeys(batch, str(error)))
                continue
            items = {str(item.get("DOI", "")).lower(): item for item in message.get("items", [])}
            answers.update({doi: items.get(doi.lower()) for doi in batch})
        for doi in dois:
            if "," in doi:
                try:
                    answers[doi] = self.work(doi)
                except Unavailable as error:
                    failed[doi] = str(error)
        return answers, failed

    def work(self, doi: str) -> dict | None:
        """One record, or None when Crossref answers 404."""
        try:
            return self.run("single", lambda: self.api.works(ids=quote(doi, safe="/:;()<>._-"))["message"])
        except NotFound:
            return None

    def search(self, text: str) -> list[dict]:
        """Candidates for a free-text reference, best first, each with Crossref's relevance score."""
        message = self.run(
            "list",
            lambda: self.api.works(query_bibliographic=text[:1000], limit=self.settings.search_rows, select=SEARCH_FIELDS)["message"],
        )
        return list(message.get("items", []))
