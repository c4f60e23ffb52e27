"""What citeqa will read, and how much: limits around every reader, each with a clear message.

A manuscript from a stranger can be a FIFO that never ends, /dev/zero behind a
symlink, a 90 KB .docx that inflates to a gibibyte or a PDF whose one page holds
60 MB of drawing operators. These checks run before a reader touches the file
(or stream through it and stop), and a deadline bounds the time a file may take,
so that one such file costs seconds and an error line, never the whole batch.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import stat
import threading
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024


class LimitError(Exception):
    """A file over a limit, or not a file citeqa reads; the message names the limit and its setting."""


@dataclass(frozen=True)
class Limits:
    """Configured in [tool.citeqa.limits] (README, "Reliability and security")."""

    max_file_mb: float = 100  # any input file
    max_docx_part_mb: float = 64  # one part of a .docx, decompressed
    max_docx_total_mb: float = 256  # all parts of a .docx, decompressed
    max_pdf_page_mb: float = 8  # decoded content streams of one PDF page (and its forms)
    max_seconds: float = 60  # reading one file
    bibliography_outside_folder: bool = False  # LaTeX: read a .bib outside the manuscript's folder tree


SETTINGS = {
    "max-file-mb": "max_file_mb",
    "max-docx-part-mb": "max_docx_part_mb",
    "max-docx-total-mb": "max_docx_total_mb",
    "max-pdf-page-mb": "max_pdf_page_mb",
    "max-seconds": "max_seconds",
}


def _mb(size: float) -> str:
    return f"{size / MB:.1f} MB" if size >= MB / 10 else f"{size:.0f} bytes"


def check_file(path: Path, limits: Limits) -> None:
    """A regular file (symlinks followed) no larger than the limit; never opened here, so a FIFO cannot hang us."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise LimitError("no such file") from None
    except (OSError, ValueError) as error:  # ValueError: a NUL in the name
        raise LimitError(f"cannot read it: {getattr(error, 'strerror', None) or error}") from None
    if stat.S_ISDIR(info.st_mode):
        try:
            os.listdir(path)
        except OSError as error:
            raise LimitError(f"folder cannot be read: {error.strerror or error}") from None
        raise LimitError("is a directory")
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a FIFO"
            if stat.S_ISFIFO(info.st_mode)
            else "a device"
            if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
            else "a socket"
            if stat.S_ISSOCK(info.st_mode)
            else "not a file"
        )
        raise LimitError(f"not a regular file ({kind}): citeqa reads only regular files")
    if info.st_size > limits.max_file_mb * MB:
        raise LimitError(
            f"file is {_mb(info.st_size)}, over the limit of {_mb(limits.max_file_mb * MB)} (limits.max-file-mb)"
        )
    if not os.access(path, os.R_OK):
        raise LimitError("cannot read it: permission denied")


def is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def check_docx(path: Path, limits: Limits) -> None:
    """Every part decompressed as a stream, counted against the limits and stopped at them (the sizes a zip
    declares can lie); XML parts must be well-formed and declare no DTD (the way to entity expansion)."""
    from lxml import etree

    part_limit, total_limit = limits.max_docx_part_mb * MB, limits.max_docx_total_mb * MB
    total, member = 0, None
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                if member.is_dir():
                    continue
                xml = member.filename.endswith((".xml", ".rels"))
                parser = (
                    etree.XMLParser(target=_Nothing(), resolve_entities=False, no_network=True, load_dtd=False)
                    if xml
                    else None
                )
                size, tail = 0, b""
                with archive.open(member) as stream:
                    while chunk := stream.read(1 << 16):
                        size += len(chunk)
                        total += len(chunk)
                        if size > part_limit:
                            raise LimitError(
                                f"{member.filename} decompresses to more than {_mb(part_limit)}"
                                " (limits.max-docx-part-mb)"
                            )
                        if total > total_limit:
                            raise LimitError(
                                f"its parts decompress to more than {_mb(total_limit)} (limits.max-docx-total-mb)"
                            )
                        if parser is not None:
                            if b"<!DOCTYPE" in tail + chunk or b"<!ENTITY" in tail + chunk:
                                raise LimitError(
                                    f"{member.filename} declares a DTD or entities,"
                                    " which a Word document never needs: refused"
                                )
                            tail = chunk[-16:]
                            parser.feed(chunk)
                if parser is not None:
                    parser.close()
    except LimitError:
        raise
    except etree.XMLSyntaxError as error:
        raise LimitError(
            f"not a readable Word document: {getattr(member, 'filename', 'a part')}"
            f" is not well-formed XML ({_first_line(error)})"
        ) from None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
    ) as error:
        raise LimitError(f"not a readable Word document (damaged zip: {_first_line(error)})") from None


class _Nothing:
    """An lxml parser target that builds nothing: well-formedness is checked in constant memory."""

    def start(self, *_):
        pass

    def end(self, *_):
        pass

    def data(self, *_):
        pass

    def close(self):
        return None


def _first_line(error: Exception) -> str:
    line = (str(error).splitlines() or [error.__class__.__name__])[0]
    return re.sub(r" \(<string>, line \d+\)$", "", line)[:200]


def check_pdf(path: Path, limits: Limits) -> None:
    """Each page's content streams (and its form XObjects), decoded and counted up to the limit, before any
    layout analysis: pdfminer's layout of a 60 MB stream takes minutes and gigabytes."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream, resolve1

    limit = limits.max_pdf_page_mb * MB
    try:
        with open(path, "rb") as handle:
            document = PDFDocument(PDFParser(handle))
            for number, page in enumerate(PDFPage.create_pages(document), 1):
                streams = list(page.contents or [])
                xobjects = resolve1((page.resources or {}).get("XObject")) or {}
                if isinstance(xobjects, dict):
                    streams += [
                        s
                        for s in map(resolve1, xobjects.values())
                        if isinstance(s, PDFStream) and _name(s.get("Subtype")) == "Form"
                    ]
                size = 0
                for stream in streams:
                    stream = resolve1(stream)
                    if isinstance(stream, PDFStream):
                        size += _decoded_size(stream, limit - size + 1)
                    if size > limit:
                        raise LimitError(
                            f"page {number} holds more than {_mb(limit)} of content (limits.max-pdf-page-mb)"
                        )
    except LimitError:
        raise
    except Exception:  # noqa: BLE001 - a damaged or encrypted PDF: the reader says what is wrong with it
        return


def _name(value) -> str:
    return getattr(value, "name", str(value))


def _decoded_size(stream, budget: float) -> int:
    """The decoded length of a stream, counted no further than budget: FlateDecode is inflated in bounded
    steps; other filters (rarely used for page content) by pdfminer itself."""
    filters = stream.get_filters()
    raw = getattr(stream, "rawdata", None)
    if raw is not None and len(filters) == 1 and _name(filters[0][0]) in ("FlateDecode", "Fl") and not stream.decipher:
        inflate, size, data = zlib.decompressobj(), 0, raw
        try:
            while data and size <= budget:
                size += len(inflate.decompress(data, 1 << 20))
                data = inflate.unconsumed_tail
        except zlib.error:
            pass  # pdfminer keeps what inflates before the damage; so do we
        return size
    return len(stream.get_data())


class Overtime(BaseException):
    """Raised inside a reader at its deadline. A BaseException, so that a library's `except Exception`
    cannot swallow it and carry on."""


@contextlib.contextmanager
def deadline(seconds: float):
    """Interrupt the block after `seconds` with Overtime. A POSIX interval timer works only in the main
    thread; elsewhere the block runs unbounded (the stream limits above still apply)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    expired = False

    def expire(signum, frame):
        nonlocal expired
        expired = True
        raise Overtime()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except Exception as error:
        # Overtime raised while ctypes converts a call's arguments (pypdfium2) comes out wrapped, as
        # ctypes.ArgumentError "argument 1: Overtime": it is still the deadline, not a bug of the reader.
        if expired:
            raise Overtime() from error
        raise
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
