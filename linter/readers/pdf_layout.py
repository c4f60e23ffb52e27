"""A PDF's text as lines with their geometry, in reading order, without page furniture.

pypdfium2 (PDFium, Apache/BSD) gives each character's box and baseline fast enough for
a 40-page article in about a second. Characters become runs (same baseline, no gap),
runs become lines within a column, and a page with a vertical gutter is read column by
column (also under a page-wide abstract, and beside a first page's sidebar). Superscript
runs (smaller, raised, however long) are kept apart on the line they belong to: in the body
they are citation numbers; subscripts (smaller, lowered) stay in the line's text. Page
furniture is what repeats in a page's top or bottom lines across pages once digits are
ignored (running heads, a footer with the article's own citation and page number), page
numbers there, and margin line numbers: it is dropped here, by its place, never by its
words alone.
"""

from __future__ import annotations

import bisect
import ctypes
import itertools
import re
import statistics
from dataclasses import dataclass, field


@dataclass
class Run:
    text: str
    x0: float
    x1: float
    base: float  # baseline, PDF points from the page's bottom
    size: float  # the font size in points (PDFium's size times the text matrix's scale)
    weight: int = 400
    last_x0: float = 0.0  # where the last character began: a ligature's second letter shares its box
    sizes: dict[float, int] = field(default_factory=dict)  # font size -> characters of that size


@dataclass
class PdfLine:
    page: int  # 1-based
    text: str
    x0: float
    x1: float
    base: float
    size: float
    column: int  # 0, 1, ... within the page; -1 for a line across the gutter
    bold: bool = False
    supers: list[tuple[int, str]] = field(default_factory=list)  # (offset in text, superscript text)
    furniture: str | None = None  # why it was dropped: running head/foot, page number, line number
    gap: float = 0.0  # space above the line, from the previous line's baseline in the same column

    @property
    def top(self) -> float:
        return self.base + self.size


@dataclass
class Document:
    lines: list[PdfLine]
    pages: int
    characters: int


def read(path: str) -> Document:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        pages, count = [], 0
        for number in range(len(document)):
            page = document[number]
            width = page.get_width()
            textpage = page.get_textpage()
            runs = _runs(textpage)
            count += sum(len(r.text) for r in runs)
            pages.append((number + 1, width, runs))
            textpage.close()
            page.close()
    finally:
        document.close()
    lines = [line for number, width, runs in pages for line in _lines(number, width, runs)]
    _mark_furniture(lines)
    return Document(lines, len(pages), count)


ACCENTS = {  # spacing accents some typesetters (TeX) draw over a letter, as PDFium reports them
    "¨": "\u0308",
    "´": "\u0301",
    "`": "\u0300",
    "ˆ": "\u0302",
    "˜": "\u0303",
    "¸": "\u0327",
    "ˇ": "\u030c",
    "˘": "\u0306",
    "˙": "\u0307",
    "˚": "\u030a",
    "˛": "\u0328",
    "˝": "\u030b",
    "¯": "\u0304",
}


def _paired(text: str) -> str:
    """PDFium's UTF-16 units, one per character index: a surrogate pair (a maths letter such as
    U+1D465) becomes its character at the first index and a space-less gap ("\x00") at the second,
    so that indices still match the boxes; a lone surrogate becomes U+FFFD."""
    units = list(text)
    for i, unit in enumerate(units):
        if "\ud800" <= unit <= "\udbff" and i + 1 < len(units) and "\udc00" <= units[i + 1] <= "\udfff":
            units[i], units[i + 1] = (unit + units[i + 1]).encode("utf-16", "surrogatepass").decode("utf-16"), "\x00"
        elif "\ud800" <= unit <= "\udfff":
            units[i] = "\ufffd"
    return "".join(units)


def _chars(textpage) -> list[list]:
    """[kind, text, x0, x1, baseline, size, index] per character; kind 'char', 'space', 'break' or 'hyphen'."""
    from pypdfium2 import raw

    n = textpage.count_chars()
    if n <= 0:
        return []
    text = textpage.get_text_range(0, n)
    if len(text) != n:  # characters outside the BMP: ask one by one
        text = _paired("".join(chr(raw.FPDFText_GetUnicode(textpage, i) or 32) for i in range(n)))
    rect, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    chars: list[list] = []
    box_height, size, rotated, descent = -1.0, 0.0, False, 0.0
    for i, char in enumerate(text):
        if char == "\x00":  # the second half of a surrogate pair, already joined to the first
            continue
        if char in "\x02\ufffe":  # PDFium's mark of a hyphen that breaks a word at the line's end
            chars.append(["hyphen", SOFT_HYPHEN, 0, 0, 0, 0, i])
            continue
        if char in "\r\n":
            chars.append(["break", "", 0, 0, 0, 0, i])
            continue
        if char == " " or char == "\xa0":
            chars.append(["space", " ", 0, 0, 0, 0, i])
            continue
        raw.FPDFText_GetLooseCharBox(textpage, i, rect)
        if rect.top - rect.bottom != box_height:  # the font changed: ask its size and descent (same font, same box)
            box_height = rect.top - rect.bottom
            raw.FPDFText_GetCharOrigin(textpage, i, ox, oy)
            descent = oy.value - rect.bottom
            raw.FPDFText_GetMatrix(textpage, i, matrix)
            size = raw.FPDFText_GetFontSize(textpage, i) * abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
            rotated = abs(matrix.b) > 0.01 * size or abs(matrix.c) > 0.01 * size
        if rotated:  # a stamp up the margin ("Downloaded from ..."), not the page's text
            chars.append(["break", "", 0, 0, 0, 0, i])
            continue
        if 0.5 < size <= 200:
            chars.append(["char", char, rect.left, rect.right, rect.bottom + descent, size, i])
    _compose_accents(chars)
    return chars


def _compose_accents(chars: list[list]) -> None:
    """Put a spacing or combining accent drawn over (or under) a nearby letter onto it: 'Gol ¨ oncs ¨ er' ->
    'Gölöncsér'. TeX may draw the accent after the rest of the line ('Garcıa ... and ́'): the letter under it is
    looked for near it in reading order first, then on its whole line."""
    import unicodedata

    for i, item in enumerate(chars):
        if item[0] != "char":
            continue
        char = item[1]
        mark = ACCENTS.get(char) or (
            char if len(char) == 1 and char >= "\u0300" and unicodedata.combining(char) else None
        )
        if mark is None:
            continue
        j = _under_accent(chars, i, 12)
        if j is None:
            j = _under_accent(chars, i, 400)
        if j is None:
            continue
        letter = chars[j]
        base = DOTLESS.get(letter[1], letter[1]) if mark in ABOVE else letter[1]  # "Garcı ́a"
        letter[1] = unicodedata.normalize("NFC", base + mark)
        item[0] = "drop"
        for k in (i - 1, i + 1):  # the spaces PDFium set around the stray accent
            if 0 <= k < len(chars) and chars[k][0] == "space":
                chars[k][0] = "drop"


ABOVE = set(ACCENTS.values()) - {"\u0327", "\u0328"}  # the accents drawn above; a dotless i takes its dot back
DOTLESS = {"ı": "i", "ȷ": "j"}


def _under_accent(chars: list[list], i: int, reach: int) -> int | None:
    """The letter, within `reach` characters of the accent at i and on its line, whose middle is nearest the
    accent's; None when none is close enough (italic slants an accent off centre, but not by a letter)."""
    item = chars[i]
    middle = (item[2] + item[3]) / 2
    near = [
        j
        for j in range(max(0, i - reach), min(len(chars), i + reach + 1))
        if j != i and chars[j][0] == "char" and chars[j][1].isalpha() and abs(chars[j][4] - item[4]) < chars[j][5]
    ]
    if not near:
        return None
    j = min(near, key=lambda j: abs((chars[j][2] + chars[j][3]) / 2 - middle))
    return j if abs((chars[j][2] + chars[j][3]) / 2 - middle) <= 0.7 * chars[j][5] else None


def _runs(textpage) -> list[Run]:
    from pypdfium2 import raw

    runs: list[Run] = []
    current: Run | None = None
    for kind, char, x0, x1, base, size, index in _chars(textpage):
        if kind == "drop":
            continue
        if kind == "hyphen":
            if current is not None:
                current.text += SOFT_HYPHEN
            continue
        if kind == "break":
            current = None
            continue
        if kind == "space":
            if current is not None and not current.text.endswith(" "):
                current.text += " "
            continue
        if current is not None and _continues(current, x0, base, size):
            if x0 - current.x1 > 0.15 * size and not current.text.endswith(" "):
                current.text += " "
            current.text += char
            current.x1 = max(current.x1, x1)
            current.last_x0 = x0
            current.sizes[size] = current.sizes.get(size, 0) + 1
        else:
            current = Run(char, x0, x1, base, size, raw.FPDFText_GetFontWeight(textpage, index), last_x0=x0)
            current.sizes[size] = 1
            runs.append(current)
    for run in runs:
        run.text = run.text.strip()
        run.size = max(run.sizes, key=lambda k: run.sizes[k]) if run.sizes else run.size  # most of its characters' size
    return [r for r in runs if r.text]


def _continues(run: Run, x0: float, base: float, size: float) -> bool:
    after = x0 - run.x1 > -0.5 * size or x0 >= run.last_x0 - 0.1
    return (
        abs(base - run.base) < 0.25 * min(size, run.size)
        and after
        and x0 - run.x1 < 0.8 * max(size, run.size)
        and abs(size - run.size) < 0.3 * run.size
    )


def _gutters(runs: list[Run], width: float, first_page: bool = False) -> list[float]:
    """x of each vertical gutter between text columns: an empty band crossed by few runs. Columns under
    (or over) a block set across the page (title, authors, abstract) are looked for in the tallest band
    between its lines, where the block's front matter does not cross them; a first page may set its
    article information in a narrow column beside the text (JOSS: editor, reviewers, dates, licence)."""
    found = _gutters_in(runs, width) or _gutters_in(_between_wide_lines(runs, width), width)
    return found or (_sidebar(runs, width) if first_page else [])


def _sidebar(runs: list[Run], width: float) -> list[float]:
    """The gutter right of a narrow margin column that no line of the text crosses (a foot aside)."""
    text = [r for r in runs if len(r.text) > 1]
    cover = [0] * (int(width) + 2)
    for r in text:
        for x in range(max(0, int(r.x0)), min(len(cover), int(r.x1) + 1)):
            cover[x] += 1
    start = None
    for x in range(int(0.1 * width), int(0.4 * width)):
        if cover[x] <= 2:
            start = x if start is None else start
            continue
        if start is not None and x - start >= 4:
            middle = (start + x) / 2
            left = [r for r in text if r.x1 <= middle]
            right = [r for r in text if r.x0 >= middle]
            if (
                len(left) >= 6
                and len(right) >= len(left)
                and sum(1 for r in left if not _LABEL_ONLY.match(r.text)) >= 6
            ):
                return [middle]
        start = None
    return []


def _between_wide_lines(runs: list[Run], width: float) -> list[Run]:
    """The runs of the vertical band between two lines set across the page that holds the most runs."""
    cuts = sorted({r.base for r in runs if r.x1 - r.x0 >= 0.45 * width})
    if not cuts:
        return []
    bands: dict[int, list[Run]] = {}
    for r in runs:
        if r.x1 - r.x0 < 0.45 * width:
            bands.setdefault(bisect.bisect_left(cuts, r.base), []).append(r)
    return max(bands.values(), key=len, default=[])


def _gutters_in(runs: list[Run], width: float) -> list[float]:
    wide = [r for r in runs if r.x1 - r.x0 >= 0.45 * width]
    narrow = [r for r in runs if r.x1 - r.x0 < 0.45 * width and len(r.text) > 1 and not _ends_wide_paragraph(r, wide)]
    if len(narrow) < 12:
        return []
    cover = [0] * (int(width) + 2)
    for r in narrow:
        for x in range(max(0, int(r.x0)), min(len(cover), int(r.x1) + 1)):
            cover[x] += 1
    gutters = []
    start = None
    few = max(2, len(narrow) // 25)  # a footnote's last line may cross the gutter
    for x in range(int(0.2 * width), int(0.8 * width)):
        if cover[x] <= few:
            start = x if start is None else start
            continue
        if start is not None and x - start >= 4:
            middle = (start + x) / 2
            left = sum(1 for r in narrow if r.x1 <= middle)
            right = sum(1 for r in narrow if r.x0 >= middle)
            if left >= 6 and right >= 6:
                gutters.append(middle)
        start = None
    # keep gutters far enough apart (a gap inside a table is not a column), with text side by side
    # across them or few lines crossing them (a gap among one column's short lines is not a gutter)
    kept: list[float] = []
    text = [r for r in runs if len(r.text) > 1]
    for g in gutters:
        pairs = {round(r.base) for r in text if r.x1 <= g} & {round(r.base) for r in text if r.x0 >= g}
        crossing = sum(1 for r in text if r.x0 < g < r.x1)
        if (len(pairs) >= 6 or crossing <= max(3, 0.1 * len(text))) and (not kept or g - kept[-1] > 0.2 * width):
            kept.append(g)
    return kept[:3]


def _ends_wide_paragraph(run: Run, wide: list[Run]) -> bool:
    """The short last line of a paragraph set across the page (an abstract above two columns):
    it starts where a wide line just above it starts, and crosses the gutter without being a column."""
    return any(abs(run.x0 - w.x0) < 2 and 0 < w.base - run.base < 2.5 * w.size for w in wide)


def _lines(page: int, width: float, runs: list[Run]) -> list[PdfLine]:
    runs = _without_line_numbers(runs)
    gutters = _gutters(runs, width, first_page=page == 1)

    def column(run: Run) -> int:
        if any(run.x0 < g < run.x1 for g in gutters):
            return -1
        return sum(1 for g in gutters if run.x0 >= g)

    normal = _body_size(runs)
    by_column: dict[int, list[Run]] = {}
    for run in runs:
        by_column.setdefault(column(run), []).append(run)
    for col in sorted(c for c in by_column if c >= 0):
        members = by_column[col]
        labels = sum(1 for r in members if _LABEL_ONLY.match(r.text))
        if col + 1 in by_column and len(members) >= 3 and labels >= 0.8 * len(members):
            by_column[col + 1] += by_column.pop(col)  # reference numbers set apart from their entries
    lines: list[PdfLine] = []
    for col, members in by_column.items():
        lines += _join(page, col, members, normal)
    return _reading_order(lines)


def _body_size(runs: list[Run]) -> float:
    """The size most of the page's characters are set in: a figure's many short labels do not count for more."""
    if not runs:
        return 0.0
    ordered = sorted(runs, key=lambda r: r.size)
    half, seen = sum(len(r.text) for r in ordered) / 2, 0
    for r in ordered:
        seen += len(r.text)
        if seen >= half:
            return r.size
    return ordered[-1].size


def _without_line_numbers(runs: list[Run]) -> list[Run]:
    """A draft's watermark letters, and its margin line numbers: bare numbers aligned one above the
    other, counting up line by line, in smaller type (or forty lines' worth of them)."""
    if not runs:
        return runs
    normal = _body_size(runs)
    runs = [r for r in runs if not (r.size > 4 * normal and len(r.text) <= 3)]
    aligned: dict[int, list[Run]] = {}
    for r in runs:
        if r.text.isdigit() and len(r.text) <= 4:
            aligned.setdefault(round(r.x1 / 4), []).append(r)
    drop: set[int] = set()
    for group in aligned.values():
        if len(group) < 5:
            continue
        values = [int(r.text) for r in sorted(group, key=lambda r: -r.base)]
        steps = [b - a for a, b in itertools.pairwise(values)]
        counting = sum(1 for step in steps if step == 1) >= 0.8 * len(steps)
        if counting and (max(r.size for r in group) <= 0.8 * normal or len(group) >= 40):
            drop.update(id(r) for r in group)
    return [r for r in runs if id(r) not in drop] if drop else runs


def _join(page: int, col: int, runs: list[Run], normal: float) -> list[PdfLine]:
    """Runs on one baseline become a line; smaller raised runs beside them are its superscripts."""
    runs = sorted(runs, key=lambda r: (-r.base, r.x0))
    groups: list[list[Run]] = []
    for run in runs:
        for group in reversed(groups[-4:]):
            lead = group[0]
            if abs(run.base - lead.base) < 0.3 * min(run.size, lead.size):
                group.append(run)
                break
        else:
            groups.append([run])
    # superscripts: a smaller run raised above a line of bigger type, beside its text
    small = [
        g
        for g in groups
        if all(len(r.text) <= 12 or _NUMBER_LIST.match(r.text) for r in g) and max(r.size for r in g) < 0.9 * normal
    ]  # "1,2,4,6,7-10,12,14,15" is one superscript however long
    plain = [g for g in groups if not any(g is s for s in small)]
    for group in small:
        host, mark = _host(group, plain)
        if host is not None:
            host.extend(Run(r.text, r.x0, r.x1, r.base, r.size, mark) for r in group)
        else:
            plain.append(group)
    lines = []
    for group in plain:
        body = [r for r in group if r.weight >= 0]
        if not body:
            continue
        base = statistics.median(r.base for r in body)
        size = max(statistics.median(r.size for r in body), 0.1)
        text, supers = "", []
        last_x1 = None
        for r in sorted(group, key=lambda r: r.x0):
            sep = "" if last_x1 is None or (r.x0 - last_x1 < 0.15 * size and r.weight < 0) else " "
            if r.weight == SUPERSCRIPT:
                supers.append((len(text + sep), r.text))
            text += sep + r.text
            last_x1 = r.x1
        lines.append(
            PdfLine(
                page,
                text.strip(),
                min(r.x0 for r in body),
                max(r.x1 for r in group),
                base,
                size,
                col,
                bold=body[0].weight >= 600,
                supers=supers,
            )
        )
    return lines


SUPERSCRIPT, SUBSCRIPT = -1, -2  # a run's weight, once it joins the line it is set beside


def _host(group: list[Run], candidates: list[list[Run]]) -> tuple[list[Run] | None, int]:
    """The line a superscript (or subscript: 'K3,3') group sits on: bigger type, baseline a little below
    (above), overlapping it."""
    small = max(r.size for r in group)
    x0 = min(r.x0 for r in group)
    base = min(r.base for r in group)
    for other in candidates:
        if not -2 * small < base - other[0].base < 3 * small:
            continue
        size = max(r.size for r in other if r.weight >= 0) if any(r.weight >= 0 for r in other) else 0
        if not size or small > 0.9 * size:
            continue
        obase = statistics.median(r.base for r in other if r.weight >= 0)
        raised = 0.15 * size < base - obase < 0.75 * size
        lowered = -0.5 * size < base - obase < -0.1 * size
        if (
            (raised or lowered)
            and min(r.x0 for r in other) - size <= x0
            and max(r.x0 for r in group) <= max(r.x1 for r in other) + size  # a long one may overhang the line
        ):
            return other, SUPERSCRIPT if raised else SUBSCRIPT
    return None, 0


def _reading_order(lines: list[PdfLine]) -> list[PdfLine]:
    """Top to bottom; between two lines across the gutter, each column in turn."""
    ordered: list[PdfLine] = []
    band: list[PdfLine] = []
    for line in sorted(lines, key=lambda ln: (-ln.base, ln.x0)):
        if line.column == -1:
            ordered += sorted(band, key=lambda ln: (ln.column, -ln.base, ln.x0))
            band = []
            ordered.append(line)
        else:
            band.append(line)
    ordered += sorted(band, key=lambda ln: (ln.column, -ln.base, ln.x0))
    previous: dict[int, PdfLine] = {}
    for line in ordered:
        before = previous.get(line.column)
        line.gap = before.base - line.base if before else 0.0
        previous[line.column] = line
    return ordered


SOFT_HYPHEN = "\u00ad"
_DIGITS = re.compile(r"\d+")
_NUMBER_LIST = re.compile(r"^\d{1,3}(?:\s*[-–,]\s*\d{1,3})+$")
_LABEL_ONLY = re.compile(r"^\[?\d{1,4}[.\])]?$")
_PAGE_NUMBER = re.compile(
    r"^[|•·\-–\s]*(?:page\s+|p\.\s*)?\d{1,4}(?:\s*(?:of|/|de|von)\s*\d{1,4})?[|•·\-–\s]*$", re.IGNORECASE
)


def _mark_furniture(lines: list[PdfLine]) -> None:
    """Page heads and feet that recur across pages (digits aside), page numbers, margin line numbers."""
    by_page: dict[int, list[PdfLine]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    edges: list[tuple[PdfLine, str]] = []
    for members in by_page.values():
        ranked = sorted(members, key=lambda ln: -ln.base)
        for line in ranked[:4]:
            edges.append((line, "head"))
        for line in ranked[-4:]:
            edges.append((line, "foot"))
    places: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for line, where in edges:
        places.setdefault((where, _shape(line.text)), []).append((line.page, line.base))
    pages = len(by_page)
    for line, where in edges:
        if line.furniture:
            continue
        shape = _shape(line.text)
        others = {p for p, base in places[(where, shape)] if p != line.page and abs(base - line.base) < 25}
        if (
            len(shape) >= 5 and len(others) + 1 < max(2, 0.25 * pages) and _set_apart(line, where, by_page[line.page])
        ):  # a foot the gutter cut in two: part of the others'
            others |= {
                p
                for (w, other), found in places.items()
                if w == where and shape in other
                for p, base in found
                if p != line.page and abs(base - line.base) < 3
            }
        if (
            shape
            and len(others) >= 1
            and (pages <= 3 or len(others) + 1 >= max(2, 0.25 * pages))
            and len(line.text) < 250
        ):
            line.furniture = f"running {where}"
        elif _PAGE_NUMBER.match(line.text.strip()):
            line.furniture = "page number"
    # line numbers in the margin (drafts): a column of bare numbers left or right of all the text
    for members in by_page.values():
        text = [ln for ln in members if not _DIGITS.fullmatch(ln.text.strip())]
        if not text:
            continue
        left, right = min(ln.x0 for ln in text), max(ln.x1 for ln in text)
        numbers = [
            ln for ln in members if _DIGITS.fullmatch(ln.text.strip()) and (ln.x1 <= left + 1 or ln.x0 >= right - 1)
        ]
        if len(numbers) >= 5:
            for line in numbers:
                line.furniture = "line number"


def _set_apart(line: PdfLine, where: str, members: list[PdfLine]) -> bool:
    """Whether a head stands apart from the text below it in its column (a foot from the text above) by
    more than a line's pitch: a reference's last line, "vol. 66, no. 5, pp. 692-697, 2004.", runs on
    from its column's text, whatever a foot on another page holds."""
    body = [
        ln.base
        for ln in members
        if ln is not line and ln.column == line.column and (ln.base > line.base) == (where == "foot")
    ]
    return not body or min(abs(base - line.base) for base in body) > 1.5 * line.size


def _shape(text: str) -> str:
    """The line's letters only: 'Case Reports in Dentistry 5' and '2 Case Reports in Dentistry' are one head."""
    return re.sub(r"[\W\d_]+", "", text.lower())[:80]
