"""JSON lines: one object per file, written as the file is settled (memory stays flat on any
number of files). Each line is a `file` of schemas/report.schema.json (`$defs/file`)."""
from __future__ import annotations

import json
from typing import Sequence

from ..escape import encodable
from .json_report import _file


def row(result) -> str:
    line = encodable(json.dumps(_file(result), ensure_ascii=False))
    return line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "\n"  # a line break to many readers


def render(results: Sequence, color: bool = False) -> str:
    return "".join(row(r) for r in results)
