"""What the shape of a reference list says: works cited before they existed, and lists packed
with one journal or with the authors' own work."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from ..compare import fold, name_key, same_person
from ..model import Location, Manuscript, Problem, Reference, Severity
from ..verification import Work
from .base import Context, option, rule
from .references import at_reference

YEARS = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
JOURNAL_SHARE = option(
    "IN04-journal-share", 0.3, "share of the references to one journal from which IN04 reports it", 0.0, 1.0
)
AUTHOR_SHARE = option(
    "IN04-author-share",
    0.4,
    "share of the references with an author of the manuscript from which IN04 reports them",
    0.0,
    1.0,
)
MINIMUM = option(
    "IN04-minimum-references", 10, "IN04 leaves shorter lists alone: 3 of 8 references to one journal says little", 1
)


def _record(ctx: Context, reference: Reference) -> Work | None:
    """The Crossref record of the work the reference cites, if one was found and is that work."""
    answers = ctx.crossref.references.get(reference.position) if ctx.crossref else None
    return answers.same_work if answers else None


def _article_date(ms: Manuscript, ctx: Context) -> tuple[tuple[int, ...], str, Location] | None:
    """The date after which nothing can be cited, where it comes from and where it is printed:
    published, else accepted, else Crossref's date for the article's DOI."""
    for kinds in (("published", "published (print)"), ("accepted",)):
        dates = sorted(((d.value, d) for d in ms.dates if d.kind in kinds and d.value), key=lambda p: p[0])
        if dates:
            day, date = dates[0]
            return (day.year, day.month, day.day), f"{kinds[0]} {day.isoformat()}", date.location
    article = ctx.crossref.article.record if ctx.crossref and ctx.crossref.article else None
    if article and article.date:
        shown = "-".join(f"{p:02d}" for p in article.date)
        return article.date, f"published {shown} (Crossref)", ms.doi_location or Location()
    return None


@rule("IN03", "reference-after-publication", Severity.WARNING, precision="high", needs_manuscript=True)
def reference_after_publication(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """A cited work was published after the article itself.

    ## What it does
    Compares each reference's date with the article's: its publication date
    (from the text's history block, JATS `pub-date`, or, failing both, the
    acceptance date or the date Crossref has for the article's DOI). The
    cited work's date is its Crossref record's (the earliest of print and
    online) when its DOI was verified, else the year printed in the entry (not
    reported when another year in the entry is early enough: a page range
    such as `2010-2021` may have been read as the year); it is compared at the
    precision it has (a year with a year, a month with a month). When most of
    the list (at least three references) postdates the article, the article's date is the likelier error (a template's
    1970-01-01): one finding names the date instead of one per reference.

    ## What it cannot tell
    Whether the date or the citation is wrong: a mistyped year looks the same
    as an impossible citation (CR02 tells them apart when the DOI's record
    disagrees with the printed year). A work cited "in press" that appeared
    later, or a preprint cited by the year of its journal version, is a
    legitimate exception. Without a date for the article, or for the
    reference, nothing is said. The evidence gives both dates and where each
    comes from.

    ## Why it matters
    Nothing can cite a work that did not exist yet: such a reference was added
    after the fact (a "sneaked" citation) or is wrong.

    ## Example
    An article published 2024-11-29 citing `Smith J. ... Blood. 2025;145:1-9.`

    ## Use instead
    The reference the authors actually used, with its right year.
    """
    article = _article_date(ms, ctx)
    if article is None:
        return
    limit, limit_source, limit_location = article
    dated, late = 0, []
    for reference in ms.references:
        work = _record(ctx, reference)
        if work and work.date:
            cited, source = work.date, "Crossref"
        elif reference.fields.year:
            cited, source = (reference.fields.year,), "printed year"
            # (a printed year no later than the article's is dated and not late either way: no years to read)
            if reference.fields.year > limit[0] and any(int(y) <= limit[0] for y in YEARS.findall(reference.raw)):
                dated += 1
                continue  # another year in the entry could be the one meant ("pp. 2010-2021, 2009")
        else:
            continue
        dated += 1
        precision = min(len(cited), len(limit))
        if cited[:precision] > limit[:precision]:
            late.append((reference, "-".join(f"{p:02d}" for p in cited), source))
    if len(late) >= 3 and len(late) > dated / 2:  # the article's date is wrong (a template's 1970-01-01), not the list
        yield Problem(
            f"{len(late)} of {dated} dated references are after the article's date ({limit_source}):"
            " the date looks wrong",
            limit_location,
            {
                "article_date": limit_source,
                "later_references": [r.position for r, _, _ in late],
                "dated_references": dated,
            },
            "check the article's dates",
        )
        return
    for reference, shown, source in late:
        yield Problem(
            f"reference {reference.position} is dated {shown}, after the article ({limit_source})",
            at_reference(reference, "year"),
            {"reference_date": shown, "reference_date_source": source, "article_date": limit_source},
            "check the reference's year and whether it was cited before it existed",
        )


THE = re.compile(r"\bthe\b")


def journal_key(reference: Reference, work: Work | None) -> str | None:
    """The journal a reference cites: its ISSN when Crossref gave one, else its folded name."""
    if work and work.issn:
        return "issn:" + min(work.issn)
    name = reference.fields.container
    return "name:" + THE.sub("", fold(name)).replace(" ", "") if name else None


def _journals(ms: Manuscript, ctx: Context) -> tuple[Counter, dict[str, str], dict[str, list[int]]]:
    """References per journal, with names known under an ISSN joined to it."""
    records = {r.position: _record(ctx, r) for r in ms.references}
    alias: dict[str, str] = {}  # name key -> issn key, learnt from references that have both
    for reference in ms.references:
        work = records[reference.position]
        name, issn = journal_key(reference, None), journal_key(reference, work)
        if work and work.issn and name and issn:
            alias[name] = issn
    counts: Counter = Counter()
    names: dict[str, str] = {}
    members: dict[str, list[int]] = {}
    for reference in ms.references:
        key = journal_key(reference, records[reference.position])
        if key is None:
            continue
        key = alias.get(key, key)
        counts[key] += 1
        work = records[reference.position]
        names.setdefault(key, reference.fields.container or (work.container if work else "") or key)
        members.setdefault(key, []).append(reference.position)
    return counts, names, members


def _manuscript_authors(ms: Manuscript) -> list[str]:
    if ms.citation_lines and ms.citation_lines[0].authors:
        return list(ms.citation_lines[0].authors)
    return list(dict.fromkeys(p.name for p in ms.authors))


@rule("IN04", "citation-concentration", Severity.INFO, precision="medium", needs_manuscript=True)
def citation_concentration(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """Many references go to one journal, or to the manuscript's own authors.

    ## What it does
    Counts the references to each journal (by ISSN when Crossref verified the
    reference, else by the journal's name folded) and the references that
    share an author with the manuscript (same surname, initials that agree).
    Reports a journal cited by 30% or more of the references, and self-citation
    in 40% or more (7 of the 61 PLOS articles reach 30%: large collaborations
    citing their own earlier work), for lists of 10 references or more; the three thresholds
    are options (`IN04-journal-share`, `IN04-author-share`,
    `IN04-minimum-references`). The evidence gives the shares and the
    references counted.

    ## What it cannot tell
    Why: a narrow field may have one main journal, a long-running project cites
    its own earlier papers, and a journal's name printed in two forms that are
    neither equal once folded nor joined by an ISSN counts as two journals.
    Two authors with the same surname and initials are one person to it.
    Citation cartels and coercive citation are only suggested by such shares;
    compare them with the field's habits before concluding anything.

    ## Why it matters
    Journals and authors that pad reference lists with their own work inflate
    impact factors and h-indexes; integrity teams look at exactly these shares.

    ## Example
    A 20-reference list with 8 references to `J Imag Res`.

    ## Use instead
    Cite the works the argument rests on, wherever they were published.
    """
    total = len(ms.references)
    if total < ctx.option(MINIMUM):
        return
    counts, names, members = _journals(ms, ctx)
    for key, count in counts.most_common():
        share = count / total
        if share < ctx.option(JOURNAL_SHARE):
            break
        positions = members[key]
        yield Problem(
            f"{count} of {total} references ({share:.0%}) cite one journal: {names[key]}",
            at_reference(ms.references[positions[0] - 1]),
            {
                "journal": names[key],
                "key": key,
                "references": positions,
                "share": round(share, 3),
                "threshold": ctx.option(JOURNAL_SHARE),
            },
            "check that each of these references is needed",
        )
    authors = _manuscript_authors(ms)
    # same_person needs equal surnames: each name is keyed once, and only namesakes are compared
    namesakes: dict[str, list[str]] = {}
    for a in authors:
        namesakes.setdefault(name_key(a)[0], []).append(a)
    cited = {r.position: [(b, namesakes.get(name_key(b)[0], ())) for b in r.fields.authors] for r in ms.references}
    shared = [r for r in ms.references if any(same_person(a, b) for b, ours in cited[r.position] for a in ours)]
    share = len(shared) / total
    if authors and shared and share >= ctx.option(AUTHOR_SHARE):
        names_found = sorted({a for r in shared for b, ours in cited[r.position] for a in ours if same_person(a, b)})
        yield Problem(
            f"{len(shared)} of {total} references ({share:.0%}) share an author with the manuscript:"
            f" {', '.join(names_found)}",
            ms.authors[0].location if ms.authors else Location(),
            {
                "authors": names_found,
                "references": [r.position for r in shared],
                "share": round(share, 3),
                "threshold": ctx.option(AUTHOR_SHARE),
            },
            "check that each self-citation is needed",
        )
