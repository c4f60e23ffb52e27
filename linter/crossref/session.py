"""Build a run's Lookups from its Settings: a snapshot, the cache alone, or Crossref online."""

from __future__ import annotations

import sys

from .cache import Cache
from .lookups import Lookups
from .settings import Settings


def open_lookups(settings: Settings) -> Lookups:
    """The Lookups the settings ask for. With a snapshot store and an explicit --online, doi.org is
    asked whether the DOIs it lacks are registered; otherwise a snapshot run makes no request."""
    if settings.snapshot is not None and settings.snapshot.is_dir():
        from .store import Store

        return Lookups(settings, Store(settings.snapshot), mode="snapshot", ask_doi_org=settings.ask_doi_org)
    if settings.snapshot is not None:
        return Lookups(settings, Cache.snapshot(settings.snapshot), mode="snapshot")
    store = Cache(settings.cache_file)
    if settings.offline:
        return Lookups(settings, store, mode="offline")
    warn_without_mailto(settings)
    return Lookups(settings, store, mode="online")


def warn_without_mailto(settings: Settings) -> None:
    if not settings.mailto:
        print(
            "citeqa: no --mailto (or CITEQA_MAILTO): using Crossref's public pool, "
            "which is slower; give an address to use the polite pool",
            file=sys.stderr,
        )
