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
import sys
import threading
import time
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .records import valid_record

FOUND_TTL = 7 * 86400
NOT_FOUND_TTL = 86400
SEARCH_TTL = 7 * 86400

VERSION = 2  # PRAGMA user_version; 2 added `origin` ('crossref', or 'import' for `cache import`)
TABLES = {
    "works": ("doi", "record", "fetched", "origin"),
    "searches": ("query", "items", "fetched", "origin"),
    "handles": ("doi", "registered", "fetched", "origin"),
}
SCHEMA = """
CREATE TABLE IF NOT EXISTS works (doi TEXT PRIMARY KEY, record TEXT, fetched REAL NOT NULL,
    origin TEXT NOT NULL DEFAULT 'crossref');
CREATE TABLE IF NOT EXISTS searches (query TEXT PRIMARY KEY, items TEXT NOT NULL, fetched REAL NOT NULL,
    origin TEXT NOT NULL DEFAULT 'crossref');
CREATE TABLE IF NOT EXISTS handles (doi TEXT PRIMARY KEY, registered INTEGER NOT NULL, fetched REAL NOT NULL,
    origin TEXT NOT NULL DEFAULT 'crossref');
"""
IMPORTED = "citeqa:imported"  # key added to a record read back from `cache import`, for the report's evidence


class CacheError(Exception):
    """A cache or snapshot file that cannot be used; the message names it."""


class Damaged(Exception):
    """The file is not a citeqa cache, or no longer a sound one."""


def _warn(message: str) -> None:
    print(f"citeqa: warning: {message}", file=sys.stderr)


_OPEN: weakref.WeakSet[Cache] = weakref.WeakSet()  # caches not yet closed


def close_all() -> None:
    """Close every cache still open: a process that ends with os._exit skips the interpreter's clean-up."""
    for cache in list(_OPEN):
        cache.close()


class Cache:
    def __init__(self, path: Path | None, expires: bool = True, clock=time.time, warn=_warn):
        self.path, self.expires, self.clock, self.warn = path, expires, clock, warn
        self.hits = 0
        self.malformed = 0
        self._lock = threading.RLock()
        self.db = self._connect()
        _OPEN.add(self)

    def close(self) -> None:
        """Close the file (its write-ahead log folded back in); a closed cache is not used again."""
        with self._lock:
            self.db.close()
        _OPEN.discard(self)

    def __del__(self) -> None:
        """Closed with its cache: the connection sits in a reference cycle (its statement cache), which
        only a garbage collection would free, and a quick exit skips that."""
        db = getattr(self, "db", None)
        if db is not None:
            db.close()

    def _connect(self) -> sqlite3.Connection:
        path = self.path
        for attempt in range(5):
            try:
                return self._open(path)
            except Damaged as error:
                self._set_aside(str(error))
            except sqlite3.OperationalError as error:
                # Two processes creating one file at once: setting WAL mode can be refused
                # without waiting for the busy timeout. Try again shortly.
                if "locked" not in str(error) or attempt == 4:
                    raise CacheError(f"{path}: cannot open the cache: {error}") from None
                time.sleep(0.2 * (attempt + 1))
            except sqlite3.DatabaseError as error:  # not a database at all, or damaged pages
                self._set_aside(str(error))
            except OSError as error:
                raise CacheError(f"{path}: cannot open the cache: {error}") from None
        raise CacheError(f"{path}: cannot open the cache")

    @staticmethod
    def _open(path: Path | None) -> sqlite3.Connection:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(str(path) if path else ":memory:", timeout=30, check_same_thread=False)
        try:
            if path is not None:
                db.execute("PRAGMA journal_mode=WAL")
            tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:  # new: tables and version in one transaction, so that another process never sees half
                db.executescript(f"BEGIN IMMEDIATE; {SCHEMA} PRAGMA user_version = {VERSION}; COMMIT;")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            columns = {t: tuple(row[1] for row in db.execute(f"PRAGMA table_info({t})")) for t in TABLES}
            if version != VERSION or columns != TABLES:
                raise Damaged(f"not a citeqa cache of this version (schema version {version}, tables {sorted(tables)})")
            return db
        except BaseException:
            db.close()
            raise

    def _set_aside(self, why: str) -> None:
        """Move a damaged cache file out of the way, with a warning, so that a new one is built."""
        if self.path is None:
            raise CacheError(f"in-memory cache failed: {why}")
        aside = self.path.with_name(f"{self.path.name}.damaged-{time.strftime('%Y%m%dT%H%M%S')}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{self.path}{suffix}")
            if source.exists():
                try:
                    source.replace(Path(f"{aside}{suffix}"))
                except OSError as error:
                    raise CacheError(
                        f"{self.path}: damaged ({why}) and cannot be set aside: {error.strerror}"
                    ) from None
        self.warn(f"{self.path}: damaged cache ({why}); set aside as {aside.name}, starting a new one")

    def _query(self, sql: str, args: tuple = ()) -> list:
        """Run one statement; a cache found damaged mid-run is set aside and replaced."""
        with self._lock:
            try:
                return self.db.execute(sql, args).fetchall()
            except sqlite3.OperationalError:
                raise
            except sqlite3.DatabaseError as error:
                self._replace(error)
                return self.db.execute(sql, args).fetchall()

    def _replace(self, error: sqlite3.DatabaseError) -> None:
        """A cache found damaged mid-run: set it aside and carry on with a new one."""
        self.db.close()
        self._set_aside(str(error))
        self.db = self._connect()

    def _write(self, sql: str, rows: list[tuple]) -> None:
        with self._lock:
            try:
                with self.db:
                    self.db.executemany(sql, rows)
            except sqlite3.OperationalError:
                raise
            except sqlite3.DatabaseError as error:
                self._replace(error)
                with self.db:
                    self.db.executemany(sql, rows)

    def _bad(self, table: str, key: str, column: str) -> None:
        """A stored entry that is not what citeqa wrote: forget it, and fetch it again."""
        self.malformed += 1
        if self.malformed == 1:
            self.warn(f"{self.path or 'cache'}: malformed cache entries ignored and fetched again")
        self._write(f"DELETE FROM {table} WHERE {column} = ?", [(key,)])

    @classmethod
    def snapshot(cls, path: Path) -> Cache:
        store = cls(None, expires=False)
        try:
            with path.open(encoding="utf-8") as lines:
                store.load(lines, str(path), origin="crossref")
        except OSError as error:
            raise CacheError(f"{path}: cannot read the snapshot: {error.strerror}") from None
        return store

    def _fresh(self, fetched, ttl: float) -> bool:
        return not self.expires or self.clock() - fetched < ttl

    def works(self, dois: list[str]) -> dict[str, dict | None]:
        """Fresh cached answers: a record, or None for 'not found in Crossref'."""
        found: dict[str, dict | None] = {}
        for doi in dois:
            key = doi.lower()
            rows = self._query("SELECT record, fetched, origin FROM works WHERE doi = ?", (key,))
            if not rows:
                continue
            text, fetched, origin = rows[0]
            if not isinstance(fetched, (int, float)) or not self._fresh(fetched, FOUND_TTL if text else NOT_FOUND_TTL):
                continue
            record = _loads(text) if text is not None else None
            if text is not None and not valid_record(record):
                self._bad("works", key, "doi")
                continue
            if record is not None and origin == "import":
                record = {**record, IMPORTED: True}
            found[key] = record
            self.hits += 1
        return found

    def put_works(self, records: dict[str, dict | None], origin: str = "crossref") -> None:
        now = self.clock()
        self._write(
            "INSERT OR REPLACE INTO works VALUES (?, ?, ?, ?)",
            [(doi.lower(), json.dumps(r) if r is not None else None, now, origin) for doi, r in records.items()],
        )

    def search(self, query: str) -> list[dict] | None:
        rows = self._query("SELECT items, fetched, origin FROM searches WHERE query = ?", (query,))
        if not rows or not isinstance(rows[0][1], (int, float)) or not self._fresh(rows[0][1], SEARCH_TTL):
            return None
        items = _loads(rows[0][0])
        if not isinstance(items, list) or not all(valid_record(item) for item in items):
            self._bad("searches", query, "query")
            return None
        self.hits += 1
        return [{**item, IMPORTED: True} for item in items] if rows[0][2] == "import" else items

    def put_search(self, query: str, items: list[dict], origin: str = "crossref") -> None:
        self._write(
            "INSERT OR REPLACE INTO searches VALUES (?, ?, ?, ?)", [(query, json.dumps(items), self.clock(), origin)]
        )

    def handle(self, doi: str) -> bool | None:
        rows = self._query("SELECT registered, fetched FROM handles WHERE doi = ?", (doi.lower(),))
        if not rows:
            return None
        registered, fetched = rows[0]
        if registered not in (0, 1) or not isinstance(fetched, (int, float)):
            self._bad("handles", doi.lower(), "doi")
            return None
        if self._fresh(fetched, FOUND_TTL if registered else NOT_FOUND_TTL):
            self.hits += 1
            return bool(registered)
        return None

    def put_handle(self, doi: str, registered: bool, origin: str = "crossref") -> None:
        self._write(
            "INSERT OR REPLACE INTO handles VALUES (?, ?, ?, ?)", [(doi.lower(), int(registered), self.clock(), origin)]
        )

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

    def load(self, lines, source: str, origin: str = "import") -> int:
        """Store JSONL lines (as export writes them, or plain Crossref records), checked
        like any answer. Their origin ('import') is kept, so that reports can say so."""
        works: dict[str, dict | None] = {}
        count = 0
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                kind = entry.get("citeqa")
                if kind == "search":
                    if (
                        not isinstance(entry["query"], str)
                        or not isinstance(entry["items"], list)
                        or not all(map(valid_record, entry["items"]))
                    ):
                        raise TypeError
                    self.put_search(entry["query"], entry["items"], origin)
                elif kind == "handle":
                    if not isinstance(entry["DOI"], str) or not isinstance(entry["registered"], bool):
                        raise TypeError
                    self.put_handle(entry["DOI"], entry["registered"], origin)
                elif kind == "not-found":
                    works[entry["DOI"].lower()] = None
                elif valid_record(entry):
                    works[entry["DOI"].lower()] = {k: v for k, v in entry.items() if k != IMPORTED}
                else:
                    raise TypeError
            except (ValueError, KeyError, TypeError, AttributeError):
                raise CacheError(f"{source}:{number}: not a Crossref record or citeqa cache entry") from None
            count += 1
        self.put_works(works, origin)
        return count


def _loads(text: Any) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return _MALFORMED


_MALFORMED = object()
