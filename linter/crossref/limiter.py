"""Client-side rate and concurrency limits, so that a normal run never provokes a 429.

Crossref publishes its limits per pool in response headers (x-rate-limit-limit,
x-concurrency-limit); list and search requests are limited separately and lower
than single-record requests. A 429 halves the rate for the rest of the run.
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Pool:
    name: str
    single_per_second: float  # /works/{doi}
    list_per_second: float  # /works?filter=... and /works?query...
    concurrency: int


# Seen in June 2026 response headers and reported limits for list requests (API-NOTES.md).
PUBLIC = Pool("public", single_per_second=5, list_per_second=1, concurrency=1)
POLITE = Pool("polite", single_per_second=10, list_per_second=3, concurrency=3)
# doi.org's handle API publishes no limits; stay gentle.
DOI_ORG = Pool("doi.org", single_per_second=5, list_per_second=5, concurrency=2)


class RateLimiter:
    """Spaces requests at least 1/rate seconds apart; thread-safe."""

    def __init__(self, per_second: float, clock=time.monotonic, sleep=time.sleep):
        self.interval = 1.0 / per_second
        self._next = 0.0
        self._lock = threading.Lock()
        self._clock, self._sleep = clock, sleep

    def wait(self) -> None:
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            self._sleep(start - now)

    def slow_down(self) -> None:
        with self._lock:
            self.interval = min(self.interval * 2, 10.0)


class Limiter:
    """One pool's limits: a rate per request kind and a shared concurrency cap."""

    def __init__(self, pool: Pool):
        self.pool = pool
        self.rates = {"single": RateLimiter(pool.single_per_second), "list": RateLimiter(pool.list_per_second)}
        self._slots = threading.BoundedSemaphore(pool.concurrency)

    @contextmanager
    def slot(self, kind: str):
        with self._slots:
            self.rates[kind].wait()
            yield

    def slow_down(self) -> None:
        for rate in self.rates.values():
            rate.slow_down()
