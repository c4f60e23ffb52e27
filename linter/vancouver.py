"""The one Vancouver (NLM/ICMJE) formatter: CSL-JSON fields in, a citation string out.

Used wherever citeqa writes a reference: the JATS reader (an <element-citation> has fields, not
text), BibTeX, CSL-JSON and RIS entries, a Crossref record shown as a suggestion, `citeqa fix
--to text`, and the tests' manuscripts built from real records. Journals print
"Family GI, ... et al. Title. Journal. Year;Vol(Issue):Pages."
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .compare import initials


def name(person: Mapping[str, str]) -> str:
    """A CSL name as Vancouver prints it: "Family GI" (a literal name as it is)."""
    if "literal" in person:
        return person["literal"]
    return f"{person.get('family', '')} {initials(person.get('given', '')).upper()}".strip()


def citation(
    item: Mapping[str, Any], max_authors: int | None = 6, shown_authors: int = 6, bare_numbers: bool = False
) -> str:
    """`item` holds CSL-JSON fields (author, title, container-title[-short], issued, volume, issue,
    page, DOI). More than `max_authors` authors: the first `shown_authors`, then "et al".
    `bare_numbers`: no ";" left dangling when the year or the volume is missing ("2020." not "2020;.")."""
    authors: Sequence[str] = [name(p) for p in item.get("author") or ()]
    if max_authors is not None and len(authors) > max_authors:
        authors = [*authors[:shown_authors], "et al"]
    numbers = f"{_year(item.get('issued')) or ''};{item.get('volume') or ''}"
    numbers += f"({item['issue']})" if item.get("issue") else ""
    numbers += f":{item['page']}" if item.get("page") else ""
    numbers = numbers.strip(";") if bare_numbers else numbers
    container = item.get("container-title-short") or item.get("container-title")
    parts = [", ".join(authors), item.get("title"), container, numbers]
    doi = item.get("DOI")
    return ". ".join(str(p) for p in parts if p) + "." + (f" doi:{doi}" if doi else "")


def _year(issued: Any) -> Any:
    """CSL's {"date-parts": [[2020, 5]]}, or a bare year."""
    if isinstance(issued, Mapping):
        parts = issued.get("date-parts") or [[None]]
        return parts[0][0] if parts[0] else None
    return issued
