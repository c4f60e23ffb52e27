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
DOI_CUT = re.compile(r"10\.\d{4,9}/\S*[./-]$")  # a DOI cut at the line's end after a dot, hyphen or slash
# The reference section's heading in the languages journals print (casefolded, accents and spaces
# dropped before comparing, so "R E F E R E N C E S", "REFERÊNCIAS" and "Referencias" all count).
REFERENCES_NAMES = (
    # English
    "references",
    "reference",
    "reference list",
    "references cited",
    "literature cited",
    "literature",
    "bibliography",
    "works cited",
    "cited literature",
    "sources",
    "references and notes",
    "notes and references",
    "supplementary references",
    "additional references",
    "further reading",
    # Portuguese, Spanish, Catalan, Galician
    "referências",
    "referências bibliográficas",
    "referencias",
    "referencias bibliográficas",
    "bibliografia",
    "bibliografía",
    "literatura citada",
    "literatura",
    "obras citadas",
    "referèncias",
    "referències",
    # French, Italian, Romanian
    "références",
    "références bibliographiques",
    "bibliographie",
    "riferimenti",
    "riferimenti bibliografici",
    "bibliografie",
    "referințe",
    "referinte",
    # German, Dutch, Scandinavian, Finnish
    "literaturverzeichnis",
    "quellen",
    "quellenverzeichnis",
    "literatuur",
    "literatuurlijst",
    "referenties",
    "bronnen",
    "referenser",
    "litteratur",
    "källor",
    "kallor",
    "referencer",
    "referanser",
    "kilder",
    "lähteet",
    "kirjallisuus",
    "literatur",
    # Polish, Czech, Slovak, Croatian, Slovenian, Hungarian, Turkish, Indonesian, Malay
    "piśmiennictwo",
    "seznam literatury",
    "použitá literatura",
    "zoznam literatúry",
    "literatúra",
    "irodalom",
    "irodalomjegyzék",
    "hivatkozások",
    "kaynaklar",
    "kaynakça",
    "daftar pustaka",
    "referensi",
    "rujukan",
    # Russian, Ukrainian, Greek, Chinese, Japanese, Korean
    "литература",
    "список литературы",
    "библиография",
    "список використаної літератури",
    "література",
    "βιβλιογραφία",
    "αναφορές",
    "参考文献",
    "引用文献",
    "參考文獻",
    "참고문헌",
)
# A heading that ends the reference list: back matter after it.
BACK_MATTER_NAMES = (
    "appendix",
    "appendices",
    "supplementary",
    "supplementary material",
    "supplementary materials",
    "supplementary information",
    "supplementary data",
    "supporting information",
    "additional files",
    "additional file",
    "acknowledgements",
    "acknowledgments",
    "acknowledgement",
    "acknowledgment",
    "funding",
    "funding statement",
    "financial support",
    "author contributions",
    "authors' contributions",
    "authors contributions",
    "contributions",
    "competing interests",
    "conflict of interest",
    "conflicts of interest",
    "declaration of competing interest",
    "declarations",
    "ethics statement",
    "data availability",
    "data availability statement",
    "availability of data and materials",
    "abbreviations",
    "tables",
    "figures",
    "figure legends",
    "figure captions",
    "table legends",
    "about the authors",
    "biographies",
    "publisher's note",
    "publisher’s note",
    "endnotes",
    "footnotes",
    "index",
    "agradecimentos",
    "agradecimientos",
    "anexo",
    "anexos",
    "apêndice",
    "apéndice",
    "financiamento",
    "financiamiento",
    "financiación",
    "contribuição dos autores",
    "contribución de los autores",
    "conflito de interesses",
    "conflicto de intereses",
    "remerciements",
    "annexe",
    "annexes",
    "danksagung",
    "anhang",
    "dankwoord",
    "bijlage",
)
_LEADING_NUMBER = re.compile(r"^\s*(?:(?:\d+(?:\.\d+)*|[IVXLC]+)[.)]?\s+|[A-Z][.)]\s+|\d+(?:\.\d+)*\.?(?=\D))")


def heading_key(text: str) -> str:
    """Casefolded, accents, spaces, numbering and end punctuation dropped: 'R E F E R Ê N C I A S:' -> 'referencias'."""
    import unicodedata

    text = _LEADING_NUMBER.sub("", text.strip(), count=1)
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s:.\-–—_*]+", "", text)


_REFERENCE_KEYS = frozenset(heading_key(name) for name in REFERENCES_NAMES)
_BACK_MATTER_KEYS = frozenset(heading_key(name) for name in BACK_MATTER_NAMES)
_FLOAT = re.compile(
    r"^\s*(?:Table|Tabela|Tabla|Tableau|Tabelle|Figure|Fig\.|Figura|Abbildung|Appendix"
    r"|Supplementary (?:Table|Figure|File))\s*[A-Z]?\d+\b"
)


def is_references_heading(text: str) -> bool:
    """Whether a line, on its own, is a reference section's heading (12+ languages, letter-spaced, numbered)."""
    return len(text.strip()) <= 60 and heading_key(text) in _REFERENCE_KEYS


def glued_references_heading(text: str) -> int | None:
    """Length of a references heading glued to the list's first entry ('REFERENCES1. Smith'), if any."""
    stripped = text.lstrip()
    start = heading_key(stripped[:40])
    if not any(start.startswith(key) for key in _REFERENCE_KEYS) or is_references_heading(stripped):
        return None
    match = re.match(r"(?:\d+\.?\s*)?([^\W\d_](?:[^\W\d_]| (?=[^\W\d_]))*)", stripped)
    if not match:
        return None
    words = match.group(1)
    for end in range(len(words), 3, -1):
        head = words[:end]
        rest = stripped[match.start(1) + end :]
        if (
            heading_key(head) in _REFERENCE_KEYS
            and rest[:1]
            and (
                (head.isupper() and (rest[:1].isupper() or rest[:1].isdigit() or rest[:1] == "["))
                or (rest[:1].isupper() and not rest[:1].isspace())
                or re.match(r"\s*:?\s*(?:\[\d+\]|1\.)\s", rest)
            )
        ):
            return len(text) - len(stripped) + match.start(1) + end
    return None


def is_back_matter_heading(text: str) -> bool:
    """A heading after which the reference list has ended: appendix, acknowledgements, funding, tables..."""
    stripped = text.strip()
    if len(stripped) <= 60 and heading_key(stripped) in _BACK_MATTER_KEYS:
        return True
    head = re.split(r"[:.]\s", stripped, maxsplit=1)[0]
    if len(head) <= 60 and len(stripped) > len(
        head
    ):  # a run-in heading: "Conflict of Interest Statement: The authors..."
        key = heading_key(head)
        if key in _BACK_MATTER_KEYS or any(key.startswith(k) for k in _BACK_MATTER_KEYS if len(k) >= 7):
            return True
    return bool(_FLOAT.match(stripped))


# Blocks that belong to the article's metadata, wherever the PDF put them.
METADATA_BLOCKS = (
    ("citation line", re.compile(r"^\s*Citation\s*:", re.IGNORECASE)),
    ("correspondence", re.compile(r"^\s*\*?\s*(?:Correspondence|Corresponding author)\b", re.IGNORECASE)),
    ("history", re.compile(r"^\s*(?:Received|Submitted)\s*:?\s*\d", re.IGNORECASE)),
    ("copyright", re.compile(r"^\s*(?:Copyright\b|©)", re.IGNORECASE)),
)
FURNITURE_KINDS = {"running header", "repeated line", "page number", "citation line"}
SUPPRESSION = re.compile(
    r"^\s*<!--\s*citeqa:\s*(?P<scope>ignore|ignore-next-line)\s+(?P<codes>[\w\s,-]+?)\s*-->\s*$", re.IGNORECASE
)


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


def classify(text: str, repeats: bool = True) -> tuple[list[Line], list[Block]]:
    """`repeats=False` when the caller has already removed page furniture by its place on the page (PDF)."""
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

    repeated = Counter(line.strip() for line in raw if repeats and _may_repeat(line))
    numbers: set[int] | None = None  # the text's lone numbers, read once if a DOI tail needs them
    for i, line in enumerate(raw):
        if kinds[i] or not line.strip():
            continue
        if SUPPRESSION.match(line):
            kinds[i] = "suppression"
        elif RUNNING_HEADER.match(line):
            kinds[i] = "running header"
        elif repeats and PAGE_NUMBER.match(line):
            if _after_cut_doi(raw, i):
                numbers = _lone_numbers(raw) if numbers is None else numbers
                if not numbers & {int(line) + d for d in (-2, -1, 1, 2)}:
                    continue  # the DOI's end: see _after_cut_doi
            kinds[i] = "page number"
        elif repeated[line.strip()] > 1:
            kinds[i] = "repeated line"
    lines = [Line(i + 1, text, kinds[i]) for i, text in enumerate(raw)]
    blocks += [Block("running header", (line,)) for line in lines if line.kind == "running header"]
    return lines, blocks


def _after_cut_doi(raw: list[str], i: int) -> bool:
    """Whether a lone number follows a DOI cut at a dot, hyphen or slash ("https://doi.org/10.2202/1544-6115."
    then "1309", in wrapped text): it is the DOI's end, unless another lone number of the text is within
    two of it (page numbers come in a run: 1309 among 1308 and 1310 is a page)."""
    return i > 0 and raw[i].strip().isdecimal() and DOI_CUT.search(raw[i - 1].rstrip()) is not None


def _lone_numbers(raw: list[str]) -> set[int]:
    return {int(line) for line in raw if line.strip().isdecimal() and PAGE_NUMBER.match(line)}


def _may_repeat(line: str) -> bool:
    """Short lines other than URLs and headings that, seen twice, are page furniture."""
    stripped = line.strip()
    return 8 <= len(stripped) <= 120 and not URL_ONLY.match(stripped) and not is_references_heading(stripped)
