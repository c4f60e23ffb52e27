"""Build a run's Lookups from the command line's network options."""

from __future__ import annotations

import sys
from pathlib import Path

from platformdirs import user_cache_path

from .cache import Cache
from .lookups import Lookups
from .settings import DEFAULT_CROSSREF_URL, DEFAULT_DOI_URL, Settings

DEFAULT_CACHE = user_cache_path("citeqa") / "crossref.sqlite3"


def open_lookups(
    offline: bool = False,
    snapshot: Path | None = None,
    cache_path: Path | None = None,
    no_cache: bool = False,
    mailto: str | None = None,
    crossref_url: str = DEFAULT_CROSSREF_URL,
    doi_url: str = DEFAULT_DOI_URL,
    batch_size: int = 50,
    timeout: float = 10.0,
    retries: int = 4,
    crossref_budget: float = 60.0,
    ask_doi_org: bool = False,
) -> Lookups:
    """`ask_doi_org`: with a snapshot store, ask doi.org whether the DOIs it lacks are registered
    (the user asked for --online); otherwise a snapshot run makes no request."""
    settings = Settings(
        crossref_url=crossref_url,
        doi_url=doi_url,
        mailto=mailto or None,
        timeout=timeout,
        retries=retries,
        batch_size=batch_size,
        budget=crossref_budget,
    )
    if snapshot is not None and snapshot.is_dir():
        from .store import Store

        return Lookups(settings, Store(snapshot), mode="snapshot", ask_doi_org=ask_doi_org)
    if snapshot is not None:
        return Lookups(settings, Cache.snapshot(snapshot), mode="snapshot")
    store = Cache(None if no_cache else (cache_path or DEFAULT_CACHE))
    if offline:
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
