"""An embedded SQLite cache of Crossref and doi.org answers, and frozen snapshots.

Records are keyed by lower-case DOI, searches by their query. Found records
keep a week (Crossref adds retraction notices to old records, so not forever);
"not found" answers keep a day; errors and timeouts are never stored. WAL mode
and a busy timeout let several citeqa processes share one file.

A snapshot (`--snapshot FILE`) is the same store loaded from JSONL and never
expiring, so that an audit can be run again later with the same answers.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import IO, Iterator

FOUND_TTL = 7 * 86400
NOT_FOUND_TTL = 86400
SEARCH_TTL = 7 * 86400

SCHEMA = """
CREATE TABLE IF NOT EXISTS works (doi TEXT PRIMARY KEY, record TEXT, fetched REAL NOT NULL);
CREATE TABLE IF NOT EXISTS searches (query TEXT PRIMARY KEY, items TEXT NOT NULL, fetched REAL NOT NULL);
CREATE TABLE IF NOT EXISTS handles (doi TEXT PRIMARY KEY, registered INTEGER NOT NULL, fetched REAL NOT NULL);
"""


class CacheError(Exception):
    """A cache or snapshot file that cannot be used; the message names it."""


class Cache:
    def __init__(self, path: Path | None, expires: bool = True, clock=time.time):
        self.path, self.expires, self.clock = path, expires, clock
        self.hits = 0
        self._lock = threading.Lock()
        for attempt in range(5):
            try:
                self.db = self._open(path)
                break
            except sqlite3.OperationalError as error:
                # Two processes creating one file at once: setting WAL mode can be refused
                # without waiting for the busy timeout. Try again shortly.
                if "locked" not in str(error) or attempt == 4:
                    raise CacheError(f"{path}: cannot open the cache: {error}") from None
                time.sleep(0.2 * (attempt + 1))
            except (sqlite3.Error, OSError) as error:
                raise CacheError(f"{path}: cannot open the cache: {error}") from None

    @staticmethod
    def _open(path: Path | None) -> sqlite3.Connection:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(str(path) if path else ":memory:", timeout=30, check_same_thread=False)
        if path is not None:
            db.execute("PRAGMA journal_mode=WAL")
        db.executescript(SCHEMA)
        return db

    @classmethod
    def snapshot(cls, path: Path) -> "Cache":
        store = cls(None, expires=False)
        try:
            with path.open(encoding="utf-8") as lines:
                store.load(lines, str(path))
        except OSError as error:
            raise CacheError(f"{path}: cannot read the snapshot: {error.strerror}") from None
        return store

    def _fresh(self, fetched: float, ttl: float) -> bool:
        return not self.expires or self.clock() - fetched < ttl

    def works(self, dois: list[str]) -> dict[str, dict | None]:
        """Fresh cached answers: a record, or None for 'not found in Crossref'."""
        found: dict[str, dict | None] = {}
        with self._lock:
            for doi in dois:
                row = self.db.execute("SELECT record, fetched FROM works WHERE doi = ?", (doi.lower(),)).fetchone()
                if row and self._fresh(row[1], FOUND_TTL if row[0] else NOT_FOUND_TTL):
                    found[doi.lower()] = json.loads(row[0]) if row[0] else None
                    self.hits += 1
        return found

    def put_works(self, records: dict[str, dict | None]) -> None:
        now = self.clock()
        with self._lock, self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO works VALUES (?, ?, ?)",
                [(doi.lower(), json.dumps(r) if r is not None else None, now) for doi, r in records.items()],
            )

    def search(self, query: str) -> list[dict] | None:
        with self._lock:
            row = self.db.execute("SELECT items, fetched FROM searches WHERE query = ?", (query,)).fetchone()
        if row and self._fresh(row[1], SEARCH_TTL):
            self.hits += 1
            return json.loads(row[0])
        return None

    def put_search(self, query: str, items: list[dict]) -> None:
        with self._lock, self.db:
            self.db.execute("INSERT OR REPLACE INTO searches VALUES (?, ?, ?)", (query, json.dumps(items), self.clock()))

    def handle(self, doi: str) -> bool | None:
        with self._lock:
            row = self.db.execute("SELECT registered, fetched FROM handles WHERE doi = ?", (doi.lower(),)).fetchone()
        if row and self._fresh(row[1], FOUND_TTL if row[0] else NOT_FOUND_TTL):
            self.hits += 1
            return bool(row[0])
        return None

    def put_handle(self, doi: str, registered: bool) -> None:
        with self._lock, self.db:
            self.db.execute("INSERT OR REPLACE INTO handles VALUES (?, ?, ?)", (doi.lower(), int(registered), self.clock()))

    def info(self) -> dict:
        with self._lock:
            count = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
            return {
                "path": str(self.path) if self.path else None,
                "records": count("SELECT COUNT(*) FROM works WHERE record IS NOT NULL"),
                "not_found": count("SELECT COUNT(*) FROM works WHERE record IS NULL"),
                "searches": count("SELECT COUNT(*) FROM searches"),
                "handles": count("SELECT COUNT(*) FROM handles"),
                "bytes": self.path.stat().st_size if self.path and self.path.exists() else 0,
            }

    def clear(self) -> None:
        with self._lock, self.db:
            for table in ("works", "searches", "handles"):
                self.db.execute(f"DELETE FROM {table}")

    def dump(self) -> Iterator[dict]:
        """Every stored answer as one JSON line: a Crossref record, or a tagged citeqa entry."""
        with self._lock:
            works = self.db.execute("SELECT doi, record FROM works ORDER BY doi").fetchall()
            searches = self.db.execute("SELECT query, items FROM searches ORDER BY query").fetchall()
            handles = self.db.execute("SELECT doi, registered FROM handles ORDER BY doi").fetchall()
        for doi, record in works:
            yield json.loads(record) if record else {"citeqa": "not-found", "DOI": doi}
        for query, items in searches:
            yield {"citeqa": "search", "query": query, "items": json.loads(items)}
        for doi, registered in handles:
            yield {"citeqa": "handle", "DOI": doi, "registered": bool(registered)}

    def export(self, out: IO[str]) -> int:
        count = 0
        for entry in self.dump():
            out.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
        return count

    def load(self, lines, origin: str) -> int:
        """Store JSONL lines (as export writes them, or plain Crossref records)."""
        works: dict[str, dict | None] = {}
        count = 0
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                kind = entry.get("citeqa")
                if kind == "search":
                    self.put_search(entry["query"], entry["items"])
                elif kind == "handle":
                    self.put_handle(entry["DOI"], bool(entry["registered"]))
                elif kind == "not-found":
                    works[entry["DOI"].lower()] = None
                else:
                    works[str(entry["DOI"]).lower()] = entry
            except (ValueError, KeyError, TypeError, AttributeError):
                raise CacheError(f"{origin}:{number}: not a Crossref record or citeqa cache entry") from None
            count += 1
        self.put_works(works)
        return count
