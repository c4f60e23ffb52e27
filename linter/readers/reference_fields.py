"""Parse one reference string into fields.

Tuned for Vancouver/AMA entries ("Ott PA. Title. Journal. 2019;33(2):249-260."),
the style of most biomedical journals, with fallbacks for author-year and
numbered-volume styles so that any real reference yields its DOI and year.
"""
from __future__ import annotations

import re

from .. import doi as dois
from ..model import ReferenceFields

YEAR = r"(?:1[89]\d{2}|20[0-3]\d)"
DASHES = "\\-‐‑–—"
DASH = rf"[{DASHES}]"
PAGE = rf"[^\s.;,()]+(?:\s*{DASH}\s*[^\s.;,()]+)?"
LABEL = re.compile(r"^\s*(?:\[\s*\d{1,4}\s*\]|\d{1,3}\s*[.)](?!\d)|\.(?=\s))\s*")

# Numeric tails, most specific first.
VANCOUVER = re.compile(
    rf"(?P<year>{YEAR})[a-z]?(?:\s+[A-Z][a-z]{{2}}\.?(?:\s*\d{{1,2}})?)?\s*[;,]\s*"
    rf"(?P<volume>[^\s:;(),.]+)?\s*(?:\((?P<issue>[^)]*)\))?\s*(?::\s*(?P<pages>{PAGE}))?"
)
VOLUME_ISSUE_PAGES = re.compile(rf"\b(?P<volume>\d+)\s*\((?P<issue>[^)]{{1,15}})\)\s*[:,]\s*(?P<pages>{PAGE})")
APA_VOLUME_PAGES = re.compile(
    rf",\s*(?P<volume>\d+)\s*(?:\((?P<issue>[^)]{{1,15}})\))?\s*,\s*(?P<pages>[A-Za-z]?\d+\s*{DASH}\s*[A-Za-z]?\d+)"
)
VOLUME_PAGES = re.compile(rf"\b(?P<volume>\d+)\s*:\s*(?P<pages>[A-Za-z]?\d+(?:\s*{DASH}\s*[A-Za-z]?\d+)?)")
SPELLED_OUT = re.compile(
    rf"vol\.?\s*(?P<volume>\w+)(?:,?\s*(?:no|iss)\.?\s*(?P<issue>\w+))?(?:,?\s*pp?\.?\s*(?P<pages>{PAGE}))?",
    re.IGNORECASE,
)
PAREN_YEAR = re.compile(rf"\((?P<year>{YEAR})[a-z]?\)")
ANY_YEAR = re.compile(rf"(?<![\d{DASHES}/.])(?P<year>{YEAR})[a-z]?(?![\d/])")

INITIALS = re.compile(r"(?:\b[A-Z]{1,3}|\bJr|\bSr|\b[2-4]nd|\bI{2,3}|et al)\.?$")
ET_AL = re.compile(r",?\s*\bet\s+al\b\.?", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[^\s.])[.?!]+(?=\s+[\"“A-Z0-9(\[])")
NOISE = re.compile(
    r"\b(?:doi|DOI)\s*[:=]?\s*\S+|\bAvailable (?:from|at)\s*:?|\[(?:cited|accessed)[^\]]*\]"
    r"|\bEpub\b[^.;]*[.;]?|\bPMID\s*:?\s*\d+|\bPMCID\s*:?\s*\w+",
)


def strip_label(text: str) -> tuple[str | None, str]:
    """Split "10.Klapper W" / "[3] ..." / ". Janz TA" into (label, rest)."""
    match = LABEL.match(text)
    if not match:
        return None, text
    digits = re.sub(r"\D", "", match.group(0))
    return digits or None, text[match.end():]


def parse(text: str) -> ReferenceFields:
    text = " ".join(text.split())
    _, text = strip_label(text)
    doi, doi_text = dois.find(text)
    urls = tuple(dois.urls_in(text))
    core = NOISE.sub(" ", text)
    for url in urls:
        core = core.replace(url, " ")
    core = " ".join(core.split())

    year_text, volume, issue, pages, stops = _numeric_tail(core)
    authors, et_al, rest_start = split_authors(core, year_text)
    rest_start += len(LEADING_YEAR.match(core, rest_start).group(0))
    title, container = _title_and_container(core, rest_start, stops)
    year = int(year_text[:4]) if year_text else None
    return ReferenceFields(
        authors=authors, et_al=et_al, title=title, container=container,
        year=year, year_text=year_text, volume=volume, issue=issue, pages=pages,
        doi=doi, doi_text=doi_text, urls=urls,
    )


LEADING_YEAR = re.compile(rf"[\s.,;:]*(?:\(?(?:{YEAR}[a-z]?|in press|n\.d\.)\)?[.,:]?\s*)?", re.IGNORECASE)


def _numeric_tail(core: str) -> tuple[str | None, str | None, str | None, str | None, list[int]]:
    """(year, volume, issue, pages, where each starts) from the end matter."""
    for match in VANCOUVER.finditer(core):
        if match.group("volume") or match.group("pages"):
            pages = _clean_pages(match.group("pages"))
            return match.group("year"), match.group("volume"), match.group("issue"), pages, [match.start()]
    volume = issue = pages = None
    stops = []
    for pattern in (VOLUME_ISSUE_PAGES, SPELLED_OUT, APA_VOLUME_PAGES, VOLUME_PAGES):
        match = pattern.search(core)
        if match and match.group("volume"):
            groups = match.groupdict()
            volume, issue, pages = groups.get("volume"), groups.get("issue"), _clean_pages(groups.get("pages"))
            stops.append(match.start())
            break
    year_match = PAREN_YEAR.search(core) or ANY_YEAR.search(core)
    year = year_match.group("year") if year_match else None
    if year_match:
        stops.append(year_match.start())
    return year, volume, issue, pages, stops


def _clean_pages(pages: str | None) -> str | None:
    if not pages:
        return None
    return re.sub(rf"\s*{DASH}\s*", "-", pages).rstrip("-") or None


def split_authors(core: str, year: str | None) -> tuple[tuple[str, ...], bool, int]:
    """The author list, and where the text after it starts.

    Vancouver lists end at the first full stop after an initial ("Crist WM.") or
    at "et al"; author-year lists end at the year.
    """
    for boundary in re.finditer(r"\.\s+|\bet\s+al\b\.?\s*|(?=\(\s*" + YEAR + ")", core[:600]):
        segment = core[: boundary.start()].strip().rstrip(",")
        if ET_AL.search(boundary.group(0)) or ET_AL.search(segment[-8:]):
            return _split_names(ET_AL.sub("", segment)), True, boundary.end()
        last_item = segment.split(",")[-1].strip()
        if segment and INITIALS.search(last_item) and len(last_item.split()) <= 4:
            names, et_al = segment, False
            if ET_AL.search(names):
                names, et_al = ET_AL.sub("", names), True
            return _split_names(names), et_al, boundary.end()
    if year:
        at = core.find(year)
        if 0 < at < 250:
            return _split_names(core[:at].strip(" (,")), False, at
    return (), False, 0


def _split_names(names: str) -> tuple[str, ...]:
    names = names.strip(" ,;")
    if not names:
        return ()
    if ";" in names or " & " in names or " and " in names:
        parts = re.split(r"\s*;\s*|\s*,?\s+(?:&|and)\s+", names)
    elif re.search(r",\s*[A-Z]\.", names):  # "Smith, J., Jones, K."
        parts = re.findall(r"[^,]+,\s*(?:[A-Z][.\-\s]*)+", names)
    else:
        parts = names.split(",")
    return tuple(p.strip(" ,.") for p in parts if p.strip(" ,."))


def _title_and_container(core: str, start: int, stops: list[int]) -> tuple[str | None, str | None]:
    """Title: the first sentence after the authors. Container: what follows, up to the numbers."""
    end_at = min((stop for stop in stops if stop > start), default=len(core))
    body = core[start:end_at].strip()
    if not body:
        return None, None
    end = SENTENCE_END.search(body)
    if not end:
        return body.strip(" .,;") or None, None
    title = body[: end.start() + 1].strip(" ,;")
    title = title[:-1] if title.endswith(".") else title
    container = body[end.end():].strip(" .,;:") or None
    return title or None, container
