"""Parse one reference string into fields, whatever its style.

Hand rules take out what they read best (the label, the DOI, URLs, PubMed ids and
other noise); a CRF trained on real records printed in 17 journal styles
(reference_crf) labels the rest token by token; a year-like number is the year
when the tagger finds none. `split_authors` reads the Vancouver author list of a
"Citation:" line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import doi as dois
from ..model import ReferenceFields
from . import reference_crf, reference_labels

YEAR = r"(?:1[89]\d{2}|20[0-3]\d)"
DASHES = "\\-‐‑–—"
DASH = rf"[{DASHES}]"

PAREN_YEAR = re.compile(rf"\((?P<year>{YEAR})[a-z]?\)")
VOLUME_ISSUE_PAGES = re.compile(
    rf"(?<![\w.])(?P<volume>\d{{1,4}})\s*\((?P<issue>[\w\-–/ ]{{1,12}})\)\s*[,:]\s*"
    rf"(?P<pages>[A-Za-z]?\d+[A-Za-z]?(?:\s*{DASH}\s*[A-Za-z]?\d+[A-Za-z]?)?)(?![\w])"
)
VOLUME_PAGES = re.compile(
    rf"(?<![\w.:/])(?P<volume>\d{{1,4}})\s*:\s*(?P<pages>[A-Za-z]?\d+[A-Za-z]?(?:\s*{DASH}\s*[A-Za-z]?\d+[A-Za-z]?)?)(?![\w])"
)
YEAR_TOKEN = re.compile(rf"{YEAR}[a-z]?")
ANY_YEAR = re.compile(rf"(?<![\d{DASHES}/.])(?P<year>{YEAR})[a-z]?(?![\d/])")

INITIALS = re.compile(r"(?:\b[A-Z]{1,3}|\bJr|\bSr|\b[2-4]nd|\bI{2,3}|et al)\.?$")
ET_AL = re.compile(r",?\s*\bet\s+al\b\.?", re.IGNORECASE)
NOISE = re.compile(
    r"\b(?:doi|DOI)\s*[:=]?\s*\S+|\bAvailable (?:from|at)\s*:?|\[(?:cited|accessed)[^\]]*\]"
    r"|\bEpub\b[^.;]*[.;]?|\bPMID\s*:?\s*\d+|\bPMCID\s*:?\s*\w+",
)


def strip_label(text: str) -> tuple[str | None, str]:
    """Split "10.Klapper W" / "[3] ..." / "(3) ..." / ". Janz TA" into (label, rest)."""
    found = reference_labels.label(text)
    if found is None or found.style == "bare":
        return None, text
    return (str(found.number) if found.number is not None else None), text[found.end :]


@dataclass(frozen=True)
class Prepared:
    """A reference with the parts hand rules read best (label, DOI, URLs) taken out."""

    label: str | None
    core: str  # what the tagger reads
    doi: str | None
    doi_text: str | None
    urls: tuple[str, ...]


BROKEN_SCHEME = re.compile(r"\b(https?):\s+//")  # "https: //cran.r-project.org": a PDF line break after the colon
GLUED_YEAR = re.compile(rf"(?<=[^\W\d_]{{2}})\.(?={YEAR}\b)")  # "J Ethnopharmacol.1995;": the year is a word of its own


def prepare(text: str) -> Prepared:
    text = BROKEN_SCHEME.sub(r"\1://", " ".join(text.split()))
    label, text = strip_label(text)
    doi, doi_text = dois.find(text)
    urls = tuple(dois.urls_in(text))
    core = text
    for url in urls:
        core = core.replace(url, " ")
    core = NOISE.sub(" ", core)
    if doi_text:
        core = core.replace(doi_text, " ")
    core = GLUED_YEAR.sub(". ", core)
    return Prepared(label, " ".join(core.split()), doi, doi_text, urls)


def parse(text: str) -> ReferenceFields:
    """Fields of one reference in any common style: a CRF tags the tokens, hand rules do DOI, URL, label."""
    from ..escape import encodable

    prepared = prepare(encodable(text))  # crfsuite cannot take an unpaired surrogate (a JSON \ud800 escape)
    core = prepared.core
    tokens = reference_crf.tokenise(core)
    labels = reference_crf.tag(tokens, core)
    runs = _runs(tokens, labels)

    def span(label: str, longest: bool = False) -> tuple[int, int] | None:
        chosen = [(tokens[first].start, tokens[last].end) for kind, first, last in runs if kind == label]
        if not chosen:
            return None
        return max(chosen, key=lambda s: s[1] - s[0]) if longest else chosen[0]

    def number(label: str) -> str | None:
        """The whole printed word, OCR debris and all ("¢0213475"); not the year if another run is there."""
        found = [(tokens[first].start, tokens[last].end) for kind, first, last in runs if kind == label]
        if not found:
            return None
        start, end = next((s for s in found if core[slice(*s)] != year_text), found[0])
        while start > 0 and not core[start - 1].isspace() and core[start - 1] not in ".,;:()[]":
            start -= 1
        while end < len(core) and not core[end].isspace() and core[end] not in ".,;:()[]":
            end += 1
        return core[start:end]

    years = [core[tokens[first].start : tokens[last].end] for kind, first, last in runs if kind == "year"]
    year_text = next((year for year in years if YEAR_TOKEN.fullmatch(year)), None)
    if year_text is None:  # the tagger saw none: any year-like number will do
        found = PAREN_YEAR.search(core) or ANY_YEAR.search(core)
        year_text = found.group(0).strip("()") if found else None
    authors, families, et_al = _authors(tokens, labels, core)
    title = span("title", longest=True)
    if not authors:  # nothing the tagger knows as a name (garbled lists): the rule for Vancouver lists
        authors, et_al, rest = split_authors(core, year_text)
        if title and authors and title[0] < rest <= title[1]:
            title = (rest, title[1])
    container = span("container", longest=True)
    title, container = _chapter(core, runs, tokens, title, container)
    if not title and not container and year_text:
        title = _after_year(core, year_text)
    if title and not container:
        container = _between(core, title, span("volume"))
    volume, issue, pages = number("volume"), number("issue"), _clean_pages(number("pages"))
    after = max((end for found in (title, container) if found for end in found[1:]), default=0)
    printed = VOLUME_ISSUE_PAGES.search(core, after)
    if printed and ((volume, issue) != printed.group("volume", "issue") or pages is None):
        # "58(3):353-6", "58 (3), 353–356": the one unambiguous numeric pattern wins over the tagger
        volume, issue, pages = printed.group("volume"), printed.group("issue"), _clean_pages(printed.group("pages"))
    elif volume is None or pages is None:  # "2004 3: 327-333": a volume and pages the tagger left unread
        bare = VOLUME_PAGES.search(core, after)
        if bare and bare.group("volume") != year_text and volume in (None, bare.group("volume")):
            volume, pages = bare.group("volume"), _clean_pages(bare.group("pages"))
    if title and core[title[1] : title[1] + 1] in ("?", "!"):  # a question is part of the title
        title = (title[0], title[1] + 1)
    title_text = _clean(core[slice(*title)] if title else None)
    container_text = _clean(_without_date(core[slice(*container)]) if container else None)
    if title_text and not container_text:  # a book or proceedings the tagger read as one long title
        parts = SENTENCE_BREAK.split(title_text, maxsplit=1)
        if len(parts) == 2:
            title_text, container_text = parts[0], _clean(parts[1])
    return ReferenceFields(
        authors=authors,
        families=families,
        et_al=et_al,
        title=title_text,
        container=container_text,
        year=int(year_text[:4]) if year_text else None,
        year_text=year_text,
        volume=volume,
        issue=issue,
        pages=pages,
        doi=prepared.doi,
        doi_text=prepared.doi_text,
        urls=prepared.urls,
    )


Run = tuple[str, int, int]  # label, first token, last token (inclusive)
BETWEEN = re.compile(r"[^\W\d_][^()\[\]]{0,120}?(?=[\s.,;:]*(?:vol\.?\s*)?$)", re.IGNORECASE)


AFTER_YEAR = re.compile(r"[a-z]?\)?[.,:]?\s+[“\"]?(?P<title>[^\W\d_][^.“”\"(]{0,200}?)(?=[.”\"]*(?:\s|$))")


def _after_year(core: str, year: str) -> tuple[int, int] | None:
    """An author-date entry's first sentence after the year, when the tagger found neither title nor
    container: a one-word title ("Python Software Foundation. 2022. Python. https://...")."""
    at = core.find(year)
    found = AFTER_YEAR.match(core, at + len(year)) if at >= 0 else None
    return found.span("title") if found else None


IN_BOOK = re.compile(r"(?:^|[.,]\s*)\b(?:In:?|in:)\s+(?=\S)")  # Elsevier prints "in:", APA "In"
EDITORS = re.compile(r"[^()]{0,160}?\((?:eds?|Hrsg|coords?|orgs?)\.?\)[\s,.:]*", re.IGNORECASE)


def _chapter(
    core: str,
    runs: list[Run],
    tokens: list[reference_crf.Token],
    title: tuple[int, int] | None,
    container: tuple[int, int] | None,
) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """A chapter's title is the title run before "In:"; the one after it, less its editors, is the book."""
    found = IN_BOOK.search(core)
    if found and container and container[0] >= found.start():  # "In: Timmis KN, Nogales B (eds) Book"
        editors = EDITORS.match(core, container[0], container[1])
        container = (editors.end(), container[1]) if editors and editors.end() < container[1] else container
    if not title or not found or title[0] < found.end():
        return title, container
    before = [
        (tokens[a].start, tokens[b].end) for kind, a, b in runs if kind == "title" and tokens[b].end <= found.start()
    ]
    if not before:
        return title, container
    editors = EDITORS.match(core, title[0], title[1])
    book = (editors.end(), title[1]) if editors and editors.end() < title[1] else title
    return max(before, key=lambda s: s[1] - s[0]), book


def _between(core: str, title: tuple[int, int], volume: tuple[int, int] | None) -> tuple[int, int] | None:
    """The words between the title and the volume: the journal, whatever the tagger called them
    ("... in R. Bioinformatics, 35(3), 526-528"; "Title. IoT, 3(3)")."""
    if not volume or volume[0] <= title[1]:
        return None
    found = BETWEEN.search(core, title[1], volume[0])
    if not found or YEAR_TOKEN.search(found.group(0)) or len(found.group(0).split()) > 15:
        return None
    return found.start(), found.end()


def _runs(tokens: list[reference_crf.Token], labels: list[str]) -> list[Run]:
    """Consecutive tokens with one label; a lone punctuation mark inside a title or container does not break it."""
    runs: list[Run] = []
    for index, label in enumerate(labels):
        if runs and runs[-1][0] == label and runs[-1][2] == index - 1:
            runs[-1] = (label, runs[-1][1], index)
        elif (
            label in ("title", "container")
            and len(runs) >= 2
            and runs[-2][0] == label
            and runs[-1][1] == runs[-1][2] == index - 1
            and not tokens[index - 1].text[0].isalnum()
        ):
            runs.pop()
            runs[-1] = (label, runs[-1][1], index)
        else:
            runs.append((label, index, index))
    return runs


TRAILING_DATE = re.compile(rf"[\s.,;]+{YEAR}(?:\s+[A-Z][a-z]{{2}}\.?)?(?:\s+\d{{1,2}})?$")


def _without_date(container: str) -> str:
    """ "Am J Clin Oncol. 2018 Aug" -> "Am J Clin Oncol": a date is never part of a journal's name."""
    return TRAILING_DATE.sub("", container)


SENTENCE_BREAK = re.compile(r"(?<=[^\s.A-Z][^\s.])[.?!]\s+(?=[A-Z])")
OPEN_TAIL = re.compile(r"\s*\((?:pp?|eds?|vols?|[^)]{0,3})\.?$", re.IGNORECASE)


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = OPEN_TAIL.sub("", text)
    text = text.strip(" .,;:")
    if len(text) > 1 and text[0] in '“‘"«' and text[-1] in '”’"»':
        text = text[1:-1].strip(" .,;:")
    text = text.lstrip('“‘"«').rstrip('”’"»').strip(" .,;:") if text.count("“") + text.count("”") == 1 else text
    return text or None


AUTHOR_LABELS = ("family", "given", "authsep")


def _authors(
    tokens: list[reference_crf.Token], labels: list[str], core: str
) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """(names as printed, family names, "et al."): family runs paired with their given names."""
    zone: list[int] = []
    for index, label in enumerate(labels):
        if label in AUTHOR_LABELS:
            zone.append(index)
        elif zone and label != "other":
            break
    runs: list[tuple[str, list[int]]] = []  # ("F" | "G", token indices)
    for index in zone:
        kind = {"family": "F", "given": "G"}.get(labels[index])
        previous = runs[-1] if runs else None
        family_goes_on = kind == "F" and previous and previous[0] == "F" and previous[1][-1] == index - 1
        initials_go_on = (
            kind == "G" and previous and previous[0] == "G" and _joins_given(tokens, previous[1][-1], index)
        )
        if previous and (family_goes_on or initials_go_on):
            previous[1].append(index)
        elif kind:
            runs.append((kind, [index]))
    et_al = any(tokens[i].text.lower() == "al" and i and tokens[i - 1].text.lower() == "et" for i in zone)
    given_first = bool(runs) and runs[0][0] == "G"
    taken: set[int] = set()
    names, families = [], []
    for position, (kind, members) in enumerate(runs):
        if kind != "F":
            continue
        before, after = position - 1, position + 1
        options = [before, after] if given_first else [after, before]
        given = next((o for o in options if 0 <= o < len(runs) and runs[o][0] == "G" and o not in taken), None)
        indices = list(members)
        if given is not None:
            taken.add(given)
            indices += runs[given][1]
        start = min(tokens[i].start for i in indices)
        end = max(tokens[i].end for i in indices)
        names.append(core[start:end].strip(" ,;"))
        families.append(core[tokens[members[0]].start : tokens[members[-1]].end])
    return tuple(names), tuple(families), et_al


def _joins_given(tokens: list[reference_crf.Token], last: int, index: int) -> bool:
    """Initials run on through full stops and hyphens: "K. J.", "J.-P."."""
    between = range(last + 1, index)
    return all(tokens[i].text in ".-‐" for i in between)


PAGES = re.compile(rf"\S+?(?:\s*{DASH}\s*\S+)?(?=[,;]|\s|$)")


def _clean_pages(pages: str | None) -> str | None:
    """ "45–67" -> "45-67": the first page or range, as printed."""
    found = PAGES.match(pages or "")
    return (re.sub(rf"\s*{DASH}\s*", "-", found.group(0)).strip(".,;:-") or None) if found else None


def split_authors(core: str, year: str | None) -> tuple[tuple[str, ...], bool, int]:
    """The author list, and where the text after it starts.

    Vancouver lists end at the first full stop after an initial ("Crist WM.") or
    at "et al"; author-year lists end at the year.
    """
    for boundary in re.finditer(r"\.\s+|\bet\s+al\b\.?\s*|(?=\(\s*" + YEAR + ")", core[:600]):
        segment = core[: boundary.start()].strip().rstrip(",")
        if ET_AL.search(boundary.group(0)) or ET_AL.search(segment[-8:]):
            return _split_names(ET_AL.sub("", segment)), True, boundary.end()
        last_item = segment.split(",")[-1].strip()
        if segment and INITIALS.search(last_item) and len(last_item.split()) <= 4:
            names, et_al = segment, False
            if ET_AL.search(names):
                names, et_al = ET_AL.sub("", names), True
            return _split_names(names), et_al, boundary.end()
    if year:
        at = core.find(year)
        if 0 < at < 250:
            return _split_names(core[:at].strip(" (,")), False, at
    return (), False, 0


def _split_names(names: str) -> tuple[str, ...]:
    names = names.strip(" ,;")
    if not names:
        return ()
    if ";" in names or " & " in names or " and " in names:
        parts = re.split(r"\s*;\s*|\s*,?\s+(?:&|and)\s+", names)
    elif re.search(r",\s*[A-Z]\.", names):  # "Smith, J., Jones, K."
        parts = re.findall(r"[^,]+,\s*(?:[A-Z][.\-\s]*)+", names)
    else:
        parts = names.split(",")
    return tuple(p.strip(" ,.") for p in parts if p.strip(" ,."))
