"""Citations and cross-references LaTeX could not resolve, printed as question marks."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Manuscript, Problem, Severity
from .base import Context, rule

# What LaTeX prints for a key it cannot find: "[?]" or "[?, ?]" for a numbered \cite, "(?)" or
# "(?; ?)" for natbib's \citep (and "? (?)" for \citet), "??" for a \ref to a figure or section.
UNRESOLVED = re.compile(r"\[\?(?:\s*[,;–-]\s*\?)*\]|\(\?(?:\s*[,;]\s*\?)*\)|(?<![\w?])\?\?(?![\w?])")
MIN_MARKS = 2  # one "(?)" alone is as often a symbol of the text (a character state coded "?")


@rule("RF09", "unresolved-citation", Severity.WARNING, precision="medium", needs_manuscript=True)
def unresolved_citation(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """The text shows question marks where LaTeX could not resolve a citation or a cross-reference.

    ## What it does
    Finds what LaTeX prints for a citation or label it could not find: `[?]`
    (or `[?, ?]`) for a numbered citation, `(?)` (or `(?; ?)`) for an
    author-year one, and `??` standing alone for a figure, table or section
    reference. One finding per paragraph, listing them, once the article holds
    at least two.

    ## What it cannot tell
    Which work or figure was meant: the key is gone from the printed text (the
    source's `.log` names it). A single `(?)` is not reported: articles use it
    for an unknown value or a character state coded "?", and a document that
    lost its bibliography shows several.

    ## Why it matters
    Each mark is a claim whose source the reader cannot find, usually left by
    a missing or misspelt BibTeX key, or a run of LaTeX without BibTeX; the
    reference it stood for is often missing from the list too.

    ## Example
    `... particle swarm (?), gradient descent (?), and cuckoo search (?).`
    and `the methods in ?? (left)`

    ## Use instead
    Fix the key (or add the entry to the `.bib` file), run BibTeX and LaTeX
    again, and check the log for undefined citations and references.
    """
    found = [(paragraph, UNRESOLVED.findall(paragraph.text)) for paragraph in ms.body if "?" in paragraph.text]
    total = sum(len(marks) for _, marks in found)
    if total < MIN_MARKS:
        return
    for paragraph, marks in found:
        if not marks:
            continue
        shown = ", ".join(f"'{m}'" for m in dict.fromkeys(marks))
        plural = "s" if len(marks) > 1 else ""
        yield Problem(
            f"{len(marks)} unresolved citation{plural} or cross-reference{plural}: {shown}",
            paragraph.location,
            {"marks": marks, "article_marks": total},
            "fix the citation keys and labels in the source, then run BibTeX and LaTeX again",
        )
