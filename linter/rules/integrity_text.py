"""Tortured phrases in the article's prose: the fingerprints of paraphrasing tools."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import pairwise

from ..compare import POSSESSIVE
from ..model import Manuscript, Problem, Severity
from .base import Context, option, rule
from .integrity_data import Phrase, phrase_key, sources, tortured_phrases

WORD = re.compile(r"[a-z0-9]+" + POSSESSIVE)
WARNING_DENSITY = option(
    "IN05-warning-density",
    1.0,
    "tortured phrases per 1,000 words of the article from which they are warnings, not information",
)


# Every ASCII character but a-z and 0-9 becomes a space, so that split() gives WORD's words.
_NOT_WORD = str.maketrans({chr(c): " " for c in range(128) if chr(c) not in "abcdefghijklmnopqrstuvwxyz0123456789"})


def word_list(text: str) -> list[str]:
    """WORD.findall(text.lower()), by str.translate and split (in C, a fifth faster): each character
    outside ASCII, which WORD never matches, first becomes "?" (one per code point, as the pattern skips it)."""
    lower = text.lower()
    if not lower.isascii():
        lower = lower.encode("ascii", "replace").decode("ascii")
    return lower.translate(_NOT_WORD).split()


@lru_cache(maxsize=1)
def _lengths() -> dict[tuple[str, str], tuple[int, ...]]:
    """For each first two words of a phrase (every phrase has two at least), the lengths of the
    phrases they start, longest first: a pair of words rules out almost every position at once."""
    found: dict[tuple[str, str], tuple[int, ...]] = {}
    for key in tortured_phrases():
        words = key.split(" ")  # a key's words are joined by one space
        pair, length = (words[0], words[1]), len(words)
        lengths = found.get(pair)
        if lengths is None:
            found[pair] = (length,)
        elif length not in lengths:  # rare: most pairs start one phrase
            found[pair] = tuple(sorted((*lengths, length), reverse=True))
    return found


def find_phrases(text: str, words: list[str] | None = None) -> list[tuple[int, Phrase]]:
    """(character offset, phrase) of each dictionary phrase in text, longest match first, never overlapping.
    `words`: the text's words (WORD in its lower case), when the caller has them."""
    if words is None:
        words = word_list(text)
    dictionary, lengths = tortured_phrases(), _lengths()
    found = []  # (word number, phrase)
    end = 0  # the first word after the last match
    starts = [i for i, pair in enumerate(pairwise(words)) if pair in lengths]  # positions worth a look
    for i in starts:
        if i < end:
            continue
        for n in lengths[words[i], words[i + 1]]:
            entry = dictionary.get(" ".join(words[i : i + n])) if i + n <= len(words) else None
            if entry:
                found.append((i, Phrase(*entry)))
                end = i + n
                break
    if not found:
        return []
    offsets = [m.start() for m in WORD.finditer(text.lower())]
    return [(offsets[i], phrase) for i, phrase in found]


@rule(
    "IN05",
    "tortured-phrase",
    Severity.INFO,
    precision="medium",
    needs_manuscript=True,
    data=(sources()["tortured-phrases.json"], sources()["tortured-phrases-allowed.txt"]),
)
def tortured_phrase(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """A paragraph uses phrases that paraphrasing tools make of established terms.

    ## What it does
    Looks for the multi-word phrases of the Problematic Paper Screener's
    dictionary (7,942 "tortured phrases", e.g. "counterfeit consciousness" for
    "artificial intelligence") in the article's paragraphs, longest match
    first, case and punctuation aside. Phrases that are ordinary terms of some
    field are on an allow-list (`tortured-phrases-allowed.txt`) and never
    reported. One finding per paragraph lists each phrase with the term it
    stands for. Its severity follows the density over the whole article:
    information below 1 phrase per 1,000 words (option
    `IN05-warning-density`), a warning from there on.

    ## What it cannot tell
    Whether a phrase was written by a tool or by an author who meant it: a
    single match in a long article is usually innocent ("surface region" can be
    a region of a surface). Density and the expected terms are the evidence:
    several phrases, each with a plain established term beside it, in a short
    text, are what the Screener's authors found in paper-mill articles. The
    body must be available: reference lists alone (BibTeX, RIS) are not read.

    ## Why it matters
    Tortured phrases are the best-documented sign of text laundered through a
    paraphrasing tool to hide plagiarism; they make an article hard to read and
    point to paper mills.

    ## Example
    `We train a profound learning model with counterfeit consciousness ...`

    ## Use instead
    The established terms: `deep learning`, `artificial intelligence`.
    """
    tokens = [word_list(p.text) for p in ms.body]
    paragraphs = [(p, find_phrases(p.text, found)) for p, found in zip(ms.body, tokens, strict=True)]
    total = sum(len(found) for _, found in paragraphs)
    if not total:
        return
    words = sum(map(len, tokens))
    density = round(1000 * total / max(words, 1), 2)
    severity = Severity.WARNING if density >= ctx.option(WARNING_DENSITY) else Severity.INFO
    for paragraph, found in paragraphs:
        if not found:
            continue
        listed = [{"phrase": _as_written(paragraph.text, start, p), "expected": p.expected} for start, p in found]
        shown = ", ".join(f"'{m['phrase']}' ({m['expected']})" for m in listed[:3]) + (
            ", ..." if len(listed) > 3 else ""
        )
        yield Problem(
            f"{len(found)} tortured phrase{'s' if len(found) > 1 else ''}: {shown}",
            paragraph.location,
            {
                "matches": listed,
                "article_matches": total,
                "article_words": words,
                "per_1000_words": density,
                **sources()["tortured-phrases.json"].evidence(),
            },
            "use the established terms: " + "; ".join(f"{m['phrase']} -> {m['expected']}" for m in listed),
            severity,
        )


def _as_written(text: str, start: int, phrase: Phrase) -> str:
    """The phrase as the paragraph prints it (its case, its punctuation)."""
    count = len(phrase_key(phrase.tortured).split())
    words = list(WORD.finditer(text.lower(), start))[:count]
    return text[start : words[-1].end()] if words else phrase.tortured
