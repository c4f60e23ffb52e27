"""Client-side rate and concurrency limits, so that a normal run never provokes a 429.

Crossref publishes its limits per pool in response headers (x-rate-limit-limit,
x-rate-limit-interval, x-concurrency-limit); list and search requests are limited
separately and lower than single-record requests. The announced rate replaces the
assumed one, higher or lower (list requests keep the pool's share of it).

A rate of N a second is kept as the server counts it: no more than N requests in
any window of one second (of N/rate seconds when the rate is below one a second),
so that up to N may go at once (within the concurrency limit) and the next waits
for the window of the first to pass. Each window is measured from the moment a
request is sent (once its bytes are out, after a new connection's handshakes) and
widened by a small margin, so that the server, whose clock starts when a request
arrives, never sees more: the margin is paid once a window, not once a request.
A 429 doubles the window of its kind of request (up to four times the normal),
and widens the margin a little for the rest of the run; each answer after it
halves the window again, down to the normal rate.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass

MARGIN = 0.01  # of the window: clocks that run at slightly different rates
MARGIN_SECONDS = 0.025  # the same: a window counts from when its first request was sent (client._stamping_pools)
SLOWEST = 4  # times the normal spacing, at most, however many 429s came


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
    """No more than `burst` requests in any window (the rate's), counted from the moments they
    were sent; thread-safe. A waiting request is woken when the window changes (an announced rate,
    a 429, a recovery), so that it goes by the new one, not the one in force when it began to wait."""

    def __init__(self, per_second: float, clock=time.monotonic, sleep=None):
        self.nominal = self.base = self.interval = 1.0 / per_second
        self.burst = _burst(per_second)
        self._sent: list[list[float]] = []  # when recent requests went (a cell each: `sent` moves it later)
        self._mine = threading.local()  # the cell of this thread's last request
        self._queue: deque[object] = deque()  # the requests waiting, first come first served
        self._changed = threading.Condition()
        self._clock = clock
        self._sleep = sleep or self._changed.wait  # an injected sleep: tests with a clock of their own

    @property
    def window(self) -> float:
        """The time `burst` requests take, with the margin: the next waits this long after the first."""
        return self.burst * self.interval * (1 + MARGIN) + MARGIN_SECONDS

    @property
    def spacing(self) -> float:
        """The average time between requests at this rate, margin included."""
        return self.window / self.burst

    def _free_at(self, now: float, ahead: int = 0) -> float:
        """When the request after `ahead` others may go."""
        times = sorted(cell[0] for cell in self._sent)
        window = self.window
        for _ in range(ahead + 1):
            start = max(now, times[-self.burst] + window) if len(times) >= self.burst else now
            times.append(start)
        return start

    def wait(self, patience: float | None = None) -> bool:
        """Block until this request may go, in the order requests asked (a retry queues behind the
        others), and count it as gone; False, at once and counting nothing, when its turn is more
        than `patience` seconds away."""
        with self._changed:
            now = self._clock()
            if patience is not None and self._free_at(now, len(self._queue)) - now > patience:
                return False
            place = object()
            self._queue.append(place)
            try:
                while True:
                    if self._queue[0] is not place:
                        self._changed.wait()
                        continue
                    now = self._clock()
                    start = self._free_at(now)
                    if start <= now:
                        self._mine.cell = [now]
                        horizon = now - SLOWEST * 2 * self.window
                        self._sent = [cell for cell in self._sent if cell[0] > horizon] + [self._mine.cell]
                        return True
                    self._sleep(start - now)
            finally:
                self._queue.remove(place)
                self._changed.notify_all()

    def sent(self) -> None:
        """This thread's request leaves now: its window counts from here, however late it is."""
        with self._changed:
            cell = getattr(self._mine, "cell", None)
            if cell is not None:
                cell[0] = max(cell[0], self._clock())

    def slow_down(self) -> None:
        """A 429: double the window for now, and widen the margin for good (5% each time, 25% at
        most), since the server's clock saw the rate exceeded where ours did not."""
        with self._changed:
            self.base = min(self.base * 1.05, self.nominal * 1.25)
            self.interval = min(self.interval * 2, self.base * SLOWEST)

    def recover(self) -> None:
        if self.interval > self.base:
            with self._changed:
                self.interval = max(self.base, self.interval / 2)
                self._changed.notify_all()

    def adopt(self, per_second: float) -> None:
        """The server announced its rate: it replaces the assumed one, higher or lower, keeping
        any margin and slowing down that 429s brought."""
        nominal = 1.0 / per_second
        if nominal != self.nominal:
            with self._changed:
                factor = nominal / self.nominal
                self.nominal, self.base, self.interval = nominal, self.base * factor, self.interval * factor
                self.burst = _burst(per_second)
                self._changed.notify_all()


def _burst(per_second: float) -> int:
    """Requests a one-second window holds at this rate (one, below one a second)."""
    return max(1, math.floor(per_second + 1e-9))


class Limiter:
    """One pool's limits: a rate per request kind and a shared concurrency cap."""

    def __init__(self, pool: Pool, clock=time.monotonic, sleep=None):
        self.pool = pool
        self.concurrency = pool.concurrency
        self.rates = {
            "single": RateLimiter(pool.single_per_second, clock, sleep),
            "list": RateLimiter(pool.list_per_second, clock, sleep),
        }
        self._busy = 0
        self._free = threading.Condition()

    @contextmanager
    def slot(self, kind: str, patience: float | None = None):
        """A place to send one request of a kind; None when the rate allows none within `patience` seconds."""
        with self._free:
            while self._busy >= self.concurrency:
                self._free.wait()
            self._busy += 1
        try:
            yield self.rates[kind] if self.rates[kind].wait(patience) else None
        finally:
            with self._free:
                self._busy -= 1
                self._free.notify()

    def slow_down(self, kind: str) -> None:
        self.rates[kind].slow_down()

    def recover(self, kind: str) -> None:
        self.rates[kind].recover()

    def observe(self, headers) -> None:
        """Adopt the limits a response announces. The announced rate is for single-record requests;
        list requests keep the pool's share of it (Crossref limits them lower: 3 of 10 polite, 1 of 5
        public). A concurrency limit is adopted when lower than the pool's."""
        try:
            limit = float(headers.get("x-rate-limit-limit") or 0)
            interval = float(str(headers.get("x-rate-limit-interval") or "1s").rstrip("s") or 1)
            concurrency = int(headers.get("x-concurrency-limit") or 0)
        except ValueError:
            return
        if limit > 0 and interval > 0:
            per_second = limit / interval
            self.rates["single"].adopt(per_second)
            self.rates["list"].adopt(per_second * self.pool.list_per_second / self.pool.single_per_second)
        if 0 < concurrency < self.concurrency:
            with self._free:
                self.concurrency = concurrency
