"""JSON lines: one object per file, written as the file is settled (memory stays flat on any
number of files). Each line is a `file` of schemas/report.schema.json (`$defs/file`)."""
from __future__ import annotations

import json
from typing import Sequence

from .json_report import _file


def row(result) -> str:
    return json.dumps(_file(result), ensure_ascii=False) + "\n"


def render(results: Sequence, color: bool = False) -> str:
    return "".join(row(r) for r in results)
