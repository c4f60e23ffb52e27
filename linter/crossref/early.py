"""A run's first requests, sent before the rest of citeqa loads: the DOIs written in its files.

Loading what reads a manuscript and checks it takes a few tenths of a second, and a run's first
request starts the clock of Crossref's rate limit, while the DOIs written in the files are found
in a millisecond (readers/written.py). So their batches leave from here, with nothing loaded but
the client and the cache, and Lookups takes them over once it is built (Lookups.early): their
answers are kept as its own batches' are, and its plan asks only for what they miss.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

from .cache import Cache
from .client import Budget, CrossrefClient, Http, sendable
from .settings import Settings


class Early:
    """The batches of the DOIs written in files not yet read ({path: DOIs}), sent at once, in the
    files' order. A file with fewer than two is left to its reader: one DOI is most often the
    article's own, printed in its header, which the reader may not take for it."""

    def __init__(self, settings: Settings, cache: Cache, written: dict[str, list[str]]):
        self.http, self.budget = Http(settings), Budget(settings.budget)
        self.crossref = CrossrefClient(settings, self.http, self.budget)
        owners: dict[str, str] = {}  # DOI -> the first file that gives it
        for path, found in written.items():
            for doi in filter(None, map(sendable, found)) if len(found) >= 2 else ():
                owners.setdefault(doi, path)
        self.dois = list(owners)
        self.cached = cache.works(self.dois)
        todo = [d for d in self.dois if d not in self.cached]
        size = settings.batch_size
        batches = [todo[i : i + size] for i in range(0, len(todo), size)]
        self.sent: list[tuple[str, Future]] = []  # (the file a batch is counted for, client.works's answer)
        if batches:
            self.http.ready()  # urllib3 imported here, before the first request, not between its rate slot and it
            pool = ThreadPoolExecutor(self.crossref.limiter.concurrency, thread_name_prefix="citeqa-early")
            for batch in batches:
                owner = owners[batch[0]]
                self.sent.append((owner, pool.submit(self.crossref.works, batch, owner)))
            pool.shutdown(wait=False)
