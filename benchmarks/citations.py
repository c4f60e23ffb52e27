"""In-text citations on real PDFs: RF02/RF03 findings per document, and citations against the gold list.

Reads every PDF of ../shared/corpus/pdf-real (or the names given), runs RF02 and RF03
(no Crossref), and compares the citations found with the gold reference list, which
does not depend on how citeqa split the list:

- numbered gold lists (labels 1..N): the gold numbers some citation names (coverage),
  and cited numbers outside 1..N (stray: not a citation, or a real error);
- author-year gold lists: the gold entries whose first author's family name and year
  some author-year citation names (coverage), and author-year citations that name no
  gold entry (stray).

Every gold reference of this corpus is cited by its article (JOSS gold lists are the
keys cited in paper.md, JATS lists are the articles' own), so a true RF03 is rare and
the ideal count of both rules is about zero. Documents whose name sorts to an index
divisible by 3 are held out from tuning ("held out" lines).
Usage: python benchmarks/citations.py [NAME ...]
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
CORPUS = ROOT.parent / "shared" / "corpus" / "pdf-real"

from linter.compare import fold  # noqa: E402
from linter.readers import read  # noqa: E402
from linter.rules import Context, all_rules  # noqa: E402

YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)")
NOTES = dict(line.split("\t")[0:7:6] for line in (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:])


def gold_keys(reference: dict) -> tuple[str, str] | None:
    """(folded first family name, year) of a gold reference."""
    authors = (reference.get("fields") or {}).get("authors") or []
    if authors:
        family = authors[0].split(",")[0] if "," in authors[0] else authors[0].split()[-1]
    else:  # text only: "Akoroda, M.O. 1985. ..." or "Harbottle H, et al. (2006) ..."
        family = re.split(r"[,.(]| [A-Z]{1,3}\b", reference["text"])[0]
    year = reference.get("year") or next(iter(YEAR.findall(reference["text"])), None)
    return (fold(family).replace(" ", ""), year[:4]) if family and year else None


def cited_names(citation) -> list[tuple[str, str]]:
    """(folded family name, year) of each author-year work a citation names."""
    found = []
    for key in getattr(citation, "keys", ()) if getattr(citation, "author_year", False) else ():
        match = re.match(r"(.+?)\s+(\d{4})", key)
        if match:
            found.append((fold(match.group(1)).replace(" ", ""), match.group(2)))
    return found


def measure(name: str, rules) -> dict:
    gold = json.loads((CORPUS / "gold" / f"{name}.json").read_text(encoding="utf-8"))["references"]
    started = time.perf_counter()
    manuscript = read(CORPUS / "pdfs" / f"{name}.pdf")
    problems = {r.code: list(r.check(manuscript, Context())) for r in rules}
    seconds = time.perf_counter() - started
    numbered = "; numbered" in NOTES.get(name, "")
    strays: list[str] = []
    if numbered:
        wanted = set(range(1, len(gold) + 1))
        cited = {n for c in manuscript.citations for n in c.numbers}
        covered, stray = len(wanted & cited), len(cited - wanted)
    else:
        keys = [gold_keys(g) for g in gold]
        names = [(pair, c.raw) for c in manuscript.citations for pair in cited_names(c)]
        matched = {i for i, key in enumerate(keys) if key and any(_same(key, n) for n, _ in names)}
        strays = [raw for n, raw in names if not any(k and _same(k, n) for k in keys)]
        covered, stray = len(matched), len(strays)
    return {
        "name": name,
        "style": "numbered" if numbered else "author-year",
        "gold": len(gold),
        "found": len(manuscript.references),
        "citations": len(manuscript.citations),
        "covered": covered,
        "stray": stray,
        "RF02": len(problems["RF02"]),
        "RF03": len(problems["RF03"]),
        "seconds": seconds,
        "samples": [p.message for p in problems["RF02"][:3] + problems["RF03"][:2]]
        + [f"stray: {raw}" for raw in strays[:5]],
    }


def _same(gold: tuple[str, str], cited: tuple[str, str]) -> bool:
    """Same year, and one family name begins or ends the other ("De Freitas" cited as "Freitas")."""
    a, b = gold[0], cited[0]
    return (
        gold[1] == cited[1] and bool(a and b) and (a.startswith(b) or b.startswith(a) or a.endswith(b) or b.endswith(a))
    )


def main(names: list[str]) -> None:
    everything = sorted(p.stem for p in (CORPUS / "pdfs").glob("*.pdf"))
    held_out = {n for i, n in enumerate(everything) if i % 3 == 0}
    rules = [r for r in all_rules() if r.code in ("RF02", "RF03")]
    rows = [measure(name, rules) for name in names or everything]
    print(
        f"{'document':38} {'style':11} {'gold':>4} {'refs':>4} {'cit':>4} {'cover':>6} {'stray':>5} {'RF02':>4} {'RF03':>4}"
    )
    for row in rows:
        mark = "*" if row["name"] in held_out else " "
        print(
            f"{row['name'][:37]:37}{mark} {row['style']:11} {row['gold']:4} {row['found']:4} {row['citations']:4} "
            f"{row['covered'] / row['gold']:6.0%} {row['stray']:5} {row['RF02']:4} {row['RF03']:4}"
        )
    for label, subset in (
        ("all", rows),
        ("tuned", [r for r in rows if r["name"] not in held_out]),
        ("held out", [r for r in rows if r["name"] in held_out]),
    ):
        for style in ("numbered", "author-year"):
            part = [r for r in subset if r["style"] == style]
            if not part:
                continue
            gold = sum(r["gold"] for r in part)
            print(
                f"{label:8} {style:11} {len(part):3} documents: gold coverage {sum(r['covered'] for r in part) / gold:.1%}, "
                f"stray citations {sum(r['stray'] for r in part)}, RF02 {sum(r['RF02'] for r in part)} "
                f"({sum(r['RF02'] for r in part) / len(part):.1f}/doc), RF03 {sum(r['RF03'] for r in part)} "
                f"({sum(r['RF03'] for r in part) / len(part):.1f}/doc), "
                f"documents with no RF02/RF03 {sum(1 for r in part if not r['RF02'] and not r['RF03'])}"
            )
    print(f"seconds per document (reading and the two rules): {sum(r['seconds'] for r in rows) / len(rows):.2f}")
    if "--samples" in sys.argv:
        for row in rows:
            for message in row["samples"]:
                print(f"  {row['name']}: {message}")


if __name__ == "__main__":
    main([a for a in sys.argv[1:] if not a.startswith("--")])
