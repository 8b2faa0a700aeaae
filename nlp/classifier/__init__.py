"""A scikit-learn sentence classifier that adds recall over the rule patterns of nlp/detect.py.

Rules give precision, the classifier recall: `classify_clauses(tender, rule_clauses)` scores every
sentence of the tender and returns extra clauses (source="classifier") only for categories the
rules did not find in that tender, only above a high per-category threshold, never for a negated
sentence nor in a description or candidacy section.

Training set (`build_training_set`):
- the sentences written for this project in nlp/training/sentences.yml (taxonomy ids + "none");
- corpus sentences labelled by the detector where it is precise: a sentence holding one
  non-negated clause of strength mandatory/criterion is a positive of that category; sentences
  with no hit at all and no topic word are negatives (sampled), and so are sentences of
  description/candidacy sections with a topic word but no hit (hard negatives). Tenders of the
  gold-label files (evaluation/labels/*.csv) are left out so that the evaluation stays fair.
Model: TF-IDF word 1-2 grams + char_wb 3-5 grams, one-vs-rest logistic regression with balanced
class weights. The artifact (nlp/models/clause_classifier.joblib) holds the pipeline, the
thresholds and the training metadata; `flask --app app train` rebuilds it.

Sentences are cut here with a small text splitter that follows the detector's rules (a line
break ends a sentence unless a lower-case line continues a wrapped one; within a line a final
stop does): detect_clauses does not expose its spaCy docs, and running the pipeline a second
time would double the analysis cost. Section kinds come from nlp.sections, as in the detector.
"""
from nlp.classifier.artifact import ARTIFACT, artifact_path, enabled, load_artifact
from nlp.classifier.inference import classify_clauses

__all__ = ["ARTIFACT", "artifact_path", "classify_clauses", "enabled", "load_artifact"]
