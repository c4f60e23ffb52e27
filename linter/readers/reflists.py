"""BibTeX (bibtexparser), CSL-JSON and RIS (rispy) reference lists."""

from __future__ import annotations

import json
import re

from ..escape import deep, encodable
from ..model import Manuscript
from .entries import Entry, clean_pages, manuscript, split_name
from .files import ReadError


def _latex(text: str | None) -> str | None:
    """A BibTeX value as printed text: LaTeX accents, commands and braces decoded (pylatexenc)."""
    if not text:
        return None
    from pylatexenc.latex2text import LatexNodes2Text

    text = LatexNodes2Text().latex_to_text(text).replace("--", "–")
    return " ".join(text.split()) or None


def _verbatim(text: str | None) -> str | None:
    """A DOI or URL: only its escapes undone, since LaTeX decoding would read '%' as a comment."""
    return re.sub(r"\\([_%&#$])", r"\1", text).strip("{} ") or None if text else None


def _name(parts) -> tuple[str, str]:
    """bibtexparser's name parts as (family, given): particles stay with the family name."""
    family = _latex(" ".join(parts.von + parts.last)) or ""
    given = _latex(" ".join(parts.first + parts.jr)) or ""
    return family, given


def bibtex(text: str, path: str) -> Manuscript:
    import logging

    import bibtexparser
    from bibtexparser import middlewares

    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # its warnings would break our one-line errors
    library = bibtexparser.parse_string(
        text, append_middleware=[middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()]
    )
    if library.failed_blocks:
        block = library.failed_blocks[0]
        reason = next((line for line in str(getattr(block, "error", "")).splitlines() if line.strip()), "cannot parse")
        raise ReadError(f"malformed BibTeX in the entry at line {(block.start_line or 0) + 1}: {reason.strip()}")
    entries = []
    for item in library.entries:
        value = {name: field.value for name, field in item.fields_dict.items()}.get
        entries.append(
            Entry(
                key=item.key,
                line=(item.start_line or 0) + 1,
                authors=[_name(parts) for parts in value("author") or []],
                title=_latex(value("title")),
                container=_latex(value("journal") or value("booktitle") or value("publisher")),
                year=value("year"),
                volume=value("volume"),
                issue=value("number") or value("issue"),
                pages=clean_pages(_latex(value("pages"))),
                doi=_verbatim(value("doi")),
                urls=[u for u in [_verbatim(value("url"))] if u],
            )
        )
    return manuscript(path, "bibtex", entries)


def csljson(text: str, path: str) -> Manuscript:
    from .csl_schema import problem

    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReadError(f"not valid JSON: {error.msg} (line {error.lineno})") from None
    except RecursionError:
        raise ReadError("not usable JSON: nested too deeply") from None
    except ValueError as error:  # e.g. an integer of more digits than Python converts
        raise ReadError(f"not usable JSON: {str(error)[:120]}") from None
    items = data.get("items") if isinstance(data, dict) else data
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ReadError("not CSL-JSON: expected a list of items")
    items = deep(items, encodable)  # a \ud800 escape is valid JSON but no text: it would break every output
    try:
        wrong = problem(items)
    except RecursionError:
        wrong = "nested too deeply"
    if wrong:
        raise ReadError(f"not valid CSL-JSON: {wrong}")
    entries = []
    for item in items:
        authors = [
            (a.get("family") or a.get("literal") or "", a.get("given", "") if a.get("family") else "")
            for a in item.get("author") or []
        ]
        entries.append(
            Entry(
                key=_str(item.get("id")),
                line=None,
                authors=authors,
                title=item.get("title"),
                container=item.get("container-title") or item.get("container-title-short") or item.get("publisher"),
                year=_year(item.get("issued")),
                volume=_str(item.get("volume")),
                issue=_str(item.get("issue")),
                pages=clean_pages(_str(item.get("page"))),
                doi=item.get("DOI"),
                urls=[u for u in [item.get("URL")] if u],
            )
        )
    return manuscript(path, "csljson", entries)


def _year(issued) -> str | None:
    """The year of a CSL date: its first date-part, or the start of an EDTF string ("2020-05")."""
    if isinstance(issued, str):
        return issued[:4] if re.match(r"\d{4}", issued) else None
    parts = ((issued or {}).get("date-parts") or [[None]])[0] or [None]
    return _str(parts[0])


def _str(value) -> str | None:
    if value in (None, "") or isinstance(value, bool):
        return None
    return f"{value:.0f}" if isinstance(value, float) and value.is_integer() else str(value)


def ris(text: str, path: str) -> Manuscript:
    import rispy

    starts = [i + 1 for i, line in enumerate(text.splitlines()) if re.match(r"^TY  - ", line)]
    ends = len(re.findall(r"(?m)^ER  -", text))
    if not starts or ends != len(starts):
        raise ReadError(f"malformed RIS: {len(starts)} records begin (TY) but {ends} end (ER)")
    try:
        records = rispy.loads(text)
    except Exception as error:  # rispy raises assorted errors on broken input
        raise ReadError(f"malformed RIS: {error}") from None
    entries = []
    for line, record in zip(starts, records, strict=False):  # counted alike (TY...ER); at worst a line is off
        first, last = record.get("start_page"), record.get("end_page")
        entries.append(
            Entry(
                key=record.get("id"),
                line=line,
                authors=[split_name(n) for n in record.get("authors") or record.get("first_authors") or []],
                title=record.get("title") or record.get("primary_title"),
                container=record.get("journal_name")
                or record.get("secondary_title")
                or record.get("alternate_title1")
                or record.get("alternate_title3"),
                year=(record.get("year") or record.get("publication_year") or "").split("/")[0] or None,
                volume=record.get("volume"),
                issue=record.get("number") or record.get("issue"),
                pages=clean_pages(f"{first}-{last}" if first and last else first),
                doi=record.get("doi"),
                urls=list(record.get("urls") or []),
            )
        )
    return manuscript(path, "ris", entries)
