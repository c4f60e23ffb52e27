"""A Crossref work record (JSON) checked and reduced to a Work (linter/verification.py). Pure: no network here."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any, TypeGuard

if TYPE_CHECKING:  # imported where records become Works: checking a record's shape (the client's) needs none of it
    from ..verification import DepositedReference, Work

# Update types that matter to a reader of the citing work, worst first.
UPDATE_TYPES = ("retraction", "withdrawal", "removal", "expression_of_concern", "correction", "erratum", "corrigendum")


def _texts(value: Any) -> bool:
    return (
        value is None
        or isinstance(value, (str, int, float))
        or (isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value))
    )


def _parts(value: Any) -> bool:
    """A date as Crossref gives it: {"date-parts": [[2019, 4, 1]]}, parts possibly missing or null."""
    if value is None:
        return True
    if not isinstance(value, dict):
        return False
    parts = value.get("date-parts")
    return parts is None or (
        isinstance(parts, list)
        and all(
            isinstance(p, list) and all(x is None or (isinstance(x, int) and not isinstance(x, bool)) for x in p)
            for p in parts
        )
    )


def _people(value: Any) -> bool:
    return value is None or (
        isinstance(value, list)
        and all(
            isinstance(a, dict) and all(isinstance(a.get(k), (str, type(None))) for k in ("family", "given", "name"))
            for a in value
        )
    )


def _updates(value: Any) -> bool:
    return value is None or (
        isinstance(value, list)
        and all(
            isinstance(u, dict)
            and all(isinstance(u.get(k), (str, type(None))) for k in ("type", "DOI", "source"))
            and _parts(u.get("updated"))
            for u in value
        )
    )


TEXT_FIELDS = (
    "title",
    "subtitle",
    "container-title",
    "short-container-title",
    "ISSN",
    "volume",
    "issue",
    "page",
    "article-number",
)
DATE_FIELDS = ("issued", "published-print", "published-online", "published")


def valid_record(record: Any) -> TypeGuard[dict]:
    """A Crossref work record with the types from_record relies on: checked on every
    answer and every cache read, so that a malformed one is a failure, not a crash or a verdict."""
    return (
        isinstance(record, dict)
        and isinstance(record.get("DOI"), str)
        and bool(record["DOI"].strip())
        and isinstance(record.get("type"), (str, type(None)))
        and isinstance(record.get("score"), (int, float, type(None)))
        and all(_texts(record.get(k)) for k in TEXT_FIELDS)
        and all(_parts(record.get(k)) for k in DATE_FIELDS)
        and _people(record.get("author"))
        and _updates(record.get("updated-by"))
        and isinstance(record.get("reference"), (list, type(None)))
        and isinstance(record.get("resource"), (dict, type(None)))
        and isinstance((record.get("resource") or {}).get("primary"), (dict, type(None)))
    )


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if not value:
        return None
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", str(value))).split())


def _date_parts(record: dict, key: str) -> tuple[int, ...]:
    parts = (record.get(key) or {}).get("date-parts") or [[]]
    return tuple(int(p) for p in (parts[0] or []) if p is not None)


def from_record(record: dict) -> Work:
    from ..verification import Update, Work

    years: list[int] = []
    for key in ("issued", "published-print", "published-online", "published"):
        parts = _date_parts(record, key)
        if parts and parts[0] not in years:
            years.append(parts[0])
    updates = tuple(
        Update(u.get("type", ""), u.get("DOI"), _update_date(u), u.get("source"))
        for u in record.get("updated-by") or []
        if u.get("type") in UPDATE_TYPES
    )
    return Work(
        doi=str(record.get("DOI", "")),
        type=record.get("type"),
        title=_first(record.get("title")),
        subtitle=_first(record.get("subtitle")),
        authors=tuple(
            (a.get("family") or a.get("name") or "", a.get("given") or "")
            for a in record.get("author") or []
            if a.get("family") or a.get("name")
        ),
        container=_first(record.get("container-title")),
        short_container=_first(record.get("short-container-title")),
        issn=tuple([record["ISSN"]] if isinstance(record.get("ISSN"), str) else map(str, record.get("ISSN") or ())),
        years=tuple(years),
        date=_date_parts(record, "issued"),
        volume=_first(record.get("volume")),
        issue=_first(record.get("issue")),
        page=_first(record.get("page")),
        article_number=_first(record.get("article-number")),
        updates=updates,
        imported=bool(record.get("citeqa:imported")),
        references=tuple(_deposited(r) for r in record.get("reference") or [] if isinstance(r, dict)),
        url=((record.get("resource") or {}).get("primary") or {}).get("URL"),
    )


def _deposited(entry: dict) -> DepositedReference:
    from ..verification import DepositedReference

    return DepositedReference(
        key=entry.get("key"),
        doi=entry.get("DOI"),
        unstructured=_first(entry.get("unstructured")),
        author=_first(entry.get("author")),
        title=_first(entry.get("article-title") or entry.get("volume-title")),
        journal=_first(entry.get("journal-title") or entry.get("series-title")),
        year=_first(entry.get("year")),
        volume=_first(entry.get("volume")),
        first_page=_first(entry.get("first-page")),
    )


def _update_date(update: dict) -> str | None:
    parts = (update.get("updated") or {}).get("date-parts") or [[]]
    return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts[0])) or None
