"""Input files to Manuscripts, every format to the same model. No reader touches the network."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..limits import (
    LimitError,
    Limits,
    Overtime,
    check_docx,
    check_file,
    check_pdf,
    deadline,
    is_regular,
)
from .files import ReadError, decode, ensure_file, read_bytes

if TYPE_CHECKING:
    from ..model import Manuscript


EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".xml": "jats",
    ".nxml": "jats",
    ".jats": "jats",
    ".bib": "bibtex",
    ".json": "csljson",
    ".ris": "ris",
    ".tex": "latex",
    ".docx": "docx",
    ".pdf": "pdf",
}
SUPPORTED = tuple(EXTENSIONS)
WINDOW = 500  # files read ahead of their checks: enough to plan lookups across many manuscripts


def detect(path: Path) -> str:
    """The format by extension, else by content: XML root, PDF magic, a zip with word/document.xml."""
    by_name = EXTENSIONS.get(path.suffix.lower())
    if by_name:
        return by_name
    if not is_regular(path):  # opening a FIFO would wait for ever; read() says what it is
        return "text"
    try:
        with path.open("rb") as handle:
            head = handle.read(2048)
    except OSError:
        return "text"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        import zipfile

        try:
            with zipfile.ZipFile(path) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            pass
    return detect_text(head)


def detect_text(head: bytes) -> str:
    """The format of text by its first bytes: JATS, BibTeX, RIS, CSL-JSON, LaTeX, else plain text."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<?xml") or stripped.startswith(b"<!DOCTYPE article") or stripped.startswith(b"<article"):
        return "jats"
    if re.match(rb"@\w+\s*\{", stripped):
        return "bibtex"
    if stripped.startswith(b"TY  - "):
        return "ris"
    if stripped[:1] in (b"[", b"{"):
        return "csljson"
    if re.search(rb"\\(?:documentclass|begin\{document\})", head):
        return "latex"
    return "text"


def collect(paths) -> list[Path]:
    """The files to check: each path given, with folders walked for files of a supported kind.
    A folder that cannot be listed is kept as a path of its own, so that its error is reported."""
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        inside: list[Path] = []
        unlisted: list[OSError] = []
        for folder, folders, files in os.walk(path, onerror=unlisted.append):
            folders.sort()
            inside += [Path(folder, name) for name in files if Path(name).suffix.lower() in SUPPORTED]
        inside += [Path(error.filename) for error in unlisted]
        found += sorted(inside)
    return found


def read(path: Path, input_format: str | None = None, limits: Limits | None = None) -> Manuscript:
    """The manuscript in a file, within the limits: a regular file of bounded size, checked before its
    reader runs (a .docx's parts and a PDF's pages), and read before a deadline."""
    limits = limits or Limits()
    try:
        check_file(path, limits)
        kind = input_format or detect(path)
        if kind not in READERS:
            raise ReadError(f"unsupported input format {kind!r}")
        with deadline(limits.max_seconds):
            if kind == "docx":
                check_docx(path, limits)
            elif kind == "pdf":
                check_pdf(path, limits)
            if kind == "latex":
                return _latex(path, limits)
            return READERS[kind](path)
    except LimitError as error:
        raise ReadError(str(error)) from None
    except Overtime:
        raise ReadError(f"reading it took longer than {limits.max_seconds:g} s (limits.max-seconds)") from None


TEXT_FORMATS = ("text", "jats", "bibtex", "csljson", "ris")


def read_text(text: str, name: str, input_format: str | None = None, limits: Limits | None = None) -> Manuscript:
    """A manuscript given as a string (the Python API), within the same limits as a file; `name` stands
    for its path in the report. PDF, Word and LaTeX (which reads its .bib files) are read from a path."""
    limits = limits or Limits()
    data = text.encode("utf-8", "surrogatepass")
    kind = input_format or detect_text(data[:2048])
    if kind not in TEXT_FORMATS:
        raise ReadError(f"{kind} is read from a file, not from text: give its path")
    if not text.strip():
        raise ReadError("empty text")
    if len(data) > limits.max_file_mb * 1024 * 1024:
        raise ReadError(f"text is over the limit of {limits.max_file_mb:g} MB (limits.max-file-mb)")
    try:
        with deadline(limits.max_seconds):
            if kind == "text":
                from . import plaintext

                return plaintext.read(text, name)
            if kind == "jats":
                from . import jats

                return jats.read(data, name)
            from . import reflists

            return getattr(reflists, kind)(text, name)
    except Overtime:
        raise ReadError(f"reading it took longer than {limits.max_seconds:g} s (limits.max-seconds)") from None


def _text(path: Path) -> Manuscript:
    from . import plaintext

    return plaintext.read(decode(path), str(path))


def _jats(path: Path) -> Manuscript:
    from . import jats

    return jats.read(read_bytes(path), str(path))


def _reflist(kind: str):
    def reader(path: Path) -> Manuscript:
        from . import reflists

        return getattr(reflists, kind)(decode(path), str(path))

    return reader


def _latex(path: Path, limits: Limits | None = None) -> Manuscript:
    from . import latex

    return latex.read(decode(path), path, outside_allowed=(limits or Limits()).bibliography_outside_folder)


def _docx(path: Path) -> Manuscript:
    from . import word

    ensure_file(path)
    return word.read(path)


def _pdf(path: Path) -> Manuscript:
    from . import pdf

    return pdf.read(path)


READERS = {
    "pdf": _pdf,
    "docx": _docx,
    "text": _text,
    "jats": _jats,
    "bibtex": _reflist("bibtex"),
    "csljson": _reflist("csljson"),
    "ris": _reflist("ris"),
    "latex": _latex,
}
