"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request; and a notice for each
file whose own comments suppressed findings (allowed by --allow-inline-suppressions), so none goes unnoticed."""

from __future__ import annotations

from collections.abc import Sequence

from ..engine import FileResult
from ..escape import inert

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    """GitHub's own encoding of a command's data, over a text already inert (no ESC, no bidi)."""
    text = "\n".join(inert(part) for part in text.split("\n"))
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(results: Sequence[FileResult], color: bool = False) -> str:
    lines = []
    for result in results:
        if result.error:
            lines.append(
                f"::error file={_property(result.path)},title={_property('citeqa: cannot read file')}"
                f"::{_data(result.error)}"
            )
        for f in result.findings:
            where = [f"file={_property(result.path)}"]
            if f.location.line:
                where.append(f"line={f.location.line}")
                if f.location.column:
                    where.append(f"col={f.location.column}")
            where.append(f"title={_property(f'{f.rule} {f.name}')}")
            message = f.message + (f"\nSuggestion: {f.suggestion}" if f.suggestion else "")
            lines.append(f"::{LEVELS[f.severity.value]} {','.join(where)}::{_data(message)}")
        if result.suppressed:
            listed = "; ".join(f"{f.rule} {f.message}" for f in result.suppressed)
            said = f"{len(result.suppressed)} suppressed by its own comments (allow-inline-suppressions): {listed}"
            title = _property("citeqa: suppressed by the manuscript")
            lines.append(f"::notice file={_property(result.path)},title={title}::{_data(said)}")
    return "".join(line + "\n" for line in lines)
