"""Reference lists written as BibTeX, CSL-JSON, RIS or Vancouver text, with citeqa's changes marked."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence

from . import vancouver
from .fix import Corrected


def _note(ref: Corrected) -> str:
    if ref.verified_by is None:
        return "citeqa: not verified against Crossref; as written"
    if not ref.changes:
        return f"citeqa: verified against Crossref ({ref.verified_by}); unchanged"
    return f"citeqa: corrected from Crossref ({ref.verified_by}): " + "; ".join(ref.changes)


def _pages(ref: Corrected) -> tuple[str | None, str | None]:
    if not ref.pages:
        return None, None
    first, _, last = ref.pages.partition("-")
    return first or None, last or None


def _item(ref: Corrected) -> dict:
    """The reference's CSL-JSON fields (those it has)."""
    item = {
        "type": "article-journal",
        "author": [{"family": f, "given": g} if g else {"literal": f} for f, g in ref.authors],
        "title": ref.title,
        "container-title": ref.container,
        "container-title-short": ref.short_container,
        "issued": {"date-parts": [[ref.year]]} if ref.year else None,
        "volume": ref.volume,
        "issue": ref.issue,
        "page": ref.pages,
        "DOI": ref.doi,
    }
    return {k: v for k, v in item.items() if v not in (None, [], "")}


def csljson(refs: Sequence[Corrected]) -> str:
    items = [{"id": f"ref{ref.position}", **_item(ref), "note": _note(ref)} for ref in refs]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def _bib(text: str) -> str:
    return re.sub(r"([&%$#_])", r"\\\1", text)


def bibtex(refs: Sequence[Corrected]) -> str:
    out = []
    for ref in refs:
        authors = " and ".join(f"{_bib(f)}, {_bib(g)}" if g else "{" + _bib(f) + "}" for f, g in ref.authors)
        first, last = _pages(ref)
        fields = [
            ("author", authors),
            ("title", "{" + _bib(ref.title) + "}" if ref.title else None),
            ("journal", _bib(ref.container) if ref.container else None),
            ("year", str(ref.year) if ref.year else None),
            ("volume", ref.volume),
            ("number", ref.issue),
            ("pages", f"{first}--{last}" if last else first),
            ("doi", ref.doi),
            ("note", _bib(_note(ref))),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        out.append(f"@article{{ref{ref.position},\n{body}\n}}\n")
    return "\n".join(out)


def ris(refs: Sequence[Corrected]) -> str:
    """RIS written by rispy (tags in this order, no numbered header line before each entry)."""
    import rispy

    class Writer(rispy.RisWriter):
        def set_header(self, count: int) -> str:
            return ""

    entries = []
    for ref in refs:
        first, last = _pages(ref)
        entry = {
            "type_of_reference": "JOUR",
            "authors": [f"{f}, {g}" if g else f for f, g in ref.authors],
            "title": ref.title,
            "secondary_title": ref.container,  # T2
            "alternate_title1": ref.short_container,  # J2
            "year": ref.year,
            "volume": ref.volume,
            "number": ref.issue,  # IS
            "start_page": first,
            "end_page": last,
            "doi": ref.doi,
            "notes": [_note(ref)],  # N1
        }
        entries.append({k: v for k, v in entry.items() if v})
    return rispy.dumps(entries, implementation=Writer)


def text(refs: Sequence[Corrected]) -> str:
    out = []
    for ref in refs:
        if ref.verified_by is None:
            out.append(f"{ref.position}. {ref.original}\n   [{_note(ref)}]")
            continue
        line = f"{ref.position}. {vancouver.citation(_item(ref))}"
        out.append(f"{line}\n   [{_note(ref)}]")
    return "\n".join(out) + "\n"


WRITERS: dict[str, Callable[[Sequence[Corrected]], str]] = {
    "bibtex": bibtex,
    "csljson": csljson,
    "ris": ris,
    "text": text,
}
