"""What a run is told about Crossref, and how a lookup can fail: plain classes with no network
code, so that the command line, the cache and offline runs never import the HTTP stack."""
from __future__ import annotations

from dataclasses import dataclass

DEFAULT_CROSSREF_URL = "https://api.crossref.org"
DEFAULT_DOI_URL = "https://doi.org"


class Unavailable(Exception):
    """Crossref or doi.org could not answer, even after retries."""


class NotFound(Exception):
    """The server answered that there is no such thing (HTTP 404)."""


class HTTPStatus(Exception):
    """An unwanted HTTP status from a client other than habanero's."""

    def __init__(self, status: int, retry_after: str | None = None):
        super().__init__(f"HTTP {status}")
        self.status, self.retry_after = status, retry_after


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
