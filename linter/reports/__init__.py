"""Output formats: each module renders the same file results; FORMATS names them."""
from __future__ import annotations

from collections import Counter
from typing import Callable, Sequence

from ..engine import FileResult
from . import github, gitlab, html, json_report, junit, sarif, text

Render = Callable[[Sequence[FileResult], bool], str]
FORMATS: dict[str, Render] = {
    "text": text.render, "json": json_report.render, "sarif": sarif.render,
    "github": github.render, "junit": junit.render, "gitlab": gitlab.render, "html": html.render,
}


def summary(results: Sequence[FileResult]) -> dict[str, int]:
    counts = Counter(f.severity.value for r in results for f in r.findings)
    return {
        "files": len(results),
        "failed_files": sum(1 for r in results if r.error),
        "errors": counts["error"],
        "warnings": counts["warning"],
        "info": counts["info"],
        "suppressed": sum(len(r.suppressed) for r in results),
    }
