"""Baselines: findings accepted once, not reported again across revision rounds."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from .engine import FileResult

VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be used; the message names it."""


def write(results: Sequence[FileResult], path: Path) -> int:
    entries = [
        {
            "fingerprint": f.fingerprint,
            "rule": f.rule,
            "path": r.path,
            "reference": f.location.reference,
            "message": f.message,
        }
        for r in results
        for f in r.findings
    ]
    path.write_text(
        json.dumps({"version": VERSION, "tool": "citeqa", "findings": entries}, indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return len(entries)


def load(path: Path) -> Counter:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("tool") != "citeqa" or data.get("version") != VERSION:
            raise ValueError("not a citeqa baseline of version 1")
        return Counter(entry["fingerprint"] for entry in data["findings"])
    except (OSError, UnicodeDecodeError) as error:
        raise BaselineError(f"{path}: cannot read the baseline: {error}") from None
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise BaselineError(f"{path}: not a citeqa baseline: {error}") from None
