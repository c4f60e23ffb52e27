"""The Crossref REST API over one keep-alive HTTP session, with batching, limits and retries.

The run's few kinds of request (a batch of DOIs, one DOI, one search) are made
over one urllib3 pool of keep-alive connections rather than through habanero,
which opens a new HTTP client for every request (35 ms of CPU each against 2 ms
on a reused connection, and 170 ms more start-up; see README "Crossref
verification"), or requests (see Http).

A DOI is data, never part of the URL's structure: it is percent-encoded as one
path segment, or sent as a query value. Redirects are not followed, except to
the same host over HTTPS. An answer counts only when it has the shape Crossref
gives it; anything else is a failure, never "not found". Failures are retried
with exponential backoff and jitter, honouring Retry-After, within a run-wide
time budget for failures; after that a lookup is Unavailable.
"""

from __future__ import annotations

import json
import os
import random
import re
import threading
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlencode, urljoin, urlsplit

from .. import __version__
from .. import doi as dois
from .limiter import POLITE, PUBLIC, Limiter
from .records import valid_record
from .settings import DEFAULT_CROSSREF_URL, DEFAULT_DOI_URL, NotFound, Settings, Unavailable  # noqa: F401 (re-exported)

SEARCH_FIELDS = [
    "DOI",
    "title",
    "subtitle",
    "author",
    "container-title",
    "short-container-title",
    "ISSN",
    "issued",
    "published-print",
    "published-online",
    "volume",
    "issue",
    "page",
    "article-number",
    "type",
    "updated-by",  # retraction and correction notices (CR07): no second request for the matched works' records
    "score",
]
RETRYABLE = {408, 425, 429, 500, 502, 503, 504}
REDIRECTS = 3


class UnsafeDOI(ValueError):
    """A DOI that cannot be sent as one path segment (control characters, dot segments)."""


class Fault(Exception):
    """Why a request failed: an HTTP status, or a fault below HTTP
    ("timeout", "unreachable", "connection" (dropped), "malformed", "redirect")."""

    def __init__(
        self,
        reason: str,
        status: int | None = None,
        fault: str | None = None,
        retry_after: float | None = None,
        retryable: bool | None = None,
    ):
        super().__init__(reason)
        self.reason, self.status, self.fault, self.retry_after = reason, status, fault, retry_after
        self._retryable = retryable

    @property
    def retryable(self) -> bool:
        if self._retryable is not None:
            return self._retryable
        return self.status in RETRYABLE if self.status is not None else True


_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\s]")  # control characters and white space (Unicode's too)


def encode_doi(doi: str) -> str:
    """The DOI as one percent-encoded URL path segment (the DOI Handbook's encoding, '/' included)."""
    if not doi or _UNSAFE.search(doi):
        raise UnsafeDOI(f"DOI with control or space characters: {doi!r}")
    if any(part in (".", "..") for part in doi.split("/")):
        raise UnsafeDOI(f"DOI with a dot segment: {doi!r}")
    return quote(doi, safe="")


@lru_cache(maxsize=65536)
def sendable(doi: str | None) -> str | None:
    """The DOI normalised, when it is well-formed and safe to send; else None (never sent)."""
    if not doi:
        return None
    doi = dois.normalise(doi)
    if not dois.is_valid(doi):
        return None
    try:
        encode_doi(doi)
    except UnsafeDOI:
        return None  # dot segments or control characters
    return doi


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff


@dataclass(frozen=True)
class Response:
    """An answer, as this client reads it."""

    url: str
    status_code: int
    headers: Mapping[str, str]  # case-insensitive (urllib3's HTTPHeaderDict)
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.content)  # ValueError when it is not JSON


class Http:
    """The run's one pool of keep-alive connections, shared by Crossref and doi.org; made, and urllib3
    imported, at the first request (a run answered from the cache needs neither).

    urllib3 itself rather than requests, which is urllib3 with conveniences these few GETs do not
    use, and whose import took 35-40 ms more before every run's first request. What of them matters
    is kept: proxies from the environment (HTTPS_PROXY, NO_PROXY, as urllib reads them), certifi's
    certificates (or REQUESTS_CA_BUNDLE's, CURL_CA_BUNDLE's), compressed answers, connections kept
    alive for as many requests at once as a pool allows."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._managers: dict[str, Any] = {}  # proxy URL ('' for none) -> its urllib3 pool manager
        self._lock = threading.Lock()

    def _manager(self, url: str):
        proxy = _proxy(url)
        with self._lock:
            if proxy not in self._managers:
                import urllib3

                agent = f"citeqa/{__version__}" + (f" (mailto:{self.settings.mailto})" if self.settings.mailto else "")
                options: dict[str, Any] = {
                    "maxsize": 10,  # connections kept alive: more than any pool's concurrency
                    "headers": {"User-Agent": agent, "Accept-Encoding": "gzip, deflate", "Accept": "application/json"},
                    "retries": False,  # Retrying decides
                    "ca_certs": _certificates() if url.startswith("https:") else None,
                }
                if proxy:
                    self._managers[proxy] = urllib3.ProxyManager(proxy, **options)
                else:
                    manager = urllib3.PoolManager(**options)
                    manager.pool_classes_by_scheme = _stamping_pools()
                    self._managers[proxy] = manager
            return self._managers[proxy]

    def ready(self) -> None:
        """Make the pool now (importing urllib3 takes a while), not between a rate slot and its request."""
        self._manager(self.settings.crossref_url)

    def get(self, url: str, params: dict | None = None, timeout: float | None = None) -> Response:
        """GET without following redirects, except to the same host over HTTPS. Faults raise Fault."""
        from urllib3.exceptions import HTTPError, NewConnectionError, TimeoutError

        for _ in range(REDIRECTS + 1):
            full = f"{url}?{urlencode(params)}" if params else url
            try:
                answer = self._manager(url).request(
                    "GET", full, timeout=timeout or self.settings.timeout, redirect=False, retries=False
                )
            except NewConnectionError as error:  # before TimeoutError: urllib3 makes it one of those
                raise Fault(f"cannot connect: {str(error)[:120]}", fault="unreachable") from None
            except TimeoutError:
                raise Fault("timed out", fault="timeout") from None
            except (HTTPError, OSError) as error:
                raise Fault(f"connection failed: {str(error)[:120]}", fault="connection") from None
            response = Response(full, answer.status, answer.headers, answer.data)
            location = answer.get_redirect_location()
            if not location:
                return response
            target = urljoin(full, location)
            here, there = urlsplit(full), urlsplit(target)
            if there.scheme != "https" or there.hostname != here.hostname:
                raise Fault(
                    f"HTTP {response.status_code} redirect to {there.scheme}://{there.hostname} not followed",
                    status=response.status_code,
                    fault="redirect",
                    retryable=False,
                )
            url, params = target, None
        raise Fault("too many redirects", fault="redirect", retryable=False)


def _proxy(url: str) -> str:
    """The proxy the environment names for a URL ('' for none), read as urllib reads it; urllib.request
    is imported only when some *_proxy variable is set (it takes 30 ms)."""
    if not any(name.lower().endswith("_proxy") for name in os.environ):
        return ""
    import urllib.request

    proxies = urllib.request.getproxies_environment()
    parts = urlsplit(url)
    if urllib.request.proxy_bypass(parts.hostname or ""):  # NO_PROXY
        return ""
    return proxies.get(parts.scheme) or proxies.get("all") or ""


def _certificates() -> str | None:
    """The certificates HTTPS answers are checked against: a bundle the environment names, else
    certifi's (as requests did), else the system's (urllib3's default)."""
    named = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    if named:
        return named
    try:
        import certifi
    except ImportError:
        return None
    return certifi.where()


_SENDING = threading.local()  # `rate`: the limiter of the request this thread is about to send


def _stamping_pools() -> dict[str, type]:
    """urllib3's connection pools, with connections that tell the rate limiter when a request has gone out.

    A window counts from the moment the server can see a request: after the TCP and TLS handshakes
    of a new connection (100-300 ms to Crossref), not before them, and not before the thread waited
    for the interpreter. Counting from before would let the next window's requests reach the server
    less than a second after this one's. (Through a proxy the window counts from just before.)"""
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    def stamping(connection: type[HTTPConnection]) -> type:
        def request(self, *args, **kwargs) -> None:
            connection.request(self, *args, **kwargs)
            rate = getattr(_SENDING, "rate", None)
            if rate is not None:
                _SENDING.rate = None
                rate.sent()

        return type(connection.__name__, (connection,), {"request": request})  # its name shows in errors

    class Plain(HTTPConnectionPool):
        ConnectionCls = stamping(HTTPConnection)

    class Secure(HTTPSConnectionPool):
        ConnectionCls = stamping(HTTPSConnection)

    return {"http": Plain, "https": Secure}


class Budget:
    """How long a run may go on trying while things fail: the wall time from a failure to
    the next answer, summed over the run. Once spent, no request is sent (the rest is
    reported not checked); time spent getting answers does not count."""

    def __init__(self, seconds: float, clock=time.monotonic):
        self.total, self.clock = seconds, clock
        self.used = 0.0
        self._since: float | None = None  # start of the current run of failures
        self._lock = threading.Lock()

    def failed(self) -> None:
        with self._lock:
            if self._since is None:
                self._since = self.clock()

    def answered(self) -> None:
        with self._lock:
            if self._since is not None:
                self.used += self.clock() - self._since
                self._since = None

    @property
    def left(self) -> float:
        with self._lock:
            failing = self.clock() - self._since if self._since is not None else 0.0
            return self.total - self.used - failing

    @property
    def spent(self) -> bool:
        return self.left <= 0


class Retrying:
    """Runs requests under a limiter, retrying what may succeed later, within the run's budget.

    A host that refuses connections even after retries is marked down for the
    rest of the run, so that an offline machine learns it once, not per lookup.
    Requests are counted per owner (the file they are made for).
    """

    CONNECTION_RETRIES = 2

    def __init__(self, settings: Settings, limiter: Limiter, budget: Budget, sleep=time.sleep, ready=None):
        self.settings, self.limiter, self.budget = settings, limiter, budget
        self.sleep = sleep
        self.ready = ready  # makes the client ready to send at once: the limiter's clock starts when a request leaves
        self.requests = 0
        self.retries = 0
        self.by_owner: Counter = Counter()
        self.down: str | None = None
        self._count = threading.Lock()

    def __call__(self, kind: str, request, owner=None):
        if self.ready:
            self.ready()
        attempt = 0
        while True:
            if self.down:
                raise Unavailable(self.down)
            with self.limiter.slot(kind, patience=self.budget.left) as rate:
                if rate is None or self.budget.spent:
                    raise Unavailable(f"time budget spent (--crossref-budget: {self.budget.total:g} s of failures)")
                with self._count:
                    self.requests += 1
                    self.by_owner[owner] += 1
                rate.sent()  # at the latest: again once the request is out (_stamping_pools)
                _SENDING.rate = rate
                try:
                    result = request(min(self.settings.timeout, max(self.budget.left, 0.1)))
                except NotFound:
                    self.limiter.recover(kind)
                    self.budget.answered()
                    raise
                except Fault as fault:
                    failure = fault
                else:
                    self.limiter.recover(kind)
                    self.budget.answered()
                    return result
            self.budget.failed()
            allowed = self.CONNECTION_RETRIES if failure.fault == "unreachable" else self.settings.retries
            if not failure.retryable or attempt >= min(allowed, self.settings.retries):
                if failure.fault == "unreachable":
                    self.down = f"unreachable ({failure.reason})"
                raise Unavailable(failure.reason)
            delay = failure.retry_after
            if failure.status == 429:
                self.limiter.slow_down(kind)
                if delay is None:
                    delay = 0.0  # the limiter's widened spacing is the wait: backing off twice would not come back
            if delay is None:
                delay = self.settings.backoff * 2**attempt * (0.5 + random.random())  # jitter
            delay = min(delay, self.settings.max_wait, max(self.budget.left, 0.0))
            with self._count:
                self.retries += 1
            self.sleep(delay)
            attempt += 1


def _json(response: Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        raise Fault("malformed response (not JSON)", fault="malformed") from None
    if not isinstance(body, dict):
        raise Fault("malformed response (not a JSON object)", fault="malformed")
    return body


def _status(response: Response) -> Fault:
    return Fault(
        f"HTTP {response.status_code}",
        status=response.status_code,
        retry_after=_seconds(response.headers.get("retry-after")),
    )


class CrossrefClient:
    def __init__(self, settings: Settings, http: Http | None = None, budget: Budget | None = None, sleep=time.sleep):
        self.settings = settings
        self.pool = POLITE if settings.mailto else PUBLIC
        self.http = http or Http(settings)
        self.base = settings.crossref_url.rstrip("/")
        self.limiter = Limiter(self.pool)
        self.run = Retrying(settings, self.limiter, budget or Budget(settings.budget), sleep, self.http.ready)

    @property
    def requests(self) -> int:
        return self.run.requests

    def _get(self, path: str, params: dict | None, timeout: float) -> Response:
        response = self.http.get(self.base + path, params, timeout)
        self.limiter.observe(response.headers)
        return response

    def _list(self, params: dict, timeout: float) -> list:
        """The items of a work-list answer; anything else is a Fault (a 404 included)."""
        response = self._get("/works", params, timeout)
        if response.status_code != 200:
            raise _status(response)
        body = _json(response)
        message = body.get("message")
        if (
            body.get("message-type") != "work-list"
            or not isinstance(message, dict)
            or not isinstance(message.get("items"), list)
        ):
            raise Fault("malformed response (not a work list)", fault="malformed")
        return message["items"]

    def works(self, dois: list[str], owner=None) -> tuple[dict[str, dict | None], dict[str, str]]:
        """Crossref's answers for DOIs, in batches: ({doi: record or None if not found}, {doi: why unavailable}).

        A DOI absent from a batch's answer (or with a malformed record in it) is
        asked again alone: only Crossref's own 404 makes it "not found". A DOI
        with a comma cannot go into a filter list and is asked alone too.
        """
        answers: dict[str, dict | None] = {}
        failed: dict[str, str] = {}
        batchable = [d for d in dois if "," not in d]
        alone = [d for d in dois if "," in d]
        for start in range(0, len(batchable), self.settings.batch_size):
            batch = batchable[start : start + self.settings.batch_size]
            params = {"filter": ",".join(f"doi:{d}" for d in batch), "rows": len(batch)}
            try:
                items = self.run("list", lambda timeout, params=params: self._list(params, timeout), owner)
            except Unavailable as error:
                failed.update(dict.fromkeys(batch, str(error)))
                continue
            found = {item["DOI"].lower(): item for item in items if valid_record(item)}
            for doi in batch:
                if doi.lower() in found:
                    answers[doi] = found[doi.lower()]
                else:
                    alone.append(doi)
        for doi in alone:
            try:
                answers[doi] = self.work(doi, owner)
            except (Unavailable, UnsafeDOI) as error:
                failed[doi] = str(error)
        return answers, failed

    def work(self, doi: str, owner=None) -> dict | None:
        """One record, or None when Crossref answers its 404 "Resource not found."."""
        path = "/works/" + encode_doi(doi)

        def ask(timeout: float) -> dict:
            response = self._get(path, None, timeout)
            if response.status_code == 404 and response.text.strip().startswith("Resource not found"):
                raise NotFound(doi)
            if response.status_code != 200:
                raise _status(response)
            body = _json(response)
            record = body.get("message")
            if body.get("message-type") != "work" or not valid_record(record):
                raise Fault("malformed response (not a work record)", fault="malformed")
            return record

        try:
            return self.run("single", ask, owner)
        except NotFound:
            return None

    def search(self, text: str, owner=None) -> list[dict]:
        """Candidates for a free-text reference, best first, each with Crossref's relevance score."""
        params = {
            "query.bibliographic": text[:1000],
            "rows": self.settings.search_rows,
            "select": ",".join(SEARCH_FIELDS),
        }
        items = self.run("list", lambda timeout: self._list(params, timeout), owner)
        # Crossref leaves out a selected field a work lacks: an empty list records "asked: no notices",
        # unlike a search cached before `updated-by` was selected (lookups.py fetches those works whole).
        return [{**item, "updated-by": item.get("updated-by") or []} for item in items if valid_record(item)]
