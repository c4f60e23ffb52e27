"""`citeqa snapshot build`: Crossref's public data file (or JSONL of works) into a store (store.py).

Sources are read streaming, a batch of records at a time, into a new Parquet part; then DuckDB
derives the tables a run reads from all parts, out of core: the newest record of each DOI
(a later part, or a later line of one part, replaces an earlier one), the notices' update-to
relations, and the search index. Building again with newer parts is incremental: old parts
are kept and their records replaced where a newer part has the same DOI.
"""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .records import valid_record
from .store import VERSION, StoreError, _quoted, search_text

# What citeqa reads from a record (records.py), the relations, and the deposited reference list.
KEPT = (
    "DOI",
    "type",
    "title",
    "subtitle",
    "author",
    "container-title",
    "short-container-title",
    "ISSN",
    "issued",
    "published-print",
    "published-online",
    "published",
    "volume",
    "issue",
    "page",
    "article-number",
    "updated-by",
    "update-to",
    "relation",
    "reference",
    "indexed",
)
AUTHOR_KEYS = ("family", "given", "name", "ORCID", "sequence")
BATCH = 20_000


class SourceError(Exception):
    """A source file that is not Crossref records; the message names the file and the place."""


def build(sources: list[Path], out: Path, progress: Callable[[int], None] | None = None) -> dict:
    """Add `sources` to the store in `out` (created if new) and rebuild its tables. Returns the manifest."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    manifest = _manifest(out)
    (out / "parts").mkdir(parents=True, exist_ok=True)
    # The deposited reference list in a column of its own: most of a record's bytes, and no lookup reads it.
    schema = pa.schema(
        [
            ("doi", pa.string()),
            ("seq", pa.int64()),
            ("record", pa.string()),
            ("reference", pa.string()),
            ("text", pa.string()),
        ]
    )
    for source in sources:
        seq = len(manifest["parts"]) + 1
        name = f"parts/part-{seq:05d}.parquet"
        temporary = out / (name + ".partial")
        count, skipped = 0, 0
        with pq.ParquetWriter(temporary, schema, compression="zstd") as writer:
            batch: list[tuple] = []
            for record in records(source, progress):
                if not valid_record(record):
                    skipped += 1
                    continue
                kept = trimmed(record)
                reference = kept.pop("reference", None)
                batch.append(
                    (
                        kept["DOI"].lower(),
                        seq * 10**10 + count,
                        json.dumps(kept, ensure_ascii=False),
                        json.dumps(reference, ensure_ascii=False) if reference is not None else None,
                        search_text(kept),
                    )
                )
                count += 1
                if len(batch) >= BATCH:
                    writer.write_table(_table(batch, schema))
                    batch = []
            if batch:
                writer.write_table(_table(batch, schema))
        temporary.replace(out / name)
        manifest["parts"].append(
            {
                "name": name,
                "source": str(source),
                "records": count,
                "skipped": skipped,
                "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            }
        )
    _derive(out)
    manifest["records"], manifest["average_length"] = _statistics(out)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _manifest(out: Path) -> dict:
    path = out / "manifest.json"
    if not path.exists():
        if out.exists() and any(out.iterdir()):
            raise StoreError(f"{out}: exists and is not a snapshot store; give an empty or new folder")
        return {"version": VERSION, "parts": []}
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("version") != VERSION:
        raise StoreError(f"{out}: a snapshot store of another version; build into a new folder")
    return manifest


def records(source: Path, progress: Callable[[int], None] | None = None) -> Iterator[dict]:
    """The works of one part: `.json.gz` or `.json` holding {"items": [...]} (or a list), or JSON lines
    (optionally gzipped). `progress(n)` is told the compressed bytes read since the last call."""
    try:
        raw = source.open("rb")
    except OSError as error:
        raise SourceError(f"{source}: cannot read it: {error.strerror}") from None
    with raw:
        text: Any = gzip.GzipFile(fileobj=raw) if source.name.endswith(".gz") else raw
        told = [0]

        def tell() -> None:
            if progress:
                position = raw.tell()
                progress(position - told[0])
                told[0] = position

        try:
            first = text.peek(1)[:1] if hasattr(text, "peek") else b""
            while first in (b" ", b"\n", b"\r", b"\t"):
                text.read(1)
                first = text.peek(1)[:1]
            if first in (b"{", b"[") and not _is_jsonl(source):
                document = json.load(text)
                tell()
                items = document.get("items") if isinstance(document, dict) and "items" in document else document
                if isinstance(document, dict) and "DOI" in document:
                    items = [document]
                if not isinstance(items, list):
                    raise SourceError(f"{source}: not a Crossref data file part (no 'items' list)")
                yield from (item for item in items if isinstance(item, dict))
                return
            for number, line in enumerate(text, 1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except ValueError:
                        raise SourceError(f"{source}:{number}: not a JSON line") from None
                if number % 1000 == 0:
                    tell()
            tell()
        except (OSError, EOFError, gzip.BadGzipFile) as error:
            raise SourceError(f"{source}: cannot read it: {error}") from None
        except ValueError as error:
            raise SourceError(f"{source}: not JSON: {error}") from None


def _is_jsonl(source: Path) -> bool:
    name = source.name.removesuffix(".gz")
    return name.endswith((".jsonl", ".ndjson"))


def trimmed(record: dict) -> dict:
    kept = {k: record[k] for k in KEPT if k in record}
    if isinstance(kept.get("author"), list):
        kept["author"] = [{k: a[k] for k in AUTHOR_KEYS if k in a} for a in kept["author"] if isinstance(a, dict)]
    return kept


def _table(rows: list[tuple], schema):
    import pyarrow as pa

    columns = list(zip(*rows, strict=True))
    return pa.table([pa.array(c, type=f.type) for c, f in zip(columns, schema, strict=True)], schema=schema)


def _derive(out: Path) -> None:
    """works, updates and the search index from all parts, newest record per DOI, written sorted."""
    import duckdb

    db = duckdb.connect()
    parts = _quoted(out / "parts" / "*.parquet")
    db.execute(f"""CREATE TEMP TABLE latest AS SELECT doi, record, reference, text FROM (
        SELECT doi, record, reference, text, row_number() OVER (PARTITION BY doi ORDER BY seq DESC) AS n
        FROM read_parquet('{parts}'))
        WHERE n = 1""")
    steps = {
        "works": "SELECT doi, record, reference FROM latest ORDER BY doi",
        # A notice's update-to names the works it updates: kept by the updated DOI, as an updated-by entry.
        "updates": """SELECT lower(u.DOI) AS doi,
                to_json({'DOI': l.doi, 'type': u.type, 'source': u.source, 'updated': u.updated}) AS notice
            FROM latest l, unnest(from_json(json_extract(l.record, '$."update-to"'),
                 '[{"DOI": "VARCHAR", "type": "VARCHAR", "source": "VARCHAR", "updated": "JSON"}]')) AS t(u)
            WHERE u.DOI IS NOT NULL AND lower(u.DOI) <> l.doi ORDER BY doi""",
        "postings": """SELECT term, doi, count(*)::INTEGER AS tf FROM (
            SELECT doi, unnest(string_split(text, ' ')) AS term FROM latest)
            WHERE term <> '' GROUP BY term, doi ORDER BY term, doi""",
        "docs": "SELECT doi, len(string_split(text, ' '))::INTEGER AS length FROM latest ORDER BY doi",
    }
    for table, sql in steps.items():
        db.execute(
            f"COPY ({sql}) TO '{_quoted(out / (table + '.parquet.partial'))}' (FORMAT parquet, COMPRESSION zstd)"
        )
    (count,) = db.execute("SELECT count(*) FROM latest").fetchone() or (0,)
    db.execute(f"""COPY (SELECT term, ln(1 + ({count} - count(*) + 0.5) / (count(*) + 0.5)) AS idf
        FROM read_parquet('{_quoted(out / "postings.parquet.partial")}') GROUP BY term ORDER BY term)
        TO '{_quoted(out / "terms.parquet.partial")}' (FORMAT parquet)""")
    for table in ("works", "updates", "postings", "docs", "terms"):
        (out / f"{table}.parquet.partial").replace(out / f"{table}.parquet")
    db.close()
    # The same tables in DuckDB's own format: a local run's searches take half the time they take on Parquet.
    index = out / "catalogue.duckdb.partial"
    index.unlink(missing_ok=True)
    db = duckdb.connect(str(index))
    for table in ("works", "updates", "postings", "docs", "terms"):
        db.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet('{_quoted(out / (table + '.parquet'))}')")
    db.close()
    index.replace(out / "catalogue.duckdb")


def _statistics(out: Path) -> tuple[int, float]:
    """The number of works and their average length in words (BM25's)."""
    import duckdb

    count, average = duckdb.connect().execute(
        f"SELECT count(*), avg(length) FROM read_parquet('{_quoted(out / 'docs.parquet')}')"
    ).fetchone() or (0, None)
    return count, round(average or 1.0, 3)
