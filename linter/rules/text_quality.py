"""Rules on text damaged by encoding or OCR."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial

from ..ftfy_parts import fix_encoding, mojibake_detector
from ..model import Location, Manuscript, Problem, Severity
from .base import Context, rule
from .references import at_reference

# A question mark glued between two word characters ("1?year") was a character
# the encoder could not write; once one is seen, "Sex?," nearby is suspect too.
GLUED_QUESTION = re.compile(r"(?<=\w)\?(?=\w)")
LOOSE_QUESTION = re.compile(r"\w+\?(?=[\w,;])\w*")
NUMERIC_FIELDS = ("year_text", "volume", "issue", "pages")
# What numeric fields may hold: digits, a letter prefix (e5, S12), ranges, supplements.
NUMERIC_SHAPE = re.compile(
    r"^(?:[A-Za-z]{0,2}\d+[A-Za-z]?(?:-[A-Za-z]{0,2}\d*[A-Za-z]?)?|[A-Za-z]?\d*\s*(?:Suppl|Pt|Spec)?\.?\s*\w*)$"
)
OCR_LOOKALIKES = {"O": "0", "o": "0", "l": "1", "I": "1", "¢": "e", "©": "e", "€": "e", "§": "5", "$": "5"}
# Symbols OCR puts where a digit or letter was; plain punctuation in a field is a tagging
# matter, not OCR's, and is left to other rules.
LETTER_FOR_DIGIT = re.compile(r"(?<=\d)[OolI]")  # a letter OCR read for a digit
OCR_SYMBOLS = set("¢©®§£¥€$°¤«»|¦‰™¬¨´`~^")
# Every pattern of ftfy's mojibake detector needs a C1 control character, one of Ã Â Œ œ, or two
# characters in a row from the blocks mojibake is made of (Latin-1 to Cyrillic, punctuation to
# arrows and boxes, private use, ligatures, U+FFFD); a test checks it on the installed ftfy. Text
# with none of them (most accented names and dashes) is clean without asking ftfy.
MOJIBAKE_BLOCKS = "\x80-\u04ff\u2000-\u27ff\ue000-\uf8ff\ufb00-\ufb06\ufffd"
MAYBE_MOJIBAKE = re.compile(f"[\x80-\x9fÃÂŒœ]|[{MOJIBAKE_BLOCKS}]{{2}}")


def _texts(ms: Manuscript):
    """(text, where) of everything worth scanning: references (less their URLs) and titles; `where()`
    gives the location (built only for the few texts with a finding)."""
    for reference in ms.references:
        text = reference.raw
        for url in reference.fields.urls:
            text = text.replace(url, " ")
        yield text, partial(at_reference, reference)
    for title in ms.titles:
        yield title.text, partial(_location, title.location)


def _location(location: Location) -> Location:
    return location


@rule("TX01", "lossy-encoding", Severity.WARNING, precision="medium")
def lossy_encoding(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """Characters were lost to `?` or U+FFFD (the replacement character).

    ## What it does
    Finds question marks glued between letters or digits ("`1?year`") and the
    replacement character `�`, the marks of text pushed through an encoding
    that could not hold its dashes, quotes or accented letters.

    ## Why it matters
    The damaged words no longer match the cited work's title, so search and
    citation matching fail, and the text looks careless in print.

    ## Example
    `Sex?, race?, and 1?year age?specific rates by histologic type.`

    ## Use instead
    `Sex-, race-, and 1-year age-specific rates by histologic type.`
    """
    for text, where in _texts(ms):
        glued = GLUED_QUESTION.search(text) if "?" in text else None  # most text has no "?" to look around
        replacement = "\ufffd" in text
        if not (glued or replacement):
            continue
        damaged = LOOSE_QUESTION.findall(text) if glued else []
        damaged += re.findall(r"\S*\ufffd\S*", text)
        yield Problem(
            f"characters lost to '?' or '\ufffd' in {', '.join(repr(w) for w in damaged[:6])}",
            where(),
            {"damaged": damaged},
            "restore the lost characters (often hyphens, dashes or quotes) from the source",
        )


@rule("TX02", "mojibake", Severity.WARNING)
def mojibake(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """Text was decoded with the wrong encoding (mojibake).

    ## What it does
    Uses ftfy's detector to find UTF-8 text that was read as Latin-1 or
    Windows-1252 ("`Ã¼`" for "ü", "`â€™`" for "’") and suggests ftfy's repair.

    ## Why it matters
    Author names and titles no longer match their records; indexes file the
    reference under a name that does not exist.

    ## Example
    `MÃ¼ller K, Non-Hodgkinâ€™s lymphoma in childhood.`

    ## Use instead
    `Müller K, Non-Hodgkin’s lymphoma in childhood.`
    """
    # ftfy's detector is loaded only for files with text it could flag, and the rest of ftfy for mojibake.
    suspects = [(text, where) for text, where in _texts(ms) if not text.isascii() and MAYBE_MOJIBAKE.search(text)]
    if not suspects:
        return
    is_bad = mojibake_detector()
    for text, where in suspects:
        if is_bad(text):
            fixed = fix_encoding()(text)
            yield Problem(
                "text looks double-encoded (mojibake)",
                where(),
                {"text": text, "repaired": fixed},
                f"use '{fixed}'" if fixed != text else None,
            )


@rule("TX03", "ocr-artefact", Severity.WARNING)
def ocr_artefact(ms: Manuscript, ctx: Context) -> Iterator[Problem]:
    """A numeric field holds symbols or letters that OCR confused with digits.

    ## What it does
    Checks year, volume, issue and pages of each reference for the symbols
    OCR puts where a digit or letter was (`¢`, `©`, `§`, `$`), and letters
    after digits (`O` for 0, `l` or `I` for 1). A leading letter (`e0213475`,
    `S12`) is an e-locator or supplement page, not debris.

    ## Why it matters
    A page or e-locator that OCR damaged sends the reader to the wrong page
    and stops Crossref from matching the reference.

    ## Example
    `PLoS One. 2019;14(3):¢0213475.`

    ## Use instead
    `PLoS One. 2019;14(3):e0213475.`
    """
    for reference in ms.references:
        for name in NUMERIC_FIELDS:
            value = getattr(reference.fields, name)
            if not value:
                continue
            bad = [c for c in value if c in OCR_SYMBOLS]
            bad += LETTER_FOR_DIGIT.findall(value)  # a leading letter is an e-locator
            if bad:
                fixed = "".join(OCR_LOOKALIKES.get(c, c) if c in bad else c for c in value)
                field = "year" if name == "year_text" else name
                yield Problem(
                    f"reference {reference.position} {field} '{value}' has OCR debris: {''.join(dict.fromkeys(bad))}",
                    at_reference(reference, field),
                    {"field": field, "value": value, "characters": list(dict.fromkeys(bad))},
                    f"use '{fixed}'" if fixed != value and NUMERIC_SHAPE.match(fixed) else None,
                )
