"""Rules that verify references and the article against Crossref's records.

They never fetch: the engine looks up what they need first and hands them the
answers in Context.crossref. Where an answer is missing (offline, a service
down) they say nothing, and the report lists the reference as not checked.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import matching
from ..compare import fold, name_key
from ..model import Location, Manuscript, Problem, Reference, Severity
from ..verification import FOUND, NOT_FOUND, Candidate, ReferenceAnswers, Work
from .base import Context, rule
from .references import at_reference

UPDATE_SEVERITY = {
    "retraction": Severity.ERROR,
    "withdrawal": Severity.ERROR,
    "removal": Severity.ERROR,
    "expression_of_concern": Severity.WARNING,
    "correction": Severity.INFO,
    "erratum": Severity.INFO,
    "corrigendum": Severity.INFO,
}


def _answered(ms: Manuscript, ctx: Context) -> Iterator[tuple[Reference, ReferenceAnswers]]:
    if ctx.crossref is None:
        return
    for reference in ms.references:
        answers = ctx.crossref.references.get(reference.position)
        if answers is not None:
            yield reference, answers


def _origin(work: Work) -> dict[str, str]:
    """Evidence that a record came from `citeqa cache import`, not from Crossref."""
    return {"record_source": "cache import"} if work.imported else {}


def _suggested(answers: ReferenceAnswers, exclude: str | None = None) -> Candidate | None:
    match = answers.match
    return match if match and match.work.doi.lower() != (exclude or "").lower() else None


@rule("CR01", "doi-not-registered", Severity.ERROR, needs_crossref=True, precision="very-high")
def doi_not_registered(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """The reference's DOI exists nowhere.

    ## What it does
    Reports a DOI that Crossref has no record of (HTTP 404) and for which
    doi.org has no handle either, so no registration agency knows it. A DOI
    registered with DataCite or another agency is not reported. A lookup that
    failed is never taken for "not found": the reference is listed as not
    checked instead. Where a Crossref search finds the cited work, its DOI is
    suggested.

    ## Why it matters
    A DOI that resolves nowhere breaks the link to the cited work; it is
    often a typo (a changed digit), and sometimes a sign of a fabricated reference.

    ## Example
    `Ott PA. Intralesional Cancer Immunotherapies. ... doi:10.1016/j.hoc.2018.12.009`
    (one digit off)

    ## Use instead
    The DOI that doi.org resolves to the cited work: `doi:10.1016/j.hoc.2018.12.008`.
    """
    for reference, answers in _answered(ms, ctx):
        work = answers.work
        if answers.doi_source == "reference" and work and work.status == NOT_FOUND and work.registered is False:
            match = _suggested(answers, answers.doi)
            yield Problem(
                f"reference {reference.position} DOI {answers.doi} is not registered"
                " (not in Crossref, no doi.org handle)",
                at_reference(reference, "doi"),
                {
                    "doi": answers.doi,
                    "crossref": "not found",
                    "doi_org": "no handle",
                    "suggested_doi": match.work.doi if match else None,
                },
                f"did you mean {match.work.doi} ({match.work.citation()})?"
                if match
                else "check the DOI against the cited work",
            )


@rule("CR02", "reference-mismatch", Severity.WARNING, needs_crossref=True)
def reference_mismatch(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """A field of the reference disagrees with its DOI's Crossref record.

    ## What it does
    Compares year, volume, issue, pages, title, journal, first author and the
    order of the first authors with the record of the reference's DOI (or of
    the link-block DOI attached to it), in any citation style. The record's
    title is aligned word by word with the entry: a word replaced or put in is
    a difference; case, punctuation, markup, a left-out subtitle, Greek letters
    spelled out and British spelling are not. The journal must follow the
    title, in full, as its short title or abbreviated the ISO 4 way (`Am J
    Otolaryngol`). Abbreviated page ranges (`1238-48`), article numbers and a
    year that is the record's online or print year are no difference. One
    finding per reference lists every differing field with both values.

    ## Why it matters
    A wrong year, volume or page sends readers to the wrong place, and stops
    citation indexes from linking the reference to its work.

    ## Example
    `Janz TA, ... Am J Otolaryngol. 2019;39(5):631-635. doi:10.1016/j.amjoto.2018.06.019`
    where the record says 2018.

    ## Use instead
    `Janz TA, ... Am J Otolaryngol. 2018;39(5):631-635. doi:10.1016/j.amjoto.2018.06.019`
    """
    for reference, answers in _answered(ms, ctx):
        work = answers.same_work
        if work is None:
            continue
        differing = matching.differences(reference, work)
        if differing:
            names = ", ".join(differing)
            yield Problem(
                f"reference {reference.position} disagrees with the Crossref record of {work.doi} on {names}",
                at_reference(reference, next(iter(differing))),
                {"doi": answers.doi, "doi_source": answers.doi_source, "fields": differing, **_origin(work)},
                "use " + "; ".join(f"{field} {values['crossref']}" for field, values in differing.items()),
            )


@rule("CR03", "doi-wrong-work", Severity.ERROR, needs_crossref=True)
def doi_wrong_work(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """The reference's DOI belongs to a different work.

    ## What it does
    Reports a DOI whose Crossref record has a title unlike the reference's
    and not the same first author and year. Names the work the DOI belongs
    to and, where a Crossref search finds the cited work, its DOI.

    ## Why it matters
    The most common real error in reference lists: the DOI resolves, so
    nobody notices, but every reader and citation index is sent to another paper.

    ## Example
    `Cho SI, ... PLoS One. 2019;14(3):e0213475. doi:10.1371/journal.pone.0213457`

    ## Use instead
    `Cho SI, ... PLoS One. 2019;14(3):e0213475. doi:10.1371/journal.pone.0213475`
    """
    for reference, answers in _answered(ms, ctx):
        work = answers.other_work
        if work is not None:
            match = _suggested(answers, answers.doi)
            yield Problem(
                f"reference {reference.position} DOI {work.doi} belongs to another work: {work.citation()}",
                at_reference(reference, "doi"),
                {
                    "doi": answers.doi,
                    "doi_source": answers.doi_source,
                    "doi_work": work.citation(),
                    "title_similarity": round(matching.title_similarity(reference.fields.title, work), 2),
                    "suggested_doi": match.work.doi if match else None,
                    **_origin(work),
                },
                f"use {match.work.doi} ({match.work.citation()})" if match else "find the DOI of the cited work",
            )


@rule("CR04", "missing-doi", Severity.INFO, needs_crossref=True)
def missing_doi(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """A reference without a DOI has a confident Crossref match.

    ## What it does
    For a reference that gives no DOI, suggests one: from the reference
    section's link block when a linked DOI's record matches the entry, or from
    a Crossref search whose best candidate validates on title, first author,
    year, volume, issue and pages (Crossref's search-based matching with validation).

    ## Why it matters
    A DOI makes the reference unambiguous and lets indexes count the citation.

    ## Example
    `Jaffe ES, Harris NL, Stein H, et al. Classification of lymphoid neoplasms. Blood. 2008;112(12):4384-99.`

    ## Use instead
    The same, ending `doi:10.1182/blood-2008-07-077982`.
    """
    for reference, answers in _answered(ms, ctx):
        if reference.fields.doi and answers.doi_source == "reference":
            continue
        linked = answers.work.record if answers.doi_source == "link block" and answers.work else None
        if linked is not None:
            doi = linked.doi
            yield Problem(
                f"reference {reference.position} has no DOI; the link block gives {doi}",
                at_reference(reference, "doi"),
                {"doi": doi, "source": "link block", "work": linked.citation()},
                f"add doi:{doi}",
            )
        elif answers.doi_source is None and answers.search and answers.search.match:
            match = answers.search.match
            yield Problem(
                f"reference {reference.position} has no DOI; Crossref matches {match.work.doi}",
                at_reference(reference, "doi"),
                {
                    "doi": match.work.doi,
                    "source": "search",
                    "similarity": match.similarity,
                    "work": match.work.citation(),
                },
                f"add doi:{match.work.doi}",
            )


@rule("CR05", "unverified-reference", Severity.INFO, needs_crossref=True, precision="medium")
def unverified_reference(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """A reference without a DOI could not be verified against Crossref.

    ## What it does
    Reports a reference that gives no DOI and for which a Crossref search
    found no candidate that validates. It says "could not verify", never
    "fabricated": books, reports, web pages and works of other agencies are
    often not in Crossref.

    ## Why it matters
    An unverifiable reference deserves a human look: it may be mistyped,
    incomplete, or not exist.

    ## Example
    `Smith J. A study that was never published. J Imag Res. 2019;4:1-9.`

    ## Use instead
    Check the reference against its source and complete it.
    """
    for reference, answers in _answered(ms, ctx):
        search = answers.search
        if answers.doi_source is None and search and search.status == FOUND and search.match is None:
            best = search.candidates[0] if search.candidates else None
            yield Problem(
                f"reference {reference.position} could not be verified: no Crossref record matches it",
                at_reference(reference),
                {
                    "candidates": len(search.candidates),
                    "best": {"doi": best.work.doi, "similarity": best.similarity, "work": best.work.citation()}
                    if best
                    else None,
                },
                "check the reference against its source",
            )


@rule("CR06", "article-record-mismatch", Severity.WARNING, needs_crossref=True, needs_manuscript=True)
def article_record_mismatch(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """The manuscript's own metadata disagrees with the Crossref record of its DOI.

    ## What it does
    Compares the article's title (each form it is printed in), authors,
    publication year, journal, volume, issue and pages with the record
    deposited for its DOI.

    ## Why it matters
    What the publisher deposited is what indexes and reference managers show;
    a difference means one of the two is wrong, and citations split.

    ## Example
    A citation line `J Mol Oncol Res. 2024,8(6):265` for a DOI deposited as volume 8, issue 5.

    ## Use instead
    Correct the article or ask the publisher to update the deposit.
    """
    work = ctx.crossref.article.record if ctx.crossref and ctx.crossref.article else None
    if work is None:
        return
    differing: dict[str, dict[str, str | None]] = {}
    if ms.titles and work.title:
        best = max(ms.titles, key=lambda t: matching.title_similarity(t.text, work))
        if matching.title_similarity(best.text, work) < matching.TITLE_MISMATCH:
            differing["title"] = {"manuscript": best.text, "crossref": work.full_title}
    # The authors as the citation line gives them, else the byline (JATS contributors).
    names = (
        list(ms.citation_lines[0].authors)
        if ms.citation_lines
        else [p.name for p in ms.authors if p.source == "byline"]
    )
    cited = [name_key(a)[0] for a in names]
    deposited = [fold(family) for family, _ in work.authors]
    if cited and deposited and cited != deposited:
        differing["authors"] = {"manuscript": ", ".join(names), "crossref": ", ".join(f for f, _ in work.authors)}
    published = next((d.value for d in ms.dates if d.kind == "published" and d.value), None)
    if published and work.years and published.year not in work.years:
        differing["year"] = {"manuscript": str(published.year), "crossref": str(work.year)}
    if ms.journal and matching.journal_matches(ms.journal, work) is False:
        differing["journal"] = {"manuscript": ms.journal, "crossref": work.short_container or work.container}
    for name, mine, theirs in (("volume", ms.volume, work.volume), ("issue", ms.issue, work.issue)):
        if mine and theirs and fold(mine) != fold(theirs):
            differing[name] = {"manuscript": mine, "crossref": theirs}
    if ms.pages and (work.page or work.article_number):
        if matching.pages(ms.pages)[0] not in {matching.pages(p)[0] for p in (work.page, work.article_number) if p}:
            differing["pages"] = {"manuscript": ms.pages, "crossref": work.page or work.article_number}
    if differing:
        yield Problem(
            f"the article's metadata disagrees with its Crossref record ({ms.doi}) on {', '.join(differing)}",
            ms.doi_location or Location(),
            {"doi": ms.doi, "fields": differing, **_origin(work)},
            "make the article and its deposit agree: "
            + "; ".join(f"{k} {v['crossref']}" for k, v in differing.items()),
        )


@rule("CR07", "updated-reference", Severity.WARNING, needs_crossref=True, precision="very-high")
def updated_reference(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """A cited work has been retracted, corrected or given an expression of concern.

    ## What it does
    Reports the `updated-by` notices on a cited work's Crossref record
    (including those from the Retraction Watch database): a retraction or
    withdrawal is an error, an expression of concern a warning, a correction
    information. Gives the notice's DOI and date. A reference without a DOI is
    judged by the record a search matches confidently (the one CR04 suggests).

    ## Why it matters
    Citing a retracted work as if it stood is a well-known integrity failure;
    readers deserve to know of corrections.

    ## Example
    A reference to a work whose record says `updated-by: retraction 10.5555/retraction.0001 (2021-03-04)`.

    ## Use instead
    Remove the citation, cite the retraction notice beside it, or say in the
    text why the work is still cited.
    """
    for reference, answers in _answered(ms, ctx):
        work = answers.work.record if answers.work else None  # the DOI's record, of this work or not
        if work is None and answers.doi_source is None and answers.match:
            work = answers.match.work  # no DOI given, but a confident match (CR04)
        if work is None:
            continue
        for update in work.updates:
            kind = update.type.replace("_", " ")
            yield Problem(
                f"reference {reference.position} ({work.doi}) has a {kind}: {update.doi or 'no DOI'}"
                + (f", {update.date}" if update.date else ""),
                at_reference(reference, "doi"),
                {
                    "doi": answers.doi or work.doi,
                    "update": update.type,
                    "notice_doi": update.doi,
                    "date": update.date,
                    "source": update.source,
                    **_origin(work),
                },
                f"see {update.doi}" if update.doi else None,
                UPDATE_SEVERITY.get(update.type, Severity.WARNING),
            )
