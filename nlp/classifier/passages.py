"""The sentences the model learns from, each with where it stands: the sentences written for
this project (nlp/training/sentences.yml) and the corpus passages labelled by reading
(nlp/training/passages.csv, anchors only: the corpus text is read again to find them).

Passages of the frozen test split never enter training (their sources are refused)."""
from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from pathlib import Path

import yaml

from nlp.anchors import anchor, resolve
from nlp.classifier.sentences import document_sentences
from taxonomy import CATEGORIES

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parents[1]
WRITTEN = HERE / "training" / "sentences.yml"
PASSAGES = HERE / "training" / "passages.csv"
NONE = "none"


@dataclass(frozen=True)
class Example:
    text: str
    labels: frozenset[str]  # categories; empty for "none"
    origin: str  # "written" or "passage"
    source: str = ""  # corpus path of a passage (the CV groups)
    section: str = "other"
    document_kind: str = "OTHER"
    hard: str = ""  # why a negative is hard (paperwork, object, toc...), from the labels


def written(path: str | Path = WRITTEN) -> list[Example]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    out = []
    for label, sentences in data.items():
        if label != NONE and label not in CATEGORIES:
            raise ValueError(f"{path}: unknown label {label!r}")
        for s in sentences or []:
            if str(s).strip():
                out.append(Example(str(s).strip(), frozenset() if label == NONE else frozenset([label]), "written"))
    return out


def passage_rows(path: str | Path = PASSAGES) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _labels(value: str) -> frozenset[str]:
    labels = frozenset(v for v in value.replace("+", "|").split("|") if v and v != NONE)
    unknown = labels - set(CATEGORIES)
    if unknown:
        raise ValueError(f"unknown passage labels {sorted(unknown)}")
    return labels


def passages(corpus: Path, refused: set[str], path: str | Path = PASSAGES, progress=None) -> tuple[list[Example], int]:
    """The labelled passages found again in the corpus, and how many anchors were not found.

    Each passage keeps the section kind and document kind of the sentence it anchors to."""
    from tenders.reader import collect_files, read_files

    by_source: dict[str, list[dict]] = {}
    for row in passage_rows(path):
        if row["source"] in refused:
            raise ValueError(f"{row['source']} is in the test split: its passages cannot train the model")
        by_source.setdefault(row["source"], []).append(row)
    out: list[Example] = []
    missing = 0
    for source, rows in sorted(by_source.items()):
        if progress:
            progress(source)
        target = corpus / source
        if not target.exists():
            missing += len(rows)
            continue
        files, skipped = collect_files(target)
        tender = read_files(files, str(target), skipped)
        wanted = {r["anchor"]: r for r in rows}
        found: dict[str, Example] = {}
        for document in tender.documents:
            for _, sentence in document_sentences(document.pages):
                a = anchor(sentence.text)
                if a in wanted and a not in found:
                    r = wanted[a]
                    found[a] = Example(" ".join(sentence.text.split()), _labels(r["labels"]), "passage", source,
                                       sentence.kind, document.kind, r.get("hard", ""))
        rest = [a for a in wanted if a not in found]
        if rest:  # cut differently now (a table row, a page break): found in the page text itself
            pages = [(d, p) for d in tender.documents for p in d.pages]
            for a, where in resolve([p.text for _, p in pages], rest).items():
                document, page = pages[where.page]
                r = wanted[a]
                found[a] = Example(" ".join(page.text[where.start:where.end].split()), _labels(r["labels"]), "passage",
                                   source, "other", document.kind, r.get("hard", ""))
        missing += len(wanted) - len(found)
        out.extend(found.values())
    return out, missing
