"""Rules on the reference list and its in-text citations."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from difflib import SequenceMatcher

from ..compare import fold, name_key
from ..model import Citation, Location, Manuscript, Problem, Reference, Severity
from .base import Context, rule


def at_reference(reference: Reference, field: str | None = None) -> Location:
    return replace(reference.location, reference=reference.position, field=field)


@rule("RF01", "reference-numbering", Severity.WARNING, needs_manuscript=True)
def reference_numbering(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """Reference labels are missing, duplicated or out of sequence.

    ## What it does
    In a numbered list, checks that every entry carries its number and that
    the numbers run 1, 2, 3, ... Consecutive entries that lost their labels are
    reported together, and so are the entries after a lost (or repeated) label,
    all numbered off by the same amount: one finding names the gap.

    ## Why it matters
    Readers find a cited work by its number. Without it, "[7]" points nowhere;
    PDF conversion often loses labels ("`. Janz TA, ...`") or glues them to the
    text ("`10.Klapper W`").

    ## Example
    ```
    1. Ott PA. Intralesional Cancer Immunotherapies. ...
    . Janz TA, Neskey DM, Nguyen SA, et al. Is imaging ...
    ```

    ## Use instead
    ```
    1. Ott PA. Intralesional Cancer Immunotherapies. ...
    2. Janz TA, Neskey DM, Nguyen SA, et al. Is imaging ...
    ```
    """
    refs = ms.references
    if not any(r.label for r in refs):
        return  # an unnumbered (author-year) list
    run: list[Reference] = []
    for reference in list(refs) + [None]:
        if reference is not None and reference.label is None:
            run.append(reference)
            continue
        if run:
            span = f"{run[0].position}" if len(run) == 1 else f"{run[0].position}-{run[-1].position}"
            yield Problem(
                f"reference{'s' if len(run) > 1 else ''} {span} {'have' if len(run) > 1 else 'has'} no number label",
                at_reference(run[0], "label"),
                {"positions": [r.position for r in run]},
                f"number {'them' if len(run) > 1 else 'it'} {span}",
            )
            run = []
    seen: dict[str, Reference] = {}
    shifted: list[Reference] = []  # a run of entries whose labels are all off by the same amount
    for reference in list(refs) + [None]:
        if shifted and (reference is None or _offset(reference) != _offset(shifted[0]) or reference.label in seen):
            yield _shift(shifted)
            shifted = []
        if reference is None or reference.label is None:
            continue
        if reference.label in seen:
            yield Problem(
                f"label {reference.label} is used twice"
                f" (references {seen[reference.label].position} and {reference.position})",
                at_reference(reference, "label"),
                {"label": reference.label, "positions": [seen[reference.label].position, reference.position]},
                f"renumber it {reference.position}",
            )
        elif reference.label != str(reference.position):
            shifted.append(reference)
        seen.setdefault(reference.label, reference)


def _offset(reference: Reference) -> int | None:
    return int(reference.label) - reference.position if reference.label and reference.label.isdigit() else None


def _shift(run: list[Reference]) -> Problem:
    """One finding for entries that follow a lost or extra label: 'references 8-35 are labelled 10-37'."""
    first, last = run[0], run[-1]
    if len(run) == 1:
        return Problem(
            f"reference {first.position} is labelled {first.label}",
            at_reference(first, "label"),
            {"label": first.label, "expected": str(first.position)},
            f"label it {first.position}",
        )
    offset = _offset(first) or 0
    if offset > 0:
        lost = f"{first.position}-{first.position + offset - 1}" if offset > 1 else str(first.position)
        gap = f"label{'s' if offset > 1 else ''} {lost} {'are' if offset > 1 else 'is'} missing before them"
    elif offset < 0:
        gap = f"{-offset} label{'s' if offset < -1 else ''} repeated before them"
    else:
        gap = "out of sequence"
    return Problem(
        f"references {first.position}-{last.position} are labelled {first.label}-{last.label}: {gap} "
        "(or entries were read merged)",
        at_reference(first, "label"),
        {
            "labels": [r.label for r in run],
            "positions": [r.position for r in run],
            "offset": offset,
        },
        f"label them {first.position}-{last.position}, or restore the missing entries",
    )


@rule("RF02", "citation-without-reference", Severity.ERROR, precision="very-high", needs_manuscript=True)
def citation_without_reference(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """An in-text citation names a number that no reference has.

    ## What it does
    Checks every number in every numeric citation (`[3]`, `[3-5]`, `[3, 4]`)
    against the reference list, and every work of an author-year citation
    (`(Smith et al., 2020)`) against the entries' first authors and years.
    When most of the cited works (five at least) match no entry, the list was
    more likely read short than cited wrongly: one warning says so instead.
    A missing work is reported once, where it is first cited, with the number
    of places that cite it.

    ## Why it matters
    The reader cannot find the cited work; usually a reference was deleted or
    the list renumbered without the text.

    ## Example
    `... as shown before [11].` with a ten-entry reference list.

    ## Use instead
    Add the missing reference, or cite the right number.
    """
    if not ms.references:
        return
    numbers = {r.number for r in ms.references}
    cited = {w for c in ms.citations for w in (c.keys if c.author_year else c.numbers)}
    unmatched = {
        w for c in ms.citations for w in (c.unresolved if c.author_year else [n for n in c.numbers if n not in numbers])
    }
    if len(unmatched) >= 5 and len(unmatched) > len(cited) / 2:
        first = next(c for c in ms.citations if c.unresolved or set(c.numbers) - numbers)
        yield Problem(
            f"{len(unmatched)} of the {len(cited)} works cited match no entry"
            f" of the {len(ms.references)} references read: "
            "the list may have been read short or in pieces",
            first.location,
            {"missing": sorted(map(str, unmatched)), "cited": len(cited), "references": len(ms.references)},
            "check the reference list citeqa read (citeqa fix FILE --to text) against the document",
            severity=Severity.WARNING,
        )
        return

    # Each missing work is reported once, where it is first cited: one fix (add it, or correct the year) mends
    # every place that cites it, and those places are counted in the finding.
    def missed(citation: Citation) -> list:
        if citation.unresolved and ms.format != "jats":  # \cite{key} with no entry; JATS has JT03
            return list(citation.unresolved)
        return [n for n in citation.numbers if n not in numbers]

    misses = [list(dict.fromkeys(missed(c))) for c in ms.citations]
    places = Counter(key for keys in misses for key in keys)
    reported: set = set()
    for citation, missing in zip(ms.citations, misses, strict=True):
        keys = [k for k in missing if k not in reported]
        reported.update(keys)
        if not keys:
            continue
        if citation.unresolved and ms.format != "jats":
            nearest = [_same_author(key, ms.references) for key in keys] if citation.author_year else []
            yield Problem(
                f"citation {citation.raw} names {', '.join(keys)}, which the bibliography does not have"
                + _elsewhere(keys, places),
                citation.location,
                {"citation": citation.raw, "missing": keys, "citations": {k: places[k] for k in keys}},
                "; ".join(
                    f"the list has {', '.join(found)}: correct the year, or add the work cited"
                    for found in nearest
                    if found
                )
                or None,
            )
        else:
            yield Problem(
                f"citation {citation.raw} names {', '.join(map(str, keys))}, which the reference list does not have"
                + _elsewhere(keys, places),
                citation.location,
                {
                    "citation": citation.raw,
                    "missing": keys,
                    "references": len(ms.references),
                    "citations": {str(n): places[n] for n in keys},
                },
            )


def _elsewhere(keys: list, places: Counter) -> str:
    """' (cited in 3 places)' when a missing work is cited more than once: it is reported once."""
    most = max(places[k] for k in keys)
    return f" (cited in {most} places)" if most > 1 else ""


def _same_author(key: str, references) -> list[str]:
    """Entries by the author of an unmatched 'Smith 2019', as 'Smith 2020' (reference 4), for the suggestion."""
    name = key.rsplit(" ", 1)[0]
    return [f"{name} {r.fields.year} (reference {r.number})" for r in _by_cited_author(key, references)]


def _by_cited_author(key: str, references) -> list[Reference]:
    """The dated entries whose author part begins with the name of an unmatched 'Smith 2019'."""
    name = fold(key.rsplit(" ", 1)[0]).replace(" ", "")
    found = []
    for reference in references:
        text = re.sub(r"^\s*\[?\d+[\].)]?\s*", "", reference.raw)
        if name and fold(text).replace(" ", "").startswith(name) and reference.fields.year:
            found.append(reference)
    return found


@rule("RF03", "uncited-reference", Severity.WARNING, needs_manuscript=True)
def uncited_reference(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """A reference is never cited in the text.

    ## What it does
    In a manuscript with numeric citations, reports each reference whose
    number no citation names (ranges included); a run of consecutive numbers
    never cited ("[20]" then "[26]") is one finding. With author-year citations,
    each entry that no citation names by its first author and year; an entry
    without a year cannot be named that way and is left to RF07, and one whose
    author is cited with another year is left to RF02, which names it.

    ## Why it matters
    Uncited references inflate citation counts and are a known sign of
    citation manipulation; often they are leftovers of an earlier draft.

    ## Example
    A list of ten references where the text cites `[1]` to `[9]` only; or an
    entry "Lee, H. (2019)." that no "(Lee, 2019)" or "Lee (2019)" names.

    ## Use instead
    Cite it where it supports the text, or remove it.
    """
    if not ms.citations:
        return
    cited = {n for c in ms.citations for n in c.numbers}
    author_year = any(c.author_year for c in ms.citations)
    # an entry whose author is cited with another year is named by that RF02 ("the list has Crivelli 1995")
    named = {
        r.number
        for c in ms.citations
        if c.author_year
        for key in c.unresolved
        for r in _by_cited_author(key, ms.references)
    }
    uncited = [
        r
        for r in ms.references
        if r.number not in cited and not (author_year and (r.fields.year is None or r.number in named))
    ]
    # A run of consecutive numbers is one gap in the citing ("[20]" then "[26]"), reported once.
    runs: list[list[Reference]] = []
    for reference in uncited:
        if runs and not author_year and reference.number == runs[-1][-1].number + 1:
            runs[-1].append(reference)
        else:
            runs.append([reference])
    for run in runs:
        first, last = run[0], run[-1]
        yield Problem(
            f"reference {first.number} is never cited"
            if len(run) == 1
            else f"references {first.number}-{last.number} are never cited",
            at_reference(first),
            {"number": first.number, "numbers": [r.number for r in run]},
            "cite it in the text or remove it" if len(run) == 1 else "cite them in the text or remove them",
        )


@rule("RF04", "duplicate-reference", Severity.WARNING, precision="medium")
def duplicate_reference(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """Two entries of the reference list are the same work.

    ## What it does
    Compares entries by DOI, then by first author, year and title (tolerant
    of case and punctuation).

    ## Why it matters
    A duplicate splits the citations of one work over two numbers and
    inflates the reference count.

    ## Example
    ```
    3. Ott PA. Intralesional cancer immunotherapies. Hematol Oncol Clin North Am. 2019;33(2):249-60.
    7. Ott PA. Intralesional Cancer Immunotherapies. Hematol Oncol Clin N Am. 2019;33:249.
    ```

    ## Use instead
    Keep one entry and cite its number everywhere.
    """
    seen: list[_Entry] = []
    blocks: dict[tuple, list[_Entry]] = {}  # candidates share a DOI, a folded text, or first author and year
    for reference in ms.references:
        entry = _Entry(len(seen), reference)
        candidates = {id(c): c for key in entry.keys for c in blocks.get(key, ())}
        twin = next(
            (c.reference for c in sorted(candidates.values(), key=lambda c: c.order) if _same_work(c, entry)), None
        )
        if twin:
            yield Problem(
                f"reference {reference.position} repeats reference {twin.position}",
                at_reference(reference),
                {"duplicate_of": twin.position},
                f"remove it and cite reference {twin.number} instead",
            )
        else:
            seen.append(entry)
            for key in entry.keys:
                blocks.setdefault(key, []).append(entry)


PAGE_RANGE = re.compile(r"[-–]")


class _Entry:
    """A reference with what RF04 compares, folded once; `keys` name the blocks it can match in.

    Two entries can only be the same work if they share one of these keys (see _same_work),
    so comparing within blocks finds the same duplicates as comparing every pair, in linear time.
    """

    __slots__ = ("doi", "first_page", "keys", "order", "raw", "reference", "surname", "title", "year")

    def __init__(self, order: int, reference: Reference):
        f = reference.fields
        self.order, self.reference = order, reference
        self.doi = f.doi.lower() if f.doi else None
        self.raw = fold(reference.raw)
        self.title = fold(f.title) if f.title and f.authors else None
        self.surname = name_key(f.authors[0])[0] if f.title and f.authors else None
        self.year = f.year
        self.first_page = PAGE_RANGE.split(f.pages)[0].strip() if f.pages else None
        self.keys: list[tuple] = [("raw", self.raw)]
        if self.doi:
            self.keys.append(("doi", self.doi))
        if self.title is not None:
            self.keys.append(("author-year", self.surname, self.year))


def _same_work(a: _Entry, b: _Entry) -> bool:
    if a.doi and b.doi:
        return a.doi == b.doi
    if a.raw == b.raw:
        return True
    if a.title is None or b.title is None or a.year != b.year or a.surname != b.surname:
        return False
    if a.first_page and b.first_page and a.first_page != b.first_page:
        return False  # "Female ..." and "Male ..." in the same volume are two works
    # Nearly the same title: "Comment on 'X'" is another work than "X", a changed initial is not.
    # Indel similarity (longest common subsequence) bounds SequenceMatcher's ratio from above: a cheap no.
    from rapidfuzz.distance import Indel  # imported by the runs that get this far

    if Indel.normalized_similarity(a.title, b.title) < 0.97:
        return False
    return SequenceMatcher(None, a.title, b.title).ratio() >= 0.97


@rule("RF05", "citation-order", Severity.INFO, precision="medium", needs_manuscript=True)
def citation_order(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """References are not numbered in the order they are first cited.

    ## What it does
    In numeric (Vancouver) styles the first citation of reference n comes
    after the first citation of n-1. Reports the fewest references whose first
    citations break that order (those outside the longest run in order), or
    one finding when most of the list is in another order.

    ## Why it matters
    Vancouver and AMA number references by first citation; out-of-order
    numbers mean the list or the text was rearranged and not renumbered.

    ## Example
    `... relapse [1]. ... toxicity [3]. ... survival [2].`

    ## Use instead
    `... relapse [1]. ... toxicity [2]. ... survival [3].` and renumber the list.
    """
    firsts: list[tuple[int, Citation]] = []  # (number, citation) in order of first citation
    seen: set[int] = set()
    for citation in ms.citations:
        if citation.author_year:
            continue  # ordered by name and year, not by first citation
        for number in citation.numbers:
            if number not in seen:
                seen.add(number)
                firsts.append((number, citation))
    in_order = _longest_increasing([n for n, _ in firsts])
    misplaced = [(n, c) for i, (n, c) in enumerate(firsts) if i not in in_order]
    if len(misplaced) > max(3, len(firsts) // 2):  # a list in another order altogether (alphabetical?)
        yield Problem(
            f"{len(misplaced)} of {len(firsts)} references are not numbered in the order of their first citation",
            misplaced[0][1].location,
            {"misplaced": [n for n, _ in misplaced]},
            "number references in the order of their first citation, or use an author-year style",
        )
        return
    for number, citation in misplaced:
        yield Problem(
            f"reference {number} is first cited out of order",
            citation.location,
            {"number": number, "citation": citation.raw},
            "number references in the order of their first citation",
        )


def _longest_increasing(numbers: list[int]) -> set[int]:
    """Indices of a longest increasing subsequence: the citations that are in order.
    What is left is the fewest references to move (patience sorting)."""
    import bisect

    tails: list[int] = []  # index of the smallest tail of each length
    previous = [-1] * len(numbers)
    for i, number in enumerate(numbers):
        k = bisect.bisect_left([numbers[t] for t in tails], number)
        previous[i] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(i)
        else:
            tails[k] = i
    keep, i = set(), tails[-1] if tails else -1
    while i >= 0:
        keep.add(i)
        i = previous[i]
    return keep


@rule("RF06", "page-furniture", Severity.WARNING, needs_manuscript=True)
def page_furniture(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """Running header or footer text was found inside a reference.

    ## What it does
    Reports page furniture (running headers and footers, citation lines,
    repeated lines, page numbers) that stands inside an entry in the
    manuscript's own text, as in text once copied out of a PDF. citeqa parses
    the entry without it; the finding shows what was removed. A page break in
    a typeset PDF is layout, not a defect: what the PDF reader cuts out of an
    entry at a page break is not reported.

    ## Why it matters
    Text copied from the PDF carries the furniture into reference managers
    and citation indexes, where the reference no longer matches its work.

    ## Example
    ```
    . Gurney JG, Severson RK, Davis S, et al. Incidence of
    J Mol Oncol Res 2024 Volume 8 Issue 6
    cancer in children in the United States. ...
    ```

    ## Use instead
    `. Gurney JG, Severson RK, Davis S, et al. Incidence of cancer in children in the United States. ...`
    """
    for reference in ms.references:
        if reference.furniture:
            removed = [{"text": f.text, "kind": f.kind, "line": f.line} for f in reference.furniture]
            yield Problem(
                f"reference {reference.position} has page furniture inside it: "
                + "; ".join(f"{f.kind} '{f.text}'" for f in reference.furniture),
                at_reference(reference),
                {"removed": removed, "rebuilt": reference.raw},
                f"remove the {', '.join(sorted({f.kind for f in reference.furniture}))} from the entry",
            )


# "Place: Publisher; 2007." (NLM, BMC) or "São Paulo: Atlas, 2010." (ABNT): a publisher before the year
_PUBLISHER_BEFORE_YEAR = re.compile(r":\s*[A-Z][^.;:,()]{1,60}[;,]\s*(?:1[89]|20)\d\d\.?\s*(?:p\.|$)")
# What kind of work an entry cites, from the words it prints (first cue wins), and what each needs.
_KIND_CUES = (
    ("thesis", re.compile(r"\b(?:thesis|dissertation|Doktorarbeit|th[eè]se)\b", re.IGNORECASE)),
    (
        "software",
        re.compile(
            r"\b(?:software|computer program|R package|Python package|source code)\b|\bversion\s*\d|\bv\d+(?:\.\d+)+\b"
            r"|github\.com|gitlab\.com|bitbucket\.org|pypi\.org|cran\.r-project",
            re.IGNORECASE,
        ),
    ),
    (
        "dataset",
        re.compile(
            r"\b(?:data ?set|data repository)\b|\[data\]|zenodo|figshare|dryad|pangaea|10\.5061/|10\.5281/",
            re.IGNORECASE,
        ),
    ),
    (
        "chapter",
        re.compile(
            r"(?:^|[.,]\s*)In:?\s+(?:[^()]{0,160}\((?:eds?|Hrsg)\.?\)|[^.]{0,160}\b(?:eds?\.|editors?|edited by)\b)"
            r"|\bIn:\s",
            re.IGNORECASE,
        ),
    ),
    (
        "conference paper",
        re.compile(r"\b(?:Proceedings|Proc\.|Conference|Conf\.|Symposium|Workshop|Congress|Meeting|Colloquium)\b"),
    ),
    ("report", re.compile(r"\b(?:Report|Rep\.|Working Paper|White Paper|Technical Note|Policy Brief|Guidelines?)\b")),
    (
        "book",
        re.compile(
            r"\b(?:Press|Publishers?|Publishing|Verlag|[ÉE]ditions|Books|Wiley|Springer|Elsevier|Routledge|Sons|Academic)\b"
            r"|\b\d+(?:st|nd|rd|th)\s+ed(?:n|ition)?\b|\bed(?:n|ition)?\.\s|\bISBN\b|" + _PUBLISHER_BEFORE_YEAR.pattern
        ),
    ),
    (
        "web page",
        re.compile(r"\b(?:accessed|retrieved|cited|last updated|available (?:at|from|online))\b", re.IGNORECASE),
    ),
)
# For each cue, words one of which every match of it holds (in lower case where the cue ignores case):
# an entry holding none is passed over without the regex, which most entries would make scan every
# position. A book's cue can also match on its last alternative alone, tried by itself (it is quick).
_CUE_WORDS = {
    "thesis": ("thesis", "dissertation", "doktorarbeit", "these", "thèse"),
    "software": (
        *("software", "computer program", "r package", "python package", "source code", "version"),
        *("github.com", "gitlab.com", "bitbucket.org", "pypi.org", "cran.r-project"),
    ),
    "dataset": ("data", "zenodo", "figshare", "dryad", "pangaea", "10.5061/", "10.5281/"),
    "chapter": ("in:", "(ed", "(hrsg", "ed.", "eds.", "editor", "edited by"),
    "conference paper": (
        *("Proceedings", "Proc.", "Conference", "Conf.", "Symposium", "Workshop", "Congress", "Meeting"),
        "Colloquium",
    ),
    "report": ("Report", "Rep.", "Working Paper", "White Paper", "Technical Note", "Policy Brief", "Guideline"),
    "book": (
        *("Press", "Publisher", "Publishing", "Verlag", "ditions", "Books", "Wiley", "Springer", "Elsevier"),
        *("Routledge", "Sons", "Academic", "ed.", "edn.", "edition.", "ISBN"),
    ),
    "web page": (
        "accessed",
        "retrieved",
        "cited",
        "last updated",
        "available at",
        "available from",
        "available online",
    ),
}
# ... or a match of these: the software cue's "v1.2" (in lower case), the book cue's "2nd ed"
_CUE_PATTERNS = {"software": re.compile(r"v\d"), "book": re.compile(r"\d(?:st|nd|rd|th)\s+ed")}
# Besides A-Z, the only letters IGNORECASE matches to a-z (a test checks): text holding one of them goes
# to the regexes as it is, since str.lower() would not make it the ASCII letter.
_FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")


_IGNORES_CASE = {kind: bool(cue.flags & re.IGNORECASE) for kind, cue in _KIND_CUES}


def _cue_found(kind: str, cue: re.Pattern, text: str, lower: str | None) -> bool:
    """cue.search(text), passed over when the text holds none of the cue's words. `lower`: the text in
    lower case, or None when it holds a letter that IGNORECASE folds otherwise."""
    ignores_case = _IGNORES_CASE[kind]
    if ignores_case and lower is None:
        return cue.search(text) is not None
    seen = (lower if ignores_case else text) or ""
    pattern = _CUE_PATTERNS.get(kind)
    if any(w in seen for w in _CUE_WORDS[kind]) or (pattern is not None and pattern.search(seen)):
        return cue.search(text) is not None
    return kind == "book" and _PUBLISHER_BEFORE_YEAR.search(text) is not None


def _lower(text: str) -> str | None:
    return None if not text.isascii() and not _FOLDS_TO_ASCII.isdisjoint(text) else text.lower()


# kind -> the parts it cannot do without; "source" is satisfied by the kind's own cue (a publisher,
# a university, a proceedings) for the kinds found by their source, and by a container, DOI or URL otherwise.
_NEEDS = {
    "journal article": ("authors", "title", "year", "source"),
    "book": ("authors", "title", "year"),
    "chapter": ("authors", "title", "year"),
    "thesis": ("authors", "title", "year"),
    "conference paper": ("authors", "title", "year"),
    "report": ("title", "year"),
    "software": ("title", "link or version"),
    "dataset": ("title", "link"),
    "web page": ("title", "link"),
}
# A title in typographic quotes may be one word ("“PyDTMC.”"); straight quotes are also apostrophes.
_QUOTED_TITLE = re.compile(r"[“«]([^”»]{2,})[”»]|[\"‘']([^\"’']{8,})[\"’']")
_IN_PRESS = re.compile(r"\b(?:in press|forthcoming|no prelo|en prensa|im Druck|sous presse)\b", re.IGNORECASE)
_IDENTIFIER = re.compile(r"\b(?:ascl|arxiv|hdl|urn|isbn|issn)\s*:\s*\S", re.IGNORECASE)


def _quoted_title(raw: str) -> str | None:
    found = _QUOTED_TITLE.search(raw)
    return (found.group(1) or found.group(2)) if found else None


def _located(reference: Reference) -> bool:
    """A journal, a volume or issue, and pages (as parsed, or a name followed by two numbers: "J. Cryst.
    Growth 310 2899"): the work can be found without its title (physics styles print none) and is an
    article, whatever words its title holds."""
    f = reference.fields
    return bool(f.container and (f.volume or f.issue) and f.pages) or bool(_LOCATOR.search(reference.raw))


def reference_kind(reference: Reference) -> str:
    """journal article, book, chapter, thesis, conference paper, report, software, dataset or web page."""
    f = reference.fields
    text = reference.raw
    if f.doi_text:
        text = text.replace(f.doi_text, " ")
    lower = _lower(text)
    for kind, cue in _KIND_CUES:
        # what the work is about ("a software package for...") is no cue to what it is
        if kind == "software" and f.title:
            without_title = text.replace(f.title, " ")
            found = _cue_found(kind, cue, without_title, _lower(without_title))
        else:
            found = _cue_found(kind, cue, text, lower)
        if found:
            if kind == "web page" and not f.urls:
                continue
            if kind in ("software", "dataset", "report", "web page") and _located(reference):
                return "journal article"
            return kind
    if f.urls and not f.doi and not f.container and not _located(reference):
        return "web page"  # a title and a link, nothing else: "IUCN Red List. [http://www.iucnredlist.org]"
    return "journal article"


# A name followed by a volume and pages: "Engineering 7 (2021) 581", "IEEE Trans Commun 38, 1031".
_NUMBERED_SOURCE = re.compile(
    r"[^\W\d_][\w.&'’:-]*\.?,?\s+(?:vol\.\s*)?\d{1,5}(?!\d)\s*(?:\(\d{4}\)|\([^)]{1,12}\))?\s*[,:;]?\s*(?:pp?\.\s*)?[A-Za-z]?\d"
)


# The same, where the first number is no year: "Growth 310 2899", not "Sciences. 2015 137-142".
_LOCATOR = re.compile(_NUMBERED_SOURCE.pattern.replace(r"(?:vol\.\s*)?", r"(?:vol\.\s*)?(?!(?:1[89]|20)\d\d\b)", 1))


def _has_source(reference: Reference) -> bool:
    """A container, DOI or URL, a name with a volume and pages, or (where the parser placed no
    container) words after the title."""
    f = reference.fields
    if f.container or f.doi or f.urls or _NUMBERED_SOURCE.search(reference.raw):
        return True
    title = _quoted_title(reference.raw) or f.title
    if not title:
        return False
    at = fold(reference.raw).find(fold(title))
    rest = fold(reference.raw)[at + len(fold(title)) :] if at >= 0 else ""
    words = [
        w for w in rest.split() if w.isalpha() and w not in {"pp", "p", "vol", "no", "et", "al", "doi", "in", "press"}
    ]
    return len(words) >= 1


def _present(need: str, reference: Reference, kind: str) -> bool:
    """Whether the entry has the part its kind needs (each part looked at only when its kind needs it)."""
    f = reference.fields
    if need == "authors":
        return bool(f.authors)
    if need == "title":
        return bool(
            f.title
            or _quoted_title(reference.raw)
            # A container that holds a full stop begins with the title the parser did not split off.
            or re.search(r"\S\.\s+[A-Z]", f.container or "")
            or (kind == "journal article" and _located(reference))
            # A web page is named by its site: "ArcGIS (2018). (https://www.arcgis.com)" prints it as an author.
            or (kind == "web page" and bool(f.authors))
        )
    if need == "year":
        return bool(f.year or _IN_PRESS.search(reference.raw))
    if need == "source":
        return _has_source(reference)
    if need == "link":
        return bool(f.doi or f.urls or _IDENTIFIER.search(reference.raw))
    if need == "link or version":
        return bool(
            f.doi
            or f.urls
            or _IDENTIFIER.search(reference.raw)
            or re.search(r"\bv(?:ersion)?\s*\d", reference.raw, re.IGNORECASE)
        )
    raise ValueError(f"no check for {need!r}")


@rule("RF07", "incomplete-reference", Severity.WARNING, precision="medium")
def incomplete_reference(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """A reference lacks what its kind of work needs: authors, title, year or source.

    ## What it does
    Tells from the entry's words what kind of work it cites (journal article,
    book, chapter, thesis, report, conference paper, software, dataset, web
    page) and reports what that kind cannot do without: an article needs
    authors, title, year and a source (journal, DOI or URL); a book, chapter,
    thesis or conference paper authors, title and year (its publisher,
    university or proceedings is its source); a report a title and year;
    software a title and a link or version; a dataset or web page a title and
    a link (a web page's site name, printed where an author would be, is its
    title). An article printed with its journal, volume and pages needs no
    title (physics styles leave it out): it can be found without one; nor does
    one "in press" need a year. Words of a title ("a software package for...")
    do not make an article software; an entry with only a title and a link is a
    web page.

    ## Why it matters
    An incomplete reference cannot be found or verified; it is also how
    fabricated references often look.

    ## Example
    `5. Cancer incidence in children. 2019.`

    ## Use instead
    ```
    5. Gurney JG, Severson RK, Davis S, et al. Incidence of cancer in children in
       the United States. Cancer. 1995;75(8):2186-95.
    ```
    """
    for reference in ms.references:
        kind = reference_kind(reference)
        missing = [need for need in _NEEDS[kind] if not _present(need, reference, kind)]
        if missing:
            yield Problem(
                f"reference {reference.position} has no {', '.join(missing)}"
                + (f" (a {kind})" if kind != "journal article" else ""),
                at_reference(reference, missing[0]),
                {"missing": missing, "kind": kind, "text": reference.raw},
                "complete the entry",
            )


@rule("RF08", "no-reference-list", Severity.WARNING, needs_manuscript=True)
def no_reference_list(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """No reference list could be found, or the one found is far shorter than the citations imply.

    ## What it does
    Reports a manuscript in which citeqa found no reference entry at all, naming the
    headings it considered (or why the text could not be read, as for a scanned PDF
    without a text layer). Also reports a numbered list far shorter than its citations
    need: fewer than half the entries of the highest number cited, five at least missing.
    When a PDF has several lists (a supplementary one), the one with the most entries is
    checked and the others are named, as information.

    ## Why it matters
    A checker that finds nothing to check must not look like one that found nothing
    wrong. A heading citeqa does not know, a list laid out as an image, or a list cut
    short by a layout it misread all leave references unchecked.

    ## Example
    A PDF whose reference section is headed "Literaturverzeichnis" in an image, or a
    text citing `[1]` to `[40]` whose list citeqa read as 12 entries.

    ## Use instead
    Give the list a heading of its own ("References") as text, one entry per paragraph;
    for a scanned PDF, run OCR first. Check the references citeqa did read with
    `citeqa fix FILE --to text`.
    """
    search = ms.reference_search
    cited = max((n for c in ms.citations for n in c.numbers), default=0)
    evidence = {
        "headings": list(search.headings) if search else [],
        "other_lists": list(search.others) if search else [],
        "found_by_shape": bool(search and search.by_shape),
        "highest_citation": cited or None,
        "citations": len(ms.citations),
    }
    if not ms.references:
        if search and search.problem:
            why = search.problem
        elif search and search.headings:
            why = f"no entries under the heading{'s' if len(search.headings) > 1 else ''} " + ", ".join(
                f"'{h}'" for h in search.headings
            )
        else:
            why = "no references heading, and no numbered list"
        cites = (
            f"; the text has {len(ms.citations)} citation{'s' if len(ms.citations) != 1 else ''}"
            if ms.citations
            else ""
        )
        fix = (
            "give the PDF a text layer (OCR) and check it again"
            if search and search.problem
            else "give the list a heading such as 'References' and one entry per paragraph,"
            " or check this file's references by hand"
        )
        yield Problem(
            f"no reference list found: {why}{cites}", search.location if search else Location(), evidence, fix
        )
        return
    if search and search.others:
        yield Problem(
            f"another reference list was seen and not checked: {'; '.join(search.others)}"
            f" (the one under '{search.heading}' was)",
            search.location,
            evidence,
            "check the other list by hand, or as a file of its own",
            severity=Severity.INFO,
        )
    numbered = [r for r in ms.references if r.label and r.label.isdigit()]
    if numbered and cited and len(ms.references) < cited / 2 and cited - len(ms.references) >= 5:
        yield Problem(
            f"the reference list found has {len(ms.references)} entries, but citations name numbers up to {cited}",
            search.location if search else at_reference(ms.references[0]),
            {**evidence, "references": len(ms.references)},
            "check that the whole list was read: a heading, column or page break may have cut it short",
        )
