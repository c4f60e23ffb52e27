"""The JSON report, valid against schemas/report.schema.json."""
from __future__ import annotations

import json
from typing import Any, Sequence

from .. import __version__
from ..engine import FileResult
from ..escape import encodable
from ..model import Finding

SCHEMA_VERSION = "1.0"


def render(results: Sequence[FileResult], color: bool = False) -> str:
    return encodable(json.dumps(as_dict(results), indent=2, ensure_ascii=False) + "\n")


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
        "manuscript": None if ms is None else {
            "doi": ms.doi,
            "title": ms.title,
            "references": len(ms.references),
            "citations": len(ms.citations),
        },
        "crossref": None if result.error else crossref(result),
        "findings": [finding(f) for f in result.findings],
        "suppressed": [finding(f) for f in result.suppressed],
    }


def crossref(result: FileResult) -> dict[str, Any]:
    """What Crossref verification did for a file, and what it could not check."""
    answers = result.crossref
    if answers is None:
        refs = len(result.manuscript.references) if result.manuscript else 0
        return {"status": "skipped", "mode": None, "requests": 0, "cache_hits": 0,
                "not_checked": list(range(1, refs + 1)), "reason": result.crossref_skipped}
    unchecked = answers.not_checked()
    reasons = sorted({answers.references[p].reason for p in unchecked if answers.references[p].reason})
    if answers.article is not None and not answers.article.settled and answers.article.reason:
        reasons = sorted(set(reasons) | {answers.article.reason})
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
        "location": {
            "line": f.location.line,
            "column": f.location.column,
            "reference": f.location.reference,
            "field": f.location.field,
            **({"page": f.location.page} if f.location.page else {}),
            **({"paragraph": f.location.paragraph} if f.location.paragraph else {}),
        },
        "evidence": f.evidence,
        "suggestion": f.suggestion,
        "fingerprint": f.fingerprint,
    }
