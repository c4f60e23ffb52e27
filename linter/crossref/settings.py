"""What a run is told about Crossref, and how a lookup can fail: plain classes with no network
code, so that the command line, the cache and offline runs never import the HTTP stack."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_CROSSREF_URL = "https://api.crossref.org"
DEFAULT_DOI_URL = "https://doi.org"


class Unavailable(Exception):
    """Crossref or doi.org could not answer, even after retries."""


class NotFound(Exception):
    """The server answered, in its own words, that there is no such thing."""


@dataclass(frozen=True)
class Settings:
    crossref_url: str = DEFAULT_CROSSREF_URL
    doi_url: str = DEFAULT_DOI_URL
    mailto: str | None = None
    timeout: float = 10.0
    retries: int = 4
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    max_wait: float = 60.0  # the longest single wait, Retry-After included
    batch_size: int = 50
    search_rows: int = 5
    budget: float = 60.0  # seconds a run may spend failing (from a failure to the next answer, summed)
