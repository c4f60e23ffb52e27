"""How well citeqa finds the reference list and each reference in real PDFs nobody here wrote.

Usage: nice python benchmarks/real_documents.py [CORPUS] [--show-held-out] [--only NAME,...]

CORPUS defaults to ../shared/corpus/pdf-real (84 openly licensed PDFs, each with a gold
reference list from its JATS, ISIS or BibTeX source; see its README). Each PDF is checked as
`citeqa check --offline` would (every rule on by default, no Crossref), then the references
citeqa found are aligned one-to-one with the gold ones:

- words: accent-folded, lower-cased runs of letters and digits of 3 or more characters;
- a found entry and a gold reference are a candidate pair when the entry holds at least 60% of
  the gold reference's key words (its title's words when the gold has a title field, else all
  its words but its DOI, PMID and URLs, which the source adds and the print often lacks) and at least 60% of the entry's words occur in the gold reference (text, fields,
  DOI), or when both carry the same DOI; the pair's score is the sum of the two shares;
- pairs are taken greedily by descending score, each entry and each gold reference at most once.

Precision = matched / found, recall = matched / gold, F1 their harmonic mean. A *merge* is a
found entry that holds 60% of the key words of two or more gold references and half as many words
again as the longest of them (two similar titles are not a merge); a *split* is a gold
reference two or more found entries draw 80% of their words from, each holding at most 70% of its words. DOI accuracy counts matched
pairs whose gold DOI is printed in the PDF: right when the entry's parsed DOI is the gold one;
year accuracy the same for years. A *silent pass* is a document whose gold list is not empty,
where citeqa found no reference and no finding says so.

A fixed quarter of the corpus (names whose SHA-1 is divisible by 4) is held out: it was never
looked at while the reader was tuned, and its figures are reported apart. Its per-document rows
are hidden unless --show-held-out.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.config import Config
from linter.engine import check_file
from linter.rules import Context

DEFAULT = ROOT.parent / "shared" / "corpus" / "pdf-real"
KEY_SHARE = 0.6
PURITY = 0.6
FRAGMENT = 0.8


def held_out(name: str) -> bool:
    return int(hashlib.sha1(name.encode()).hexdigest(), 16) % 4 == 0


def words(text: str) -> set[str]:
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return {w for w in re.findall(r"[a-z0-9]+", folded) if len(w) >= 3}


def norm_doi(doi: str | None) -> str | None:
    return doi.strip().rstrip(".").lower() if doi else None


def gold_words(ref: dict) -> tuple[set[str], set[str]]:
    fields = ref.get("fields") or {}
    everything = " ".join(
        [
            ref.get("text", ""),
            fields.get("title") or "",
            " ".join(fields.get("authors") or []),
            fields.get("container") or "",
            ref.get("doi") or "",
            ref.get("year") or "",
        ]
    )
    printed = re.sub(r"(?:doi|pmid|pmcid):\s*\S+|https?://\S+", " ", ref.get("text", ""), flags=re.IGNORECASE)
    key = words(fields["title"]) if fields.get("title") and len(words(fields["title"])) >= 2 else words(printed)
    return key, words(everything)


def align(found, gold: list[dict]) -> dict:
    gw = [gold_words(g) for g in gold]
    fw = [words(r.raw) for r in found]
    candidates = []
    merges = 0
    fragments: Counter = Counter()
    for i, entry in enumerate(fw):
        covering = []
        for j, (key, allw) in enumerate(gw):
            if not key or not entry:
                continue
            share = len(key & entry) / len(key)
            purity = len(entry & allw) / len(entry)
            if share >= KEY_SHARE:
                covering.append(len(allw))
            if purity >= FRAGMENT and 3 <= len(entry) <= 0.7 * len(allw):  # a piece of it
                fragments[j] += 1
            same_doi = found[i].fields.doi and norm_doi(found[i].fields.doi) == norm_doi(gold[j].get("doi"))
            if (share >= KEY_SHARE and purity >= PURITY) or same_doi:
                candidates.append((share + purity + (1 if same_doi else 0), i, j))
        merges += len(covering) >= 2 and len(entry) > 1.5 * max(covering)  # two works' words, not two similar titles
    pairs, used_f, used_g = [], set(), set()
    for _, i, j in sorted(candidates, reverse=True):
        if i not in used_f and j not in used_g:
            pairs.append((i, j))
            used_f.add(i)
            used_g.add(j)
    return {"pairs": pairs, "merges": merges, "splits": sum(1 for n in fragments.values() if n >= 2)}


def measure(pdf: Path, gold: dict, config: Config) -> dict:
    started = time.perf_counter()
    result = check_file(pdf, config, Context(), "pdf")
    seconds = time.perf_counter() - started
    refs = list(result.manuscript.references) if result.manuscript else []
    golds = gold["references"]
    aligned = align(refs, golds)
    printed = _pdf_text(result)
    doi_total = doi_right = year_total = year_right = 0
    for i, j in aligned["pairs"]:
        g = golds[j]
        if g.get("doi") and norm_doi(g["doi"]) in printed:
            doi_total += 1
            doi_right += norm_doi(refs[i].fields.doi) == norm_doi(g["doi"])
        if g.get("year") and str(g["year"])[:4].isdigit():
            year_total += 1
            year_right += str(refs[i].fields.year) == str(g["year"])[:4]
    kinds = Counter(f.rule for f in result.findings if f.severity.value in ("error", "warning"))
    says_so = any(f.rule in ("RF08", "TX00") for f in result.findings) or bool(result.error)
    return {
        "found": len(refs),
        "gold": len(golds),
        "matched": len(aligned["pairs"]),
        "merges": aligned["merges"],
        "splits": aligned["splits"],
        "doi_total": doi_total,
        "doi_right": doi_right,
        "year_total": year_total,
        "year_right": year_right,
        "problems": sum(kinds.values()),
        "kinds": kinds,
        "error": result.error,
        "silent": bool(golds) and not refs and not says_so,
        "seconds": seconds,
    }


def _pdf_text(result) -> str:
    """Every reference's raw text, lower-cased, to tell whether a gold DOI is printed at all."""
    if not result.manuscript:
        return ""
    return (
        " ".join(r.raw for r in result.manuscript.references).lower().replace(" ", "")
        + " "
        + PRINTED.get(result.path, "")
    )


PRINTED: dict[str, str] = {}


def printed_text(pdf: Path) -> str:
    """The PDF's whole text without spaces (pypdfium2), to see which gold DOIs it prints."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        return (
            "".join(page.get_textpage().get_text_range() for page in document)
            .lower()
            .replace(" ", "")
            .replace("\r\n", "")
            .replace("\n", "")
        )
    finally:
        document.close()


def summarize(rows: list[dict]) -> dict:
    total = {
        k: sum(r[k] for r in rows)
        for k in (
            "found",
            "gold",
            "matched",
            "merges",
            "splits",
            "doi_total",
            "doi_right",
            "year_total",
            "year_right",
            "problems",
            "silent",
            "seconds",
        )
    }
    p = total["matched"] / total["found"] if total["found"] else 0.0
    r = total["matched"] / total["gold"] if total["gold"] else 0.0
    total.update(
        documents=len(rows),
        precision=p,
        recall=r,
        f1=2 * p * r / (p + r) if p + r else 0.0,
        doi_acc=total["doi_right"] / total["doi_total"] if total["doi_total"] else 1.0,
        year_acc=total["year_right"] / total["year_total"] if total["year_total"] else 1.0,
        per_doc=total["problems"] / len(rows) if rows else 0.0,
        max_seconds=max((r["seconds"] for r in rows), default=0.0),
        mean_seconds=total["seconds"] / len(rows) if rows else 0.0,
        no_refs=sum(1 for r in rows if r["found"] == 0),
    )
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--show-held-out", action="store_true")
    parser.add_argument("--only", default="")
    parser.add_argument("--kinds", action="store_true", help="list the errors and warnings raised per document")
    args = parser.parse_args()
    only = {n for n in args.only.split(",") if n}
    config = Config()
    rows: dict[str, list[dict]] = {"tuned": [], "held out": []}
    kinds: Counter = Counter()
    print("| document | set | gold | found | matched | P | R | splits | merges | DOI | year | err+warn | s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for gold_path in sorted((args.corpus / "gold").glob("*.json")):
        name = gold_path.stem
        if only and name not in only:
            continue
        pdf = args.corpus / "pdfs" / f"{name}.pdf"
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        PRINTED[str(pdf)] = printed_text(pdf)
        row = measure(pdf, gold, config)
        hidden = held_out(name)
        rows["held out" if hidden else "tuned"].append(row)
        kinds.update(row["kinds"])
        if hidden and not args.show_held_out:
            continue
        p = row["matched"] / row["found"] if row["found"] else 0.0
        r = row["matched"] / row["gold"] if row["gold"] else 0.0
        flag = " SILENT" if row["silent"] else ""
        print(
            f"| {name}{flag} | {'held out' if hidden else 'tuned'} | {row['gold']} | {row['found']} | {row['matched']} | {p:.2f} | {r:.2f} | "
            f"{row['splits']} | {row['merges']} | {row['doi_right']}/{row['doi_total']} | {row['year_right']}/{row['year_total']} | "
            f"{row['problems']} | {row['seconds']:.1f} |"
        )
        if args.kinds and row["kinds"]:
            print(f"|   {dict(row['kinds'])} |")
    print()
    print(
        "| set | docs | gold | found | matched | precision | recall | F1 | splits | merges | DOI acc | year acc | err+warn/doc | no refs | silent | s/doc | max s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for label, subset in (
        ("tuned", rows["tuned"]),
        ("held out", rows["held out"]),
        ("all", rows["tuned"] + rows["held out"]),
    ):
        s = summarize(subset)
        print(
            f"| {label} | {s['documents']} | {s['gold']} | {s['found']} | {s['matched']} | {s['precision']:.3f} | {s['recall']:.3f} | "
            f"{s['f1']:.3f} | {s['splits']} | {s['merges']} | {s['doi_acc']:.3f} ({s['doi_right']}/{s['doi_total']}) | "
            f"{s['year_acc']:.3f} | {s['per_doc']:.2f} | {s['no_refs']} | {s['silent']} | {s['mean_seconds']:.2f} | {s['max_seconds']:.1f} |"
        )
    print()
    print("errors and warnings by rule:", dict(kinds.most_common()))


if __name__ == "__main__":
    main()
