"""A local Crossref snapshot store: Parquet files queried with DuckDB (`--snapshot DIR`).

Built by `citeqa snapshot build` (store_build.py) from Crossref's public data file, for a
back catalogue too large for the REST API. The folder holds:

  manifest.json     what was built from what, and the store's version
  parts/*.parquet   each build's records as read (doi, seq, record JSON, search text)
  works.parquet     the newest record of each DOI, sorted by DOI, its deposited reference list apart
  updates.parquet   update-to relations of notices (retraction, correction...) by the DOI they update
  postings.parquet  the search index: (term, doi, tf), sorted by term
  terms.parquet     (term, idf); docs.parquet (doi, length): BM25's statistics
  catalogue.duckdb  the same tables in DuckDB's own format, used when present (searches twice as fast)

It answers Lookups like the cache does (works, search), read-only: a DOI absent from the
snapshot is not looked up, never "not found" (the snapshot may be older than the DOI).
"""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from typing import Any

from ..compare import fold
from .cache import CacheError
from .records import valid_record

VERSION = 1
K1, B = 1.2, 0.75  # BM25's usual constants
SEARCH_ROWS = 5  # as many candidates as a Crossref search asks for (Settings.search_rows)
MAX_TERMS = 32  # a query's rarest words: enough to find a work, bounded cost on a long entry
TOKEN = re.compile(r"[a-z0-9]+")


class StoreError(CacheError):
    """A folder that is not a usable snapshot store; the message names it (reported as a cache error)."""


def search_text(record: dict) -> str:
    """The words a record is found by: title, journal, authors' family names, numbers and year
    (what a reference prints), folded like a query."""
    parts = [
        *(record.get("title") or []),
        *(record.get("subtitle") or []),
        *(record.get("container-title") or []),
        *(record.get("short-container-title") or []),
    ]
    parts += [a.get("family") or a.get("name") or "" for a in record.get("author") or [] if isinstance(a, dict)]
    parts += [str(record.get(k) or "") for k in ("volume", "issue", "page", "article-number")]
    for key in ("issued", "published-print", "published-online"):
        year = ((record.get(key) or {}).get("date-parts") or [[None]])[0][0]
        if year:
            parts.append(str(year))
            break
    return " ".join(tokens(" ".join(p for p in parts if isinstance(p, str))))


def tokens(text: str) -> list[str]:
    return TOKEN.findall(fold(text))


def is_store(path: Path) -> bool:
    return path.is_dir()


class Store:
    """Read-only answers from a built store. One DuckDB connection, opened on first use (so that a
    process forked after opening the store does not share it), guarded by a lock."""

    def __init__(self, path: Path):
        self.path = path
        manifest = path / "manifest.json"
        try:
            self.manifest = json.loads(manifest.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise StoreError(
                f"{path}: not a citeqa snapshot store (no manifest.json); build one with 'citeqa snapshot build'"
            ) from None
        except (OSError, ValueError) as error:
            raise StoreError(f"{manifest}: cannot read the snapshot manifest: {error}") from None
        if not isinstance(self.manifest, dict) or self.manifest.get("version") != VERSION:
            raise StoreError(
                f"{path}: a snapshot store of another version; build it again with 'citeqa snapshot build'"
            )
        self.hits = 0
        self.lookups = 0
        self._db: Any = None  # a duckdb connection, opened by the first query
        self._lock = threading.Lock()

    def _connect(self):
        try:
            import duckdb
        except ImportError:
            raise StoreError("a snapshot folder needs DuckDB: pip install 'citeqa[catalogue]'") from None
        # One thread; Parquet metadata read once.
        config: dict[str, str | bool | int | float | list[str]] = {"threads": 1, "enable_object_cache": True}
        index = self.path / "catalogue.duckdb"
        if index.exists():  # the tables in DuckDB's own format, read-only (any number of processes)
            return duckdb.connect(str(index), read_only=True, config=config)
        db = duckdb.connect(config=config)  # the Parquet files alone (copied without the index, or on object storage)
        for table in ("works", "updates", "postings", "terms", "docs"):
            file = self.path / f"{table}.parquet"
            if not file.exists():
                raise StoreError(f"{file}: missing; build the store again with 'citeqa snapshot build'")
            db.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{_quoted(file)}')")
        return db

    def _query(self, sql: str, args: list) -> list:
        with self._lock:
            if self._db is None:
                self._db = self._connect()
            return self._db.execute(sql, args).fetchall()

    # -- what Lookups asks of a cache --

    def works(self, dois: list[str]) -> dict[str, dict]:
        """The records of the DOIs the snapshot has, with the notices that update them; the others
        are left out (not looked up)."""
        keys = list(dict.fromkeys(d.lower() for d in dois))
        if not keys:
            return {}
        self.lookups += len(keys)
        rows = self._query("SELECT doi, record FROM works WHERE doi IN (SELECT unnest(?))", [keys])
        found = {doi: json.loads(text) for doi, text in rows}
        if found:
            for doi, notice in self._query(
                "SELECT doi, notice FROM updates WHERE doi IN (SELECT unnest(?))", [list(found)]
            ):
                _add_notice(found[doi], json.loads(notice))
        found = {doi: record for doi, record in found.items() if valid_record(record)}
        self.hits += len(found)
        return found

    def deposited(self, doi: str) -> list | None:
        """The reference list deposited with a work (read apart from its record: only the article's is needed)."""
        rows = self._query("SELECT reference FROM works WHERE doi = ?", [doi.lower()])
        return json.loads(rows[0][0]) if rows and rows[0][0] else None

    def search(self, query: str) -> list[dict] | None:
        """The best few records for a reference's text, scored by BM25 over the words records are
        found by. A shortDOI is doi.org's to resolve, not the snapshot's: no answer."""
        if query.startswith("shortdoi "):
            return None
        words = list(dict.fromkeys(tokens(query)))
        if not words:
            return []
        # Tokens are [a-z0-9]+ only, so they can be written into the query: a constant list lets
        # DuckDB skip the row groups of the term-sorted postings that cannot hold them.
        listed = ", ".join(f"'{w}'" for w in words)
        rows = self._query(
            f"""
            WITH wanted AS (
                SELECT term, idf FROM terms WHERE term IN ({listed}) ORDER BY idf DESC, term LIMIT {MAX_TERMS}
            ),
            scored AS (
                SELECT p.doi, sum(w.idf * p.tf * ({K1} + 1) / (p.tf + {K1} * (1 - {B} + {B} * d.length / ?))) AS score
                FROM (SELECT * FROM postings WHERE term IN ({listed})) p
                JOIN wanted w USING (term) JOIN docs d USING (doi)
                GROUP BY p.doi ORDER BY score DESC, p.doi LIMIT {SEARCH_ROWS})
            SELECT s.doi, s.score, w.record FROM scored s JOIN works w USING (doi) ORDER BY s.score DESC, s.doi
            """,
            [self.manifest.get("average_length") or 1.0],
        )
        self.hits += 1
        return [{**json.loads(record), "score": round(score, 3)} for _, score, record in rows]

    def handle(self, doi: str) -> None:
        return None  # doi.org's answers are not in the public data file

    def put_works(self, *_args, **_kwargs) -> None:
        pass  # read-only: a run never changes the snapshot it is checked against

    put_search = put_handle = put_works

    def info(self) -> dict:
        return {
            "path": str(self.path),
            **{k: v for k, v in self.manifest.items() if k != "parts"},
            "parts": len(self.manifest.get("parts", [])),
        }


def _add_notice(record: dict, notice: dict) -> None:
    """A notice found in the snapshot added to the record it updates, unless the record lists it."""
    listed = record.get("updated-by") or []
    record["updated-by"] = listed
    if not any(
        (u.get("DOI") or "").lower() == (notice.get("DOI") or "").lower() and u.get("type") == notice.get("type")
        for u in listed
    ):
        listed.append(notice)


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
