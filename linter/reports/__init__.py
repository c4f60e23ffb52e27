"""Output formats: each module renders the same file results; FORMATS names them.

A format's module is imported when it is used, not when citeqa starts."""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine import FileResult

Render = Callable[[Sequence["FileResult"], bool], str]
MODULES = {
    "text": "text",
    "json": "json_report",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "gitlab": "gitlab",
    "html": "html",
    "jsonl": "jsonl",
}


class _Formats(Mapping):
    """name -> render function, importing the format's module on first use."""

    def __getitem__(self, name: str) -> Render:
        return importlib.import_module(f"{__name__}.{MODULES[name]}").render

    def __iter__(self) -> Iterator[str]:
        return iter(MODULES)

    def __len__(self) -> int:
        return len(MODULES)


FORMATS: Mapping[str, Render] = _Formats()


def summary(results) -> dict[str, int]:
    counts = Counter(f.severity.value for r in results for f in r.findings)
    return {
        "files": len(results),
        "failed_files": sum(1 for r in results if r.error),
        "errors": counts["error"],
        "warnings": counts["warning"],
        "info": counts["info"],
        "suppressed": sum(len(r.suppressed) for r in results),
    }
