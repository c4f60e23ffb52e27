"""How much a reference's title shares with the article that cites it: lexical, offline, deterministic.

Terms come from a tokenizer that knows biomedical writing: gene and protein names
with digits or hyphens stay whole (`CD19`, `IL-6`, `BCR-ABL`, `p53`), other
hyphenated words also count by their parts (`B-cell` gives `cell`), British
spellings meet American ones (`leukaemia`, `tumour`), and words are stemmed
(Snowball English), so `melanomas` is `melanoma` and `immunotherapies` is
`immunotherapy`. Common English and the boilerplate of scientific titles
(`study`, `analysis`, `novel`) carry no topic and are dropped.

A title's score is the share of its terms' weight found in the article, each
term weighted by how rare it is in 19,111 real scientific titles
(`data/integrity/title-terms.json`): `patients` says little, `melanoma` much.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from itertools import chain

import snowballstemmer

from .compare import POSSESSIVE

STOPWORDS = frozenset(
    """
a about above after again against all also am an and any are as at be been before being below between both but by
can could did do does doing down during each either et al few for from further had has have having he her here
hers him his how i if in into is it its itself just may me might more most much must my no nor not now of off on
once only or other our out over own same she should so some such than that the their them then there these they
this those through thus to too under until up upon very via was we were what when where whether which while who
whom why will with within without would yet you your non
study studies analysis analyses using use used based new novel role effect effects case report review approach
evidence results result data method methods model models among toward towards versus vs two three one first
associated association associations implications insights potential current recent update overview perspective
perspectives journal part report reports vol volume edition eds ed chapter book
""".split()
)
# Function words of the other languages reference lists cite most (Spanish, Portuguese, French,
# German, Italian, Dutch, Swedish): two of them, and more than English ones, make a title foreign.
FOREIGN = frozenset(
    """
de la del el los las en para una un por con y da do das dos na nas no nos em um uma ao com
le les des du au aux et dans sur une pour par der die das und von zur zum einer eines im mit fur dem den
di della delle il gli dei nel het een van och att som
""".split()
)
MIN_TERMS = 3  # a shorter title ("The glycosynapse") is too short to judge
TOKEN = re.compile(r"[a-z0-9]+(?:[-/][a-z0-9]+)*" + POSSESSIVE)  # possessive: the same tokens, a third faster
_stemmer = snowballstemmer.stemmer("english")  # in C when PyStemmer is installed (a dependency), else Python
if hasattr(_stemmer, "maxCacheSize"):
    _stemmer.maxCacheSize = 0  # PyStemmer's own cache costs more than it saves: _term's cache is in front of it
_stem = _stemmer.stemWord


def _word_term(word: str) -> str | None:
    """The term of one word (letters and digits): None for a stopword, a number or a letter."""
    if word in STOPWORDS or word.isdigit() or len(word) < 2:
        return None
    if not word.isalpha():
        return word  # CD19, p53, BRCA1: a name, not a word to stem
    # British to American, the same on both sides: leukaemia, oedema, tumour.
    stem = _stem(word.replace("ae", "e").replace("oe", "e"))
    return stem[:-3] + "or" if stem.endswith("our") else stem


_term = lru_cache(maxsize=65536)(_word_term)


def terms(text: str) -> list[str]:
    """The topic terms of a text, in order, repeated as often as they occur."""
    return [term for term, _ in worded_terms(text)]


def term_set(text: str) -> set[str]:
    """The distinct topic terms of a text: each distinct word looked up once (in C, when cached)."""
    return _folded_terms(_fold(text))


def _folded_terms(folded: str) -> set[str]:
    """Split at what no token holds (str.translate and split, in C: a third of the regex's time), then
    look each distinct run up: most runs are one token; the regex splits the rest ("a--b", "-x")."""
    return set().union(*map(_run_term_names, set(folded.translate(_BETWEEN_TOKENS).split())))


def worded_terms(text: str) -> list[tuple[str, str]]:
    """(term, the word it came from) for each topic term of a text."""
    return list(chain.from_iterable(map(_token_terms, TOKEN.findall(_fold(text)))))


TAG = re.compile(r"<[^>]+>")  # JATS/MathML tags inside deposited titles
DASH = re.compile(r"[\u2010-\u2015\u2212]")  # typographic dashes, which ASCII folding would drop
NUMBERS = re.compile(r"[\d/-]+")  # numbers and ranges of years
PARTS = re.compile(r"[-/]")


def _fold(text: str) -> str:
    """Lower case ASCII, tags out (most text is ASCII already: NFKD would leave it as it is)."""
    if "<" in text:
        text = TAG.sub(" ", text)
    if text.isascii():
        return text.lower()
    text = DASH.sub("-", text)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


@lru_cache(maxsize=65536)
def _token_terms(token: str) -> tuple[tuple[str, str], ...]:
    """(term, word) pairs of one token: none, one, or a hyphenated name and its parts."""
    if "-" not in token and "/" not in token:  # most words
        term = None if token.isdigit() else _term(token)
        return ((term, token),) if term else ()
    if NUMBERS.fullmatch(token):
        return ()
    parts = PARTS.split(token)
    name = token.replace("/", "-")
    if len(parts) > 1 and any(map(str.isdigit, token)) and len(token) <= 12:
        return ((name, name),)  # IL-6, BCR-ABL1: keep the name whole
    found = [(name, name)] if len(parts) > 1 and all(len(p) <= 4 for p in parts) else []  # BCR-ABL, B-cell
    for part in parts:
        term = _term(part)
        if term:
            found.append((term, part))
    return tuple(found)


# Every ASCII character but what TOKEN matches (a-z, 0-9, "-", "/") becomes a space (folded text is ASCII).
_BETWEEN_TOKENS = str.maketrans(
    {chr(c): " " for c in range(128) if chr(c) not in "abcdefghijklmnopqrstuvwxyz0123456789-/"}
)


@lru_cache(maxsize=65536)
def _run_term_names(run: str) -> tuple[str, ...]:
    """The term names of a run of letters, digits, "-" and "/": those of the tokens TOKEN finds in it."""
    if run.isalnum() and run.isascii():  # one plain token (most runs)
        return _token_term_names(run)
    return tuple(term for token in TOKEN.findall(run) for term in _token_term_names(token))


@lru_cache(maxsize=65536)
def _token_term_names(token: str) -> tuple[str, ...]:
    if "-" not in token and "/" not in token:  # most words: one cache, not three
        term = _word_term(token)
        return (term,) if term else ()
    return tuple(term for term, _ in _token_terms(token))


@dataclass(frozen=True)
class Score:
    """A title's relatedness to the article: the weighted share of its terms the article uses,
    anywhere (`overall`) and in the paragraphs that cite it (`nearby`); `value` is their mean."""

    value: float
    overall: float
    nearby: float
    shared: tuple[str, ...]  # words of the title whose terms the article uses, weightiest first
    missing: tuple[str, ...]  # words of the title the article never uses, weightiest first


@lru_cache(maxsize=1)
def _background() -> tuple[int, dict[str, int]]:
    table = json.loads(files("linter").joinpath("data/integrity/title-terms.json").read_text(encoding="utf-8"))
    return table["titles"], table["document_frequency"]


@lru_cache(maxsize=65536)
def weight(term: str) -> float:
    """Inverse document frequency over 19,111 real titles: rare terms say more about a topic."""
    titles, frequency = _background()
    return math.log(1 + titles / (frequency.get(term, 1) + 1))


LETTERS = re.compile(r"[^\W\d_]+")
_NOT_LETTERS = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalpha()})
INITIAL = re.compile(r"(?:^|[\s,(])[A-Z]\.(?=[\s,;)]|$)")


def foreign(title: str) -> bool:
    """A title in another language than English, which the English stemmer cannot compare: more
    of its function words foreign than English, or over a third of its words with diacritics."""
    lower = title.lower()
    # an ASCII title's letters are a-z: split where translate put spaces (LETTERS' words, in C)
    words = lower.translate(_NOT_LETTERS).split() if lower.isascii() else LETTERS.findall(lower)
    accented = 0 if title.isascii() else len(words) - sum(map(str.isascii, words))
    if accented >= 2 and accented > len(words) / 3:
        return True
    foreign_words = sum(map(FOREIGN.__contains__, words))  # counted as often as they occur
    return foreign_words >= 2 and foreign_words > sum(map(STOPWORDS.__contains__, words))


def names(title: str) -> bool:
    """A "title" that is a list of names ("J., Kokkolaras, M., & Le Digabel, S"): a parse gone wrong."""
    return "." in title and len(INITIAL.findall(title)) >= 2  # an initial is written with its full stop


class Article:
    """The article's vocabulary: its title and abstract, all its paragraphs, and for each
    reference number the paragraphs that cite it (kept apart: a title has a few terms to look up,
    while joining the paragraphs for every reference cost more than the rest of the rule)."""

    def __init__(self, head: list[str], paragraphs: list[tuple[str, tuple[int, ...]]]):
        self.head = {t for text in head for t in term_set(text)}
        self.vocabulary = set(self.head)
        self.citing: dict[int, list[set[str]]] = {}  # reference number -> the terms of each paragraph citing it
        uncited = []  # the others only add to the vocabulary: their words are looked up together, once each
        for text, cites in paragraphs:
            if not cites:
                uncited.append(_fold(text))
                continue
            found = term_set(text)
            self.vocabulary |= found
            for number in cites:
                self.citing.setdefault(number, []).append(found)
        self.vocabulary |= _folded_terms(" ".join(uncited))  # no token spans the space between two

    def score(self, title: str, number: int | None = None) -> Score | None:
        """None for a title too short or foreign to judge, or made of names."""
        words = dict(reversed(worded_terms(title)))  # term -> the first word it came from
        own = list(words)
        if len(own) < MIN_TERMS or foreign(title) or names(title):
            return None
        weights = {t: weight(t) for t in own}
        ranked = sorted(own, key=lambda t: (-weights[t], t))
        total = sum(weights.values())
        overall = sum(w for t, w in weights.items() if t in self.vocabulary) / total
        # nearby: the terms in the head or a paragraph citing the reference (anywhere, for one never cited)
        citing = self.citing.get(number) if number is not None else None
        if citing is None:
            nearby = overall
        else:
            head = self.head
            nearby = sum(w for t, w in weights.items() if t in head or any(t in found for found in citing)) / total
        shared = tuple(words[t] for t in ranked if t in self.vocabulary)
        missing = tuple(words[t] for t in ranked if t not in self.vocabulary)
        return Score(round((overall + nearby) / 2, 3), round(overall, 3), round(nearby, 3), shared, missing)
