"""Build a run's Lookups from its Settings: a snapshot, the cache alone, or Crossref online."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from .cache import Cache
from .settings import Settings

if TYPE_CHECKING:
    from .lookups import Lookups


def open_lookups(settings: Settings, written: dict[str, list[str]] | None = None) -> Lookups:
    """The Lookups the settings ask for. With a snapshot store and an explicit --online, doi.org is
    asked whether the DOIs it lacks are registered; otherwise a snapshot run makes no request.
    Online, the DOIs `written` in the files to check ({path: DOIs}, readers/written.py) are sent
    before the lookups' own code loads (crossref/early.py)."""
    if settings.snapshot is not None and settings.snapshot.is_dir():
        from .store import Store

        store = Store(settings.snapshot)
        return _lookups(settings, store, mode="snapshot", ask_doi_org=settings.ask_doi_org)
    if settings.snapshot is not None:
        return _lookups(settings, Cache.snapshot(settings.snapshot), mode="snapshot")
    cache = Cache(settings.cache_file)
    if settings.offline:
        return _lookups(settings, cache, mode="offline")
    warn_without_mailto(settings)
    if not written:
        return _lookups(settings, cache, mode="online")
    from .early import Early

    return _lookups(settings, cache, mode="online", early=Early(settings, cache, written))


def _lookups(settings: Settings, records, **options) -> Lookups:
    from .lookups import Lookups  # loaded here: after the first requests (crossref/early.py)

    return Lookups(settings, records, **options)


def warn_without_mailto(settings: Settings) -> None:
    if not settings.mailto:
        print(
            "citeqa: no --mailto (or CITEQA_MAILTO): using Crossref's public pool, "
            "which is slower; give an address to use the polite pool",
            file=sys.stderr,
        )
