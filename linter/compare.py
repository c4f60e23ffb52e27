"""Tolerant comparison of names and titles: case, punctuation, diacritics, initials."""

from __future__ import annotations

import html
import re
import sys
import unicodedata
from functools import lru_cache

from .model import ReferenceFields

TAG = re.compile(r"<[^>]+>")
PUNCTUATION = re.compile(r"[^\w\s]|_")


class _WithoutMarks(dict):
    """A str.translate table that drops combining marks, filled in as characters are met (C speed after)."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if unicodedata.combining(chr(code)) else code
        return self[code]


WITHOUT_MARKS = _WithoutMarks()
# Appended to a pattern's final repeat where nothing after it could take characters back: a possessive
# repeat (Python 3.11+) finds the same matches without keeping backtracking points (a third faster).
POSSESSIVE = "+" if sys.version_info >= (3, 11) else ""


@lru_cache(maxsize=1 << 12)  # a file's entries and titles, folded again by other rules; more grows memory
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


_HONORIFIC = re.compile(r"\b(?:Dr|Prof|Mr|Ms|Mrs|Jr|Sr|II|III|PhD|MD)\b\.?")
_CAPITALS = re.compile(r"[A-Z]{1,3}")


@lru_cache(maxsize=1 << 13)  # RF04, IN03 and IN04 key the same authors; a batch's names have no end
def name_key(name: str) -> tuple[str, str]:
    """(surname, initials) of 'Join A', 'Amini Join', 'Join, Amini' or 'A. Join'."""
    name = _HONORIFIC.sub(" ", name).strip(" ,.")
    if "," in name:
        surname, given = (part.strip() for part in name.split(",", 1))
        return fold(surname), initials(given)
    tokens = name.split()
    if not tokens:
        return "", ""
    if len(tokens) > 1 and _CAPITALS.fullmatch(tokens[-1]):  # Vancouver "Join A"
        return fold(" ".join(tokens[:-1])), tokens[-1].lower()
    return fold(tokens[-1]), initials(" ".join(tokens[:-1]))


def first_surname(fields: ReferenceFields) -> str:
    """The first author's family name, folded: the parser's reading when it has one ("Zhang Jl" is
    Zhang, which name_key cannot tell from a given name "Jl"), else name_key's guess."""
    if fields.families:
        return fold(fields.families[0])
    return name_key(fields.authors[0])[0] if fields.authors else ""


_NAME_BREAK = re.compile(r"[\s.\-]+")


def initials(given: str) -> str:
    return "".join(part[0] for part in _NAME_BREAK.split(given) if part).lower()


def same_person(a: str, b: str) -> bool:
    """Same surname, and initials that do not contradict (one may be shorter)."""
    (sa, ia), (sb, ib) = name_key(a), name_key(b)
    if not sa or sa != sb:
        return False
    return not ia or not ib or ia.startswith(ib) or ib.startswith(ia)


# Greek letters as authors spell them out ("alpha-synuclein" for "α-synuclein").
_GREEK = {
    c: unicodedata.name(c).split()[-1].lower()
    for c in map(chr, [*range(0x3B1, 0x3CA), *range(0x391, 0x3AA)])
    if unicodedata.name(c, "").startswith("GREEK")
} | {"µ": "mu", "ϐ": "beta", "ϑ": "theta", "ϕ": "phi", "ϵ": "epsilon"}
# British spellings folded to American ones; applied to both sides, so lossy is harmless.
_SPELLING = (  # (pattern, replacement, the letters every match of the pattern holds)
    (re.compile(r"^sulph"), "sulf", ("sulph",)),
    (re.compile(r"(?<=\w)(?:ae|oe)(?=\w)"), "e", ("ae", "oe")),  # haemoglobin, paediatric, leukaemia, oesophagus
    (re.compile(r"^(?:ae|oe)(?=\w{3})"), "e", ("ae", "oe")),  # aetiology, oestrogen
    (re.compile(r"(?<=\w\w)our(s?)$"), r"or\1", ("our",)),  # tumour, behaviour, colours
    (re.compile(r"(?<=\w\w)is(e|ed|es|ing|ation|ations|er|ers)$"), r"iz\1", ("is",)),  # randomised, organisation
    (re.compile(r"(?<=\w)ys(e|ed|es|ing)$"), r"yz\1", ("ys",)),  # analyse, catalysed
    (re.compile(r"(?<=[^aeiou])(t|b)re(s?)$"), r"\1er\2", ("re",)),  # centre, fibres
    (re.compile(r"(?<=\w\w)ogue(s?)$"), r"og\1", ("ogue",)),  # analogue, catalogue
    (re.compile(r"(?<=\w[aeiou])ll(ing|ed|er|ers)$"), r"l\1", ("ll",)),  # modelling, labelled, signalling
    (re.compile(r"(?<=\w\w)ence$"), "ense", ("ence",)),  # defence, licence
)
_WORDS = {"grey": "gray", "aluminium": "aluminum", "programme": "program", "programmes": "programs", "mould": "mold"}


def spelling(word: str) -> str:
    """A word with British spelling folded to American ('tumour' -> 'tumor', 'randomised' -> 'randomized')."""
    word = _WORDS.get(word, word)
    if len(word) < 5:
        return word
    for pattern, replacement, letters in _SPELLING:
        if any(part in word for part in letters):  # the regex only where it can match: most words pass untouched
            word = pattern.sub(replacement, word)
    return word


def title_words(text: str) -> list[str]:
    """A title's words as compared: case, punctuation, markup, diacritics, Greek letters
    spelled out and British spelling set aside ('CO<sub>2</sub>' -> 'co2', 'α-Tumour' -> 'alpha tumor').
    Memoised: planning, ranking and the rules compare the same entries and titles several times."""
    return list(_title_words(text))


@lru_cache(maxsize=1 << 13)
def _title_words(text: str) -> tuple[str, ...]:
    text = html.unescape(re.sub(r"<[^>]+>", "", text)).replace("&", " and ")
    text = "".join(f" {_GREEK[c]} " if c in _GREEK else c for c in text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return tuple(spelling(w) for w in re.findall(r"[^\W_]+", text))
