"""Training the sentence classifier: the training set, cross-validation, thresholds, the artifact."""
from __future__ import annotations

import datetime as _dt
import logging
import random
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from nlp.classifier.artifact import ARTIFACT, HERE, forget
from nlp.classifier.context import CRITERION_WORDS, has_topic_word, is_negated, normalise, place
from nlp.classifier.inference import NONE, class_probabilities
from nlp.classifier.sentences import Sentence, document_sentences
from nlp.model import Clause
from taxonomy import CATEGORIES

log = logging.getLogger(__name__)

TRAINING_FILE = HERE / "training" / "sentences.yml"
LABELS_DIR = HERE.parent / "evaluation" / "labels"  # gold-labelled tenders stay out of training
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"
LABELS: tuple[str, ...] = CATEGORIES + (NONE,)
# Thresholds: chosen on out-of-fold decisions on the training sentences, after the same
# sentence checks as at inference (the lowest grid value reaching TARGET_PRECISION), never below
# THRESHOLD_FLOOR. The training sentences are harder than a tender's (hard negatives are
# over-represented) but a tender has hundreds of sentences and one false hit turns a category
# true, so the floor is high.
TARGET_PRECISION = 0.90
THRESHOLD_FLOOR = 0.80
THRESHOLD_GRID = tuple(round(0.5 + 0.025 * i, 3) for i in range(19))  # 0.5 .. 0.95

def written_examples(path: str | Path = TRAINING_FILE) -> list[tuple[str, str]]:
    """(text, label) of the hand-written sentences, in file order."""
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    examples = []
    for label, sentences in data.items():
        if label not in LABELS:
            raise ValueError(f"{path}: unknown label {label!r}")
        examples.extend((str(s).strip(), label) for s in sentences or [] if str(s).strip())
    return examples


def labelled_sources(labels_dir: Path = LABELS_DIR) -> set[str]:
    """Corpus paths (relative to the corpus root) that carry gold labels: kept out of training."""
    import csv

    sources: set[str] = set()
    for path in sorted(labels_dir.glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as fh:
            sources |= {row["source"].strip() for row in csv.DictReader(fh) if row.get("source")}
    return sources


def corpus_inputs(corpus: Path, exclude: set[str]) -> list[Path]:
    """Notices of the corpus usable for training, sorted; labelled ones left out."""
    paths = []
    for pattern in ("ted/*.xml", "boamp_text/*.txt", "boamp_xml/*.xml", "eforms/real_fr_2023_2024/*.xml"):
        paths += [p for p in sorted(corpus.glob(pattern)) if p.relative_to(corpus).as_posix() not in exclude]
    return paths


@dataclass
class CorpusPools:
    positives: dict[str, list[str]]
    easy_negatives: list[str]
    hard_negatives: list[str]
    criterion_negatives: list[str] = field(default_factory=list)  # criterion lines, no topic word
    tenders: int = 0
    failed: int = 0


def _dedupe_key(text: str) -> str:
    return normalise(text)


def label_corpus(paths: list[Path], progress=None) -> CorpusPools:
    """Sentences of the corpus labelled by the rule detector (see the module docstring)."""
    from nlp.detect import detect_clauses
    from tenders.reader import collect_files, read_files

    pools = CorpusPools({c: [] for c in CATEGORIES}, [], [], [])
    seen: set[str] = set()
    for path in paths:
        if progress:
            progress(path)
        try:
            files, skipped = collect_files(path)
            tender = read_files(files, str(path), skipped)
            clauses = detect_clauses(tender)
        except Exception as err:  # an unreadable notice is skipped, training goes on
            log.info("training: skipped %s (%s)", path, err)
            pools.failed += 1
            continue
        pools.tenders += 1
        by_page: dict[tuple[str, int | None], list[Clause]] = {}
        for c in clauses:
            by_page.setdefault((c.document, c.page), []).append(c)
        for document in tender.documents:
            pages = document.pages
            for p, sentence in document_sentences(page.text for page in pages):
                key = _dedupe_key(sentence.text)
                if key in seen or len(key) < 12:
                    continue
                seen.add(key)
                hits = [c for c in by_page.get((document.name, pages[p].number), [])
                        if c.start < sentence.end and sentence.start < c.end]
                if hits:
                    sure = {c.category for c in hits if not c.negated and c.strength in ("mandatory", "criterion")}
                    doubtful = any(c.negated or c.strength not in ("mandatory", "criterion") for c in hits)
                    if len(sure) == 1 and not doubtful:
                        pools.positives[sure.pop()].append(sentence.text)
                elif not has_topic_word(sentence.text):
                    if CRITERION_WORDS.search(sentence.text):
                        # "Valeur technique / Pondération : 40": teaches that the criterion
                        # format alone says nothing about the category
                        pools.criterion_negatives.append(sentence.text)
                    else:
                        pools.easy_negatives.append(sentence.text)
                elif sentence.kind in ("object", "selection") and not CRITERION_WORDS.search(sentence.text):
                    # a description or a candidacy requirement; criterion-like lines there
                    # ("critères de sélection") read like award criteria and are left out
                    pools.hard_negatives.append(sentence.text)
    return pools


# sampling caps per pool: the corpus must not drown the written sentences
MAX_CORPUS_POSITIVES = 400  # per category
MAX_EASY_NEGATIVES = 3000
MAX_CRITERION_NEGATIVES = 1000
MAX_HARD_NEGATIVES = 1000


def _sample(items: list[str], k: int, rng: random.Random) -> list[str]:
    items = sorted(items)
    return items if len(items) <= k else sorted(rng.sample(items, k))


def build_training_set(corpus: Path | None, seed: int = 0, progress=None,
                       training_file: str | Path = TRAINING_FILE) -> tuple[list[str], list[str], dict]:
    """(texts, labels, counts): written sentences + rule-labelled corpus sentences (if any)."""
    rng = random.Random(seed)
    written = written_examples(training_file)
    texts = [t for t, _ in written]
    labels = [label for _, label in written]
    counts: dict = {"written": _count(labels), "corpus": {}, "corpus_tenders": 0}
    if corpus is not None and Path(corpus).is_dir():
        paths = corpus_inputs(Path(corpus), labelled_sources())
        pools = label_corpus(paths, progress)
        written_keys = {_dedupe_key(t) for t in texts}
        corpus_texts, corpus_labels = [], []
        for category in CATEGORIES:
            for t in _sample(pools.positives[category], MAX_CORPUS_POSITIVES, rng):
                corpus_texts.append(t)
                corpus_labels.append(category)
        for pool, k in ((pools.easy_negatives, MAX_EASY_NEGATIVES),
                        (pools.criterion_negatives, MAX_CRITERION_NEGATIVES),
                        (pools.hard_negatives, MAX_HARD_NEGATIVES)):
            for t in _sample(pool, k, rng):
                corpus_texts.append(t)
                corpus_labels.append(NONE)
        for t, label in zip(corpus_texts, corpus_labels):
            if _dedupe_key(t) not in written_keys:
                texts.append(t)
                labels.append(label)
        counts["corpus"] = _count(corpus_labels)
        counts["corpus_tenders"] = pools.tenders
        counts["corpus_failed"] = pools.failed
        counts["corpus_pools"] = {"positives": {c: len(v) for c, v in pools.positives.items()},
                                  "easy_negatives": len(pools.easy_negatives),
                                  "criterion_negatives": len(pools.criterion_negatives),
                                  "hard_negatives": len(pools.hard_negatives)}
    counts["total"] = _count(labels)
    return texts, labels, counts


def _count(labels: list[str]) -> dict[str, int]:
    return {label: labels.count(label) for label in LABELS if label in labels}


def make_pipeline(seed: int = 0):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion([
        ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, max_features=15000,
                                 sublinear_tf=True, token_pattern=r"(?u)\b\w\w+\b")),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, max_features=30000,
                                 sublinear_tf=True)),
    ])
    model = OneVsRestClassifier(LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000,
                                                   solver="liblinear", random_state=seed))
    return Pipeline([("features", features), ("model", model)])


def cross_validate(texts: list[str], labels: list[str], seed: int = 0, folds: int = 5):
    """Out-of-fold probabilities (n x len(classes)) and the classes, for the report and thresholds."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    X = [normalise(t) for t in texts]
    y = np.asarray(labels)
    classes = sorted(set(labels))
    proba = np.zeros((len(X), len(classes)))
    folds = max(2, min(folds, min(labels.count(c) for c in classes)))  # tiny sets (tests) too
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(X, y):
        pipe = make_pipeline(seed).fit([X[i] for i in train], y[train])
        fold = class_probabilities(pipe, [X[i] for i in test])
        for j, c in enumerate(pipe.classes_):
            proba[test, classes.index(c)] = fold[:, j]
    return proba, classes


def oof_decisions(proba, classes: list[str], texts: list[str]) -> list[list[tuple[str, float]]]:
    """Per training sentence, the (category, probability) pairs the applied classifier could
    report for it on its own: each label through the sentence checks of classify_clauses
    (placement, negation), the section being unknown ("other")."""
    out = []
    for i, text in enumerate(texts):
        pairs: dict[str, float] = {}
        if not is_negated(text, 0, len(text)):
            sentence = Sentence(0, len(text), text)
            for j in sorted(range(len(classes)), key=lambda k: -proba[i, k]):
                category = place(classes[j], sentence) if classes[j] != NONE else None
                if category is not None and category not in pairs:
                    pairs[category] = float(proba[i, j])
        out.append(sorted(pairs.items(), key=lambda x: -x[1]))
    return out


def model_scores(proba, classes: list[str], labels: list[str]) -> dict[str, dict]:
    """P/R/F1 per category of the model's own best label ("none" included), no checks."""
    best = [classes[j] for j in proba.argmax(axis=1)]
    return per_category_scores([[(b, 1.0)] for b in best], labels)


def per_category_scores(decisions: list[list[tuple[str, float]]], labels: list[str],
                        thresholds: dict[str, float] | None = None) -> dict[str, dict]:
    """P/R/F1 per category of the decisions (all of them, or only those above threshold)."""
    scores = {}
    for c in CATEGORIES:
        predicted = [any(d == c and (thresholds is None or p >= thresholds.get(c, 1.01)) for d, p in pairs)
                     for pairs in decisions]
        tp = sum(1 for k, y in zip(predicted, labels) if k and y == c)
        fp = sum(1 for k, y in zip(predicted, labels) if k and y != c)
        support = labels.count(c)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / support if support else 0.0
        scores[c] = {"support": support, "precision": prec, "recall": rec,
                     "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0, "tp": tp, "fp": fp,
                     "fn": support - tp}
    return scores


def choose_thresholds(decisions: list[list[tuple[str, float]]], labels: list[str]) -> dict[str, float]:
    """Per category: the lowest grid value >= THRESHOLD_FLOOR at which the out-of-fold decisions
    of that category reach TARGET_PRECISION (the highest grid value when none does)."""
    chosen = {}
    for c in CATEGORIES:
        scored = [(p, y == c) for pairs, y in zip(decisions, labels) for d, p in pairs if d == c]
        pick = THRESHOLD_GRID[-1]
        for t in (g for g in THRESHOLD_GRID if g >= THRESHOLD_FLOOR):
            hits = [ok for p, ok in scored if p >= t]
            if hits and sum(hits) / len(hits) >= TARGET_PRECISION:
                pick = t
                break
        chosen[c] = pick
    return chosen


def _slim(pipeline) -> None:
    """Drop what prediction does not need: `stop_words_` lists every pruned n-gram (megabytes)."""
    for _, vectorizer in pipeline.named_steps["features"].transformer_list:
        if hasattr(vectorizer, "stop_words_"):
            vectorizer.stop_words_ = None


def train(out: str | Path = ARTIFACT, seed: int = 0, corpus: Path | None = DEFAULT_CORPUS,
          progress=None, training_file: str | Path = TRAINING_FILE) -> dict:
    """Build the training set, cross-validate, fit on everything, save the artifact.

    Returns {"counts", "cv", "cv_thresholded", "thresholds", "path", "size"}.
    """
    import joblib
    import numpy as np
    import sklearn

    random.seed(seed)
    np.random.seed(seed)
    texts, labels, counts = build_training_set(corpus, seed, progress, training_file)
    proba, classes = cross_validate(texts, labels, seed)
    decisions = oof_decisions(proba, classes, texts)
    thresholds = choose_thresholds(decisions, labels)
    for c in CATEGORIES:
        if c not in classes:
            thresholds[c] = 1.01  # a category with no training sentence never fires
    pipeline = make_pipeline(seed).fit([normalise(t) for t in texts], labels)
    _slim(pipeline)
    meta = {
        "sklearn_version": sklearn.__version__,
        "trained_on": _dt.date.today().isoformat(),
        "seed": seed,
        "counts": counts,
        "corpus_used": bool(counts.get("corpus")),
        "features": {name: len(v.vocabulary_) for name, v in pipeline.named_steps["features"].transformer_list},
        "target_precision": TARGET_PRECISION,
        "threshold_floor": THRESHOLD_FLOOR,
    }
    artifact = {"pipeline": pipeline, "thresholds": thresholds, "meta": meta}
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(artifact, out, compress=("zlib", 6))
    forget()
    return {"counts": counts, "cv": model_scores(proba, classes, labels),
            "cv_thresholded": per_category_scores(decisions, labels, thresholds),
            "thresholds": thresholds, "path": str(out), "size": out.stat().st_size}


def format_training_report(result: dict) -> str:
    """What `flask --app app train` prints: counts, cross-validated scores, thresholds, artifact."""
    counts = result["counts"]
    lines = ["Phrases d'entraînement :"]
    lines.append(f"  écrites (nlp/training) : {sum(counts['written'].values())}  "
                 + ", ".join(f"{k}={v}" for k, v in counts["written"].items()))
    if counts.get("corpus"):
        lines.append(f"  corpus étiqueté par les règles ({counts['corpus_tenders']} avis, hors étiquettes de référence) : "
                     f"{sum(counts['corpus'].values())}  " + ", ".join(f"{k}={v}" for k, v in counts["corpus"].items()))
    else:
        lines.append("  corpus : non utilisé (absent ou --no-corpus)")
    lines.append(f"  total : {sum(counts['total'].values())}")
    for title, key in (("Validation croisée (5 plis), meilleure étiquette du modèle :", "cv"),
                       ("Validation croisée, décisions appliquées (seuil + contrôles de phrase) :", "cv_thresholded")):
        lines.append(title)
        lines.append(f"  {'catégorie':<26}{'support':>8}{'précision':>11}{'rappel':>8}{'F1':>7}{'seuil':>7}")
        for category, s in result[key].items():
            threshold = result["thresholds"].get(category)
            lines.append(f"  {category:<26}{s['support']:>8}{s['precision']:>11.2f}{s['recall']:>8.2f}{s['f1']:>7.2f}"
                         + (f"{threshold:>7.3f}" if key == "cv_thresholded" and threshold is not None else ""))
    lines.append(f"Modèle : {result['path']} ({result['size'] / 1e6:.1f} Mo)")
    return "\n".join(lines)
