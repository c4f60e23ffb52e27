"""GitLab Code Quality JSON: findings shown in merge requests. The format has no word for a suppressed issue: a
finding the manuscript's own comments suppressed (allowed by --allow-inline-suppressions) is listed as `info`, its
description saying so, rather than left out unnoticed."""

from __future__ import annotations

from collections.abc import Sequence

from ..engine import FileResult
from ..escape import encodable
from ..jsontext import pretty
from ..model import Finding

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def render(results: Sequence[FileResult], color: bool = False) -> str:
    issues = [_issue(r.path, f, suppressed=False) for r in results for f in r.findings]
    issues += [_issue(r.path, f, suppressed=True) for r in results for f in r.suppressed]
    return encodable(pretty(issues))


def _issue(path: str, f: Finding, suppressed: bool) -> dict:
    return {
        "description": ("[suppressed by the manuscript's own comment] " if suppressed else "")
        + f"{f.rule} {f.message}"
        + (f" (fix: {f.suggestion})" if f.suggestion else ""),
        "check_name": f"{f.rule} {f.name}",
        "fingerprint": f.fingerprint,
        "severity": "info" if suppressed else SEVERITIES[f.severity.value],
        "location": {"path": path, "lines": {"begin": f.location.line or 1}},
    }
