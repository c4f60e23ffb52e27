"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers (schemas/sarif-schema-2.1.0.json)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..engine import FileResult
from ..escape import deep, encodable, xml_safe
from ..jsontext import pretty
from ..rules import Rule, all_rules

LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def uri(path: str) -> str:
    p = Path(path)
    if not p.is_absolute():
        return p.as_posix()
    try:
        return p.resolve().as_uri()
    except UnicodeEncodeError:  # a surrogate no file name can hold (the file system's own bytes encode)
        return Path(encodable(path)).resolve().as_uri()


def descriptor(rule: Rule) -> dict:
    docs = os.environ.get("CITEQA_DOCS_URL")  # e.g. the rules page of your citeqa copy; none is invented
    described = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.section("What it does") or rule.summary},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "defaultConfiguration": {"level": LEVELS[rule.severity.value]},
        "properties": {
            "precision": rule.precision,
            "tags": ["citations", "crossref" if rule.needs_crossref else "offline"],
        },
    }
    if docs:
        described["helpUri"] = f"{docs}#{rule.code.lower()}"
    return described


def render(results: Sequence[FileResult], color: bool = False) -> str:
    rules = all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    findings = []
    for result in results:
        for f in [*result.findings, *result.suppressed]:
            region = {"startLine": f.location.line}
            if f.location.column:
                region["startColumn"] = f.location.column
            message = f.message + (f" Suggestion: {f.suggestion}." if f.suggestion else "")
            item = {
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": LEVELS[f.severity.value],
                "message": {"text": message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri(result.path)},
                            **({"region": region} if f.location.line else {}),
                        }
                    }
                ],
                "partialFingerprints": {"citeqa/v1": f.fingerprint},
                "properties": {
                    "reference": f.location.reference,
                    "field": f.location.field,
                    "evidence": f.evidence,
                    "suggestion": f.suggestion,
                },
            }
            if f in result.suppressed:  # SARIF's own word for it: viewers show them as suppressed
                item["suppressions"] = [
                    {"kind": "inSource", "justification": "a citeqa: ignore comment, allowed by configuration"}
                ]
            findings.append(item)
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{r.path}: {r.error}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(r.path)}}}],
        }
        for r in results
        if r.error
    ]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "citeqa",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/citeqa/",
                        "rules": [descriptor(r) for r in rules],
                    }
                },
                "invocations": [
                    {"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}
                ],
                "columnKind": "unicodeCodePoints",
                "results": findings,
            }
        ],
    }
    # SARIF viewers turn messages into XML and HTML: no character XML forbids, no lone surrogate.
    return pretty(deep(log, lambda text: encodable(xml_safe(text))))
