"""Fingerprints that identify a finding across runs, line shifts and renumbering.

A finding on a reference is anchored to the work it cites (its DOI, or first
author and title), not to its line or position, so that inserting a paragraph or
a reference does not make old findings look new, and editing a reference's year
does not hide a new finding about it. Positions in messages are set aside.
"""

from __future__ import annotations

import hashlib
import re

from . import doi as dois
from .compare import fold, name_key
from .model import Finding, Manuscript

POSITIONS = re.compile(r"\breferences? [\d\-–, ]+(?:and \d+)?")


def anchor(manuscript: Manuscript | None, finding: Finding) -> str:
    position = finding.location.reference
    if manuscript is None or not position or position > len(manuscript.references):
        return ""
    fields = manuscript.references[position - 1].fields
    if fields.doi:
        return "doi:" + dois.normalise(fields.doi)
    if fields.title:
        first = name_key(fields.authors[0])[0] if fields.authors else ""
        return f"work:{first}|{fold(fields.title)[:120]}"
    return "text:" + fold(manuscript.references[position - 1].raw)[:120]


def fingerprint(path: str, manuscript: Manuscript | None, finding: Finding) -> str:
    message = POSITIONS.sub("reference #", finding.message)
    parts = [finding.rule, path, anchor(manuscript, finding), finding.location.field or "", message]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[
        :24
    ]  # a file name in no encoding
