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

import snowballstemmer

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
TOKEN = re.compile(r"[a-z0-9]+(?:[-/][a-z0-9]+)*")
_stem = snowballstemmer.stemmer("english").stemWord


@lru_cache(maxsize=65536)
def _term(word: str) -> str | None:
    if word in STOPWORDS or word.isdigit() or len(word) < 2:
        return None
    if any(c.isdigit() for c in word):
        return word  # CD19, p53, BRCA1: a name, not a word to stem
    # British to American, the same on both sides: leukaemia, oedema, tumour.
    word = word.replace("ae", "e").replace("oe", "e")
    return re.sub(r"our$", "or", _stem(word))


def terms(text: str) -> list[str]:
    """The topic terms of a text, in order, repeated as often as they occur."""
    return [term for term, _ in worded_terms(text)]


def worded_terms(text: str) -> list[tuple[str, str]]:
    """(term, the word it came from) for each topic term of a text."""
    text = re.sub(r"<[^>]+>", " ", text)  # JATS/MathML tags inside deposited titles
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)  # typographic dashes, which ASCII folding would drop
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    found: list[tuple[str, str]] = []
    for token in TOKEN.findall(folded):
        if "-" not in token and "/" not in token:  # most words: no regex to split or test them
            term = None if token.isdigit() else _term(token)
            if term:
                found.append((term, token))
            continue
        if re.fullmatch(r"[\d/-]+", token):
            continue  # numbers and ranges of years
        parts = re.split(r"[-/]", token)
        name = token.replace("/", "-")
        if len(parts) > 1 and any(c.isdigit() for c in token) and len(token) <= 12:
            found.append((name, name))  # IL-6, BCR-ABL1: keep the name whole
            continue
        if len(parts) > 1 and all(len(p) <= 4 for p in parts):
            found.append((name, name))  # BCR-ABL, B-cell: the name, and its parts below
        found += [(t, p) for p, t in ((p, _term(p)) for p in parts) if t]
    return found


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


def weight(term: str) -> float:
    """Inverse document frequency over 19,111 real titles: rare terms say more about a topic."""
    titles, frequency = _background()
    return math.log(1 + titles / (frequency.get(term, 1) + 1))


def foreign(title: str) -> bool:
    """A title in another language than English, which the English stemmer cannot compare: more
    of its function words foreign than English, or over a third of its words with diacritics."""
    words = re.findall(r"[^\W\d_]+", title.lower())
    accented = sum(not w.isascii() for w in words)
    if accented >= 2 and accented > len(words) / 3:
        return True
    return sum(w in FOREIGN for w in words) >= 2 and sum(w in FOREIGN for w in words) > sum(
        w in STOPWORDS for w in words
    )


def names(title: str) -> bool:
    """A "title" that is a list of names ("J., Kokkolaras, M., & Le Digabel, S"): a parse gone wrong."""
    return len(re.findall(r"(?:^|[\s,(])[A-Z]\.(?=[\s,;)]|$)", title)) >= 2


class Article:
    """The article's vocabulary: its title and abstract, all its paragraphs, and for each
    reference number the paragraphs that cite it."""

    def __init__(self, head: list[str], paragraphs: list[tuple[str, tuple[int, ...]]]):
        self.head = {t for text in head for t in terms(text)}
        self.vocabulary = set(self.head)
        self.near: dict[int, set[str]] = {}
        for text, cites in paragraphs:
            found = set(terms(text))
            self.vocabulary |= found
            for number in cites:
                self.near.setdefault(number, set(self.head)).update(found)

    def score(self, title: str, number: int | None = None) -> Score | None:
        """None for a title too short or foreign to judge, or made of names."""
        words = dict(reversed(worded_terms(title)))  # term -> the first word it came from
        own = list(words)
        if len(own) < MIN_TERMS or foreign(title) or names(title):
            return None
        ranked = sorted(own, key=lambda t: (-weight(t), t))
        total = sum(weight(t) for t in own)
        near = self.near.get(number, self.vocabulary) if number is not None else self.vocabulary
        overall = sum(weight(t) for t in own if t in self.vocabulary) / total
        nearby = sum(weight(t) for t in own if t in near) / total
        shared = tuple(words[t] for t in ranked if t in self.vocabulary)
        missing = tuple(words[t] for t in ranked if t not in self.vocabulary)
        return Score(round((overall + nearby) / 2, 3), round(overall, 3), round(nearby, 3), shared, missing)
