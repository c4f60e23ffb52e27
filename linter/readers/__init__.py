"""Input files to Manuscripts. No reader touches the network."""
from __future__ import annotations

from pathlib import Path

from ..model import Manuscript
from . import plaintext

FORMATS = {"text": plaintext.read}
EXTENSIONS = {".txt": "text", ".text": "text", ".md": "text"}


class ReadError(Exception):
    """A file that cannot be read as a manuscript; the message names the problem."""


def detect(path: Path) -> str:
    return EXTENSIONS.get(path.suffix.lower(), "text")


def read(path: Path, input_format: str | None = None) -> Manuscript:
    kind = input_format or detect(path)
    if kind not in FORMATS:
        raise ReadError(f"unsupported input format {kind!r}")
    return FORMATS[kind](decode(path), str(path), kind)


def decode(path: Path) -> str:
    """The file's text: UTF-8 first, then whatever charset-normalizer can show it is."""
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
