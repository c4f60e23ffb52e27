"""The DOIs a file gives, found before it is read, so that Crossref can be asked while it is.

Reading a manuscript (its reference list split and parsed entry by entry) and loading the
rules takes a few tenths of a second; the DOIs written in it are found in a millisecond, and
the first request to Crossref starts the clock of its rate limit. They are found as the
reference reader finds them: in each line, and across a line break (a DOI cut at a line's end
is rejoined as `joining.join_lines` rejoins it). Only plain text and JATS, decoded as UTF-8:
the text of a PDF or a Word file is its reader's work. What the reader finds beyond these
DOIs is sent once the file is read (Lookups.send_ahead); what it does not want costs nothing
but room in a batch.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..doi import IN_TEXT, strip_trailing
from ..escape import unquote_printable as unquote
from ..limits import LimitError, Limits, check_file
from .joining import join_lines
from .reference_labels import starts_entry

IN_MARKUP = re.compile(r'10\.\d{4,9}/[^\s<>"]+')  # element text and attribute values; <, > and " come escaped
ARTICLE_ID = re.compile(r'<article-id[^>]*pub-id-type="doi"[^>]*>\s*([^<\s]+)')


def dois_written(path: Path, kind: str, limits: Limits) -> list[str]:
    """The DOIs written in a text or JATS file, as written (not normalised), first seen first;
    none for other formats, or a file that is not plain UTF-8 within the limits."""
    if kind not in ("text", "jats"):
        return []
    try:
        check_file(path, limits)
        text = path.read_bytes().decode("utf-8-sig")
    except (LimitError, OSError, UnicodeDecodeError):
        return []  # its reader says what is wrong with it
    if kind == "jats":  # the article's own DOI, and the reference list's (not its figures' and tables')
        article = ARTICLE_ID.search(text)
        references = text[text.find("<ref-list") :] if "<ref-list" in text else ""
        found = ([article.group(1)] if article else []) + IN_MARKUP.findall(references)
        found = [html.unescape(doi) for doi in found]
    else:  # each line joined to the next unless that starts an entry: a DOI cut at a line's end is found whole
        lines = text.splitlines()
        found = [
            match
            for i, line in enumerate(lines)
            if "10." in line
            for match in IN_TEXT.findall(
                join_lines(lines[i : i + 1 + (i + 1 < len(lines) and not starts_entry(lines[i + 1]))])
            )
        ]
    return list(dict.fromkeys(strip_trailing(unquote(doi)) for doi in found))
