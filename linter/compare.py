"""Tolerant comparison of names and titles: case, punctuation, diacritics, initials."""
from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache


TAG = re.compile(r"<[^>]+>")
PUNCTUATION = re.compile(r"[^\w\s]|_")


class _WithoutMarks(dict):
    """A str.translate table that drops combining marks, filled in as characters are met (C speed after)."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if unicodedata.combining(chr(code)) else code
        return self[code]


WITHOUT_MARKS = _WithoutMarks()


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case, no diacritics, no HTML entities or tags, punctuation as spaces.

    Memoised, and run in C: the same references and titles are folded again and again."""
    if "<" in text:
        text = TAG.sub(" ", text)
    text = html.unescape(text)
    if not text.isascii():  # ASCII has no decompositions and no combining marks
        text = unicodedata.normalize("NFKD", text).translate(WITHOUT_MARKS)
    text = PUNCTUATION.sub(" ", text.casefold())
    return " ".join(text.split())


def words(text: str) -> set[str]:
    return set(fold(text).split())


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' words."""
    wa, wb = words(a), words(b)
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def name_key(name: str) -> tuple[str, str]:
    """(surname, initials) of 'Join A', 'Amini Join', 'Join, Amini' or 'A. Join'."""
    name = re.sub(r"\b(?:Dr|Prof|Mr|Ms|Mrs|Jr|Sr|II|III|PhD|MD)\b\.?", " ", name).strip(" ,.")
    if "," in name:
        surname, given = (part.strip() for part in name.split(",", 1))
        return fold(surname), initials(given)
    tokens = name.split()
    if not tokens:
        return "", ""
    if len(tokens) > 1 and re.fullmatch(r"[A-Z]{1,3}", tokens[-1]):  # Vancouver "Join A"
        return fold(" ".join(tokens[:-1])), tokens[-1].lower()
    return fold(tokens[-1]), initials(" ".join(tokens[:-1]))


def initials(given: str) -> str:
    return "".join(part[0] for part in re.split(r"[\s.\-]+", given) if part).lower()


def same_person(a: str, b: str) -> bool:
    """Same surname, and initials that do not contradict (one may be shorter)."""
    (sa, ia), (sb, ib) = name_key(a), name_key(b)
    if not sa or sa != sb:
        return False
    return not ia or not ib or ia.startswith(ib) or ib.startswith(ia)
