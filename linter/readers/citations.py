"""In-text citations of a manuscript's body, resolved against its reference list.

Two families, chosen by the reference list (numbered when half its entries or more carry
a label; else the family whose citations name more of its entries):
- numeric: "[3]", "[3-5, 8]", "ref. 12", and "(16)", "(3, 5–7)" where
  parentheses are how the text cites (more of them than of brackets) and every number is
  one of the list's; a group glued to a word ("state[764]", "a[12]", "f(2)") is code or
  maths, and a bracketed year ("[2019]") is not a label;
- author-year: "(Smith et al., 2020; Lee 2019a)", "Smith and Doe
  (2020)", "(van der Berg & Müller, 2019, p. 4)", each work matched to the entry whose
  author part begins with (or names) the cited family name and whose year is the cited one.
  The citation carries the works as keys ("Smith 2020") and the matched entries' numbers,
  so RF02 reports the keys that name no entry and RF03 the entries never matched.
Superscript citations need the PDF's font geometry; the PDF reader finds those.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from ..compare import fold
from ..model import Citation, Location, Reference
from .layout import Line
from .reference_crf import MONTHS

MAX_RANGE = 200  # [1-9999] is a typo, not a citation of thousands of works
NUMBERS = r"\d+(?:\s*[-–—,;]\s*\d+)*"
BRACKETED = re.compile(rf"\[\s*({NUMBERS})\s*\](?:\s*[-–—]\s*\[\s*(\d+)\s*\])?")  # IEEE's "[1]–[3]" is a range
PARENTHESISED = re.compile(rf"\(\s*({NUMBERS})\s*\)")
NAMED = re.compile(
    rf"\b(?:[Rr]efs?\.|[Rr]eferences?)[ \t]*\n?[ \t]*({NUMBERS})\b(?!\.\s+[A-Z])"
)  # "see ref. 12", not "References\n1. Ott"
# Words before "(3)" that make it an equation, figure part, step or list item, not a citation ("group (3)" is
# a group's number, "in both groups (140)" cites).
NOT_CITING = re.compile(
    r"(?:eqs?|equations?|fig|figs|figures?|tables?|steps?|sections?|chapters?|formulas?|model|hypothesis|stage|"
    r"lines?|pages?|items?|criteri(?:on|a)|conditions?|case|type|group|phase|rule|parts?|no|nos|nr|see)\.?\s*$",
    re.IGNORECASE,
)

_UPPER = "".join(chr(c) for c in range(0x41, 0x250) if chr(c).isupper())
UPPER = f"[{re.escape(_UPPER)}]"
PARTICLE = (
    r"(?:[vV]an|[vV]on|[dD]e[rn]?|[dD]el|[dD]ella|[dD]i|[dD]a|[dD]os|[dD]as|[dD]u|[lL]a|[lL]e|[tT]e[rn]"
    r"|[dD]'|[oO]'|[aA]l-|[eE]l-|[bB]in|[iI]bn|St\.?)"
)
NAME = rf"(?:{PARTICLE}\s*)*{UPPER}(?:[\w'’\-]|\u00ad\s*)*"  # a soft hyphen may break a name over a line
# A cited family name, or an organisation or multi-word name inside parentheses.
ONE_NAME = rf"{NAME}"
NAME_PHRASE = rf"{NAME}(?:\s+{NAME}){{0,4}}(?:(?<=Inc)\.|(?<=Ltd)\.|(?<=Co)\.|(?<=Corp)\.)?"  # "(Google Inc., 2021)"
JOIN = r"(?:\s*,\s*|\s*,?\s+(?:and|&|e|y|und|et)\s+|\s+&\s+)"
ET_AL = r"(?:\s*,?\s+(?:et\.?\s*al(?:\.|ii)?|(?:and|&)\s+(?:colleagues|others|co-?workers|contributors)))"
IN_PRESS = r"[Ii]n\s+[Pp]ress|[Nn]o\s+prelo|[Ee]n\s+prensa|forthcoming"
YEAR = rf"(?:(?:1[6-9]\d\d|20\d\d)[a-z]?(?![\w+]|\.\d|\s*[×x]\s*\d)|n\.\s?d\.|{IN_PRESS})"
YEARS = rf"(?:{YEAR})(?:\s*,\s*(?:{YEAR}|[a-z](?![\w.])))*"
LOCATOR = r"(?:\s*[,:]\s*(?:p|pp|chap|ch|sec|fig|table)\.?\s*[\w–-]+)?"
PARENTHETICAL_WORK = re.compile(
    rf"(?P<authors>{NAME_PHRASE}(?:{JOIN}{NAME_PHRASE})*){ET_AL}?\s*,?\s+(?P<years>{YEARS}){LOCATOR}"
)
# "(team, 2020)", "(scikit-learn developers, 2011)": a name printed in lower case, as its entry prints it (taken
# only when an entry of that year begins with it: in prose, lower-case words before a year are rarely names)
LOWER_CASE_WORK = re.compile(
    rf"^\s*(?P<authors>[^\W\d_][\w\-]*(?:\s+[^\W\d_][\w\-]*){{0,3}})\s*,?\s+(?P<years>{YEARS})\s*$"
)
NARRATIVE = re.compile(
    rf"(?P<authors>{ONE_NAME}(?:{JOIN}{ONE_NAME})*){ET_AL}?(?:['’]s)?\s*\(\s*(?P<years>{YEARS}){LOCATOR}\s*\)"
)
HYPHENATED = re.compile(r"(\w)(?:-\s*\n|\u00ad)\s*([a-z])")  # "Pushpanga-\ndan", a soft hyphen
SECONDARY = re.compile(r",?\s+(?:in|apud|cited in|citado por|citado en)\s+(?=[A-Z])")  # "Walker 1858, in James 1970"
BINOMIAL = re.compile(
    r"\b(?P<genus>[A-Z][a-z]*)\.?\s+(?:\([A-Z][a-z]+\)\s+)?[a-z]{3,}(?:\s+[a-z]{3,})?\s*$"
)  # genus, species
PARENTHESES = re.compile(r"\(([^()]{4,500})\)")
BRACKETS = re.compile(r"\[((?:[^\[\]()]|\([^()]*\)){4,500})\]")  # "[e.g. ...; Lima et al. 2012]"
# A gloss in brackets after a name: a corporate author's acronym ("Clinical and Laboratory Standards Institute [CLSI],
# 2008"), a pseudonym's bearer ("“Student” [W.S. Gosset] 1914"), a first edition's year ("Freud [1900] 1953").
GLOSS = re.compile(r"\s*\[[^\[\]()]{1,40}\](?=\s*,?\s*\d)")
QUOTED_NAME = re.compile(r"[“\"]([^\W\d_][\w\-]*)[”\"]")  # a pseudonym in quotes: "“Student”"
CITED_ACRONYM = re.compile(r"[A-Z]{2,8}")  # a corporate author cited by its initials
NESTED = re.compile(r"\([^()]*\)")  # a group inside brackets is read on its own
YEAR_ONLY = re.compile(rf"^\s*(?P<years>{YEARS}){LOCATOR}\s*$")
ONE_YEAR = re.compile(rf"{YEAR}")
REFERENCE_YEAR = re.compile(rf"(?<![\d/.])((?:1[6-9]\d\d|20\d\d)([a-z])?|n\.\s?d\.|{IN_PRESS})(?![\d])")
# Capitalised words that stand before "(2020)" in prose without being anybody's name.
NOT_NAMES = {
    "in",
    "the",
    "see",
    "since",
    "until",
    "from",
    "by",
    "on",
    "at",
    "for",
    "and",
    "or",
    "but",
    "as",
    "of",
    "to",
    "with",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "it",
    "we",
    "our",
    "their",
    "its",
    "his",
    "her",
    "also",
    "e",
    "i",
    *MONTHS,  # months and seasons: "(May 2019)" names no author
    "year",
    "years",
    "fig",
    "figure",
    "table",
    "section",
    "chapter",
    "appendix",
    "version",
    "release",
    "edition",
    "vol",
    "volume",
    "issue",
    "no",
    "census",
    "survey",
    "report",
    "data",
    "ii",
    "iii",
    "iv",
    "de",
    "la",
    "le",
    "el",
    "en",
    "em",
    "do",
    "da",
    "del",
    "los",
    "las",
    "um",
    "una",
    "et",
    "al",
}


@dataclass(frozen=True)
class _Work:
    """A reference's author part and year, as an author-year citation names it."""

    number: int
    text: str  # the author part as printed
    authors: str  # folded, no spaces: "van der Berg, J. (" -> "vanderbergj"
    words: frozenset[str]
    years: frozenset[str]  # the first year printed, and the year the field parser read
    suffix: str | None


def find(lines: Sequence[Line], references: Sequence[Reference]) -> list[Citation]:
    """The body's citations, in the style the reference list implies."""
    text = "\n".join(line.text for line in lines)
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line.text) + 1

    def at(index: int) -> Location:
        row = bisect.bisect_right(starts, index) - 1
        return Location(line=lines[row].number, column=index - starts[row] + 1)

    numbered = 2 * sum(1 for r in references if r.label) >= len(references) > 0  # a stray number opens an entry or two
    if references and not numbered:  # author-year, unless numbers name more of the entries (labels lost)
        by_name, by_number = author_year(text, references, at), numeric(text, references, at)
        known = {r.number for r in references}
        covered = lambda found: len({n for c in found for n in c.numbers} & known)  # noqa: E731
        return by_name if by_name and covered(by_name) >= covered(by_number) else by_number
    return numeric(text, references, at) or ([] if numbered else author_year(text, references, at))


def numeric(text: str, references: Sequence[Reference], at) -> list[Citation]:
    """Bracketed groups; parenthesised ones where the text cites that way and the numbers are the list's."""
    known = {r.number for r in references}
    limit = max(999, 2 * max(known, default=0))
    brackets = [
        (m, n)
        for m in BRACKETED.finditer(text)
        if not _glued(text, m.start()) and (n := expand(m.group(1) + (f"-{m.group(2)}" if m.group(2) else ""), limit))
    ]
    parens = [
        (m, n)
        for m in PARENTHESISED.finditer(text)
        if known
        and not _glued(text, m.start())
        and not NOT_CITING.search(text[max(0, m.start() - 20) : m.start()])
        and not _list_item(text, m.start(), m.end())
        and (n := expand(m.group(1), limit))
        and set(n) <= known
    ]
    chosen = parens if len(parens) > len([1 for _, n in brackets if set(n) <= known]) else brackets
    named = [(m, n) for m in NAMED.finditer(text) if (n := expand(m.group(1), limit)) and set(n) <= known]
    chosen = sorted(chosen + named, key=lambda found: found[0].start())
    return [Citation(tuple(numbers), " ".join(m.group(0).split()), at(m.start())) for m, numbers in chosen]


def _glued(text: str, start: int) -> bool:
    """'state[764]', 'a[12]', 'f(2)', 'x)[3]': an index or argument, not a citation."""
    before = text[start - 1] if start else " "
    return before.isalnum() or before in "_)]"


def _list_item(text: str, start: int, end: int) -> bool:
    """'(1) First, ...' opening a line is a list item, and '(32)' alone a table cell; '(3). Various',
    '(73)) and' and '(8,9) forms' are citations wrapped to the line's start (an item has one number)."""
    opens_line = not text[text.rfind("\n", 0, start) + 1 : start].strip()
    one_number = not re.search(r"[-–—,;]", text[start:end])
    return opens_line and one_number and not re.match(r"[ \t]*[.,;:)\]]", text[end : end + 3])


def expand(inner: str, limit: int = 999) -> list[int]:
    """'3-5, 8' -> [3, 4, 5, 8]; nothing when a number is 0 or above `limit`."""
    numbers: list[int] = []
    for part in re.split(r"[,;]", inner):
        bounds = [int(n) for n in re.findall(r"\d+", part)]
        if len(bounds) == 2 and 0 < bounds[1] - bounds[0] <= MAX_RANGE:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        else:
            numbers.extend(bounds)
    if not numbers or any(n <= 0 or n > limit for n in numbers):
        return []  # [0, 1] is an interval, [2019] a year
    return numbers


def author_year(text: str, references: Sequence[Reference], at) -> list[Citation]:
    """Parenthetical groups and narrative citations, each work resolved to its entries."""
    works = _works(references)
    found: list[tuple[int, str, list[tuple[str, str]]]] = []  # (offset, raw, [(names, year)])
    taken: list[tuple[int, int]] = []
    groups = [(m, m.group(1)) for m in PARENTHESES.finditer(text)]
    spans = [m.span() for m, _ in groups]
    groups += [
        (m, NESTED.sub(" ", m.group(1)))
        for m in BRACKETS.finditer(text)
        if not any(a < m.start() and m.end() < b for a, b in spans)  # "(... [Driggers et al., 2001])" is read once
    ]
    for group, inner in groups:
        cited = _parenthetical(HYPHENATED.sub(r"\1\2", inner), works)
        binomial = BINOMIAL.search(text, max(0, group.start() - 60), group.start())
        if binomial and binomial.group("genus").lower() not in NOT_NAMES and len(cited) == 1 and "et al" not in inner:
            # "Rhinella marina (Linnaeus, 1758)": a species' authority, unless the list has the work
            cited = [(names, year) for names, year in cited if _resolve(names, year, works)]
        if cited:
            found.append((group.start(), group.group(0), cited))
            taken.append(group.span())
    for match in NARRATIVE.finditer(text):
        if any(a <= match.end() - 1 < b for a, b in taken):
            continue  # "(see Smith (2020))" is already part of a group
        years = _years(match.group("years"))
        offset, names = _first_author(match.group("authors"), years, works, narrative=True)
        if names:
            start = match.start("authors") + offset
            found.append((start, text[start : match.end()], [(names, y) for y in years]))
    citations = []
    for start, raw, cited in sorted(found, key=lambda f: f[0]):
        keys, numbers, unresolved = [], [], []
        for names, year in cited:
            key = f"{names} {year}"
            matched = _resolve(names, year, works)
            keys.append(key)
            numbers += [n for n in matched if n not in numbers]
            if not matched:
                unresolved.append(key)
        raw = " ".join(re.sub(r"\u00ad\s*", "", raw).split())
        citations.append(Citation(tuple(numbers), raw, at(start), tuple(keys), tuple(unresolved), author_year=True))
    return citations


def _parenthetical(inner: str, works: list[_Work]) -> list[tuple[str, str]]:
    """'Smith et al., 2020; Lee 2019a, b' -> [('Smith', '2020'), ('Lee', '2019a'), ('Lee', '2019b')]."""
    cited: list[tuple[str, str]] = []
    last = None
    for part in re.split(r";", inner):
        part = SECONDARY.split(part)[-1]  # the work cited is the one that cites the other
        part = QUOTED_NAME.sub(r"\1", GLOSS.sub("", part))
        matches = list(PARENTHETICAL_WORK.finditer(part))
        if not matches:
            only, lower = YEAR_ONLY.match(part), LOWER_CASE_WORK.match(part)
            if only and last:
                cited += [(last, y) for y in _years(only.group("years"))]
            elif lower and all(_begins(lower.group("authors"), y, works) for y in _years(lower.group("years"))):
                cited += [(lower.group("authors"), y) for y in _years(lower.group("years"))]
            continue
        for match in matches:
            years = _years(match.group("years"))
            _, names = _first_author(match.group("authors"), years, works, narrative=False)
            if names and _authority(part[: match.start()], match.group(0)) and not _resolve(names, years[0], works):
                continue  # "[e.g. Leptodactylus paraenesis Heyer, 2005; ...]": a species' authority
            if names:
                cited += [(names, y) for y in years]
                last = names
    return cited


def _authority(before: str, work: str) -> bool:
    """Whether a name and year follow a species' binomial, as its authority does ("Rhinella marina Linnaeus, 1758")."""
    binomial = BINOMIAL.search(before)
    return binomial is not None and binomial.group("genus").lower() not in NOT_NAMES and "et al" not in work


def _first_author(authors: str, years: list[str], works: list[_Work], narrative: bool) -> tuple[int, str | None]:
    """Where the author list of 'Later, Smith and Doe (2020)' or '(MADS, Audet & Dennis, 2006)' begins,
    and its first name.

    A capitalised word or an acronym and a comma may stand before the names: the first
    comma-separated start whose name matches an entry of that year wins; else the last one
    in prose (the sentence's first word), the first one in parentheses.
    """
    starts = [0] + [m.end() for m in re.finditer(r",\s*", authors)]
    choices = [(start, _names(authors[start:], narrative)) for start in starts]
    named = [(start, names) for start, names in choices if names]
    for start, names in named:
        if any(_resolve(names, year, works) for year in years):
            return start, names
    if not named:
        return 0, None
    return named[-1] if narrative else named[0]


def _names(authors: str, narrative: bool) -> str | None:
    """The first author's family name as cited, or None when it is no name ('In', 'March')."""
    first = re.sub(
        r"['’]s$", "", re.split(JOIN, re.sub(r"\u00ad\s*", "", authors).strip())[0].strip()
    )  # "Nei’s (1973)"
    words = first.split()
    while words and words[0].lower().strip(".") in NOT_NAMES and not re.fullmatch(PARTICLE, words[0]):
        words = words[1:]  # "In Smith" -> "Smith"
    if not words or (len(words) == 1 and words[0].lower().strip(".'’") in NOT_NAMES):
        return None
    name = " ".join(words)
    if narrative and len(name.replace(" ", "")) < 2:
        return None
    return name


def _years(years: str) -> list[str]:
    """'2019a, b, 2020' -> ['2019a', '2019b', '2020']."""
    found: list[str] = []
    for part in re.split(r"\s*,\s*", years.strip()):
        part = " ".join(part.split())
        if re.fullmatch(r"[a-z]", part) and found:
            found.append(found[-1][:4] + part)
        elif ONE_YEAR.fullmatch(part):
            found.append(part)
    return found


# Letters that Unicode does not decompose, spelt as authors write them without the letter: "Hobæk" is "Hobaek".
LETTERS = str.maketrans(
    {
        "æ": "ae",
        "Æ": "Ae",
        "ø": "o",
        "Ø": "O",
        "œ": "oe",
        "Œ": "Oe",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
        "þ": "th",
        "Þ": "Th",
    }
)


def _fold(text: str) -> str:
    return fold(text.translate(LETTERS))


def _plain(text: str) -> str:
    """Folded with the spaces taken out: 'van der Berg, J.' -> 'vanderbergj'."""
    return _fold(text).replace(" ", "")


def _undated(year: str) -> str:
    """'in press', 'In press', 'no prelo', 'en prensa' are one year; 'n.d.' another."""
    plain = _plain(year)
    return "inpress" if plain in ("inpress", "noprelo", "enprensa", "forthcoming") else plain


def _works(references: Sequence[Reference]) -> list[_Work]:
    """Each entry's author part and year; '———.' (the same authors again) takes the previous entry's."""
    works: list[_Work] = []
    for reference in references:
        raw = reference.raw
        if reference.label:
            raw = re.sub(r"^\s*\[?\s*\d+\s*[\].)]?\s*", "", raw)
        year = REFERENCE_YEAR.search(raw)
        authors = raw[: year.start()] if year else raw[:80]
        if works and re.match(r"\s*[—–_-]{2,}", authors):
            authors = works[-1].text
        years, suffix = set(), None
        if year:
            value = year.group(1).replace(" ", "")
            years, suffix = ({value[:4]}, year.group(2)) if value[:4].isdigit() else ({_undated(value)}, None)
        if reference.fields.year:  # "Loefer JK: Life history ... 1979-1984. Fish Bull. 2003": the parser knows better
            years.add(str(reference.fields.year))
        works.append(
            _Work(
                reference.number, authors, _plain(authors), frozenset(_fold(authors).split()), frozenset(years), suffix
            )
        )
    return works


def _begins(names: str, year: str, works: list[_Work]) -> bool:
    """Whether an entry of that year begins with these very words (no looser match)."""
    start, base = _plain(names), year[:4] if year[:4].isdigit() else _undated(year)
    return bool(start) and any(w.authors.startswith(start) and base in w.years for w in works)


def _abbreviates(acronym: str, authors: str) -> bool:
    """Whether a corporate author is cited by its acronym: printed in the entry ("Instituto Brasileiro de Geografia
    e Estatística - IBGE") or made of its capitalised words' initials ("United States Pharmacopeial Convention" for
    USP, one word more allowed: "Convention" is often left out)."""
    if re.search(rf"(?<!\w){acronym}(?!\w)", authors):
        return True
    initials = "".join(word[0] for word in re.findall(r"[^\W\d_]{2,}", authors) if word[0].isupper())
    return initials.startswith(acronym) and len(initials) <= len(acronym) + 1


def _resolve(names: str, year: str, works: list[_Work]) -> list[int]:
    """Numbers of the entries a cited first author and year name; the a/b suffix picks among them."""
    base, suffix = (year[:4], year[4:] or None) if year[:4].isdigit() else (_undated(year), None)
    words = names.split()
    tries = [_plain(" ".join(words[i:])) for i in range(len(words))]  # "In Smith" -> "insmith", "smith"
    same_year = [w for w in works if base in w.years]
    candidates = [w for w in same_year if any(t and w.authors.startswith(t) for t in tries)]
    if not candidates:  # "Berg, J. van der" cited as "van der Berg"; a second author cited first
        last = _plain(words[-1]) if words else ""
        candidates = [w for w in same_year if last and (last in w.words or w.authors.startswith(last))]
    if not candidates and len(tries[0]) >= 6:  # one letter lost or changed: "Rodíguez" printed for Rodríguez
        n = len(tries[0])
        candidates = [
            w for w in same_year if min(Levenshtein.distance(tries[0], w.authors[:k]) for k in (n - 1, n, n + 1)) <= 1
        ]
    if not candidates and CITED_ACRONYM.fullmatch(names):  # "(USP 2007)", "(WHO, 2021)", "(IBGE 2010)"
        candidates = [w for w in same_year if _abbreviates(names, w.text)]
    if suffix and len(candidates) > 1:
        marked = [w for w in candidates if w.suffix == suffix]
        index = ord(suffix) - ord("a")
        if marked:
            candidates = marked
        elif not any(w.suffix for w in candidates) and index < len(candidates):
            candidates = [candidates[index]]
    return [w.number for w in candidates]
