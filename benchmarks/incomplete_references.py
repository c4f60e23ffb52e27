"""Every RF07 (incomplete reference) raised on the real PDFs, with the entry and what the parser read.

Usage: nice python benchmarks/incomplete_references.py [CORPUS] [--cache FILE] [--show-held-out] [--only NAME,...]
       [--brief] [--model FILE]

Reads each PDF of ../shared/corpus/pdf-real as `citeqa check --offline` does, then, for every
reference RF07 reports, prints the document, the entry's text, the kind RF07 gave it, what it
found missing and the parsed fields, so that each can be judged: a parser miss (which field), a
reader miss (the entry cut or merged) or true (the entry really lacks it). Documents of the
held-out quarter (benchmarks/real_documents.py `held_out`) are counted but not printed unless
--show-held-out. With --refstrings, RF07 over the 2,000 real reference strings of
benchmarks/refstrings.py instead (no gold completeness there: counts to compare). With --cache,
the entries read from the PDFs are kept in FILE (JSON) and reused,
so that a parser change is measured in seconds: the entries are parsed again on every run.

Then, on the same entries, the parser's fields against gold fields nobody here wrote: the BibTeX
fields the JOSS papers cite (title, journal or book, first author's family name), for entries
aligned one-to-one with a gold reference (benchmarks/real_documents.py `align`), by BibTeX type.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from real_documents import DEFAULT, align, held_out  # noqa: E402

from linter.config import Config  # noqa: E402
from linter.engine import check_file  # noqa: E402
from linter.model import Location, Manuscript, Reference  # noqa: E402
from linter.readers import reference_fields  # noqa: E402
from linter.rules import Context  # noqa: E402
from linter.rules.references import incomplete_reference  # noqa: E402
from tests.field_scoring import squash  # noqa: E402


def entries(corpus: Path, only: set[str], cache: Path | None) -> dict[str, list[str]]:
    """Each document's reference entries as read from its PDF (the raw text)."""
    if cache and cache.exists():
        found = json.loads(cache.read_text(encoding="utf-8"))
        return {name: raws for name, raws in found.items() if not only or name in only}
    found = {}
    for gold in sorted((corpus / "gold").glob("*.json")):
        if only and gold.stem not in only:
            continue
        result = check_file(corpus / "pdfs" / f"{gold.stem}.pdf", Config(), Context(), "pdf")
        found[gold.stem] = [r.raw for r in result.manuscript.references] if result.manuscript else []
    if cache:
        cache.write_text(json.dumps(found, ensure_ascii=False, indent=0), encoding="utf-8")
    return found


def parsed(raws: list[str]) -> list[Reference]:
    refs = []
    for position, raw in enumerate(raws, 1):
        label, _ = reference_fields.strip_label(raw)
        refs.append(Reference(position, raw, label, Location(), reference_fields.parse(raw)))
    return refs


def problems(refs: list[Reference]) -> list[tuple[Reference, dict]]:
    """(reference, evidence) of every RF07 over these entries."""
    ms = Manuscript(path="", format="pdf", references=tuple(refs))
    by_position = {r.position: r for r in refs}
    return [(by_position[p.location.reference], p.evidence) for p in incomplete_reference(ms, Context())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--show-held-out", action="store_true")
    parser.add_argument("--only", default="")
    parser.add_argument("--brief", action="store_true", help="counts only")
    parser.add_argument("--model", type=Path, default=None, help="a CRF model other than the shipped one")
    parser.add_argument("--refstrings", action="store_true", help="RF07 over the 2,000 real reference strings instead")
    args = parser.parse_args()
    if args.model:
        import pycrfsuite

        from linter.readers import reference_crf

        tagger = pycrfsuite.Tagger()
        tagger.open(str(args.model))
        reference_crf.tagger = lambda: tagger
    if args.refstrings:
        from refstrings import DEFAULT as STRINGS

        texts = [item["ref_string"] for item in json.loads(STRINGS.read_text(encoding="utf-8"))]
        raised = problems(parsed(texts))
        print(f"RF07 on {len(texts)} real reference strings: {len(raised)}")
        print(dict(Counter(f"{e['kind']}: {', '.join(e['missing'])}" for _, e in raised).most_common()))
        if not args.brief:
            for reference, evidence in raised:
                print(f"  [{evidence['kind']}] missing {', '.join(evidence['missing'])}: {reference.raw}")
        return
    found = entries(args.corpus, set(filter(None, args.only.split(","))), args.cache)
    totals: Counter = Counter()
    missing: Counter = Counter()
    right: Counter = Counter()
    for name, raws in found.items():
        hidden = held_out(name)
        refs = parsed(raws)
        raised = problems(refs)
        totals["held out" if hidden else "tuned"] += len(raised)
        if hidden and not args.show_held_out:
            continue
        gold = json.loads((args.corpus / "gold" / f"{name}.json").read_text(encoding="utf-8"))["references"]
        right.update(field_scores(refs, gold))
        for reference, evidence in raised:
            missing[f"{evidence['kind']}: {', '.join(evidence['missing'])}"] += 1
            if args.brief:
                continue
            f = reference.fields
            print(f"## {name} #{reference.position} [{evidence['kind']}] missing {', '.join(evidence['missing'])}")
            print(f"   {reference.raw}")
            print(f"   authors={list(f.families)} title={f.title!r} container={f.container!r} year={f.year}")
            print(f"   volume={f.volume} issue={f.issue} pages={f.pages} doi={f.doi} urls={list(f.urls)}")
    print()
    print("RF07 by kind and missing part (shown documents):", dict(missing.most_common()))
    print("RF07:", dict(totals), "entries:", sum(len(r) for r in found.values()))
    print("\nFields of the entries matched to a gold reference with BibTeX fields (shown documents):")
    for kind in sorted({k for k, _, _ in right}, key=lambda k: -right[(k, "title", "n")]):
        cells = [
            f"{name} {right[(kind, name, 'ok')]}/{right[(kind, name, 'n')]}"
            for name in ("first author", "title", "container")
            if right[(kind, name, "n")]
        ]
        print(f"  {kind}: " + ", ".join(cells))


def field_scores(refs: list[Reference], gold: list[dict]) -> Counter:
    """(BibTeX type or "all", field, "n" | "ok") counts over the aligned pairs whose gold has fields."""
    counts: Counter = Counter()
    for i, j in align(refs, gold)["pairs"]:
        g = gold[j].get("fields") or {}
        if not g.get("title") or not g.get("entry_type"):
            continue
        f = refs[i].fields
        first = g["authors"][0].split(",")[0] if g.get("authors") else None
        checks = {
            "title": squash(f.title) == squash(g["title"]),
            "container": squash(f.container) == squash(g["container"]) if g.get("container") else None,
            "first author": squash(f.families[0] if f.families else None) == squash(first) if first else None,
        }
        for name, ok in checks.items():
            if ok is None:
                continue
            for kind in (g["entry_type"], "all"):
                counts[(kind, name, "n")] += 1
                counts[(kind, name, "ok")] += ok
    return counts


if __name__ == "__main__":
    main()
