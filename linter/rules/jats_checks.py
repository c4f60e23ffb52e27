"""Rules on what only JATS XML records: date parts, xref targets, identifiers' check digits."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Manuscript, Problem, Severity
from .base import Context, rule

HISTORY = ("received", "reviewed", "revised", "accepted")


@rule("JT01", "history-after-print", Severity.ERROR, precision="very-high", needs_manuscript=True)
def history_after_print(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """A history date falls after the print publication date.

    ## What it does
    Compares the `<history>` dates (received, revised, accepted) with the
    print `<pub-date pub-type="ppub">`. (MD03 orders the history dates and the
    online publication date.)

    ## Why it matters
    An article cannot be accepted after it was printed; such dates are
    deposited with indexes and PubMed as they are.

    ## Example
    `<date date-type="accepted"><day>12</day><month>3</month><year>2013</year></date>`
    with `<pub-date pub-type="ppub"><day>1</day><month>2</month><year>2013</year></pub-date>`

    ## Use instead
    The real dates, in order.
    """
    printed = next((d for d in ms.dates if d.kind == "published (print)" and d.value), None)
    if not printed or not printed.value:
        return
    for date in ms.dates:
        if date.kind in HISTORY and date.value and date.value > printed.value:
            yield Problem(
                f"{date.kind} date {date.raw} is after the print publication date {printed.raw}",
                date.location,
                {"date": date.kind, "value": date.value.isoformat(), "print": printed.value.isoformat()},
                f"check the {date.kind} and print dates",
            )


@rule("JT02", "date-parts-mismatch", Severity.WARNING, precision="very-high", needs_manuscript=True)
def date_parts_mismatch(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """A date's `@iso-8601-date` disagrees with its day, month and year.

    ## What it does
    Compares the `iso-8601-date` attribute of a JATS date with the date its
    `<day>`, `<month>` and `<year>` give.

    ## Why it matters
    Machines read the attribute, people the parts: the two audiences are told
    different dates.

    ## Example
    `<pub-date pub-type="epub" iso-8601-date="2013-07-02"><day>3</day><month>7</month><year>2013</year></pub-date>`

    ## Use instead
    `iso-8601-date="2013-07-03"`
    """
    for date in ms.dates:
        if not date.declared:
            continue
        declared = date.declared.strip()[: len(date.raw)]
        if declared != date.raw:
            yield Problem(
                f"{date.kind} date: iso-8601-date {date.declared} but the parts say {date.raw}",
                date.location,
                {"date": date.kind, "iso_8601_date": date.declared, "parts": date.raw},
                f"make both {date.raw}, or correct the parts",
            )


@rule("JT03", "xref-without-ref", Severity.ERROR, precision="very-high", needs_manuscript=True)
def xref_without_ref(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """A bibliographic `<xref>` points at no `<ref>`.

    ## What it does
    Checks that every `rid` of every `<xref ref-type="bibr">` names the `id`
    of a `<ref>` in the reference list.

    ## Why it matters
    The rendered citation links nowhere, and the cited work is lost to
    indexes that follow the XML.

    ## Example
    `<xref ref-type="bibr" rid="B12">12</xref>` with no `<ref id="B12">`.

    ## Use instead
    The `id` of the intended `<ref>`.
    """
    if ms.format != "jats":
        return  # other formats' unresolved citations are RF02's
    for citation in ms.citations:
        if citation.unresolved:
            yield Problem(
                f"citation {citation.raw or '(empty)'} points at {', '.join(citation.unresolved)},"
                " which no <ref> has as its id",
                citation.location,
                {"rid": list(citation.unresolved)},
            )


@rule("JT04", "issn-check-digit", Severity.ERROR, precision="very-high", needs_manuscript=True)
def issn_check_digit(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """An ISSN's check digit is wrong.

    ## What it does
    Validates each `<issn>` with python-stdnum (format and ISO 3297 check digit).

    ## Why it matters
    Indexes and Crossref identify the journal by its ISSN; a mistyped one
    files the article under another journal or none.

    ## Example
    `<issn pub-type="epub">1932-6208</issn>`

    ## Use instead
    `<issn pub-type="epub">1932-6203</issn>`
    """
    for identifier in (i for i in ms.identifiers if i.kind == "ISSN"):
        if not issn_valid(identifier.value):
            yield Problem(
                f"ISSN {identifier.value} is not valid (wrong format or check digit)",
                identifier.location,
                {"issn": identifier.value},
            )


@rule("JT05", "orcid-check-digit", Severity.ERROR, precision="very-high", needs_manuscript=True)
def orcid_check_digit(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """An ORCID iD's check digit is wrong.

    ## What it does
    Validates each contributor's ORCID iD: four groups of four digits, the
    last character an ISO 7064 11,2 check digit (python-stdnum's ISNI check,
    the same scheme).

    ## Why it matters
    A wrong ORCID iD credits the work to nobody, or to someone else.

    ## Example
    `<contrib-id contrib-id-type="orcid">https://orcid.org/0000-0002-2096-2385</contrib-id>`

    ## Use instead
    `https://orcid.org/0000-0002-2096-2384`
    """
    for identifier in (i for i in ms.identifiers if i.kind == "ORCID"):
        value = identifier.value.strip()
        if not ORCID.fullmatch(value) or not isni_valid(value.replace("-", "")):
            yield Problem(
                f"ORCID iD {value} is not valid (wrong format or check digit)", identifier.location, {"orcid": value}
            )


# python-stdnum's ISSN and ISNI checks take 15-20 ms to import (stdnum.util loads pydoc and ssl), more than
# this rule's whole work on a batch. A well-formed ASCII number (nearly all) is checked here, by the check
# digit stdnum computes; anything else (spaces inside, Unicode dashes or digits, a wrong length) by stdnum.
ORCID = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")
PLAIN_ISSN = re.compile(r"[0-9]{7}[0-9X]")
PLAIN_ISNI = re.compile(r"[0-9]{15}[0-9X]")


def issn_valid(value: str) -> bool:
    """stdnum.issn.is_valid: ISO 3297's check digit, weights 8 to 2, mod 11 (10 written X)."""
    number = value.replace(" ", "").replace("-", "").strip().upper()
    if not (value.isascii() and PLAIN_ISSN.fullmatch(number)):
        from stdnum import issn

        return issn.is_valid(value)
    check = (11 - sum((8 - i) * int(n) for i, n in enumerate(number[:7]))) % 11
    return number[7] == ("X" if check == 10 else str(check))


def isni_valid(value: str) -> bool:
    """stdnum.isni.is_valid (an ORCID iD's 16 characters): ISO 7064 MOD 11-2."""
    number = value.replace(" ", "").replace("-", "").strip().upper()
    if not (value.isascii() and PLAIN_ISNI.fullmatch(number)):
        from stdnum import isni

        return isni.is_valid(value)
    check = 0
    for n in number:
        check = (2 * check + (10 if n == "X" else int(n))) % 11
    return check == 1
