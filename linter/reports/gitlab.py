"""GitLab Code Quality JSON: findings shown in merge requests."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..engine import FileResult
from ..escape import encodable

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def render(results: Sequence[FileResult], color: bool = False) -> str:
    issues = [
        {
            "description": f"{f.rule} {f.message}" + (f" (fix: {f.suggestion})" if f.suggestion else ""),
            "check_name": f"{f.rule} {f.name}",
            "fingerprint": f.fingerprint,
            "severity": SEVERITIES[f.severity.value],
            "location": {"path": r.path, "lines": {"begin": f.location.line or 1}},
        }
        for r in results
        for f in r.findings
    ]
    return encodable(json.dumps(issues, indent=2, ensure_ascii=False) + "\n")
