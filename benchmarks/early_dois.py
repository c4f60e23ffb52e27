"""What sending the DOIs written in a file before it is read costs and misses, on real documents.

A run's first request leaves before the file is read (linter/crossref/early.py): a batch of the
DOIs found in its text (linter/readers/written.py). That is a bet on the reader finding the same
DOIs. Where the reader wants a DOI the early batch lacked, its own batch asks for it (a request
more); where the early batch holds DOIs the reader does not want (a figure's DOI, a DOI cut
short), they take room in a batch, and a request more when they push the batches past a multiple
of 50. This counts both on documents nobody here wrote:

- the 61 PLOS JATS articles (`../shared/corpus/plos`), as JATS;
- the 84 real PDFs (`../shared/corpus/pdf-real/pdfs`), their text layer (as citeqa's PDF reader
  lays it out) saved as plain text, the hard case: DOIs cut at line ends, running headers;
- the seed manuscript.

For each document: the DOIs the reader wants (the article's own, the references', the link
blocks'), the DOIs the early batch would send, and the list requests for DOIs with and without
the early batch (the early batch is sent only for a file with at least two).

Usage: nice python benchmarks/early_dois.py [--show]
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter import doi as dois
from linter.crossref.cache import Cache
from linter.crossref.client import sendable
from linter.crossref.lookups import Lookups
from linter.crossref.settings import Settings
from linter.limits import Limits
from linter.readers import detect, read
from linter.readers.written import dois_written

SHARED = ROOT.parent / "shared" / "corpus"
BATCH = Settings().batch_size


def pdf_texts(folder: Path, into: Path) -> list[Path]:
    """Each PDF's text layer, as citeqa's PDF reader lays it out, written as a .txt file."""
    from linter.readers.pdf import LINE_BREAKS, _open, _text_lines

    written = []
    for pdf in sorted(folder.glob("*.pdf")):
        texts, _ = _text_lines(_open(pdf).lines)
        path = into / f"{pdf.stem}.txt"
        path.write_text("\n".join(t.translate(LINE_BREAKS) for t in texts), encoding="utf-8")
        written.append(path)
    return written


def batches(count: int) -> int:
    return math.ceil(count / BATCH)


def measure(path: Path, lookups: Lookups) -> dict:
    kind = detect(path)
    manuscript = read(path, kind)
    article, own, links = lookups._dois(manuscript)
    wanted = {d for d in [article, *own.values(), *links] if d and not dois.is_short(d)}
    found = dois_written(path, kind, Limits())
    early = {d for d in map(sendable, found) if d} if len(found) >= 2 else set()
    missed = wanted - early
    # the early batches, then the reader's own for what they missed (both as full as they can be)
    with_early = batches(len(early)) + batches(len(missed))
    return {
        "name": path.name,
        "wanted": len(wanted),
        "early": len(early),
        "missed": len(missed),
        "unwanted": len(early - wanted),
        "requests": batches(len(wanted)),
        "requests_with_early": with_early,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every document that costs a request more")
    args = parser.parse_args()
    lookups = Lookups(Settings(offline=True), Cache(None), mode="offline")
    with tempfile.TemporaryDirectory() as tmp:
        corpora = {
            "PLOS JATS": sorted((SHARED / "plos").glob("*.xml")),
            "real PDFs' text": pdf_texts(SHARED / "pdf-real" / "pdfs", Path(tmp)),
            "seed manuscript": sorted((SHARED / "seed").glob("*.txt")),
        }
        print(
            f"{'corpus':18} {'docs':>5} {'same':>5} {'missed':>7} {'unwanted':>9} {'DOI requests':>13} {'with early':>11} {'docs +1':>8}"
        )
        for corpus, paths in corpora.items():
            rows = [measure(p, lookups) for p in paths]
            worse = [r for r in rows if r["requests_with_early"] > r["requests"]]
            print(
                f"{corpus:18} {len(rows):5} {sum(r['missed'] == r['unwanted'] == 0 for r in rows):5} "
                f"{sum(r['missed'] for r in rows):7} {sum(r['unwanted'] for r in rows):9} "
                f"{sum(r['requests'] for r in rows):13} {sum(r['requests_with_early'] for r in rows):11} {len(worse):8}"
            )
            for r in worse if args.show else ():
                print(
                    f"    {r['name']}: wanted {r['wanted']}, early {r['early']}, missed {r['missed']}, unwanted {r['unwanted']}"
                )
    print(
        "(same: the early batch is exactly what the reader wants; missed/unwanted: DOIs summed over the documents; "
        "requests: batch requests for DOIs; docs +1: documents that cost a request more)"
    )


if __name__ == "__main__":
    main()
