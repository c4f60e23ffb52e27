"""Train the reference parser's CRF on the train split of the styles corpus.

The train split's journal articles and other works (books, chapters, reports, proceedings
papers, preprints), in the 17 benchmark styles and the two extra ones (BMC, ABNT).

Each rendered reference is prepared as the parser prepares it (label, DOI, URLs out),
tokenised, and labelled from its gold fields: the title, container and numbers are
found in the string; the tokens before the first of them are the author list, where
a word of a family name is "family", other words "given", punctuation and "and",
"&", "et al." the list's glue. References whose fields cannot all be found are left
out (counted). Only the train split is used; dev and test records never are.

Usage: python benchmarks/train_parser.py [--per-record N] [--cache FILE] [--leave-out STYLES] [--out FILE]
(default --out: linter/data/reference_fields.crfsuite, the shipped model)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import pycrfsuite  # noqa: E402
from styles_corpus import EXTRA_STYLES, STYLES, corpus, load_records  # noqa: E402

from linter.readers.reference_crf import MODEL, features, tokenise  # noqa: E402
from linter.readers.reference_fields import prepare  # noqa: E402

GLUE = {"and", "&", "et", "al"}


def words_pattern(text: str) -> re.Pattern | None:
    """The text's words in order, anything but letters and digits between them, any case."""
    words = re.findall(r"\w+", text)
    if not words:
        return None
    return re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)", re.IGNORECASE)


def letters_pattern(text: str) -> re.Pattern | None:
    """The text's letters and digits in order, anything else between them: "A.M.A." finds "AMA"."""
    chars = re.findall(r"\w", text)
    if not chars:
        return None
    return re.compile(r"(?<!\w)" + r"\W*".join(map(re.escape, chars)) + r"(?!\w)", re.IGNORECASE)


def _find(pattern: re.Pattern | None, text: str, after: int, taken: list[tuple[int, int]]):
    if pattern is None:
        return None
    for match in pattern.finditer(text, after):
        if not any(match.start() < end and start < match.end() for start, end in taken):
            return match.start(), match.end()
    return None


def _number(value: str) -> re.Pattern:
    return re.compile(rf"(?<![\w.]){re.escape(value)}(?![\w])")


def align(core: str, gold: dict) -> list[str] | None:
    """Token labels for the prepared string, or None when a gold field cannot be placed.

    A book, report or thesis has no container: its publisher and place are "other", as are editors."""
    spans: dict[str, tuple[int, int]] = {}
    taken: list[tuple[int, int]] = []

    def place(name, pattern, after=0):
        found = _find(pattern, core, after, taken)
        if found:
            spans[name] = found
            taken.append(found)
        return found

    if not (place("title", words_pattern(gold["title"] or "")) or place("title", letters_pattern(gold["title"] or ""))):
        return None
    title_end = spans["title"][1]
    container = gold["container"] or ""
    if container and not (
        place("container", words_pattern(container), title_end)
        or place("container", letters_pattern(container), title_end)
    ):
        return None
    cursor = spans["container"][1] if container else title_end  # a book, report or thesis has none
    if gold["volume"]:
        if not place("volume", _number(gold["volume"]), cursor):
            return None
        cursor = spans["volume"][1]
    if gold["issue"]:
        found = _find(_number(gold["issue"]), core, cursor, taken)
        if found and found[0] - cursor <= 8:  # right after the volume, if printed at all
            spans["issue"] = found
            taken.append(found)
            cursor = found[1]
    if gold["pages"]:
        first = gold["pages"].partition("-")[0]
        pattern = re.compile(rf"(?<![\w.]){re.escape(first)}(?:\s*[-–—]\s*\w+)?(?![\w])")
        if not place("pages", pattern, cursor):
            return None
    year = re.compile(rf"(?<![\w.]){gold['year']}[a-z]?(?![\w])")
    if not place("year", year):
        return None
    author_end = min(start for start, _ in taken)
    families = {word.lower() for name in gold["authors"] for word in re.findall(r"\w+(?:['’\-.]\w+)*", name or "")}

    labels = []
    for token in tokenise(core):
        label = "other"
        for name, (start, end) in spans.items():
            if start <= token.start < end:
                label = name
                break
        else:
            if token.end <= author_end:
                word = token.text.lower()
                if word in families:
                    label = "family"
                elif word in GLUE or not token.text[0].isalnum():
                    label = "authsep"
                else:
                    label = "given"
        labels.append(label)
    if gold["authors"] and "family" not in labels:
        return None
    return labels


def rendered(per_record=None, seed=0, cache: Path | None = None) -> list[tuple[str, str, dict]]:
    """(style, text, gold) of the train split; rendering takes minutes, so a cache file may keep them."""
    if cache and cache.exists():
        return [tuple(json.loads(line)) for line in cache.read_text(encoding="utf-8").splitlines()]
    records = load_records()
    styles = STYLES + EXTRA_STYLES
    rows = [
        (r.style, r.text, r.gold)
        for r in corpus(records, splits=("train",), styles=styles, seed=seed, per_record=per_record, works="all")
    ]
    if cache:
        cache.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return rows


def examples(rows: list[tuple[str, str, dict]]):
    """(features, labels) of every alignable rendered reference; and how many were left out."""
    kept, dropped = [], 0
    for _, text, gold in rows:
        core = prepare(text).core
        labels = align(core, gold)
        if labels is None:
            dropped += 1
            continue
        kept.append((features(tokenise(core), core), labels))
    return kept, dropped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-record", type=int, default=None, help="styles drawn per record (default: all)")
    parser.add_argument("--out", type=Path, default=ROOT / "linter" / "data" / MODEL)
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--cache", type=Path, default=None, help="keep the rendered references in this JSONL file")
    parser.add_argument(
        "--leave-out", default="", help="styles to train without (comma-separated), to see unseen styles"
    )
    args = parser.parse_args()

    started = time.perf_counter()
    left_out = set(filter(None, args.leave_out.split(",")))
    kept, dropped = examples([row for row in rendered(args.per_record, cache=args.cache) if row[0] not in left_out])
    print(
        f"{len(kept)} training references ({dropped} left out: a field not found) in {time.perf_counter() - started:.0f}s"
    )
    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, yseq in kept:
        trainer.append(xseq, yseq)
    trainer.set_params(
        {
            "c1": 0.05,
            "c2": 0.01,
            "max_iterations": args.iterations,
            "feature.possible_transitions": True,
            "feature.minfreq": 2,
        }
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    trainer.train(str(args.out))
    print(f"trained in {time.perf_counter() - started:.0f}s -> {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
