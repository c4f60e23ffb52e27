"""Build title-terms.json: in how many of 19,111 real scientific titles each topic term occurs.

IN02 weighs a reference's title terms by how rare they are in scientific titles at
large, so that `patient` or `cell` say little and `melanoma` much. The titles are
those of the 1,772 Crossref records in shared/crossref/works.jsonl and of the
references deposited with them (MIT test fixtures of habanero and rcrossref;
Crossref metadata is CC0), none of them the PLOS articles IN02 is calibrated on.
Run from the repository root: python linter/data/integrity/build_title_terms.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from linter.relatedness import terms  # noqa: E402

SOURCE = ROOT.parent / "shared" / "crossref" / "works.jsonl"


def main() -> None:
    titles: list[str] = []
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        titles += record.get("title") or []
        titles += [r["article-title"] for r in record.get("reference") or [] if r.get("article-title")]
    titles = list(dict.fromkeys(titles))
    frequency = Counter(t for title in titles for t in set(terms(title)))
    table = {
        "source": "titles of the Crossref records in habanero's and rcrossref's test fixtures"
        " and of their deposited references",
        "licence": "MIT (fixtures); Crossref metadata CC0",
        "titles": len(titles),
        "document_frequency": dict(sorted((t, n) for t, n in frequency.items() if n >= 2)),
    }
    out = Path(__file__).with_name("title-terms.json")
    out.write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(titles)} titles, {sum(1 for n in frequency.values() if n >= 2)} terms -> {out}")


if __name__ == "__main__":
    main()
