"""Wrapped lines joined back into one text: what a reference entry is made of, and what the DOIs
written in a file are found in before it is read (readers/written.py). Light to import."""

from __future__ import annotations

import re

SOFT_HYPHEN = "\u00ad"
DOI_OR_URL_END = re.compile(r"(?:\b10\.\d{4,9}/|https?://|www\.|doi\.org/|\bdoi:?\s*10\.?$)\S*$", re.IGNORECASE)
LINK_CONTINUES = re.compile(r"^[\w\-./()%#?=&:;~+<>\[\]]+(?=[\s,;]|$)")


def join_lines(lines) -> str:
    """Join wrapped lines; a DOI or URL cut at the line end is rejoined without a space.

    "10.25080/" + "majora-1b6fd038-009" and "10.3322/caac." + "21601" are one DOI. A line ending
    in a hyphen joins the next without a space ("366-" + "70."), keeping the hyphen: from the
    text alone "meta-analysis" and "treat-ment" cannot be told apart.
    """
    text = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        link = DOI_OR_URL_END.search(text) if text else None
        nxt = LINK_CONTINUES.match(line)
        if text.endswith(SOFT_HYPHEN):  # a PDF's own mark of a word broken at the line's end
            text = text[:-1] + ("-" if link else "") + line
        elif (
            link
            and nxt
            and _continues_link(link.group(), nxt.group())
            or text.endswith(("-", "–", "/"))
            and (line[:1].islower() or line[:1].isdigit())
        ):
            text += line
        else:
            text = f"{text} {line}" if text else line
    return text


def _continues_link(head: str, tail: str) -> bool:
    """Whether the next line's first token goes on with a DOI or URL cut at the line's end."""
    if head.endswith((".", "/", "-", "_", "=", "&", "?", "#", ":")):
        if re.match(r"^(?:https?:|doi:|Available|Accessed|Retrieved|PMID|PMCID)", tail, re.IGNORECASE):
            return False
        return bool(re.search(r"\d", tail) or tail[:1].islower() or not re.match(r"^[A-Z][a-z]+$", tail.rstrip(".,;")))
    if head.lower().startswith(("http", "www", "doi.org")):
        return bool(re.match(r"^[\w\-./%#?=&~+]*[/.\-_?=&%][\w\-./%#?=&~+]*$", tail)) and not re.match(
            r"^[A-Z][a-z]+[.,]", tail
        )
    return bool(re.match(r"^[\w\-./()]*\d[\w\-./()]*$|^[a-z0-9\-./()]+$", tail)) and not re.match(r"^\d{4}[.;]?$", tail)
