"""Rules on the DOIs references give."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import doi as dois
from ..model import Manuscript, Problem, Severity
from .base import Context, rule
from .references import at_reference


@rule("DO01", "doi-syntax", Severity.ERROR, precision="very-high")
def doi_syntax(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """A reference's DOI is malformed.

    ## What it does
    Checks each DOI a reference gives against the DOI Handbook's syntax, after
    trailing punctuation is set aside: `10.`, a registrant code, `/`, and a
    suffix of printable characters, so SICIs with brackets, angle brackets
    and semicolons (`10.1603/0046-225X(2006)35[1141:ETIOLH]2.0.CO;2`) and
    shortDOIs (`10/ggb347`) are well formed. White space, control characters
    and `.` or `..` path segments are not. A DOI damaged only by typography
    (an en dash for a hyphen, a space) is a warning with the repaired DOI;
    one that cannot be repaired is an error.

    ## Why it matters
    A malformed DOI resolves nowhere or, worse, to another work.

    ## Example
    `doi: 1016/j.vetpar.2012.08.010` (the `10.` prefix is lost)

    ## Use instead
    `doi: 10.1016/j.vetpar.2012.08.010`
    """
    for reference in ms.references:
        found = reference.fields.doi
        if found and not dois.is_valid(dois.normalise(found)):
            fixed = _repair(found)
            typographic = fixed is not None and _typographic(found, fixed)
            yield Problem(
                f"reference {reference.position} has a malformed DOI '{found}'"
                + (" (typographic dashes or spaces)" if typographic else ""),
                at_reference(reference, "doi"),
                {"doi": found, "repaired": fixed},
                f"use '{fixed}'" if fixed else None,
                # A word processor's dash leaves the DOI plain to read and repair; a broken one is lost.
                Severity.WARNING if typographic else None,
            )


def _typographic(found: str, fixed: str) -> bool:
    return re.sub(r"[\s‐‑‒–—-]", "", dois.normalise(found)) == re.sub(r"-", "", fixed)


def _repair(found: str) -> str | None:
    """A well-formed DOI the text most likely meant, or None."""
    candidate = re.sub(r"\s+", "", dois.normalise(found))
    candidate = re.sub(r"[‐‑‒–—]", "-", candidate)  # typographic dashes set by a word processor
    if not candidate.startswith("10.") and re.match(r"^\d{4,9}/", candidate):
        candidate = "10." + candidate
    return candidate if dois.is_valid(candidate) else None


@rule("DO02", "doi-url-mismatch", Severity.WARNING)
def doi_url_mismatch(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """A reference's URL carries a different DOI than the reference gives.

    ## What it does
    Compares the DOI a reference states with the DOIs in its URLs
    (doi.org links, publisher `/doi/` paths, `?doi=10....` queries), by the
    URL's path: query strings such as `?utm_source=...` tracking parameters
    are not part of the DOI, and a publisher's page below the DOI
    (`/doi/full/10.x/abc/figures`) carries the same DOI.

    ## Why it matters
    One of the two points to another work: usually the URL was copied from a
    neighbouring entry.

    ## Example
    `doi: 10.1002/pbc.22047. https://doi.org/10.1002/pbc.22048`

    ## Use instead
    Keep the DOI of the work cited, in both places.
    """
    for reference in ms.references:
        stated = reference.fields.doi
        if not stated:
            continue
        for url in reference.fields.urls:
            carried = dois.from_url(url)
            if carried and not _same_doi(stated, carried):
                yield Problem(
                    f"reference {reference.position} gives DOI {stated} but its URL carries {carried}",
                    at_reference(reference, "url"),
                    {"doi": stated, "url": url, "url_doi": carried},
                    "check which DOI belongs to the cited work and use it in both places",
                )


def _same_doi(stated: str, carried: str) -> bool:
    stated, carried = dois.normalise(stated), dois.normalise(carried)
    return carried == stated or carried.startswith(stated + "/")
