"""References that have nothing to do with the article that cites them."""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Manuscript, Problem, Reference, Severity
from ..relatedness import Article, Score
from .base import Context, option, rule
from .references import at_reference

# Calibrated with benchmarks/integrity.py on 41 of the 61 PLOS articles (the other 20 held out):
# the highest threshold at which at most 1% of their references are flagged.
THRESHOLD = option("IN02-threshold", 0.14, "relatedness below which IN02 reports a reference (0 to 1)", 0.0, 1.0)
MIN_WORDS = 150  # an article shorter than this has too little text to judge its references by


@dataclass(frozen=True)
class Judged:
    reference: Reference
    title: str
    title_source: str  # "reference" or "Crossref"
    score: Score


def _long_enough(ms: Manuscript) -> bool:
    """MIN_WORDS words of text at least (counted until there are enough: an article has thousands)."""
    words = 0
    for paragraph in ms.body:
        words += len(paragraph.text.split())
        if words >= MIN_WORDS:
            return True
    return False


def scores(ms: Manuscript, ctx: Context) -> list[Judged]:
    """Each reference with a title long enough to judge, scored against the article."""
    if not _long_enough(ms):
        return []
    head = [t.text for t in ms.titles[:1]] + [p.text for p in ms.body if p.section == "abstract"]
    article = Article(head, [(p.text, p.cites) for p in ms.body])
    judged = []
    for reference in ms.references:
        title, source = reference.fields.title, "reference"
        answers = ctx.crossref.references.get(reference.position) if ctx.crossref else None
        work = answers.work.record if answers and answers.work else None
        if not title and work and work.full_title:
            title, source = work.full_title, "Crossref"
        score = article.score(title, reference.number) if title else None
        if title and score is not None:
            judged.append(Judged(reference, title, source, score))
    return judged


@rule("IN02", "off-topic-reference", Severity.INFO, precision="low", needs_manuscript=True)
def off_topic_reference(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """A reference's title shares almost nothing with the article that cites it.

    ## What it does
    Scores how much each reference's title (as printed, or from its DOI's
    Crossref record when the entry has none) shares with the article: the
    share of the title's topic terms, each weighted by how rare it is in
    scientific titles, that the article uses anywhere (title, abstract, body),
    averaged with the share found in the paragraphs that cite the reference.
    Terms come from a tokenizer that keeps gene and protein names whole
    (`CD19`, `IL-6`, `BCR-ABL`), stems words (`melanomas` is `melanoma`) and
    meets British and American spellings. A reference scoring below 0.14
    (option `IN02-threshold`) is reported, with its score, the list's median
    score for comparison, the terms it shares with the article and its
    weightiest terms the article never uses. Offline and deterministic.

    ## What it cannot tell
    Whether the citation is justified: methods, software, statistics, history
    and reviews of a neighbouring field are cited for good reasons in words the
    article does not repeat; a short or witty title ("Reason as our guide") has
    too few terms (fewer than three are not judged), titles in other languages
    and "titles" that are lists of names (a reference parsed wrongly) are not
    judged, and an article with under 150 words of text is not judged at all.
    It reads words, not meaning: synonyms count as unrelated. Read the evidence:
    a low score whose missing terms name another disease or field (`melanoma`
    in a leukaemia editorial) deserves a look; one whose missing
    terms are a method's name usually does not. Calibrated so that at most 2%
    of the references of 61 real PLOS articles are reported.

    ## Why it matters
    Reference lists padded with unrelated works are a mark of citation
    manipulation and paper mills, and an unrelated reference is often a
    citation placed in the wrong article.

    ## Example
    A leukaemia editorial citing `Cho SI, ... Local recurrence and metastasis in
    patients with malignant melanomas after surgery ...`

    ## Use instead
    Cite the works the sentence relies on; remove references the article does
    not discuss.
    """
    judged = scores(ms, ctx)
    if not judged:
        return
    median = statistics.median(j.score.value for j in judged)
    threshold = ctx.option(THRESHOLD)
    for j in judged:
        if j.score.value >= threshold:
            continue
        missing = ", ".join(j.score.missing[:4])
        yield Problem(
            f"reference {j.reference.position} shares little with the article:"
            f" its terms {missing} appear nowhere in it",
            at_reference(j.reference, "title"),
            {
                "score": j.score.value,
                "overall": j.score.overall,
                "citing_paragraphs": j.score.nearby,
                "threshold": threshold,
                "list_median": round(median, 3),
                "shared_terms": list(j.score.shared),
                "missing_terms": list(j.score.missing),
                "title": j.title,
                "title_source": j.title_source,
            },
            "check that the reference supports the sentence that cites it",
        )
