"""Venues on the predatory and hijacked lists, recognised by their web domain."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Location, Manuscript, Problem, Severity
from .base import Context, rule
from .integrity_data import Venue, listed, sources
from .references import at_reference

LISTS = ("predatory-journals.csv", "predatory-publishers.csv", "predatory-hijacked.csv", "venue-exceptions.txt")


@rule("IN06", "questionable-venue", Severity.INFO, precision="medium", data=tuple(sources()[n] for n in LISTS))
def questionable_venue(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """The article or a cited work lives on a domain listed as predatory or hijacked.

    ## What it does
    Checks the web addresses of the manuscript's own journal (links printed in
    it, and the landing page of its DOI when Crossref was consulted) and of
    every reference (its URLs, and its DOI's landing page) against the lists of
    possibly predatory journals and publishers and of hijacked journals that
    grew out of Beall's list (`citeqa explain IN06` gives their source and
    age). A domain matches itself and its subdomains; where the list names a
    journal by a path on a shared host (`journals.sfu.ca/...`), the address
    must be under that path. Titles are never matched: a hijacked journal
    shares its title with the real one, only the domain tells them apart. For
    a hijacked journal the evidence gives the authentic journal's address.

    ## What it cannot tell
    Whether the venue is predatory: the lists are opinions, frozen in 2018,
    and contain disputed entries (one, Frontiers, is set aside in
    `venue-exceptions.txt`); new predatory venues are missing, and a publisher
    may have mended its ways. A reference printed without a URL or DOI cannot
    be checked. Read the finding as "this domain is on this list, of this
    date", never as a verdict.

    ## Why it matters
    Citing a hijacked journal's fake site sends readers to a counterfeit, and
    work published through predatory venues skipped real peer review; editors
    want to look twice.

    ## Example
    `... Int J Game Theory. 2016;4(2):1-9.` with the URL `ijgt-springer.org/index.php/article/12`

    ## Use instead
    The authentic journal's site (`springer.com/.../journal/182`), or a
    peer-reviewed source for the claim.
    """
    seen: set[tuple[str, int | None]] = set()

    def report(url: str, where: Location, whose: str, reference: int | None) -> Iterator[Problem]:
        venue = listed(url)
        if venue is None or (venue.host, reference) in seen:
            return
        seen.add((venue.host, reference))
        yield Problem(
            f"{whose} is on {venue.host}, listed as a {venue.kind}: {venue.name}",
            where,
            _evidence(url, venue),
            _suggestion(venue),
        )

    for link in ms.links:
        yield from report(link.url, link.location, "a link in the manuscript", None)
    article = ctx.crossref.article.record if ctx.crossref and ctx.crossref.article else None
    if article and article.url:
        yield from report(article.url, ms.doi_location or Location(), "the article's DOI landing page", None)
    for reference in ms.references:
        for url in reference.fields.urls:
            yield from report(url, at_reference(reference), f"reference {reference.position}'s URL", reference.position)
        answers = ctx.crossref.references.get(reference.position) if ctx.crossref else None
        work = answers.work.record if answers and answers.work else None
        if work and work.url:
            yield from report(
                work.url,
                at_reference(reference, "doi"),
                f"reference {reference.position}'s DOI landing page",
                reference.position,
            )


def _evidence(url: str, venue: Venue) -> dict:
    found = {
        "url": url,
        "domain": venue.host,
        "listed_as": venue.kind,
        "name": venue.name,
        **sources()[venue.list].evidence(),
    }
    if venue.path:
        found["listed_path"] = venue.path
    if venue.authentic:
        found["authentic"] = venue.authentic
    return found


def _suggestion(venue: Venue) -> str:
    if venue.authentic:
        return f"check that the cited work is in the authentic journal ({venue.authentic}), not the hijacked site"
    return "check the venue's peer review and indexing before relying on it"
