"""Labelling tools: freeze the evaluation split, show a tender as our readers see it, list its
sentences with anchors for passage labelling, and check that labelled passages still resolve.

    python tools/labels.py split [evaluation/labels/dev.csv]     give a split to rows that have none
    python tools/labels.py text SOURCE                     the text of a corpus tender, page by page
    python tools/labels.py sentences SOURCE [--all]        anchored sentences (topic words, or all)
    python tools/labels.py check-passages                  how many labelled passages resolve

SOURCE is a path relative to ../shared/corpus (ted/123-2020.xml, dce/vsgp_infogerance_25tic06).
Labels come from reading; these tools never run the detector.
"""
from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"
LABELS = ROOT / "evaluation" / "labels"
CATEGORIES = ("insertion_clause", "social_condition", "social_criterion", "reserved_disability",
              "reserved_insertion", "reserved_ess", "environmental_condition", "environmental_criterion",
              "fair_trade")
SPLIT_SEED = 20261201
TEST_SHARE = 0.36


def source_kind(source: str) -> str:
    return source.split("/", 1)[0]


def assign_split(rows: list[dict], seed: int = SPLIT_SEED, share: float = TEST_SHARE) -> int:
    """Give `split` (tune/test) to rows without one, stratified by source kind and by category:
    the rarest categories first, each time a share of the positives not yet placed goes to test;
    then the rest of each source kind. Rows that already have a split keep it."""
    rng = random.Random(seed)
    todo = [r for r in rows if not r.get("split")]
    placed = 0
    by_kind: dict[str, list[dict]] = {}
    for r in todo:
        by_kind.setdefault(source_kind(r["source"]), []).append(r)
    for kind, group in sorted(by_kind.items()):
        counts = {c: sum(r.get(c) == "1" for r in group) for c in CATEGORIES}
        for category in sorted(CATEGORIES, key=lambda c: (counts[c], c)):
            pos = [r for r in group if r.get(category) == "1" and not r.get("split")]
            rng.shuffle(pos)
            for i, r in enumerate(pos):
                r["split"] = "test" if i < round(len(pos) * share) else "tune"
                placed += 1
        rest = [r for r in group if not r.get("split")]
        rng.shuffle(rest)
        for i, r in enumerate(rest):
            r["split"] = "test" if i < round(len(rest) * share) else "tune"
            placed += 1
    return placed


def cmd_split(args) -> None:
    path = Path(args.csv)
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    if "split" not in fields:
        fields.append("split")
    n = assign_split(rows)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    tally: dict[tuple[str, str], int] = {}
    for r in rows:
        tally[(source_kind(r["source"]), r["split"])] = tally.get((source_kind(r["source"]), r["split"]), 0) + 1
    print(f"{n} rows given a split; by source: {dict(sorted(tally.items()))}")
    for c in CATEGORIES:
        print(f"  {c:<26} tune {sum(r[c] == '1' and r['split'] == 'tune' for r in rows):>3}"
              f"  test {sum(r[c] == '1' and r['split'] == 'test' for r in rows):>3}")


def read_source(source: str):
    from tenders.reader import collect_files, read_files

    path = CORPUS / source
    files, skipped = collect_files(path)
    return read_files(files, str(path), skipped)


def cmd_text(args) -> None:
    tender = read_source(args.source)
    for doc in tender.documents:
        for page in doc.pages:
            print(f"=== {doc.name} [{doc.kind}] page {page.number}")
            print(page.text)


def cmd_sentences(args) -> None:
    from nlp.anchors import anchor
    from nlp.classifier.context import has_topic_word
    from nlp.classifier.sentences import document_sentences

    tender = read_source(args.source)
    rng = random.Random(args.source)
    for doc in tender.documents:
        pages = doc.pages
        for p, sentence in document_sentences(pages):
            text = " ".join(sentence.text.split())
            keep = args.all or has_topic_word(text) or rng.random() < args.others
            if not keep or len(text) < 12:
                continue
            a = anchor(text)
            if a:
                print(f"{a}\t{doc.name} p{pages[p].number}\t{sentence.kind}\t{text}")


def cmd_check(args) -> None:
    from nlp.anchors import resolve

    path = Path(args.csv)
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by_source: dict[str, list[str]] = {}
    for r in rows:
        by_source.setdefault(r["source"], []).append(r["anchor"])
    found = total = 0
    for source, anchors in sorted(by_source.items()):
        tender = read_source(source)
        pages = [page.text for doc in tender.documents for page in doc.pages]
        hit = resolve(pages, anchors)
        found += len(hit)
        total += len(set(anchors))
        missing = sorted(set(anchors) - set(hit))
        if missing and args.verbose:
            print(f"{source}: {len(missing)} unresolved: {' '.join(missing[:5])}")
    print(f"{found}/{total} passages resolve ({100 * found / max(total, 1):.1f} %)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(required=True)
    p = sub.add_parser("split")
    p.add_argument("csv", nargs="?", default=str(LABELS / "dev.csv"))
    p.set_defaults(func=cmd_split)
    p = sub.add_parser("text")
    p.add_argument("source")
    p.set_defaults(func=cmd_text)
    p = sub.add_parser("sentences")
    p.add_argument("source")
    p.add_argument("--all", action="store_true", help="every sentence, not only those with a topic word")
    p.add_argument("--others", type=float, default=0.15, help="share of sentences without a topic word kept")
    p.set_defaults(func=cmd_sentences)
    p = sub.add_parser("check-passages")
    p.add_argument("csv", nargs="?", default=str(ROOT / "nlp" / "training" / "passages.csv"))
    p.add_argument("--verbose", action="store_true")
    p.set_defaults(func=cmd_check)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
