"""The data lists the integrity rules read, shipped in linter/data/integrity/, with where each
comes from and how old it is (`citeqa explain IN05`, `citeqa explain IN06`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from urllib.parse import urlsplit


def _read(name: str) -> str:
    return files("linter").joinpath(f"data/integrity/{name}").read_text(encoding="utf-8")


@dataclass(frozen=True)
class DataSource:
    file: str
    what: str
    source: str
    licence: str
    date: str  # YYYY-MM-DD, or YYYY when only the year is known

    def describe(self, today: dt.date) -> str:
        year, *rest = (int(p) for p in self.date.split("-"))
        dated = dt.date(year, *(rest + [1, 1])[:2])
        months = (today.year - dated.year) * 12 + today.month - dated.month
        age = f"{months // 12} years old" if months >= 24 else f"{max(months, 0)} months old"
        return f"{self.file}: {self.what}; {self.source}; {self.licence}; dated {self.date} ({age})"

    def evidence(self) -> dict[str, str]:
        return {"list": self.file, "source": self.source, "date": self.date}


@lru_cache(maxsize=1)
def sources() -> dict[str, DataSource]:
    return {name: DataSource(name, **entry) for name, entry in json.loads(_read("sources.json")).items()}


# ---- tortured phrases (IN05)


@dataclass(frozen=True)
class Phrase:
    tortured: str
    expected: str


@lru_cache(maxsize=1)
def tortured_phrases() -> dict[str, tuple[str, str]]:
    """Multi-word phrases of the dictionary, keyed by their normalised words: (tortured, correct), made
    a Phrase where one is found (building 7,900 objects cost more than the rule on a short article)."""
    data = json.loads(_read("tortured-phrases.json"))
    allowed = _allowed()
    found: dict[str, tuple[str, str]] = {}
    for entry in data["phrases"]:
        key = phrase_key(entry["tortured"])
        if " " in key and key not in found and key not in allowed:  # two words at least; the first entry wins
            found[key] = (entry["tortured"], entry["correct"])
    return found


_WORD = re.compile(r"[a-z0-9]+")


def phrase_key(text: str) -> str:
    lower = text.lower()
    if lower.isascii() and lower.replace(" ", "").isalnum():  # plain words and spaces (most entries): no regex
        return " ".join(lower.split())
    return " ".join(_WORD.findall(lower))


@lru_cache(maxsize=1)
def _allowed() -> frozenset[str]:
    lines = _read("tortured-phrases-allowed.txt").splitlines()
    return frozenset(phrase_key(line) for line in lines if line.strip() and not line.startswith("#"))


# ---- predatory and hijacked venues (IN06)


@dataclass(frozen=True)
class Venue:
    host: str  # without "www."
    path: str  # "" when the whole domain is listed
    name: str
    kind: str  # "predatory journal", "predatory publisher", "hijacked journal"
    list: str  # the file it comes from
    authentic: str | None = None  # for a hijacked journal: the real journal's site


HOME_PAGES = re.compile(r"^/(?:index|default|home|main)(?:\.\w+)?$")
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
WWW = re.compile(r"^www\d?\.")


# A plain URL (ASCII; a host of letters, digits, dots and hyphens; no query, fragment, port or user), as
# most listed and cited ones are: its host and path read without urlsplit, which costs 14 ms on the lists.
PLAIN_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://)?([A-Za-z0-9.-]+)((?:/[!-\"$->@-~]*)?)")


def host_and_path(url: str) -> tuple[str, str] | None:
    """A URL's host (lower case, without www.) and path; None when it is no web address."""
    plain = PLAIN_URL.fullmatch(url.strip())
    if plain is None:
        return _split_host_and_path(url)
    host = plain.group(1).lower().rstrip(".")
    if "." not in host:
        return None
    return WWW.sub("", host), plain.group(2).rstrip("/").lower()


def _split_host_and_path(url: str) -> tuple[str, str] | None:
    text = url.strip()
    if not SCHEME.match(text):
        text = "http://" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    host = (parts.hostname or "").lower().rstrip(".")
    if "." not in host:
        return None
    return WWW.sub("", host), parts.path.rstrip("/").lower()


@lru_cache(maxsize=1)
def venues() -> dict[str, list[Venue]]:
    """Listed venues by host."""
    by_host: dict[str, list[Venue]] = {}

    def add(url: str, name: str, kind: str, list_name: str, authentic: str | None = None) -> None:
        place = host_and_path(url) if url else None
        if place and place[0] not in _exceptions():
            by_host.setdefault(place[0], []).append(
                Venue(place[0], _listed_path(place[1]), name, kind, list_name, authentic)
            )

    for row in csv.DictReader(io.StringIO(_read("predatory-journals.csv"))):
        add(row["url"], row["name"], "possibly predatory journal", "predatory-journals.csv")
    for row in csv.DictReader(io.StringIO(_read("predatory-publishers.csv"))):
        add(row["url"], row["name"], "possibly predatory publisher", "predatory-publishers.csv")
    for row in csv.DictReader(io.StringIO(_read("predatory-hijacked.csv"))):
        for url in (row["hijackedurl"], row["althijackedurl"]):
            add(url, row["hijacked"], "hijacked journal", "predatory-hijacked.csv", row["authenticurl"] or None)
    return by_host


def _listed_path(path: str) -> str:
    """The part of a listed URL's path that names the venue: none for a home page
    (`/index.php`, `/home.aspx`), the folder of a page inside one (`/index.php/ajadd`)."""
    if HOME_PAGES.match(path):
        return ""
    folder, _, last = path.rpartition("/")
    if "." in last and folder and HOME_PAGES.match("/" + last):
        return folder
    return path


@lru_cache(maxsize=1)
def _exceptions() -> frozenset[str]:
    lines = _read("venue-exceptions.txt").splitlines()
    return frozenset(line.split("#")[0].strip() for line in lines if line.split("#")[0].strip())


def listed(url: str) -> Venue | None:
    """The listed venue a URL is on: same host or a subdomain of it; where the list names a
    path on the host (a journal on a shared platform), the URL must be under that path."""
    place = host_and_path(url)
    if not place:
        return None
    host, path = place
    labels = host.split(".")
    for i in range(len(labels) - 1):
        candidates = venues().get(".".join(labels[i:]), [])
        for venue in sorted(candidates, key=lambda v: (v.kind != "hijacked journal", -len(v.path))):
            if not venue.path or path == venue.path or path.startswith(venue.path + "/"):
                return venue
    return None
