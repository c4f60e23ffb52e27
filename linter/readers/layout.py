"""Classify the lines of text extracted from a journal PDF.

A PDF's text interleaves page furniture (running headers and footers, citation
lines, the correspondence and history block printed at the foot of page one)
with the article. Each line gets a kind so that the body and the reference list
can be rebuilt without it, and the metadata read from it.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

YEAR = r"(?:1[89]\d{2}|20[0-3]\d)"
RUNNING_HEADER = re.compile(
    rf"^\s*(?P<journal>[A-Z][\w.&'’ -]*?)\.?,?\s+(?P<year>{YEAR})\s*[,;:]?\s*"
    rf"Vol(?:ume|\.)?\s*(?P<volume>\w+)\s*[,;:]?\s*(?:Issue|No\.?|Number)\s*(?P<issue>\w+)\s*$"
)
URL_ONLY = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)
PAGE_NUMBER = re.compile(r"^\s*(?:Page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?\s*$", re.IGNORECASE)
REFERENCES_HEADING = re.compile(
    r"^\s*(?:\d+\.?\s*)?(?:References?(?: list| cited)?|Bibliography|Literature cited|Works cited)\s*:?\s*$",
    re.IGNORECASE,
)
# Blocks that belong to the article's metadata, wherever the PDF put them.
METADATA_BLOCKS = (
    ("citation line", re.compile(r"^\s*Citation\s*:", re.IGNORECASE)),
    ("correspondence", re.compile(r"^\s*\*?\s*(?:Correspondence|Corresponding author)\b", re.IGNORECASE)),
    ("history", re.compile(r"^\s*(?:Received|Submitted)\s*:?\s*\d", re.IGNORECASE)),
    ("copyright", re.compile(r"^\s*(?:Copyright\b|©)", re.IGNORECASE)),
)
FURNITURE_KINDS = {"running header", "repeated line", "page number", "citation line"}
SUPPRESSION = re.compile(r"^\s*<!--\s*citeqa:\s*(?P<scope>ignore|ignore-next-line)\s+(?P<codes>[\w\s,-]+?)\s*-->\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    text: str
    kind: str | None  # None for article content

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Block:
    """A metadata block: its kind, its text joined, and the line each character came from."""

    kind: str
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def line_at(self, offset: int) -> int:
        for line in self.lines:
            if offset <= len(line.text):
                return line.number
            offset -= len(line.text) + 1
        return self.lines[-1].number


def classify(text: str) -> tuple[list[Line], list[Block]]:
    raw = text.splitlines()
    kinds: list[str | None] = [None] * len(raw)
    blocks: list[Block] = []

    start = 0
    for index in range(len(raw) + 1):
        if index < len(raw) and raw[index].strip():
            continue
        if index > start:
            first = raw[start]
            for kind, pattern in METADATA_BLOCKS:
                if pattern.match(first):
                    for i in range(start, index):
                        kinds[i] = kind
                    blocks.append(Block(kind, tuple(Line(i + 1, raw[i], kind) for i in range(start, index))))
                    break
        start = index + 1

    repeated = Counter(line.strip() for line in raw if _may_repeat(line))
    for i, line in enumerate(raw):
        if kinds[i] or not line.strip():
            continue
        if SUPPRESSION.match(line):
            kinds[i] = "suppression"
        elif RUNNING_HEADER.match(line):
            kinds[i] = "running header"
        elif PAGE_NUMBER.match(line):
            kinds[i] = "page number"
        elif repeated[line.strip()] > 1:
            kinds[i] = "repeated line"
    lines = [Line(i + 1, text, kinds[i]) for i, text in enumerate(raw)]
    blocks += [Block("running header", (line,)) for line in lines if line.kind == "running header"]
    return lines, blocks


def _may_repeat(line: str) -> bool:
    """Short lines other than URLs and headings that, seen twice, are page furniture."""
    stripped = line.strip()
    return (
        8 <= len(stripped) <= 120
        and not URL_ONLY.match(stripped)
        and not REFERENCES_HEADING.match(stripped)
    )
