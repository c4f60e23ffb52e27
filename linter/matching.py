"""Compare a reference with a Crossref work: field by field, and as a whole, in any style.

The record's values are looked for in the printed text, not only in the parsed
fields, so that the parser's boundaries matter little: the title is aligned word
by word (a word replaced or put in is a difference; case, markup, a left-out
subtitle, Greek letters spelled out and British spelling are not), the journal is
judged right after the title (full, short or ISO 4-abbreviated), the first
authors before it, and a number counts as different only where the record's value
is printed nowhere in the end matter. Candidate validation follows Crossref's
search-based matching with validation (Tkaczyk): a similarity over title, first
author, year (+-1 counts half), volume, issue and first page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache

from .compare import first_surname, fold, title_words
from .model import Reference
from .verification import FOUND, NOT_FOUND, Candidate, Verdict, Work, WorkAnswer

STOPWORDS = {"of", "the", "and", "for", "in", "on", "de", "la", "und", "der", "a", "an"}
# A search candidate is suggested only at or above this similarity; tuned on
# benchmarks/matching.py (see README): precision first, since a wrong DOI
# suggestion is worse than none.
MATCH_THRESHOLD = 0.72
# Below this title similarity, with another first author, a DOI names another work.
WRONG_WORK_TITLE = 0.5
TITLE_MISMATCH = 0.88


def title_similarity(mine: str | None, work: Work) -> float:
    if not mine or not work.title:
        return 0.0
    return max(_title_ratio(mine, t) for t in {work.title, work.full_title} if t)


@lru_cache(maxsize=1 << 12)
def _title_ratio(mine: str, theirs: str) -> float:
    """Memoised: a reference's title meets the same candidate in ranking, matching and the rules."""
    return SequenceMatcher(None, fold(mine), fold(theirs)).ratio()


# -- where the record's title stands in the printed reference --------------------------------


@dataclass(frozen=True)
class TitleAlignment:
    """The record's title aligned, word by word, with the printed reference (a local alignment,
    so that the parser's idea of where the title starts and ends does not matter)."""

    start: int  # first and last+1 word of the reference the title covers
    end: int
    covered: float  # share of the record's title words found in order
    changes: tuple[str, ...]  # words of the reference put in or for the record's ('+word', 'word->other', '-word')

    @property
    def found(self) -> bool:
        return self.covered >= 0.5


def _title_pieces(work: Work) -> list[list[str]]:
    """The record's title as word lists: title, subtitle, and the parts a colon or full stop
    separates, so that a left-out subtitle is no difference."""
    pieces = []
    for text in (work.title, work.subtitle):
        if text:
            pieces += [title_words(p) for p in re.split(r"(?<=\S)\s*(?:[:?!]|\.\s|\s[-–—]\s)\s*", text)]
    return [p for p in pieces if p]


def align_title(printed: list[str], work: Work) -> TitleAlignment | None:
    """The record's title found in the printed words. The title is taken as far as the reference
    prints it: with its subtitles while a good part of the last one is there, else without them."""
    pieces = _title_pieces(work)
    if not pieces or not printed:
        return None
    for count in range(len(pieces), 0, -1):
        last = len(pieces[count - 1])
        alignment, share = _align(printed, [w for piece in pieces[:count] for w in piece], last)
        if count == 1 or share >= 0.5 or (share >= 0.34 and share * last >= 2):
            return alignment
    return None  # unreachable: count == 1 returns


def _align(printed: list[str], title: list[str], last_piece: int) -> tuple[TitleAlignment, float]:
    """The alignment of one form of the title, and the share of its last piece's words found."""
    pairs = _local_alignment(printed, title)
    matched = [(i, j) for i, j in pairs if i is not None and j is not None and printed[i] == title[j]]
    if not matched:
        return TitleAlignment(0, 0, 0.0, ()), 0.0
    first_j, last_j = matched[0][1], matched[-1][1]
    changes = [f"-{w}" for w in title[:first_j]]  # the title's opening words, missing
    for i, j in pairs:
        if i is not None and j is not None:
            if printed[i] != title[j]:
                changes.append(f"{title[j]}->{printed[i]}")
        elif i is not None:
            changes.append(f"+{printed[i]}")
        elif j is not None:
            changes.append(f"-{title[j]}")
    changes += [f"-{w}" for w in title[last_j + 1 :]]  # and its closing words
    share = sum(1 for _, j in matched if j >= len(title) - last_piece) / last_piece
    alignment = TitleAlignment(matched[0][0], matched[-1][0] + 1, len(matched) / len(title), tuple(changes))
    return alignment, share


def _local_alignment(a: list[str], b: list[str]) -> list[tuple[int | None, int | None]]:
    """Smith-Waterman over words: the best-scoring stretch of `a` that spells `b`, as
    (index in a, index in b) pairs, None for a gap."""
    match, mismatch, gap = 2, -1, -1
    rows, cols = len(a) + 1, len(b) + 1
    score = [[0] * cols for _ in range(rows)]
    best, where = 0, (0, 0)
    for i in range(1, rows):
        row, above = score[i], score[i - 1]
        ai = a[i - 1]
        for j in range(1, cols):
            value = max(0, above[j - 1] + (match if ai == b[j - 1] else mismatch), above[j] + gap, row[j - 1] + gap)
            row[j] = value
            if value > best:
                best, where = value, (i, j)
    pairs: list[tuple[int | None, int | None]] = []
    i, j = where
    while i > 0 and j > 0 and score[i][j] > 0:
        value = score[i][j]
        if value == score[i - 1][j - 1] + (match if a[i - 1] == b[j - 1] else mismatch):
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif value == score[i - 1][j] + gap:
            pairs.append((i - 1, None))
            i -= 1
        else:
            pairs.append((None, j - 1))
            j -= 1
    pairs.reverse()
    return pairs


def printed_words(reference: Reference) -> list[str]:
    return title_words(printed_text(reference))


# -- authors ----------------------------------------------------------------------------------

PARTICLES = {
    "van",
    "von",
    "der",
    "den",
    "de",
    "la",
    "le",
    "da",
    "di",
    "du",
    "del",
    "della",
    "dos",
    "das",
    "ten",
    "ter",
    "bin",
    "al",
    "el",
    "y",
}


def _family_words(family: str) -> list[str]:
    words = title_words(family)
    core = [w for w in words if w not in PARTICLES]
    return core or words


def _position(words: list[str], wanted: list[str]) -> int | None:
    n = len(wanted)
    for i in range(len(words) - n + 1):
        if words[i : i + n] == wanted:
            return i
    return None


def author_problem(reference: Reference, work: Work, printed: list[str], title: TitleAlignment | None) -> str | None:
    """'first author' when the record's first author is not among the names printed before
    the title, 'author order' when the record's second author is printed before its first."""
    if not work.authors:
        return None
    if title is not None and title.found:
        names = printed[: title.start]
    else:
        names = title_words(" ".join(reference.fields.authors)) if reference.fields.authors else []
    if not names:
        return None
    first = _family_words(work.authors[0][0])
    at_first = _position(names, first)
    if at_first is None:
        # The parser may have cut the list short; the opening of the entry is where a first author stands.
        unlocated = title is None or not title.found
        return None if unlocated and _position(printed[:12], first) is not None else "first author"
    if len(work.authors) > 1:
        second = _family_words(work.authors[1][0])
        if second != first:
            at_second = _position(names, second)
            if at_second is not None and at_second < at_first:
                return "author order"
    return None


def same_first_author(reference: Reference, work: Work) -> bool | None:
    """The record's first author leads the reference (by the parsed name, or, for names the
    parser could not split, such as organisations, by the opening words)."""
    fields = reference.fields
    if not fields.authors or not work.authors:
        return None
    surname = first_surname(fields)
    family = fold(work.authors[0][0])
    if surname and (surname == family or surname in family.split() or family in surname.split()):
        return True
    return bool(family) and f" {family} " in f" {fold(reference.raw[:120])} "


# -- numbers ----------------------------------------------------------------------------------


def pages(text: str | None) -> tuple[str, str | None]:
    """(first, last) page with abbreviated ranges expanded: '1238-48' -> ('1238', '1248'),
    'S155-6' -> ('s155', 's156')."""
    if not text:
        return "", None
    parts = [p.strip().lower() for p in re.split(r"[-‐‑–—]", text) if p.strip()]
    first = parts[0].lstrip("0") or parts[0] if parts else ""
    if len(parts) < 2:
        return first, None
    last = parts[1]
    shape = re.match(r"^([a-z]*)(\d*)", first)  # always matches, perhaps empty
    head, digits = shape.groups() if shape else ("", "")
    if digits and last.isdigit() and len(last) <= len(digits):
        last = head + digits[: len(digits) - len(last)] + last
    return first, last.lstrip("0") or last


def _same_last_page(mine: str, raw: str, theirs: str | None) -> bool:
    """An abbreviated last page is the end of the full one ('1–2' for 1–12 in some styles' minimal
    form); only a last page that cannot be an abbreviation of the record's is different."""
    if theirs is None or mine == theirs:
        return True
    printed = re.split(r"[-‐‑–—]", raw)[-1].strip().lower()
    return bool(printed) and theirs.endswith(printed)


def _number_words(text: str | None) -> list[str]:
    return [w.lstrip("0") or w for w in fold(text or "").split()]


def _printed_number(value: str | None, words: list[str]) -> bool:
    """The record's number stands as a word of its own in the reference's end matter."""
    wanted = _number_words(value)
    return bool(wanted) and _position(words, wanted) is not None


# -- journals ---------------------------------------------------------------------------------


def journal_matches(mine: str | None, work: Work) -> bool | None:
    names = [n for n in (work.container, work.short_container) if n]
    if not mine or not names:
        return None
    return any(_abbreviates(mine, name) for name in names)


def _abbreviates(short: str, full: str) -> bool:
    """'J Natl Compr Canc Netw' abbreviates 'Journal of the National Comprehensive Cancer Network'
    the ISO 4 way: each word a shortened word of the title in order ('Proc Natl Acad Sci USA'),
    articles and prepositions dropped, initials for several words."""
    return _abbreviation([w for w in fold(short).split()], [w for w in fold(full).split()])


def _abbreviation(a: list[str], b: list[str]) -> bool:
    if not a or not b:
        return False

    @cache
    def fits(i: int, j: int) -> bool:
        if i == len(a):
            return all(w in STOPWORDS for w in b[j:])
        if j == len(b):
            return False
        if b[j] in STOPWORDS and fits(i, j + 1):
            return True
        word = a[i]
        if word[0] == b[j][0] and _subsequence(word, b[j]) and fits(i + 1, j + 1):
            return True
        if len(word) >= 2 and word.isalpha():  # "usa" for "united states (of) america"
            k, letters = j, 0
            while k < len(b) and letters < len(word):
                if b[k] in STOPWORDS and b[k][0] != word[letters]:
                    k += 1
                    continue
                if b[k][0] != word[letters]:
                    break
                letters, k = letters + 1, k + 1
            if letters == len(word) and k - j > 1 and fits(i + 1, k):
                return True
        return False

    return fits(0, 0)


def _subsequence(short: str, full: str) -> bool:
    letters = iter(full)
    return all(c in letters for c in short)


def _journal_after_title(words: list[str], work: Work) -> bool:
    """The words after the title begin with the record's journal, full or abbreviated."""
    for name in (work.container, work.short_container):
        if not name:
            continue
        wanted = title_words(name)
        for size in range(1, min(len(words), len(wanted) + 2) + 1):
            if _abbreviation(words[:size], wanted):
                return True
    return False


def _leading_words(words: list[str]) -> list[str]:
    """The words before the first number: the journal's name, where one is printed."""
    lead = []
    for word in words:
        if any(c.isdigit() for c in word):
            break
        lead.append(word)
    return [w for w in lead if w not in {"vol", "no", "pp", "p", "in", "press"}]


def _same_number(mine: str | None, theirs: str | None) -> bool | None:
    if not mine or not theirs:
        return None
    return fold(mine).replace(" ", "").lstrip("0") == fold(theirs).replace(" ", "").lstrip("0")


def printed_text(reference: Reference) -> str:
    """The reference as printed, less its DOI and URLs (a DOI like 10.1001/jama... names no journal)."""
    text = reference.raw
    for noise in (reference.fields.doi_text, *reference.fields.urls):
        if noise:
            text = text.replace(noise, " ")
    return text


def _printed_in(reference: Reference, *texts: str | None) -> bool:
    """One of the texts stands whole in the reference, wherever the parser put its boundaries."""
    raw = f" {fold(printed_text(reference))} "
    return any(text and fold(text) and f" {fold(text)} " in raw for text in texts)


YEAR_WORD = re.compile(r"^(1[89]\d\d|20[0-3]\d)[a-z]?$")


_DIFFERENCES: dict[tuple, tuple[Work, dict[str, dict[str, str]]]] = {}


def differences(reference: Reference, work: Work) -> dict[str, dict[str, str]]:
    """The fields of a reference that disagree with its work's record: {field: {manuscript, crossref}}.
    Remembered per entry (its text and fields) and record: a shared bibliography's entry, cited
    the same way by many manuscripts of a run, is compared with its record once."""
    key = (reference.raw, reference.fields, id(work))
    known = _DIFFERENCES.get(key)
    if known is None or known[0] is not work:  # an id is unique only while its record lives: kept with it
        if len(_DIFFERENCES) >= 1 << 14:
            _DIFFERENCES.clear()
        known = _DIFFERENCES[key] = (work, _differences(reference, work))
    return {name: dict(values) for name, values in known[1].items()}


def _differences(reference: Reference, work: Work) -> dict[str, dict[str, str]]:
    """differences(), computed.

    Each field is judged on the printed text as well as on the parsed fields, so that
    the parser's boundaries matter little: a value is different when the parsed
    field differs and the record's value is not printed where that field stands.
    """
    fields = reference.fields
    found: dict[str, dict[str, str]] = {}

    def differ(name: str, mine, theirs) -> None:
        found[name] = {"manuscript": str(mine), "crossref": str(theirs)}

    printed = printed_words(reference)
    title = align_title(printed, work)
    located = title if title is not None and title.found else None
    # The end matter: after the title where it was found, else everything.
    tail = printed[located.end :] if located else printed
    outside_title = printed[: located.start] + tail if located else printed
    numbers = [w.lstrip("0") or w for w in tail]
    before_title = printed[: located.start] if located else []
    if (
        fields.year
        and str(fields.year) in numbers
        and str(fields.year) != fields.volume
        and str(fields.year) not in before_title
    ):
        numbers.remove(
            str(fields.year)
        )  # the year printed among the numbers is no volume (Hindawi's volumes are years)

    record_pages = {p for text in (work.page, work.article_number) for p in pages(text) if p}
    year = fields.year if fields.year and str(fields.year) not in record_pages else None  # a page read as a year
    years = [int(w[:4]) for w in outside_title if YEAR_WORD.match(w) and w not in record_pages]
    for number in (fields.volume, fields.issue):  # Hindawi's volumes are years: "2011;2011:1-10"
        if year in years and number and number.isdigit() and int(number) in years and int(number) != year:
            years.remove(int(number))
    if work.years and (year or years) and not ({year, *years} & set(work.years)):
        differ("year", year or min(years), work.year)
    # A parsed number that is not among the end matter's words was read from the title: no number.
    volume, issue, page_range = (
        v if v and _printed_number(v, numbers) else None for v in (fields.volume, fields.issue, fields.pages)
    )
    if issue and issue.isdigit() and int(issue) in work.years:
        issue = None  # "(2003)": a year in brackets, read as an issue
    if _same_number(volume, work.volume) is False and not _printed_number(work.volume, numbers):
        differ("volume", volume, work.volume)
    if _same_number(issue, work.issue) is False and not _printed_number(work.issue, numbers):
        differ("issue", issue, work.issue)
    if page_range and (work.page or work.article_number):
        mine_first, mine_last = pages(page_range)
        theirs = [pages(p) for p in (work.page, work.article_number) if p]
        first_ok = any(mine_first == t[0] for t in theirs) or any(
            t[0] and _printed_number(t[0], numbers) for t in theirs
        )
        last_ok = mine_last is None or any(
            _same_last_page(mine_last, page_range, t[1]) or _printed_number(t[1], numbers) for t in theirs
        )
        if not (first_ok and last_ok):
            differ("pages", fields.pages, work.page or work.article_number)
    for name, value in _unexplained_numbers(tail, work, volume, page_range).items():
        if name not in found:
            differ(name, value, work.volume if name == "volume" else work.page or work.article_number)
    if located and located.changes:
        usable = fields.title and title_similarity(fields.title, work) >= WRONG_WORK_TITLE
        differ("title", fields.title if usable else _printed_title(printed, located), work.full_title)
        found["title"]["changes"] = ", ".join(located.changes)  # 'wealth->income', '+young', '-word
    elif (
        not located
        and fields.title
        and work.title
        and title_similarity(fields.title, work) < TITLE_MISMATCH
        and not _printed_in(reference, work.title, work.full_title)
    ):
        differ("title", fields.title, work.full_title)
    if located:
        # Every style prints the journal right after the title: judged there, never anywhere in the entry.
        printed_journal = _leading_words(tail)
        if printed_journal and not _journal_after_title(tail, work) and not journal_matches(fields.container, work):
            differ("journal", fields.container or " ".join(printed_journal), work.short_container or work.container)
    elif journal_matches(fields.container, work) is False:
        differ("journal", fields.container, work.short_container or work.container)
    problem = author_problem(reference, work, printed, title)
    if problem:
        count = 1 if problem == "first author" else 2
        mine = ", ".join(fields.authors[:count]) if fields.authors else reference.raw[:40]
        recorded = ", ".join(" ".join(reversed(a)).strip() for a in work.authors[:count])
        differ(problem, mine, recorded)
    return found


def _unexplained_numbers(tail: list[str], work: Work, volume: str | None, page_range: str | None) -> dict[str, str]:
    """Where the parser read no volume or pages: a number of the end matter that no value of the
    record explains, beside a record volume or first page printed nowhere, is that field, wrong.
    ("Nature 60, 63 (1948)" for volume 57: 60 is unexplained and 57 is not printed.)"""
    if (volume and page_range) or not work.volume:
        return {}
    record_pages = [pages(p) for p in (work.page, work.article_number) if p]
    known = {*(str(y) for y in work.years), *_number_words(work.volume), *_number_words(work.issue)}
    known |= {p for first_last in record_pages for p in first_last if p}
    numbers = [w.lstrip("0") or w for w in tail if any(c.isdigit() for c in w)]
    lasts = [last for _, last in record_pages if last]

    def explained(word: str) -> bool:
        return word in known or any(last.endswith(word) for last in lasts) or bool(YEAR_WORD.match(word))

    unexplained = [w for w in numbers if not explained(w)]
    if not unexplained:
        return {}
    missing_volume = not volume and not _printed_number(work.volume, numbers)
    missing_page = (
        not page_range and bool(record_pages) and not any(first and first in numbers for first, _ in record_pages)
    )
    if missing_volume and not missing_page:
        return {"volume": unexplained[0]}
    if missing_page and not missing_volume:
        return {"pages": unexplained[0]}
    return {}


def _printed_title(printed: list[str], title: TitleAlignment) -> str:
    """The title's words as the reference prints them (folded), where the parser found no title."""
    return " ".join(printed[title.start : title.end])


def title_coverage(reference: Reference, work: Work) -> float:
    alignment = align_title(printed_words(reference), work)
    return alignment.covered if alignment else 0.0


def is_other_work(reference: Reference, work: Work) -> bool:
    """The record is of another work: its title is not in the reference, and not the same
    first author and year."""
    fields = reference.fields
    if not fields.title or not work.title:
        return False
    if title_coverage(reference, work) >= WRONG_WORK_TITLE or title_similarity(fields.title, work) >= WRONG_WORK_TITLE:
        return False
    if _printed_in(reference, work.title):
        return False
    author = same_first_author(reference, work)
    year = fields.year in work.years if fields.year and work.years else None
    return not (author and year)


def verdict(reference: Reference, answer: WorkAnswer | None) -> Verdict:
    """The one judgement of a reference against its DOI's answer, made when the answers are built
    (linter/crossref/lookups.py) and read from ReferenceAnswers.verdict everywhere else."""
    if answer is None:
        return Verdict.NO_DOI
    if answer.status == FOUND and answer.work is not None:
        return Verdict.OTHER_WORK if is_other_work(reference, answer.work) else Verdict.SAME_WORK
    if answer.status == NOT_FOUND and answer.registered is not None:
        return Verdict.NO_RECORD
    return Verdict.NOT_CHECKED


def similarity(reference: Reference, work: Work) -> float:
    """How well a search candidate fits the reference, 0..1, over the fields both have."""
    fields = reference.fields
    raw_words = set(fold(printed_text(reference)).split())
    scores: list[tuple[float, float]] = []  # (weight, score)
    alignment = align_title(printed_words(reference), work)
    if alignment is not None and (alignment.found or _has_title(reference)):
        # Each word put in or changed costs a fifth: a near-duplicate (a similar title in the
        # same journal) must not pass for the work.
        scores.append((3.0, max(0.0, alignment.covered - 0.2 * len(alignment.changes))))
    else:  # a short form ("Cho SI, et al. PLoS One 2019;14:e0213475"): the journal must match instead
        journal = journal_matches(fields.container or fields.title, work) or _printed_in(
            reference, work.container, work.short_container
        )
        scores.append((1.0, 1.0 if journal else 0.0))
    if work.authors:
        family = fold(work.authors[0][0]).split()
        scores.append((1.0, 1.0 if family and all(w in raw_words for w in family) else 0.0))
    if fields.year and work.years:
        gap = min(abs(fields.year - y) for y in work.years)
        scores.append((1.0, 1.0 if gap == 0 else 0.5 if gap == 1 else 0.0))
    for mine, theirs in ((fields.volume, work.volume), (fields.issue, work.issue)):
        same = _same_number(mine, theirs)
        if same is not None:
            scores.append((0.5, 1.0 if same else 0.0))
    first_page = pages(work.page or work.article_number)[0]
    if first_page:
        scores.append((1.0, 1.0 if first_page in raw_words else 0.0))
    total = sum(w for w, _ in scores)
    return sum(w * s for w, s in scores) / total if total else 0.0


def _has_title(reference: Reference) -> bool:
    """Whether the reference prints a title at all: short forms give authors, journal and numbers only."""
    fields = reference.fields
    return bool(fields.title) and bool(fields.container) and len(fold(fields.title).split()) >= 3


def rank(reference: Reference, works: list[tuple[Work, float | None]]) -> list[Candidate]:
    ranked = [Candidate(work, round(similarity(reference, work), 3), relevance) for work, relevance in works]
    return sorted(ranked, key=lambda c: c.similarity, reverse=True)
