"""JATS XML (NLM/JATS 1.x, Archiving and Publishing) to a Manuscript.

Parsed safely with lxml: no DTD loaded, no network, no entity resolved, no huge
trees; a document that declares entities (the way to external-entity reads and
billion-laughs expansion) is refused before it is parsed. Named character
entities from the JATS DTD (&ndash;, &lsqb;) are turned into characters first,
since the DTD is never loaded. Locations are XML line numbers.
"""

from __future__ import annotations

import datetime as dt
import html.entities
import re

from lxml import etree

from .. import doi as dois
from .. import vancouver
from ..compare import initials
from ..model import (
    Citation,
    HistoryDate,
    Identifier,
    Location,
    Manuscript,
    Paragraph,
    Person,
    Reference,
    ReferenceFields,
    Suppression,
    TitleOccurrence,
)
from . import reference_fields
from .files import ReadError

XML_ENTITIES = {"lt", "gt", "amp", "quot", "apos"}
NAMED_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]*);")
HISTORY_KINDS = {"received": "received", "accepted": "accepted", "rev-recd": "revised", "rev-request": "reviewed"}
PUB_KINDS = {"epub": "published", "pub": "published", "epub-ppub": "published", "ppub": "published (print)"}
CITATION_TAGS = ("element-citation", "mixed-citation", "nlm-citation", "citation")
RANGE_DASHES = {"-", "–", "—", "‒"}


def parse(data: bytes) -> etree._Element:
    if re.search(rb"<!ENTITY", data):
        raise ReadError("XML declares entities: refused (no external entities or entity expansion)")
    data = NAMED_ENTITY.sub(_character, data)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ReadError(f"not well-formed XML: {error.msg} (line {error.lineno})") from None
    encoding = (root.getroottree().docinfo.encoding or "").upper()  # unknown: every tag is read, as before
    if _namespaced(data) or encoding not in ("UTF-8", "US-ASCII", "ASCII"):
        for element in root.iter():
            if isinstance(element.tag, str) and "}" in element.tag:
                element.tag = etree.QName(element).localname
    return root


DEFAULT_NAMESPACE = re.compile(rb"xmlns\s*=")
PREFIX = re.compile(rb"xmlns:([^\s=]+)\s*=")


def _namespaced(data: bytes) -> bool:
    """Whether an ASCII-compatible document can hold an element in a namespace: a default namespace is
    declared, or a start tag uses a declared prefix or xml: (most JATS declare xlink and mml for
    attributes, and most use neither on an element). Reading every element's tag costs more."""
    if DEFAULT_NAMESPACE.search(data):
        return True
    return any(b"<" + prefix + b":" in data for prefix in {b"xml", *PREFIX.findall(data)})


def _character(match: re.Match) -> bytes:
    name = match.group(1).decode("ascii")
    if name in XML_ENTITIES:
        return match.group(0)
    character = html.entities.html5.get(name + ";")
    return f"&#{ord(character[0])};".encode("ascii") if character and len(character) == 1 else match.group(0)


def text(element) -> str:
    """The element's text, whitespace collapsed (a leaf's own text read directly: most calls are on leaves)."""
    if element is None:
        return ""
    if len(element):
        return " ".join("".join(element.itertext()).split())
    return " ".join(element.text.split()) if element.text else ""


def _at(element) -> Location:
    return Location(line=element.sourceline, column=None)


def read(data: bytes, path: str) -> Manuscript:
    root = parse(data)
    if root.tag != "article":
        raise ReadError(f"not a JATS article (root element <{root.tag}>)")
    front = root.find("front")
    meta = front.find("article-meta") if front is not None else None
    journal = front.find("journal-meta") if front is not None else None
    if meta is None:
        raise ReadError("JATS article without <article-meta>")

    doi_element = next((e for e in meta.findall("article-id") if e.get("pub-id-type") == "doi"), None)
    titles = [TitleOccurrence(text(t), "title", _at(t)) for t in meta.findall("title-group/article-title")]
    titles += [TitleOccurrence(text(t), "alt-title", _at(t)) for t in meta.findall("title-group/alt-title")]
    people, identifiers = _contributors(meta)
    for issn in journal.findall("issn") if journal is not None else []:
        identifiers.append(Identifier("ISSN", text(issn), _at(issn)))

    references = [_reference(position, ref) for position, ref in enumerate(root.iter("ref"), 1)]
    fpage, lpage, elocation = _page(meta.find("fpage")), _page(meta.find("lpage")), text(meta.find("elocation-id"))
    journal_name = ""
    if journal is not None:
        journal_name = text(journal.find(".//abbrev-journal-title")) or text(journal.find(".//journal-title"))
    return Manuscript(
        path=path,
        format="jats",
        doi=text(doi_element) or None,
        doi_location=_at(doi_element) if doi_element is not None else None,
        titles=tuple(t for t in titles if t.text),
        dates=tuple(_dates(meta)),
        authors=tuple(people),
        journal=journal_name or None,
        volume=text(meta.find("volume")) or None,
        issue=text(meta.find("issue")) or None,
        pages=(f"{fpage}-{lpage}" if lpage else fpage) or elocation or None,
        citations=tuple(_citations(root, references)),
        references=tuple(references),
        identifiers=tuple(identifiers),
        suppressions=tuple(_suppressions(root)) if _may_suppress(data, root) else (),
        body=tuple(_body(root, references)),  # the prose, for IN02 and IN05
    )


def _body(root, references: list[Reference]) -> list[Paragraph]:
    """Each <p> of the abstracts and the body, with the reference numbers its xrefs cite."""
    numbers = {r.key: r.number for r in references if r.key}
    found = []
    for section in ("abstract", "body"):
        for part in root.iter(section):
            if section == "abstract" and next(part.iterancestors("ref-list", "sub-article"), None) is not None:
                continue
            for p in part.iter("p"):
                if next(p.iterancestors("p"), None) is not None:
                    continue  # its text is already in the outer paragraph
                cites = tuple(
                    numbers[k]
                    for x in p.iter("xref")
                    if x.get("ref-type") == "bibr"
                    for k in (x.get("rid") or "").split()
                    if k in numbers
                )
                written = text(p)
                if written:
                    found.append(Paragraph(written, _at(p), section, cites))
    return found


def _may_suppress(data: bytes, root) -> bool:
    """Whether the document can hold a suppression: one needs "citeqa" in a comment or as a processing
    instruction's target, which UTF-8 and ASCII write in ASCII letters (any case). Most hold none,
    and looking at every comment and processing instruction costs more than finding that out."""
    encoding = (root.getroottree().docinfo.encoding or "").upper()
    if encoding not in ("UTF-8", "US-ASCII", "ASCII"):
        return True
    declared = data.find(b"?>") + 2 if data.startswith(b"<?xml") else 0  # the declaration is no instruction
    if b"<!--" not in data and data.find(b"<?", declared) < 0:  # no comment, no instruction (memchr, in C)
        return False
    return b"citeqa" in data.lower()


SUPPRESSION = re.compile(r"^\s*(?:citeqa:?\s*)?ignore\s+([\w\s,-]+?)\s*$", re.IGNORECASE)


def _suppressions(root) -> list[Suppression]:
    """`<!-- citeqa: ignore RF07 -->` or `<?citeqa ignore RF07?>`: inside a <ref>, for that
    reference; anywhere else, for the file."""
    found = []
    tree = root.getroottree()
    positions: dict[str, int] = {}  # a <ref>'s path -> its position, filled at the first suppression inside one
    for node in root.iter(etree.Comment, etree.ProcessingInstruction):
        if isinstance(node, etree._ProcessingInstruction):
            if node.target != "citeqa":
                continue
            text = node.text or ""
        else:
            text = node.text or ""
            if not text.strip().lower().startswith("citeqa"):
                continue
        match = SUPPRESSION.match(text.strip())
        if not match:
            continue
        codes = tuple(c.upper() for c in re.split(r"[\s,]+", match.group(1)) if c)
        ref = next((a for a in node.iterancestors() if a.tag == "ref"), None)
        if ref is not None and not positions:
            positions = {tree.getpath(r): i for i, r in enumerate(root.iter("ref"), 1)}
        found.append(
            Suppression(codes, None, positions.get(tree.getpath(ref)) if ref is not None else None, at=node.sourceline)
        )
    return found


def _contributors(meta) -> tuple[list[Person], list[Identifier]]:
    people, identifiers = [], []
    for contrib in meta.iter("contrib"):
        if contrib.get("contrib-type", "author") != "author":
            continue
        name = contrib.find("name")
        label = (
            f"{text(name.find('given-names'))} {text(name.find('surname'))}".strip()
            if name is not None
            else text(contrib.find("collab"))
        )
        orcid_element = next((c for c in contrib.iter("contrib-id") if c.get("contrib-id-type") == "orcid"), None)
        orcid = re.sub(r"^https?://orcid\.org/", "", text(orcid_element)) if orcid_element is not None else None
        if orcid:
            identifiers.append(Identifier("ORCID", orcid, _at(orcid_element)))
        if label:
            people.append(Person(label, "byline", _at(contrib), orcid))
    return people, identifiers


def _dates(meta) -> list[HistoryDate]:
    found = []
    for element in meta.findall("history/date"):
        kind = HISTORY_KINDS.get(element.get("date-type", ""))
        if kind:
            found.append(_date(kind, element))
    for element in meta.findall("pub-date"):
        kind = PUB_KINDS.get(element.get("pub-type") or element.get("date-type") or "")
        if kind and element.find("day") is not None:  # year-only collection dates name an issue, not a day
            found.append(_date(kind, element))
    return found


def _date(kind: str, element) -> HistoryDate:
    parts = [text(element.find(tag)) for tag in ("year", "month", "day")]
    raw = "-".join(p.zfill(2) if i else p for i, p in enumerate(parts) if p)
    try:
        value = dt.date(int(parts[0]), int(parts[1] or 1), int(parts[2] or 1))
    except ValueError:
        value = None
    return HistoryDate(kind, raw, value, _at(element), element.get("iso-8601-date"))


def _reference(position: int, ref) -> Reference:
    found: dict = {}
    for element in ref.iter(*CITATION_TAGS):
        found.setdefault(element.tag, element)
    citation = next((found[tag] for tag in CITATION_TAGS if tag in found), None)
    label = text(ref.find("label")).rstrip(".") or None
    location = Location(line=(citation if citation is not None else ref).sourceline, column=None, reference=position)
    if citation is None:
        raw = text(ref)
        return Reference(position, raw, label, location, reference_fields.parse(raw), key=ref.get("id"))
    children: dict[str, object] = {}  # the first child of each tag: what citation.find(tag) gives
    for child in citation:
        if isinstance(child.tag, str):
            children.setdefault(child.tag, child)
    texts: dict[str, str] = {}

    def field(tag: str) -> str:
        """text(citation.find(tag)), read once."""
        if tag not in texts:
            texts[tag] = text(children.get(tag))
        return texts[tag]

    people = [
        n
        for group in citation.iter("person-group")
        if group.get("person-group-type", "author") == "author"
        for n in group
        if n.tag in ("name", "collab", "string-name")
    ] or [c for c in citation if c.tag == "name"] + [c for c in citation if c.tag == "collab"]
    authors, families = [], []
    for person in people:
        surname = person.find("surname") if len(person) else None
        family = text(surname) if surname is not None else text(person)  # read once for both lists
        if person.tag == "name":
            given = initials(text(person.find("given-names"))).upper()
            authors.append(f"{family if surname is not None else ''} {given}".strip())
        else:
            authors.append(family if surname is None else text(person))
        families.append(family)
    kind = citation.get("publication-type") or citation.get("citation-type") or "journal"
    title = field("article-title") or field("chapter-title") or None
    source = field("source") or None
    if title is None and kind != "journal":
        title, source = source, field("publisher-name") or None
    fpage, lpage = _page(children.get("fpage")), _page(children.get("lpage"))
    pages = (f"{fpage}-{lpage}" if lpage else fpage) or field("elocation-id") or None
    urls = tuple(
        link.get("{http://www.w3.org/1999/xlink}href") or link.get("href") or text(link)
        for link in citation.iter("ext-link", "uri")
    )
    whole = None
    doi = next((text(p) for p in citation.iter("pub-id") if p.get("pub-id-type") == "doi"), None)
    doi = doi or next(filter(None, map(dois.from_url, urls)), None)
    if not doi:
        whole = text(citation)
        doi = dois.find(whole)[0]
    year_text = NOT_DIGIT.sub("", field("year"))[:4] or None
    if citation.tag == "mixed-citation":
        raw = whole if whole is not None else text(citation)
    else:
        raw = vancouver.citation(
            {
                "author": [{"literal": a} for a in authors],
                "title": title,
                "container-title": source,
                "issued": year_text,
                "volume": field("volume"),
                "issue": field("issue"),
                "page": pages,
                "DOI": doi,
            },
            max_authors=None,
        )
    structured = any(tag in children for tag in ("source", "article-title", "year"))
    fields = (
        ReferenceFields(
            authors=tuple(authors),
            families=tuple(families),
            et_al=next(citation.iter("etal"), None) is not None,
            title=title,
            container=source,
            year=int(year_text) if year_text else None,
            year_text=year_text,
            volume=field("volume") or None,
            issue=field("issue") or None,
            pages=pages,
            doi=doi,
            doi_text=doi,
            urls=tuple(u for u in urls if u),
        )
        if structured
        else reference_fields.parse(raw)
    )
    return Reference(position, raw, label, location, fields, key=ref.get("id"))


NOT_DIGIT = re.compile(r"[^\d]")
PAGE = re.compile(r"\s*([A-Za-z]*\d+[A-Za-z]?)")


def _page(element) -> str:
    """The page number an <fpage>/<lpage> holds, without what some deposits append ("2097. doi:...")."""
    written = text(element)
    match = PAGE.match(written)
    return match.group(1) if match else written


SPELLED_RANGE = re.compile(r"\s*(\d+)\s*[-–—‒]\s*(\d+)\s*")


def _citations(root, references: list[Reference]) -> list[Citation]:
    """Each <xref ref-type="bibr">, numbered as the reference list numbers it; "1–3" written as two xrefs is a range."""
    by_key = {r.key: r for r in references if r.key}
    found = []
    # the xrefs inside a reference list, found once (lxml gives the same object for a node while one is held)
    listed = {x for ref_list in root.iter("ref-list") for x in ref_list.iter("xref")}
    for xref in root.iter("xref"):
        if xref.get("ref-type") != "bibr" or xref in listed:
            continue
        keys = tuple((xref.get("rid") or "").split())
        cited = [by_key[k] for k in keys if k in by_key]
        numbers = [r.number for r in cited]
        written = text(xref)
        spelled = SPELLED_RANGE.fullmatch(written)
        if (
            spelled
            and numbers
            and numbers[0] == int(spelled.group(1))
            and 0 < int(spelled.group(2)) - numbers[0] <= 200
        ):
            numbers = list(range(numbers[0], int(spelled.group(2)) + 1))  # one xref for "18–20"
        following = xref.getnext()
        if (xref.tail or "").strip() in RANGE_DASHES and following is not None and following.tag == "xref" and cited:
            end = by_key.get((following.get("rid") or "").split()[0] if following.get("rid") else "")
            if end is not None and end.number > numbers[-1]:
                numbers += list(range(numbers[-1] + 1, end.number))
        found.append(Citation(tuple(numbers), written, _at(xref), keys, tuple(k for k in keys if k not in by_key)))
    return found
