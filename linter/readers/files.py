"""A manuscript file's bytes and text, and the error every reader raises: shared by the readers,
which the package's `read` loads on demand."""

from __future__ import annotations

import codecs
from pathlib import Path


class ReadError(Exception):
    """A file that cannot be read as a manuscript; the message names the problem."""


def ensure_file(path: Path) -> None:
    """Say a missing, unreadable or empty file the same way for every format, without reading it."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ReadError("no such file") from None
    except OSError as error:
        raise ReadError(error.strerror or str(error)) from None
    if path.is_dir():
        raise ReadError("is a directory")
    if size == 0:
        raise ReadError("empty file")


def read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError("no such file") from None
    except IsADirectoryError:
        raise ReadError("is a directory") from None
    except OSError as error:
        raise ReadError(error.strerror or str(error)) from None
    if not data.strip():
        raise ReadError("empty file")
    return data


BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(path: Path) -> str:
    """The file's text: UTF-8 first, then whatever charset-normalizer can show it is."""
    data = read_bytes(path)
    for bom, encoding in BOMS:  # UTF-32 first: its little-endian mark begins with UTF-16's
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise ReadError(
                    f"starts with a {encoding.upper()} byte-order mark but is not {encoding.upper()} text"
                ) from None
    if b"\x00" in data[:8192]:
        raise ReadError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ReadError("not UTF-8, and no other text encoding fits")
    return str(best)
