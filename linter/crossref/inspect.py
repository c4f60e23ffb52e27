"""`citeqa lookup`: Crossref's view of one DOI or one reference string, to explain a verdict."""

from __future__ import annotations

from .. import doi as dois
from ..matching import MATCH_THRESHOLD
from ..model import Location
from ..readers import reference_list
from ..verification import FOUND, NOT_FOUND, UNAVAILABLE
from .lookups import Lookups


def describe(what: str, lookups: Lookups) -> dict:
    """{status, text, ...}: status is found, not found, unavailable or no match."""
    candidate = dois.normalise(what)
    if dois.is_valid(candidate):
        candidate = lookups.expand_short({0: candidate})[0] or candidate  # a shortDOI: the DOI it stands for
        answer = lookups.works([candidate])[candidate]
        work = answer.record
        if work is not None:
            lines = [f"{work.doi}: found in Crossref", f"  {work.citation()}", f"  type: {work.type}"]
            lines += [f"  {u.type.replace('_', ' ')}: {u.doi} ({u.date})" for u in work.updates]
            return {"status": "found", "doi": work.doi, "work": work.citation(), "text": "\n".join(lines)}
        if answer.status == NOT_FOUND and answer.registered is not None:
            where = (
                "registered with another agency (doi.org has a handle)"
                if answer.registered
                else "not registered anywhere (no doi.org handle)"
            )
            return {
                "status": "not found",
                "doi": candidate,
                "registered": answer.registered,
                "text": f"{candidate}: not in Crossref; {where}",
            }
        return {
            "status": "unavailable",
            "doi": candidate,
            "text": f"{candidate}: could not be checked: {answer.reason}",
        }

    reference = reference_list.build_reference(1, what, Location())
    search = lookups.searches({1: reference})[1]
    if search.status != FOUND:
        status = "unavailable" if search.status == UNAVAILABLE else "not looked up"
        return {"status": "unavailable", "text": f"search could not run: {search.reason}", "detail": status}
    lines = [f"{len(search.candidates)} candidates (a match needs similarity >= {MATCH_THRESHOLD}):"]
    for c in search.candidates:
        mark = "*" if c is search.match else " "
        lines.append(f" {mark} {c.similarity:.3f}  relevance {c.relevance}  {c.work.doi}  {c.work.citation()}")
    return {
        "status": "found" if search.match else "no match",
        "match": search.match.work.doi if search.match else None,
        "candidates": [
            {"doi": c.work.doi, "similarity": c.similarity, "relevance": c.relevance, "work": c.work.citation()}
            for c in search.candidates
        ],
        "text": "\n".join(lines),
    }
