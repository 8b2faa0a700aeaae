"""The sentence classifier (nlp/classifier/): training, calibration, thresholds and checks,
fallbacks, CLI.

Nothing here needs ../shared/corpus: training runs on sentences written for these tests or on
the project's own nlp/training/sentences.yml; the passages test skips without the corpus.
"""
from __future__ import annotations

import logging

import numpy as np
import pytest

from nlp.classifier import artifact, calibration, context, features, inference, passages, sentences, training
from nlp.model import Clause
from tenders.model import Document, Page, Tender

# An insertion clause worded so that the rule patterns miss it (checked below), not in the
# training file either.
UNSEEN_INSERTION = ("Le titulaire confiera une part des heures travaillées à des personnes "
                    "rencontrant des difficultés pour trouver un travail.")

TOY = """
insertion_clause:
  - Le titulaire réalise 500 heures d'insertion au profit de personnes éloignées de l'emploi.
  - Le prestataire consacre 300 heures d'insertion à des demandeurs d'emploi de longue durée.
  - Le titulaire s'engage à réaliser des heures d'insertion pour des personnes éloignées de l'emploi.
  - Une clause d'insertion impose 200 heures de travail à des personnes éloignées de l'emploi.
  - Le prestataire réalise des heures d'insertion confiées à des demandeurs d'emploi.
  - L'entreprise consacre 150 heures d'insertion à des personnes éloignées de l'emploi.
environmental_criterion:
  - "Critère : performance environnementale de l'offre, 10 %"
  - "Critère de qualité - Nom : performance environnementale / Pondération : 15"
  - "Sous-critère : gestion environnementale des déchets, 5 points"
  - "Critère : qualité environnementale des produits, 20 %"
  - "Critère de qualité - Nom : impact environnemental des livraisons / Pondération : 10"
  - "Critère : démarche environnementale du candidat, 10 points"
none:
  - Le délai de validité des offres est de 120 jours.
  - Les prix sont fermes et actualisables.
  - La date limite de réception des offres est fixée au 3 mars.
  - Les offres sont transmises par voie électronique.
  - Le délai de paiement est de 30 jours.
  - Les variantes ne sont pas autorisées dans les offres.
"""


def _tender(text: str, name: str = "CCAP.txt") -> Tender:
    return Tender(documents=[Document(name=name, kind="CCAP", pages=[Page(1, text)])])


class _StubPipeline:
    """Stands in for the model: a fixed, high insertion score for every sentence."""

    def decision_function(self, texts):
        scores = np.full((len(texts), len(training.CATEGORIES)), -6.0)
        scores[:, 0] = 6.0  # insertion_clause
        return scores


@pytest.fixture
def stub_artifact():
    return {"pipeline": _StubPipeline(), "categories": list(training.CATEGORIES),
            "calibration": {c: (1.0, 0.0) for c in training.CATEGORIES},
            "thresholds": {c: 0.8 for c in training.CATEGORIES}, "meta": {}}


@pytest.fixture
def fresh_cache():
    artifact._load.cache_clear()
    yield
    artifact._load.cache_clear()


def _probabilities(model, texts):
    return inference.class_probabilities(model, [features.example(t) for t in texts])


def test_training_on_a_toy_set_predicts_a_held_back_sentence(tmp_path):
    toy = tmp_path / "toy.yml"
    toy.write_text(TOY, encoding="utf-8")
    out = tmp_path / "toy.joblib"
    result = training.train(out, seed=3, corpus=None, training_file=toy)
    assert result["counts"]["total"] == {"insertion_clause": 6, "environmental_criterion": 6, "none": 6}
    model = artifact.load_artifact(out)
    assert model is not None and model["meta"]["corpus_used"] is False
    held_back = ["L'entreprise réalise 400 heures d'insertion pour des personnes éloignées de l'emploi.",
                 "Critère : performance environnementale des véhicules, 15 %"]
    proba = _probabilities(model, held_back)
    best = [model["categories"][i] for i in proba.argmax(axis=1)]
    assert best == ["insertion_clause", "environmental_criterion"]


def test_training_is_reproducible(tmp_path):
    toy = tmp_path / "toy.yml"
    toy.write_text(TOY, encoding="utf-8")
    a = training.train(tmp_path / "a.joblib", seed=1, corpus=None, training_file=toy)
    b = training.train(tmp_path / "b.joblib", seed=1, corpus=None, training_file=toy)
    assert a["thresholds"] == b["thresholds"] and a["cv"] == b["cv"]
    text = ["Le titulaire réalise des heures d'insertion."]
    pa = _probabilities(artifact.load_artifact(tmp_path / "a.joblib"), text)
    pb = _probabilities(artifact.load_artifact(tmp_path / "b.joblib"), text)
    assert np.allclose(pa, pb)


def test_calibration_maps_decision_values_to_frequencies():
    # scores above 0 are positives four times in five: the fitted probability there is near 0.8
    scores = np.array([[s] * len(training.CATEGORIES) for s in [-3, -2, -1, -2.5, 1, 2, 1.5, 2.5, 3, 1]], dtype=float)
    labels = np.array([[0] * len(training.CATEGORIES)] * 5 + [[1] * len(training.CATEGORIES)] * 4
                      + [[0] * len(training.CATEGORIES)])
    fitted = calibration.calibrate(scores, labels)
    proba = calibration.calibrated(scores, fitted)
    assert proba[:5, 0].max() < 0.3 < 0.6 < proba[5:9, 0].min()
    assert np.all(np.diff(calibration.calibrated(np.array([[x] * 9 for x in (-2, 0, 2)]), fitted)[:, 0]) > 0)


def test_cross_validation_holds_out_whole_tenders():
    examples = [passages.Example(f"phrase {i}", frozenset(), "passage", source=f"t{i // 3}") for i in range(30)]
    groups = training._groups(examples, 5)
    from sklearn.model_selection import GroupKFold

    for train_idx, held in GroupKFold(5).split(examples, groups=groups):
        assert not {groups[i] for i in train_idx} & {groups[i] for i in held}


def test_test_split_passages_are_refused(tmp_path):
    csv_path = tmp_path / "passages.csv"
    csv_path.write_text("source,anchor,labels,hard,note\nted/x.xml,abc-def:5,none,,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="test split"):
        passages.passages(tmp_path, {"ted/x.xml"}, path=csv_path)


def test_context_tokens_say_where_a_sentence_stands():
    text = features.example("Le titulaire devra réaliser 300 heures d'insertion.", "execution", "CCAP")
    assert text.startswith("__sec_execution __doc_ccap __must")
    assert "__neg" in features.example("Le marché ne comporte aucune clause sociale.")
    assert features.sentence_part(text) == context.normalise("Le titulaire devra réaliser 300 heures d'insertion.")


def test_a_negated_sentence_is_not_returned(stub_artifact):
    text = ("Article 5 - Conditions d'exécution\n"
            "Clause d'insertion : non\n"
            "Le marché ne comporte aucune clause d'insertion.\n"
            "Clause sociale d'insertion :\nsans\n"
            "Le titulaire réalise 300 heures d'insertion.\n")
    extra = inference.classify_clauses(_tender(text), [], artifact=stub_artifact, use=True)
    assert [c.text for c in extra] == ["Le titulaire réalise 300 heures d'insertion."]
    clause = extra[0]
    assert clause.source == "classifier" and not clause.negated and clause.category == "insertion_clause"
    assert text[clause.start:clause.end] == clause.text and clause.document == "CCAP.txt" and clause.page == 1


def test_only_categories_the_rules_missed_are_added(stub_artifact):
    tender = _tender("Le titulaire réalise 300 heures d'insertion.\n")
    found = Clause(category="insertion_clause", text="x", document="CCAP.txt", page=1)
    assert inference.classify_clauses(tender, [found], artifact=stub_artifact, use=True) == []
    denied = Clause(category="insertion_clause", text="x", document="CCAP.txt", page=1, negated=True)
    assert inference.classify_clauses(tender, [denied], artifact=stub_artifact, use=True) == []


def test_description_and_candidacy_sections_are_ignored(stub_artifact):
    text = ("II.1.4) Description succincte : accompagnement de personnes en insertion\n"
            "III.1.3) Capacité technique et professionnelle\n"
            "Le candidat présente ses références en matière d'insertion.\n")
    assert inference.classify_clauses(_tender(text), [], artifact=stub_artifact, use=True) == []


def test_the_switch_disables_the_classifier(stub_artifact, monkeypatch):
    tender = _tender("Le titulaire réalise 300 heures d'insertion.\n")
    monkeypatch.setenv(artifact.ENV_SWITCH, "0")
    assert inference.classify_clauses(tender, [], artifact=stub_artifact) == []
    monkeypatch.setenv(artifact.ENV_SWITCH, "1")
    assert inference.classify_clauses(tender, [], artifact=stub_artifact)


def test_missing_artifact_falls_back_to_patterns(tmp_path, monkeypatch, fresh_cache, caplog, assert_valid_report):
    from service import analyze_tender as analyze

    monkeypatch.setenv(artifact.ENV_PATH, str(tmp_path / "absent.joblib"))
    monkeypatch.setenv(artifact.ENV_SWITCH, "1")
    with caplog.at_level(logging.WARNING, logger="nlp.classifier.artifact"):
        report = analyze(_tender("Article 3 - Conditions d'exécution\n" + UNSEEN_INSERTION + "\n"), "test")
    assert report["error"] is None
    assert_valid_report(report)
    assert not any(c["source"] == "classifier" for c in report["clauses"])
    assert "patterns only" in caplog.text


def test_an_artifact_from_another_sklearn_version_is_refused(tmp_path, monkeypatch, fresh_cache, caplog):
    import joblib

    path = tmp_path / "old.joblib"
    joblib.dump({"pipeline": None, "thresholds": {}, "meta": {"sklearn_version": "0.0"}}, path)
    with caplog.at_level(logging.WARNING, logger="nlp.classifier.artifact"):
        assert artifact.load_artifact(path) is None
    assert "scikit-learn 0.0" in caplog.text


def test_the_shipped_artifact_flags_an_insertion_clause_the_rules_miss(monkeypatch, fresh_cache):
    from nlp.detect import detect_clauses

    assert artifact.ARTIFACT.exists(), "run `flask --app app train` to build nlp/models/clause_classifier.joblib"
    assert artifact.ARTIFACT.stat().st_size < 5_000_000
    monkeypatch.delenv(artifact.ENV_PATH, raising=False)
    model = artifact.load_artifact()
    assert model is not None
    tender = _tender("ARTICLE 7 - CONDITIONS D'EXÉCUTION\n" + UNSEEN_INSERTION + "\n")
    rules = detect_clauses(tender)
    assert not [c for c in rules if c.category == "insertion_clause" and not c.negated]
    extra = inference.classify_clauses(tender, rules, use=True)
    assert [c.category for c in extra] == ["insertion_clause"]
    assert extra[0].confidence >= model["thresholds"]["insertion_clause"]
    assert extra[0].source == "classifier" and extra[0].text == UNSEEN_INSERTION


def test_train_command_builds_a_loadable_artifact(app, tmp_path, fresh_cache):
    out = tmp_path / "model.joblib"
    result = app.test_cli_runner().invoke(args=["train", "--out", str(out), "--seed", "0", "--no-corpus"])
    assert result.exit_code == 0, result.output
    assert "insertion_clause" in result.output and "Validation croisée" in result.output
    model = artifact.load_artifact(out)
    assert model is not None
    assert model["meta"]["counts"]["total"]["none"] > 100
    assert set(model["thresholds"]) == set(training.CATEGORIES) == set(model["calibration"])


def test_sentences_follow_the_detector_rules():
    text = ("Marché réservé : non\nLe titulaire devra trier les déchets\nde chantier. Il fournira "
            "les bordereaux, cf. art. L. 541-1 du code.\n\nNouveau paragraphe")
    spans = sentences.split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Marché réservé : non", "Le titulaire devra trier les déchets\nde chantier.",
        "Il fournira les bordereaux, cf. art. L. 541-1 du code.", "Nouveau paragraphe"]
    assert [context.is_negated(text, s, e) for s, e in spans] == [True, False, False, False]


def test_written_sentences_use_taxonomy_labels_only():
    examples = passages.written()
    assert len(examples) >= 400
    assert {label for e in examples for label in e.labels} == set(training.CATEGORIES)


def test_labelled_passages_are_found_again_in_the_corpus(corpus, tmp_path):
    import csv as _csv

    rows = passages.passage_rows()
    assert len(rows) >= 1500 and sum(r["labels"] != "none" for r in rows) >= 100
    few = [r for r in rows if r["source"] in sorted({r["source"] for r in rows})[:6]]
    path = tmp_path / "passages.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = _csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(few)
    found, missing = passages.passages(corpus, training.test_sources(), path=path)
    assert missing == 0 and len(found) == len({(r["source"], r["anchor"]) for r in few})
    assert all(e.source and e.document_kind for e in found)


def test_a_reservation_the_rules_narrowed_is_not_widened(stub_artifact):
    scores = np.full((1, len(training.CATEGORIES)), -6.0)
    scores[0, training.CATEGORIES.index("reserved_insertion")] = 6.0

    class _Insertion:
        def decision_function(self, texts):
            return np.repeat(scores, len(texts), axis=0)

    model = dict(stub_artifact, pipeline=_Insertion())
    tender = _tender("III.1.5) Marché réservé à des ateliers protégés et à des programmes d'emplois protégés.\n")
    narrowed = Clause(category="reserved_disability", text="x", document="CCAP.txt", page=1)
    assert inference.classify_clauses(tender, [narrowed], artifact=model, use=True) == []
    added = inference.classify_clauses(tender, [], artifact=model, use=True)
    assert [c.category for c in added] == ["reserved_insertion"]  # the same sentence, rules silent: added


def test_a_label_needs_its_own_topic_and_a_request_to_describe_binds_no_one(stub_artifact):
    # the stub scores insertion_clause high on every sentence
    environmental = _tender("Le titulaire s'engage à réduire les emballages livrés.\n")
    assert inference.classify_clauses(environmental, [], artifact=stub_artifact, use=True) == []
    asked = _tender("Le candidat devra préciser dans son mémoire technique ses démarches en faveur des personnes "
                    "éloignées de l'emploi.\n")
    assert inference.classify_clauses(asked, [], artifact=stub_artifact, use=True) == []
    bound = _tender("Le titulaire s'engage à recruter des personnes éloignées de l'emploi.\n")
    assert [c.category for c in inference.classify_clauses(bound, [], artifact=stub_artifact, use=True)] == [
        "insertion_clause"]
