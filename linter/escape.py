"""Making manuscript text inert before it reaches a terminal, a CI log or an XML file.

A manuscript (and its file name) comes from a stranger: ESC sequences would drive
the terminal, a newline would start a GitHub workflow command, U+202E would
reorder what an editor reads, and characters XML forbids would make a JUnit file
unreadable. Each output applies the one function it needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

# Bidirectional controls (they reorder the text around them), line and paragraph separators.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]")
# What XML 1.0 forbids: all but \t \n \r, U+0020-D7FF, U+E000-FFFD, U+10000-10FFFF (listed, not negated:
# the negated class took 10 ms to compile on every start)
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")


def _visible(match: re.Match) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: object) -> str:
    """The text on one line with every control, bidirectional and unpaired surrogate
    character shown as an escape (ESC as \\x1b, a newline as \\x0a, U+202E as \\u202e)."""
    return _UNSAFE.sub(_visible, str(text))


def xml_safe(text: str) -> str:
    """The text without the characters XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF, lone surrogates)."""
    return _XML_FORBIDDEN.sub("", text)


def encodable(text: str) -> str:
    """The text with unpaired surrogates (from a file name or a JSON \\ud800 escape) as U+FFFD,
    so it encodes as UTF-8. Strict UTF-8 fails on a surrogate and nothing else: most text (a JSON
    report's rows, of 100 kB) is checked by encoding it, in C, rather than by the pattern."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def unquote_printable(text: str) -> str:
    """Percent-decoding of printable ASCII only (%2F, %3C): %0A, %1B or %E2%80%AE stay as written,
    so that decoding a DOI from a URL can never put a control character into a message."""

    def decode(match: re.Match) -> str:
        code = int(match.group(1), 16)
        return chr(code) if 0x21 <= code <= 0x7E else match.group(0)

    return _PERCENT.sub(decode, text)


def deep(value: Any, clean: Callable[[str], str]) -> Any:
    """value (nested dicts and lists, as a JSON report is built) with every string, keys included, cleaned."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {deep(k, clean): deep(v, clean) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [deep(v, clean) for v in value]
    return value
