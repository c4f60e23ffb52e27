"""PDF through pdfminer.six's layout analysis, then the plain-text logic.

pdfminer rather than pypdf: its layout analysis keeps the reading order of
columns and separates text blocks with blank lines, which the reference splitter
and the metadata blocks rely on. Lines repeated across pages (running headers and
footers) and page numbers are page furniture, as in text from a PDF; cut out of a
reference, they are reported by RF06. Locations are page and line on the page.
"""
from __future__ import annotations

from pathlib import Path

from ..model import Manuscript
from . import ReadError, ensure_file, plaintext
from .relocate import relocate


def read(path: Path) -> Manuscript:
    from pdfminer.high_level import extract_text
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    ensure_file(path)
    try:
        text = extract_text(str(path), laparams=LAParams())
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ReadError("encrypted PDF: cannot read its text without the password") from None
    except Exception as error:  # pdfminer raises many kinds of error on a damaged file
        raise ReadError(f"corrupt PDF ({error.__class__.__name__})") from None
    if not text.strip():
        raise ReadError("PDF without a text layer (scanned images?): nothing to read")
    place = []  # text line -> (page, line on the page)
    for page, content in enumerate(text.split("\f"), 1):
        place += [(page, number) for number in range(1, content.count("\n") + 2)]
    manuscript = plaintext.read(text.replace("\f", "\n"), str(path), "pdf")

    def on_page(location):
        if not location.line or location.line > len(place):
            return {}
        page, line = place[location.line - 1]
        return {"page": page, "line": line}

    return relocate(manuscript, on_page)
