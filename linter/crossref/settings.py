"""What a run is told about Crossref, and how a lookup can fail: plain classes with no network
code, so that the command line, the cache and offline runs never import the HTTP stack.

`Settings` is the one home of every Crossref default (endpoints, batch size, timeout, retries,
budget, cache): the command line builds it from the environment, then its flags; the library
takes it as it is (`Settings()`, or `Settings.from_environment()`)."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CROSSREF_URL = "https://api.crossref.org"
DEFAULT_DOI_URL = "https://doi.org"


class Unavailable(Exception):
    """Crossref or doi.org could not answer, even after retries."""


class NotFound(Exception):
    """The server answered, in its own words, that there is no such thing."""


class SettingsError(ValueError):
    """A setting given in the environment is not one citeqa can use."""


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
    # Where answers come from. offline None: not said (online); False: --online said, so a snapshot
    # run also asks doi.org about the DOIs it lacks.
    offline: bool | None = None
    snapshot: Path | None = None  # a snapshot store folder or a JSONL file of records: checked offline
    cache_path: Path | None = None  # None: crossref.sqlite3 in the user's cache folder
    no_cache: bool = False  # keep answers in memory for this run only

    def updated(self, **values: object) -> Settings:
        """These settings with the given values over them; None means "not given" and changes nothing."""
        return dataclasses.replace(self, **{k: v for k, v in values.items() if v is not None})  # type: ignore[arg-type]

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The defaults with the CITEQA_* variables set in the environment over them."""
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for name, variable in ENVIRONMENT.items():
            text = environ.get(variable, "").strip()
            if text:
                values[name] = _parse(name, variable, text)
        return cls().updated(**values)

    @property
    def cache_file(self) -> Path | None:
        """The cache's file, or None for a cache in memory."""
        return None if self.no_cache else self.cache_path or default_cache_path()

    @property
    def ask_doi_org(self) -> bool:
        """With a snapshot store: ask doi.org about the DOIs it lacks, only when --online was said."""
        return self.offline is False


# The setting each environment variable sets; a command-line flag overrides it.
ENVIRONMENT = {
    "crossref_url": "CITEQA_CROSSREF_URL",
    "doi_url": "CITEQA_DOI_URL",
    "mailto": "CITEQA_MAILTO",
    "timeout": "CITEQA_TIMEOUT",
    "retries": "CITEQA_RETRIES",
    "batch_size": "CITEQA_BATCH_SIZE",
    "budget": "CITEQA_CROSSREF_BUDGET",
    "offline": "CITEQA_OFFLINE",
    "cache_path": "CITEQA_CACHE",
}

# The values a user may give (the command line's ranges and the environment's checks).
LIMITS: dict[str, tuple[float, float]] = {
    "timeout": (0.1, 120),
    "retries": (0, 10),
    "batch_size": (1, 100),  # Crossref's filter takes at most 100 DOIs
    "budget": (1, 3600),
}

_NUMBERS = {"timeout": float, "retries": int, "batch_size": int, "budget": float}
_TRUE, _FALSE = {"1", "true", "yes", "on", "t", "y"}, {"0", "false", "no", "off", "f", "n"}


def _parse(name: str, variable: str, text: str) -> object:
    if name == "offline":
        if text.lower() not in _TRUE | _FALSE:
            raise SettingsError(f"{variable}={text!r} is not a yes/no value")
        return text.lower() in _TRUE
    if name == "cache_path":
        return Path(text)
    if name in _NUMBERS:
        try:
            value = _NUMBERS[name](text)
        except ValueError:
            raise SettingsError(f"{variable}={text!r} is not a number") from None
        low, high = LIMITS[name]
        if not low <= value <= high:
            raise SettingsError(f"{variable}={text!r} is not between {low:g} and {high:g}")
        return value
    return text


def default_cache_path() -> Path:
    """crossref.sqlite3 in the user's cache folder (platformdirs, imported only when asked)."""
    from platformdirs import user_cache_path

    return user_cache_path("citeqa") / "crossref.sqlite3"
