"""The JSON report, valid against schemas/report.schema.json."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .. import __version__
from ..engine import FileResult
from ..escape import encodable
from ..jsontext import pretty
from ..model import Finding, Location, Reference

SCHEMA_VERSION = "1.1"  # 1.1: each file's references, with their parsed fields as CSL-JSON


def render(results: Sequence[FileResult], color: bool = False) -> str:
    return encodable(pretty(as_dict(results)))


def as_dict(results: Sequence[FileResult]) -> dict[str, Any]:
    from . import summary

    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "citeqa", "version": __version__},
        "files": [_file(r) for r in results],
        "summary": summary(results),
    }


def _file(result: FileResult) -> dict[str, Any]:
    ms = result.manuscript
    return {
        "path": result.path,
        "format": result.format,
        "status": result.status,
        "error": result.error,
        "manuscript": None
        if ms is None
        else {
            "doi": ms.doi,
            "title": ms.title,
            "references": len(ms.references),
            "citations": len(ms.citations),
        },
        "crossref": None if result.error else crossref(result),
        "findings": [finding(f) for f in result.findings],
        "suppressed": [finding(f) for f in result.suppressed],
        "references": [reference(r) for r in ms.references] if ms else [],
    }


def reference(r: Reference) -> dict[str, Any]:
    """A reference as citeqa read it: where, its label and text, and its fields as a CSL-JSON item."""
    return {
        "position": r.position,
        "label": r.label,
        "key": r.key,
        "text": r.raw,
        "location": location(r.location, within_reference=False),
        "fields": csl_item(r),
        "furniture": [{"text": f.text, "kind": f.kind, "line": f.line} for f in r.furniture],
    }


def csl_item(r: Reference) -> dict[str, Any]:
    """The parsed fields in CSL-JSON's vocabulary, so that reference managers and `citeqa fix` can take them."""
    f = r.fields
    item = {
        "id": r.key or f"ref{r.position}",
        "type": "article-journal" if f.container and (f.volume or f.pages) else "document",
        "author": [_csl_name(name) for name in f.authors],
        "title": f.title,
        "container-title": f.container,
        "issued": {"date-parts": [[f.year]]} if f.year else None,
        "volume": f.volume,
        "issue": f.issue,
        "page": f.pages,
        "DOI": f.doi,
        "URL": f.urls[0] if f.urls else None,
    }
    return {k: v for k, v in item.items() if v is not None and v != "" and v != []}


INITIALS_FIRST = re.compile(r"((?:[A-Z]\.\s*|[A-Z]\.?-[A-Z]\.\s*)+)(\S.*)")


def _csl_name(name: str) -> dict[str, str]:
    """'Ott PA', 'Ott, P. A.' or 'P. A. Ott' as family and given; anything else as a literal name."""
    parts = name.rsplit(None, 1)  # Vancouver: the family name, then one to four capital initials
    if len(parts) == 2 and len(parts[1]) <= 4 and parts[1].isascii() and parts[1].isalpha() and parts[1].isupper():
        return {"family": parts[0], "given": parts[1]}
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return {"family": family, "given": given} if given else {"literal": family}
    initials = INITIALS_FIRST.fullmatch(name)
    if initials:
        return {"family": initials.group(2), "given": initials.group(1).strip()}
    return {"literal": name}


def crossref(result: FileResult) -> dict[str, Any]:
    """What Crossref verification did for a file, and what it could not check."""
    answers = result.crossref
    if answers is None:
        refs = len(result.manuscript.references) if result.manuscript else 0
        return {
            "status": "skipped",
            "mode": None,
            "requests": 0,
            "cache_hits": 0,
            "not_checked": list(range(1, refs + 1)),
            "reason": result.crossref_skipped,
        }
    unchecked = answers.not_checked()
    why = [answers.references[p].reason for p in unchecked]
    if answers.article is not None and not answers.article.settled:
        why.append(answers.article.reason)
    reasons = sorted({reason for reason in why if reason})
    return {
        "status": answers.status,
        "mode": answers.mode,
        "requests": answers.requests,
        "cache_hits": answers.cache_hits,
        "not_checked": unchecked,
        "reason": "; ".join(reasons) or None,
    }


def finding(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "name": f.name,
        "severity": f.severity.value,
        "message": f.message,
        "location": location(f.location),
        "evidence": f.evidence,
        "suggestion": f.suggestion,
        "fingerprint": f.fingerprint,
    }


def location(where: Location, within_reference: bool = True) -> dict[str, Any]:
    """Where a finding is; `within_reference=False` for a reference's own place, which names no reference or field."""
    return {
        "line": where.line,
        "column": where.column,
        **({"reference": where.reference, "field": where.field} if within_reference else {}),
        **({"page": where.page} if where.page else {}),
        **({"paragraph": where.paragraph} if where.paragraph else {}),
    }
