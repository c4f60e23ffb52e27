"""How a parsed reference's fields are scored against gold fields: shared by tests/test_reference_fields.py
and the parser benchmarks (benchmarks/fields.py, incomplete_references.py), so both count a field right alike."""

from __future__ import annotations

import re
import unicodedata

from linter.model import ReferenceFields


def squash(text: str | None) -> str:
    """Letters and digits only, case and diacritics folded: "A.M.A. Arch" == "AMA arch"."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text.casefold() if c.isalnum() and not unicodedata.combining(c))


def page_range(pages: str | None) -> str:
    """ "1392–8" -> "1392-1398"; "373-373" -> "373"; "pp. 45–67" -> "45-67"; "E550-556" -> "E550-E556"."""
    if not pages:
        return ""
    parts = re.split(r"\s*[-‐‑–—]\s*", re.sub(r"^pp?\.?\s*", "", pages.strip().lower()), maxsplit=1)
    first, last = parts[0], parts[1] if len(parts) > 1 else ""
    numbered = re.fullmatch(r"(\D*)(\d+)", first)
    if numbered and last.isdigit():
        head, digits = numbered.groups()
        last = head + digits[: max(len(digits) - len(last), 0)] + last
    return first if not last or last == first else f"{first}-{last}"


def score(fields: ReferenceFields, gold: dict) -> dict[str, bool]:
    """Which fields the parser got right."""
    first_family = fields.families[0] if fields.families else None
    gold_first = gold["authors"][0] if gold["authors"] else None
    return {
        "first author": squash(first_family) == squash(gold_first),
        "title": squash(fields.title) == squash(gold["title"]),
        "container": squash(fields.container) == squash(gold["container"]),
        "year": fields.year == gold["year"],
        "volume": squash(fields.volume) == squash(gold["volume"]),
        "issue": squash(fields.issue) == squash(gold["issue"]),
        "pages": page_range(fields.pages) == page_range(gold["pages"]),
        "doi": (fields.doi or "").lower() == (gold["doi"] or "").lower(),
    }
