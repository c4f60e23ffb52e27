"""A Crossref and doi.org stand-in on 127.0.0.1, serving recorded records.

Implements what citeqa uses, with the real response shapes and rate-limit
headers (from habanero-interactions.json):
  GET /works/{doi}                        -> work, or 404 text/plain "Resource not found."
  GET /works?filter=doi:A,doi:B&rows=N     -> work-list of the DOIs it knows
  GET /works?query.bibliographic=...       -> work-list ranked by a word-overlap score; with fuzzy=True
                                             as hard as Crossref's: scores with noise, so that near-duplicates
                                             (similar titles, same journal) may outrank the work
  GET /api/handles/{doi}                   -> doi.org handle API: responseCode 1, or 404 with 100;
                                             a shortDOI's handle holds an HS_ALIAS value
It enforces the pool's limits (answering 429 like Crossref), and can be told
to fail: 429 with or without Retry-After, 500, 503, time out, drop the
connection, or send broken JSON.
"""

from __future__ import annotations

import json
import math
import random
import re
import sys
import threading
import time
import zlib
from collections import Counter, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

POOLS = {"public": (5, 1, 1), "polite": (10, 3, 3)}  # single/s, list/s, concurrency: Crossref's
# A stand-in for tests that are not about rate limits: it announces (and enforces) rates a hundred times
# Crossref's, which citeqa adopts from the headers; the concurrency limits stay Crossref's.
FAST = {"public": (500, 100, 1), "polite": (1000, 300, 3)}


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


class StandIn:
    def __init__(
        self,
        records: list[dict],
        other_agency: tuple[str, ...] = (),
        latency: float = 0.0,
        enforce_limits: bool = True,
        slack: int = 1,
        aliases: dict[str, str] | None = None,
        fuzzy: bool = False,
        noise: float = 0.35,
        pools: dict[str, tuple[int, int, int]] = POOLS,
    ):
        self.records = {r["DOI"].lower(): r for r in records}
        self.other_agency = {d.lower() for d in other_agency}  # DOIs doi.org knows but Crossref does not
        self.aliases = {k.lower(): v for k, v in (aliases or {}).items()}  # shortDOI -> DOI (doi.org's HS_ALIAS)
        self.latency = latency
        self.fuzzy, self.noise = fuzzy, noise
        self.enforce_limits = enforce_limits
        self.pools = pools  # announced in each answer's headers and, with enforce_limits, enforced
        self.slack = slack  # requests over the rate tolerated in any one-second window (0: strict)
        self.faults: deque[tuple[str, str, str | None, str | None]] = (
            deque()
        )  # (fault, path prefix, kind, text in the URL)
        self.redirect_to = "http://127.0.0.1:9"  # where the "redirect" fault sends the client
        self.log: list[dict] = []
        self.hang_seconds = 5.0
        self.held: list[tuple[str, threading.Event]] = []  # (text in the URL, released): answers held back
        self._lock = threading.Lock()
        self._in_flight = Counter()
        self._recent: dict[tuple[str, str], deque] = {}
        self._index()
        handler = type("Handler", (_Handler,), {"standin": self})
        self.server = _Server(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @classmethod
    def from_jsonl(cls, path: Path, **kwargs) -> StandIn:
        return cls(
            [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()], **kwargs
        )

    def _index(self) -> None:
        self.documents = {}
        for doi, r in self.records.items():
            text = " ".join(
                [
                    " ".join(r.get("title") or []),
                    " ".join(r.get("container-title") or []),
                    " ".join(r.get("short-container-title") or []),
                ]
                + [a.get("family", "") for a in r.get("author") or []]
                + [str(r.get(k, "")) for k in ("volume", "issue", "page")]
                + [str(((r.get("issued") or {}).get("date-parts") or [[""]])[0][0])]
            )
            self.documents[doi] = Counter(words(text))
        frequency = Counter(w for doc in self.documents.values() for w in doc)
        self.idf = {w: math.log(1 + len(self.documents) / n) for w, n in frequency.items()}

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> StandIn:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fail(
        self, fault: str, times: int = 1, path: str = "/", kind: str | None = None, match: str | None = None
    ) -> None:
        """Answer the next `times` requests under `path` (of a `kind`: work, batch, search,
        handle; whose decoded URL contains `match`) with a fault: 429, 429-retry-after,
        500, 503, timeout, drop, broken-json, bare-404 (an HTML 404, not the API's),
        empty-200, partial-batch (a batch answer without its first record), redirect
        (302 to `redirect_to`, same path)."""
        with self._lock:
            self.faults.extend([(fault, path, kind, match and match.lower())] * times)

    def hold(self, match: str) -> threading.Event:
        """Hold back the answers to requests whose decoded URL contains `match` until the returned
        event is set (30 s at most): a test can see what a client does while they are out."""
        released = threading.Event()
        with self._lock:
            self.held.append((match.lower(), released))
        return released

    def requests(self, kind: str | None = None) -> list[dict]:
        return [r for r in self.log if kind is None or r["kind"] == kind]

    def reset(self) -> None:
        """Forget the last test: its log, faults and rate windows, once its last request (a hanging
        one, say) has been answered, so that it does not count against the next test's concurrency."""
        deadline = time.monotonic() + self.hang_seconds + 1.0
        while any(self._in_flight.values()) and time.monotonic() < deadline:
            time.sleep(0.01)
        with self._lock:
            self.log.clear()
            self.faults.clear()
            self._recent.clear()
            for _, released in self.held:
                released.set()
            self.held.clear()

    # -- used by the handler --
    def take_fault(self, path: str, kind: str, target: str) -> str | None:
        with self._lock:
            for i, (fault, prefix, wanted, match) in enumerate(self.faults):
                if path.startswith(prefix) and wanted in (None, kind) and (match is None or match in target.lower()):
                    del self.faults[i]
                    return fault
        return None

    def admit(self, pool: str, kind: str) -> bool:
        """Count the request against the pool's limits; False when it breaks them."""
        single, listed, concurrency = self.pools[pool]
        rate = single if kind in ("work", "handle") else listed
        if kind == "handle":
            return True  # doi.org is another host, with no published limits
        with self._lock:
            self._in_flight[pool] += 1
            if not self.enforce_limits:
                return True
            now = time.monotonic()
            window = self._recent.setdefault((pool, "single" if kind == "work" else "list"), deque())
            while window and now - window[0] > 1.0:
                window.popleft()
            window.append(now)
            # Slack, as a real server may allow for clock skew between client and server.
            return self._in_flight[pool] <= concurrency and len(window) <= rate + self.slack

    def release(self, pool: str) -> None:
        with self._lock:
            self._in_flight[pool] -= 1

    def search(self, query: str, rows: int) -> list[dict]:
        wanted = set(words(query))
        scored = []
        for doi, document in self.documents.items():
            score = sum(self.idf[w] for w in wanted if w in document)
            if score > 0 and self.fuzzy:
                # Crossref's relevance is not a validation: a repeatable, lognormal wobble per (query, work)
                score *= random.Random(zlib.crc32(f"{query}|{doi}".encode())).lognormvariate(0, self.noise)
            if score > 0:
                scored.append((score, doi))
        scored.sort(reverse=True)
        return [dict(self.records[doi], score=round(score, 3)) for score, doi in scored[:rows]]


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A client that gave up (its timeout) before a hanging answer was written is no error of the stand-in's."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    standin: StandIn
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        s = self.standin
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        agent = self.headers.get("User-Agent", "")
        pool = "polite" if "mailto:" in agent else "public"
        kind = (
            "handle"
            if path.startswith("/api/handles/")
            else "work"
            if path.startswith("/works/")
            else ("batch" if "filter" in query else "search" if "query.bibliographic" in query else "other")
        )
        admitted = s.admit(pool, kind)
        self._counted = None if kind == "handle" else pool
        with s._lock:
            s.log.append(
                {
                    "kind": kind,
                    "path": path,
                    "raw": self.path,
                    "query": query,
                    "user_agent": agent,
                    "time": time.monotonic(),
                    "admitted": admitted,
                }
            )
        try:
            for match, released in list(s.held):
                if match in unquote(self.path).lower():
                    released.wait(30)
            if s.latency:
                time.sleep(s.latency)
            fault = s.take_fault(path, kind, unquote(self.path))
            if not admitted:
                return self._send(429, b"", "text/plain", pool, {})
            if fault == "partial-batch" and kind == "batch":
                wanted = [f[4:].lower() for f in query["filter"].split(",") if f.startswith("doi:")]
                return self._list([s.records[d] for d in wanted if d in s.records][1:], pool)
            if fault and fault != "partial-batch":
                return self._fault(fault, pool)
            if kind == "handle":
                return self._handle(path[len("/api/handles/") :])
            if kind == "work":
                record = s.records.get(path[len("/works/") :].lower())
                if record is None:
                    return self._send(404, b"Resource not found.", "text/plain", pool)
                return self._json(
                    {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": record}, pool
                )
            if kind == "batch":
                wanted = [f[4:].lower() for f in query["filter"].split(",") if f.startswith("doi:")]
                items = [s.records[d] for d in wanted if d in s.records][: int(query.get("rows", 20))]
                return self._list(items, pool)
            if kind == "search":
                items = s.search(query["query.bibliographic"], int(query.get("rows", 20)))
                if "select" in query:
                    keep = set(query["select"].split(",")) | {"score"}
                    items = [{k: v for k, v in item.items() if k in keep} for item in items]
                return self._list(items, pool)
            self._send(
                400,
                json.dumps({"status": "failed", "message-type": "validation-failure", "message": []}).encode(),
                "application/json",
                pool,
            )
        finally:
            self._release()

    def _release(self) -> None:
        """The request stops counting against the concurrency limit once its answer is
        ready, before it is sent: a client that sends its next request on receipt is within it."""
        if self._counted:
            self.standin.release(self._counted)
            self._counted = None

    def _handle(self, doi: str) -> None:
        s = self.standin
        if doi.lower() in s.aliases:
            value = {"index": 1, "type": "HS_ALIAS", "data": {"format": "string", "value": s.aliases[doi.lower()]}}
            return self._send(
                200,
                json.dumps({"responseCode": 1, "handle": doi, "values": [value]}).encode(),
                "application/json",
                None,
            )
        if doi.lower() in s.records or doi.lower() in s.other_agency:
            body = {
                "responseCode": 1,
                "handle": doi,
                "values": [
                    {"index": 1, "type": "URL", "data": {"format": "string", "value": f"https://example.org/{doi}"}}
                ],
            }
            return self._send(200, json.dumps(body).encode(), "application/json", None)
        self._send(404, json.dumps({"responseCode": 100, "handle": doi}).encode(), "application/json", None)

    def _list(self, items: list[dict], pool: str) -> None:
        message = {
            "facets": {},
            "total-results": len(items),
            "items": items,
            "items-per-page": len(items),
            "query": {"start-index": 0, "search-terms": None},
        }
        self._json({"status": "ok", "message-type": "work-list", "message-version": "1.0.0", "message": message}, pool)

    def _json(self, body: dict, pool: str) -> None:
        self._send(200, json.dumps(body).encode(), "application/json", pool)

    def _fault(self, fault: str, pool: str) -> None:
        if fault == "timeout":
            time.sleep(self.standin.hang_seconds)
            return self._send(503, b"", "text/plain", pool)
        if fault == "drop":
            self.close_connection = True
            self.connection.shutdown(2)
            return None
        if fault == "broken-json":
            return self._send(200, b'{"status":"ok","message-type":"work-list","mess', "application/json", pool)
        if fault == "bare-404":
            return self._send(404, b"<html><body>404 Not Found</body></html>", "text/html", pool)
        if fault == "empty-200":
            return self._send(200, b"", "application/json", pool)
        if fault == "redirect":
            return self._send(302, b"", "text/plain", pool, {"Location": self.standin.redirect_to + self.path})
        if fault == "429-retry-after":
            return self._send(429, b"", "text/plain", pool, {"Retry-After": "1"})
        self._send(int(fault), b"", "text/plain", pool, {})

    def _send(self, status: int, body: bytes, content_type: str, pool: str | None, extra: dict | None = None) -> None:
        self._release()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if pool and extra is None:
            single, _, concurrency = self.standin.pools[pool]
            self.send_header("x-api-pool", pool)
            self.send_header("x-rate-limit-limit", str(single))
            self.send_header("x-rate-limit-interval", "1s")
            self.send_header("x-concurrency-limit", str(concurrency))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)
