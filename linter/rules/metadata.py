"""Rules on the article's own metadata: DOI, title, dates, numbers, citation line, authors."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator

from .. import doi as dois
from ..compare import fold, same_person
from ..model import HistoryDate, Location, Manuscript, Problem, Severity
from .base import Context, rule

DATE_ORDER = ("received", "editor assigned", "reviewed", "revised", "accepted", "published")
NUMBER_SUFFIX = re.compile(r"\((?:PQ|R\d*|QC|Q)\)$", re.IGNORECASE)


@rule("MD01", "article-doi-syntax", Severity.ERROR, precision="very-high", needs_manuscript=True)
def article_doi_syntax(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """The article's own DOI is malformed.

    ## What it does
    Checks the article DOI against Crossref's recommended pattern
    `^10.\\d{4,9}/[-._;()/:A-Z0-9]+$` (case-insensitive) and the old Wiley/SICI
    forms, after trailing punctuation is set aside. A draft's placeholder
    (`10.xxxxxx/draft`) is reported as a placeholder, a DOI still to assign.

    ## Why it matters
    A malformed DOI does not resolve: readers cannot reach the article and
    indexers cannot link citations to it.

    ## Example
    `DOI:10.35841 /aamor-8.6.265`

    ## Use instead
    `DOI:10.35841/aamor-8.6.265`
    """
    if ms.doi and not dois.is_valid(dois.normalise(ms.doi)):
        cleaned = re.sub(r"\s+", "", dois.normalise(ms.doi))
        if _PLACEHOLDER_DOI.match(cleaned):
            # A draft's stand-in (JOSS prints 10.xxxxxx/draft): no typo to correct, a DOI still to assign.
            message, fix = f"article DOI '{ms.doi}' is a placeholder", "put in the registered DOI before publication"
        else:
            message, fix = f"article DOI '{ms.doi}' is not a well-formed DOI", None
        yield Problem(
            message,
            ms.doi_location or Location(),
            {"doi": ms.doi},
            f"use '{cleaned}'" if dois.is_valid(cleaned) else fix,
        )


_PLACEHOLDER_DOI = re.compile(r"10\.[x#*?]{4,}/", re.IGNORECASE)


@rule("MD02", "title-variant", Severity.WARNING, needs_manuscript=True)
def title_variant(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """The article title is printed in different forms.

    ## What it does
    Compares every occurrence of the title (title block, citation lines,
    running headers). Forms that differ even only in a separator are reported,
    with each form and its line.

    ## Why it matters
    Readers, reference managers and indexers copy the title from whichever
    place they see; two forms split the article's citations and look careless.

    ## Example
    `Citation: Join A. Advancing oncology. Targeted therapy ...` on page 1 and
    `Citation: Join A. Advancing oncology: Targeted therapy ...` on page 2.

    ## Use instead
    One form everywhere: `Advancing oncology: Targeted therapy ...`.
    """
    titles = [t for t in ms.titles if t.source != "alt-title"]  # JATS alt-titles are short by design
    forms = Counter(" ".join(t.text.split()) for t in titles)
    if len(forms) < 2:
        return
    texts = list(forms)
    if len({fold(t) for t in texts}) == 1:
        kind = "case" if len({t.lower() for t in texts}) == 1 else "punctuation"
    else:
        kind = "wording"
    preferred = _preferred_title(ms, forms)
    odd = next(t for t in titles if " ".join(t.text.split()) != preferred)
    yield Problem(
        f"the article title appears in {len(forms)} forms that differ in {kind}",
        odd.location,
        {
            "difference": kind,
            "variants": [{"text": t.text, "source": t.source, "line": t.location.line} for t in titles],
        },
        f"use one form everywhere, e.g. '{preferred}'",
    )


def _preferred_title(ms: Manuscript, forms: Counter) -> str:
    """The majority form; on a tie the title block's; else the one with a subtitle colon,
    since a full stop inside a title is usually a colon lost in typesetting."""
    ranked = forms.most_common()
    if ranked[0][1] > ranked[1][1]:
        return ranked[0][0]
    block = next((t.text for t in ms.titles if t.source == "title block"), None)
    if block:
        return " ".join(block.split())
    return next((text for text, _ in ranked if ":" in text), ranked[0][0])


@rule("MD03", "date-order", Severity.ERROR, precision="very-high", needs_manuscript=True)
def date_order(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """History dates are out of order.

    ## What it does
    Checks received <= editor assigned <= reviewed <= revised <= accepted <= published.

    ## Why it matters
    A manuscript revised before it was reviewed, or published before it was
    accepted, is a typing error at best and an integrity question at worst.

    ## Example
    `Received: 01-Nov-2024; Revised: 22-Oct-2024`

    ## Use instead
    `Received: 01-Nov-2024; Revised: 22-Nov-2024`
    """
    latest: tuple[HistoryDate, dt.date] | None = None  # the latest valid date seen in an earlier stage
    for date, value in sorted(
        ((d, d.value) for d in ms.dates if d.value and d.kind in DATE_ORDER), key=lambda p: DATE_ORDER.index(p[0].kind)
    ):
        if latest and value < latest[1] and DATE_ORDER.index(date.kind) > DATE_ORDER.index(latest[0].kind):
            yield Problem(
                f"{date.kind} date {date.raw} is before the {latest[0].kind} date {latest[0].raw}",
                date.location,
                {
                    "date": date.kind,
                    "value": value.isoformat(),
                    "earlier_stage": latest[0].kind,
                    "earlier_value": latest[1].isoformat(),
                },
                f"check the {date.kind} and {latest[0].kind} dates",
            )
        if latest is None or value > latest[1]:
            latest = date, value


@rule("MD04", "date-invalid", Severity.ERROR, needs_manuscript=True)
def date_invalid(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """A date is impossible, in the future, or contradicts the volume year.

    ## What it does
    Reports history dates that name no real day (31-Feb-2024), dates after
    today, and a publication year that differs from the year printed with the
    volume in the citation line or running header.

    ## Why it matters
    Such dates are deposited with Crossref and indexers as they are; they
    cannot be sorted, and readers cannot tell when the work appeared.

    ## Example
    `Published: 31-Feb-2024` or `Published: 29-Nov-2023` in a `2024 Volume 8` issue.

    ## Use instead
    `Published: 29-Feb-2024`, and the year of the volume the article is in.
    """
    for date in ms.dates:
        if date.value is None:
            yield Problem(
                f"{date.kind} date '{date.raw}' is not a calendar date",
                date.location,
                {"date": date.kind, "value": date.raw},
            )
        elif date.value > ctx.today:
            yield Problem(
                f"{date.kind} date {date.raw} is in the future",
                date.location,
                {"date": date.kind, "value": date.value.isoformat(), "today": ctx.today.isoformat()},
            )
    published = next((d for d in ms.dates if d.kind == "published" and d.value), None)
    volume_years = [(c.year, c.location, "citation line") for c in ms.citation_lines if c.year]
    volume_years += [(h.year, h.location, "running header") for h in ms.running_headers if h.year]
    if published and published.value and volume_years:
        year, location, source = volume_years[0]
        if year != published.value.year:
            yield Problem(
                f"published {published.raw} but the {source} gives the year {year}",
                published.location,
                {
                    "published": published.value.isoformat(),
                    "volume_year": year,
                    "source": source,
                    "source_line": location.line,
                },
                "check the publication date against the volume year",
            )


@rule("MD05", "manuscript-number-mismatch", Severity.WARNING, precision="very-high", needs_manuscript=True)
def manuscript_number_mismatch(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """Manuscript, PreQC and QC numbers disagree.

    ## What it does
    Sets aside the stage suffixes `(PQ)`, `(R)`, `(QC)` and compares the
    numbers; also checks a two-digit year in the number against the received year.

    ## Why it matters
    The manuscript number ties an article to its peer-review record. Numbers
    that disagree point to a copy-paste from another article's record.

    ## Example
    `Manuscript No. AAMOR-24-155333; QC No. AAMOR-24-155383`

    ## Use instead
    `Manuscript No. AAMOR-24-155333; QC No. AAMOR-24-155333`
    """
    if not ms.manuscript_numbers:
        return
    bases = Counter(NUMBER_SUFFIX.sub("", n.raw).upper() for n in ms.manuscript_numbers)
    majority = bases.most_common(1)[0][0]
    for number in ms.manuscript_numbers:
        base = NUMBER_SUFFIX.sub("", number.raw).upper()
        if base != majority:
            yield Problem(
                f"{number.kind} No. {number.raw} differs from {majority}",
                number.location,
                {"number": number.raw, "kind": number.kind, "expected": majority},
                f"use {majority}{number.raw[len(base) :]}",
            )
    received = next((d for d in ms.dates if d.kind == "received" and d.value), None)
    year = re.search(r"-(\d{2})-", majority)
    if received and received.value and year and 2000 + int(year.group(1)) != received.value.year:
        yield Problem(
            f"manuscript number {majority} carries the year 20{year.group(1)}"
            f" but it was received in {received.value.year}",
            ms.manuscript_numbers[0].location,
            {"number": majority, "number_year": 2000 + int(year.group(1)), "received": received.value.isoformat()},
        )


@rule("MD06", "citation-line-mismatch", Severity.WARNING, needs_manuscript=True)
def citation_line_mismatch(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """The article's citation line disagrees with the running header or its DOI.

    ## What it does
    Compares year, volume, issue and journal in each "Citation:" line with the
    running header, and volume, issue and first page with a DOI suffix that
    encodes them (`aamor-8.6.265`: volume 8, issue 6, page 265).

    ## Why it matters
    Readers cite the article from its citation line; a wrong volume or page
    sends every citation of it astray.

    ## Example
    `Citation: ... J Mol Oncol Res. 2024,8(5):265` under a `2024 Volume 8 Issue 6` header.

    ## Use instead
    `Citation: ... J Mol Oncol Res. 2024,8(6):265`
    """
    header = ms.running_headers[0] if ms.running_headers else None
    from_doi = re.search(r"(\d+)\.(\d+)\.(\d+)$", ms.doi or "")
    for line in ms.citation_lines:
        differences = {}
        if header:
            for name, mine, theirs in (
                ("year", line.year, header.year),
                ("volume", line.volume, header.volume),
                ("issue", line.issue, header.issue),
                ("journal", line.journal, header.journal),
            ):
                if mine is not None and theirs is not None and fold(str(mine)) != fold(str(theirs)):
                    differences[name] = {"citation": mine, "running header": theirs}
        if from_doi:
            first_page = (line.pages or "").split("-")[0]
            for name, mine, theirs in (
                ("volume", line.volume, from_doi.group(1)),
                ("issue", line.issue, from_doi.group(2)),
                ("pages", first_page, from_doi.group(3)),
            ):
                if mine and str(mine).lstrip("0") != theirs.lstrip("0"):
                    differences.setdefault(name, {"citation": mine})["doi"] = theirs
        if differences:
            yield Problem(
                f"citation line disagrees on {', '.join(differences)}",
                line.location,
                {"fields": differences, "citation_line": line.raw},
                "make the citation line, running header and DOI agree",
            )


@rule("MD07", "author-mismatch", Severity.WARNING, precision="medium", needs_manuscript=True)
def author_mismatch(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """Authors in the citation line disagree with the byline or correspondence line.

    ## What it does
    Checks that the corresponding author and every byline author appear in
    each citation line (surname and compatible initials), and that citation
    lines name the same authors.

    ## Why it matters
    An author missing from the citation line loses the credit for every
    citation copied from it.

    ## Example
    `*Correspondence to: Amini Join` with `Citation: Joint A. Advancing ...`

    ## Use instead
    `Citation: Join A. Advancing ...`
    """
    for line in ms.citation_lines:
        if not line.authors:
            continue
        for person in ms.authors:
            if not any(same_person(person.name, cited) for cited in line.authors):
                yield Problem(
                    f"{person.source} author '{person.name}' is not among the citation line's authors",
                    line.location,
                    {
                        "author": person.name,
                        "source": person.source,
                        "source_line": person.location.line,
                        "citation_authors": list(line.authors),
                    },
                    f"check the spelling of '{person.name}' in the citation line",
                )
    lists = {tuple(c.authors) for c in ms.citation_lines if c.authors}
    if len(lists) > 1:
        first = ms.citation_lines[0]
        for line in ms.citation_lines[1:]:
            if line.authors and tuple(line.authors) != tuple(first.authors):
                yield Problem(
                    "citation lines list different authors",
                    line.location,
                    {
                        "authors": list(line.authors),
                        "other_authors": list(first.authors),
                        "other_line": first.location.line,
                    },
                )
