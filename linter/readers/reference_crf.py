"""The sequence tagger behind the reference parser: tokens, their features, the trained model.

A linear-chain CRF (python-crfsuite) labels each token of a reference, with its DOI,
URLs and label already taken out, as part of an author's family name, given name,
the author list's glue ("and", "et al."), the title, the container, the year,
volume, issue, pages, or other. The model is trained by benchmarks/train_parser.py on
real Crossref records printed in 17 journal styles, and shipped in linter/data/.
Training and parsing share this module, so they always see the same features.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cache
from importlib import resources

LABELS = ("family", "given", "authsep", "title", "container", "year", "volume", "issue", "pages", "other")
MODEL = "reference_fields.crfsuite"

TOKEN = re.compile(r"\w+(?:['’\-.]\w+)*|[^\w\s]")
MONTHS = frozenset(
    (
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
    )
)
CUES = frozenset(
    (
        "vol",
        "volume",
        "no",
        "nr",
        "issue",
        "pp",
        "p",
        "pages",
        "in",
        "et",
        "al",
        "and",
        "available",
        "from",
        "at",
        "online",
        "epub",
        "doi",
        "accessed",
        "cited",
    )
)
SURROGATE = re.compile("[\ud800-\udfff]")  # from a stranger's JSON: the features' only characters UTF-8 cannot hold
OPENERS = '“‘"«'
CLOSERS = '”’"»'


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def tokenise(text: str) -> list[Token]:
    return [Token(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(text)]


# shape and _word are memoised (names and journal words recur within a list and across files), up to
# WORDS distinct tokens: a batch's vocabulary has no end, so `features` empties them when they are full
# (cheaper than an LRU's bookkeeping on every token). Their values share the strings many words have in
# common (sys.intern), which halves what an entry holds.
WORDS = 1 << 14


@cache
def shape(word: str) -> str:
    """Xxxx, dd, X, XX, xxx-xxx...: the token's look, runs longer than two collapsed."""
    out: list[str] = []
    for ch in word:
        kind = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else "a" if ch.isalpha() else ch
        if not (len(out) >= 2 and out[-1] == out[-2] == kind):
            out.append(kind)
    return sys.intern("".join(out))


YEAR_SUFFIX = re.compile(r"(?:1[89]|20)\d\d[a-z]")
INITIALS = re.compile(r"[A-Z][a-z]?|[A-Z]{2,3}")


@cache
def _word(word: str) -> tuple[str, ...]:
    """What a token says on its own (cached: references repeat their words)."""
    lower = word.lower()
    shared = sys.intern
    f = [
        "w=" + lower,
        shared("shape=" + shape(word)),
        shared("suffix3=" + lower[-3:]),
        shared("prefix2=" + lower[:2]),
        shared(f"len={min(len(word), 8)}"),
    ]
    if word.isdigit():
        f.append(shared(f"digits={len(word)}"))
        if len(word) == 4 and 1800 <= int(word) <= 2039:
            f.append("yearish")
    elif YEAR_SUFFIX.fullmatch(word):
        f.append("year_suffix")
    if INITIALS.fullmatch(word):
        f.append(shared(f"initials={len(word)}"))
    if lower in MONTHS:
        f.append("month")
    if lower in CUES:
        f.append(shared("cue=" + lower))
    if len(word) > 3 and word.isupper():
        f.append("caps_word")
    return tuple(f)


def features(tokens: list[Token], text: str) -> list[list[str]]:
    """One list of "name=value" features per token: the word, its look, its neighbours, where it stands.

    Built column by column (each a list comprehension): parsing speed is feature-building speed.
    """
    if _word.cache_info().currsize >= WORDS:
        _word.cache_clear()
        shape.cache_clear()
    n = len(tokens)
    words = [token.text for token in tokens]
    lowers = ["^^", "^", *(word.lower() for word in words), "$", "$$"]
    shapes = ["^^", "^", *(shape(word) for word in words), "$", "$$"]
    inner = range(2, n + 2)
    columns = [
        [f"pos={10 * i // n}" for i in range(n)],
        [f"from_end={min(n - i, 12)}" for i in range(n)],
        [
            f"space={t.start > 0 and text[t.start - 1] == ' '}|{t.end < len(text) and text[t.end] == ' '}"
            for t in tokens
        ],
        [f"-1|w={lowers[i - 1]}|{lowers[i]}" for i in inner],
        [f"w|+1={lowers[i]}|{lowers[i + 1]}" for i in inner],
        ["-2:w=" + lowers[i - 2] for i in inner],
        ["-1:w=" + lowers[i - 1] for i in inner],
        ["+1:w=" + lowers[i + 1] for i in inner],
        ["+2:w=" + lowers[i + 2] for i in inner],
        ["-2:shape=" + shapes[i - 2] for i in inner],
        ["-1:shape=" + shapes[i - 1] for i in inner],
        ["+1:shape=" + shapes[i + 1] for i in inner],
        ["+2:shape=" + shapes[i + 2] for i in inner],
        [f"-2shape|-1w={shapes[i - 2]}|{lowers[i - 1]}" for i in inner],
        *_state(words),
    ]
    out = [[*_word(word), *row] for word, row in zip(words, zip(*columns, strict=True), strict=True)]
    for i, word in enumerate(words):
        if word == "." and i > 1:
            out[i].append("after_dot_shape=" + shapes[i])
    return out


def _state(words: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Inside quotes, inside brackets, full stops so far: where in the reference's sentences a token is."""
    quotes, parens, stops = [], [], []
    quote = paren = periods = 0
    for word in words:
        quotes.append(f"quote={quote > 0}")
        parens.append(f"paren={paren > 0}")
        stops.append(f"periods={min(periods, 6)}")
        if word in OPENERS and not (word == '"' and quote):
            quote += 1
        elif word in CLOSERS and quote:
            quote -= 1
        elif word == "(":
            paren += 1
        elif word == ")" and paren:
            paren -= 1
        elif word == ".":
            periods += 1
    return quotes, parens, stops


@cache
def tagger():
    """The shipped model, loaded once, on first use."""
    import pycrfsuite

    model = pycrfsuite.Tagger()
    with resources.as_file(resources.files("linter.data").joinpath(MODEL)) as path:
        model.open(str(path))
    return model


def tag(tokens: list[Token], text: str) -> list[str]:
    if not tokens:
        return []
    found = features(tokens, text)
    if not text.isascii() and SURROGATE.search(text):  # crfsuite takes UTF-8: an unpaired surrogate would crash it
        found = [[f.encode("utf-8", "replace").decode("utf-8") for f in token] for token in found]
    return tagger().tag(found)
