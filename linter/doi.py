"""DOI syntax: finding DOIs in text and URLs, normalising and judging them.

Judged by the DOI Handbook (2.2): "10." and a registrant code of digits (with
dot-separated sub-codes), "/", then a suffix of any printable characters, so the
SICIs of Wiley and the ESA (brackets, angle brackets, semicolons) are DOIs.
shortDOIs ("10/ggb347") are aliases doi.org resolves. What the handbook allows but
no DOI holds is still malformed: white space, control characters, "." or ".."
path segments (a DOI becomes a URL path), and the typographic dashes a word
processor puts in place of hyphens (repairable: DO01 says how).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from .escape import unquote_printable as unquote  # never %0A into a message

_PREFIX = re.compile(r"^10\.\d{4,9}(?:\.\d+)*/(?P<suffix>.+)$", re.IGNORECASE)
SHORT = re.compile(r"^10/[a-z0-9]{2,}$", re.IGNORECASE)
TYPOGRAPHIC = "‐‑‒–—−"  # hyphen look-alikes a word processor or typesetter substitutes

# A DOI in running text ends at white space; these characters may end a sentence instead.
TRAILING = ".,;:'\"”’)]}>"
IN_TEXT = re.compile(r"10\.\d{4,9}/\S+")  # a DOI as written in running text
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MARKED = re.compile(r"(?<![?&/.=])\bdoi\s*[:=]?\s*(?P<resolver>https?://(?:dx\.)?doi\.org/)?(\S+)", re.IGNORECASE)
# Where a URL's path carries a DOI: doi.org/DOI (shortDOIs too), publishers' /doi/[view/]DOI.
_RESOLVER_PATH = re.compile(r"^/*(10\.\d{4,9}(?:\.\d+)*/.+|10/[a-z0-9]+)$", re.IGNORECASE)
_PUBLISHER_PATH = re.compile(r"/doi/(?:[a-z]+/)?(10\.\d{4,9}(?:\.\d+)*/.+)$", re.IGNORECASE)
_QUERY_KEYS = ("doi", "id")


def strip_trailing(candidate: str) -> str:
    """Drop sentence punctuation after a DOI, keeping brackets the DOI itself opened."""
    while candidate and candidate[-1] in TRAILING:
        closer = candidate[-1]
        opener = {")": "(", "]": "[", ">": "<", "}": "{"}.get(closer)
        if opener and candidate.count(opener) >= candidate.count(closer):
            break
        candidate = candidate[:-1]
    return candidate


def is_valid(doi: str) -> bool:
    """Well-formed by the DOI Handbook (a shortDOI included)."""
    if SHORT.match(doi):
        return True
    match = _PREFIX.match(doi)
    if not match:
        return False
    suffix = match.group("suffix")
    if suffix.isascii():  # ASCII's white space and controls: the space and what is not printable
        if " " in suffix or not suffix.isprintable():
            return False
    elif any(c.isspace() or c in TYPOGRAPHIC or unicodedata.category(c)[0] == "C" for c in suffix):
        return False
    return not any(segment in (".", "..") for segment in re.split(r"[/\\]", suffix))


def is_short(doi: str) -> bool:
    return bool(SHORT.match(doi))


_RESOLVER_OR_MARK = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def normalise(doi: str) -> str:
    """The key Crossref treats as the same DOI: case-insensitive, no resolver prefix."""
    doi = doi.strip()
    doi = _RESOLVER_OR_MARK.sub("", doi)
    return doi.lower()


def from_url(url: str) -> str | None:
    """The DOI a URL carries: a doi.org path, a publisher's /doi/ path, or a ?doi= / ?id= query.

    The query and fragment are not part of a DOI path (a DOI's own "?" and "#"
    are percent-encoded in a URL), so tracking parameters (utm_*) never change it.
    """
    if "10" not in url and "%" not in url:  # each way _from_url finds one needs "10", written or percent-encoded
        return None
    return _from_url(url)


def _from_url(url: str) -> str | None:
    try:
        parts = urlsplit(url if "://" in url else "https://" + url)
    except ValueError:  # not a URL at all ("[2J" reads as a broken IPv6 host)
        return None
    path = unquote(parts.path)
    host = parts.netloc.lower().rsplit("@", 1)[-1]
    match = _RESOLVER_PATH.match(path) if host.endswith("doi.org") else None
    match = match or _PUBLISHER_PATH.search(path)
    if match:
        return strip_trailing(match.group(1))
    for pair in parts.query.split("&"):
        key, _, value = pair.partition("=")
        value = unquote(value)
        if key.lower() in _QUERY_KEYS and value.startswith("10."):
            return strip_trailing(value)
    return None


def urls_in(text: str) -> list[str]:
    return [strip_trailing(m.group(0)) for m in _URL.finditer(text)]


_BROKEN_AFTER_DOT = re.compile(r"^\s(\d[\w]*[-.][\w.\-]*\w)")
_BROKEN_BEFORE_DOT = re.compile(r"^\s(\.\w[\w.\-]*\w)")


def _broken_tail(doi: str, after: str) -> str:
    """The rest of a DOI that a line break or stray space split ("jneurosci. 0300-04.2004")."""
    match = (_BROKEN_AFTER_DOT if doi.endswith(".") else _BROKEN_BEFORE_DOT).match(after)
    return match.group(1) if match else ""


# The letters IGNORECASE matches to a-z that str.lower() leaves outside a-z: in text holding one,
# "doi" and "www." are looked for by the patterns themselves.
FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")


def find(text: str) -> tuple[str | None, str | None]:
    """The DOI a reference gives, as (doi, text as written).

    A DOI marked with "doi:" wins over one inside a URL, since URLs often point at
    another version. The text as written is kept so that DO01 can show it. Most references
    hold neither "doi" nor a URL: a substring test spares them the patterns that look for one.
    """
    lower = text.lower() if text.isascii() or FOLDS_TO_ASCII.isdisjoint(text) else None
    if lower is None:
        return _find(text, True, True)
    return _find(text, "doi" in lower, "://" in text or "www." in lower)


def _find(text: str, marked_maybe: bool, url_maybe: bool) -> tuple[str | None, str | None]:
    """find(), looking for a "doi" mark and for URLs only where the text may hold one."""
    marked = _MARKED.search(text) if marked_maybe else None
    if marked:
        written = strip_trailing(marked.group(2) + _broken_tail(marked.group(2), text[marked.end() :]))
        if marked.group("resolver"):  # a doi.org URL: its query (tracking parameters) is no part of the DOI
            written = from_url(marked.group("resolver") + written) or written
        if written.lower().startswith("10.") or re.match(r"^\d{2,}", written):
            return strip_trailing(unquote(written)), written
    for url in urls_in(text) if url_maybe else ():
        doi = from_url(url)
        if doi:
            return doi, doi
    bare = IN_TEXT.search(text)
    if bare:
        written = strip_trailing(bare.group(0))
        return written, written
    return None, None
