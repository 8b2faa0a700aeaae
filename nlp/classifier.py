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
  gold-label files (nlp/labels/*.csv) are left out so that the evaluation stays fair.
Model: TF-IDF word 1-2 grams + char_wb 3-5 grams, one-vs-rest logistic regression with balanced
class weights. The artifact (nlp/models/clause_classifier.joblib) holds the pipeline, the
thresholds and the training metadata; `flask --app app train` rebuilds it.

Sentences are cut here with a small text splitter that follows the detector's rules (a line
break ends a sentence unless a lower-case line continues a wrapped one; within a line a final
stop does): detect_clauses does not expose its spaCy docs, and running the pipeline a second
time would double the analysis cost. Section kinds come from nlp.sections, as in the detector.
"""
from __future__ import annotations

import datetime as _dt
import functools
import logging
import os
import random
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import yaml

from nlp.model import CATEGORIES, Clause
from nlp.sections import SectionTracker, find_headings

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
ARTIFACT = HERE / "models" / "clause_classifier.joblib"
TRAINING_FILE = HERE / "training" / "sentences.yml"
LABELS_DIR = HERE / "labels"
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"

NONE = "none"
LABELS: tuple[str, ...] = CATEGORIES + (NONE,)
ENV_SWITCH = "SOLIDARITY_CLASSIFIER"  # "0" disables the classifier (patterns only)
ENV_PATH = "SOLIDARITY_CLASSIFIER_PATH"  # another artifact (tests, experiments)

MAX_SENTENCE = 600  # characters; longer runs (lists without stops) are cut in pieces
MAX_PER_CATEGORY = 3  # passages reported per added category
# Thresholds: chosen on out-of-fold decisions on the training sentences, after the same
# sentence checks as at inference (the lowest grid value reaching TARGET_PRECISION), never below
# THRESHOLD_FLOOR. The training sentences are harder than a tender's (hard negatives are
# over-represented) but a tender has hundreds of sentences and one false hit turns a category
# true, so the floor is high.
TARGET_PRECISION = 0.90
THRESHOLD_FLOOR = 0.80
THRESHOLD_GRID = tuple(round(0.5 + 0.025 * i, 3) for i in range(19))  # 0.5 .. 0.95

RESERVED = ("reserved_disability", "reserved_insertion", "reserved_ess")
CRITERION_OF = {
    "insertion_clause": "social_criterion",
    "social_condition": "social_criterion",
    "environmental_condition": "environmental_criterion",
}
CONDITION_OF = {"social_criterion": "social_condition", "environmental_criterion": "environmental_condition"}


# --- text normalisation ----------------------------------------------------------------------
def normalise(text: str) -> str:
    """What the vectorizers see: lower case, typographic apostrophes, digits folded to 0."""
    text = unicodedata.normalize("NFC", text).lower().replace("’", "'").replace("\u00a0", " ")
    text = re.sub(r"\d", "0", text)
    return re.sub(r"\s+", " ", text).strip()


# Topic words: a corpus sentence holding one of these is no safe negative (the rules may have
# missed a clause there). Folded (no accents) stems, matched on the folded text.
_TOPIC = re.compile(
    r"insertion|social|societ|solidaire|\bess\b|handicap|esat|\bea\b|adapte|protege|siae|etti|geiq|"
    r"chomeu|demandeurs? d'emploi|eloigne|apprenti|alternan|egalite|discrimin|\boit\b|travail des enfants|"
    r"environ|ecolo|\beco-|ecoresp|ecolab|ecoconc|durable|dechet|recycl|reemploi|reutilis|valoris|carbone|\bco2\b|climat|"
    r"energ|emission|pollu|biodivers|\bbio\b|biolog|label|emballage|gaspill|circulaire|vehicule|"
    r"equitable|ethique|fairtrade|vigilance|reserv|rse\b|responsab",
)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c))


def has_topic_word(text: str) -> bool:
    return bool(_TOPIC.search(_fold(text)))


# --- sentences ---------------------------------------------------------------------------------
_WRAPPED_END = re.compile(r"[a-zà-ÿ,\-’']$")
# A stop ends a sentence when a capital, a digit, a bullet or a quote follows.
_STOP = re.compile(r"(?<=[.!?;…])\s+(?=[A-ZÀ-ÖØ-Þ0-9«\"•\-–—(])")
_ABBREV = {"art", "arts", "cf", "al", "n°", "no", "m", "mme", "mm", "p", "pp", "réf", "ref", "c", "ex", "env",
           "min", "max", "ht", "ttc", "st", "ste", "av", "bd", "tél", "tel", "fig", "vol", "chap", "inc"}


@dataclass
class Sentence:
    start: int  # offsets in the page text
    end: int
    text: str
    kind: str = "other"  # section kind in force (nlp.sections.KINDS)


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Runs of lines that form one sentence at most: wrapped lines are joined, blank lines cut."""
    start = end = None
    previous = ""
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        line_start, line_end = pos, pos + len(body)
        pos += len(line)
        if not stripped:
            if start is not None:
                yield start, end
            start = end = None
            previous = ""
            continue
        wrapped = bool(previous) and _WRAPPED_END.search(previous) and stripped[0].islower()
        if start is not None and not wrapped:
            yield start, end
            start = None
        if start is None:
            start = line_start
        end = line_end
        previous = stripped
    if start is not None:
        yield start, end


def _cut_stops(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    piece_start = start
    for m in _STOP.finditer(text, start, end):
        before = text[piece_start : m.start()]
        last = before.rsplit(None, 1)[-1] if before.split() else ""
        word = last.rstrip(".").lower()
        if before.endswith(".") and (len(word) <= 1 or word in _ABBREV):
            continue  # "art. L. 2113-13", "M. Dupont"
        yield piece_start, m.start()
        piece_start = m.end()
    yield piece_start, end


def _cut_long(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start, start + MAX_SENTENCE)
        cut = cut if cut > start + MAX_SENTENCE // 2 else start + MAX_SENTENCE
        yield start, cut
        start = cut
    yield start, end


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences of a page text, stripped, in reading order."""
    spans = []
    for b_start, b_end in _blocks(text):
        for s_start, s_end in _cut_stops(text, b_start, b_end):
            for start, end in _cut_long(text, s_start, s_end):
                while start < end and text[start].isspace():
                    start += 1
                while end > start and text[end - 1].isspace():
                    end -= 1
                if sum(c.isalpha() for c in text[start:end]) >= 3:
                    spans.append((start, end))
    return spans


def document_sentences(pages: Iterable[str]) -> Iterator[tuple[int, Sentence]]:
    """(page index, sentence) of a document's pages, with the section kind in force.

    Headings are fed to one SectionTracker across the pages, as the detector does.
    """
    tracker = SectionTracker()
    for p, text in enumerate(pages):
        headings = find_headings(text)
        h = 0
        for start, end in split_sentences(text):
            while h < len(headings) and headings[h].start <= start:
                tracker.feed(headings[h].kind, headings[h].depth, headings[h].numbered)
                h += 1
            yield p, Sentence(start, end, text[start:end], tracker.kind)
        for heading in headings[h:]:
            tracker.feed(heading.kind, heading.depth, heading.numbered)


# --- negation, modality, context ---------------------------------------------------------------
_NEGATION = re.compile(
    r"\b(?:aucun|aucune|aucunement|nullement|jamais)\b"
    r"|\bn(?:e\s+|['’])(?:\w+\s+){0,2}?(?:pas|plus|point)\b"
    r"|\bpas\s+(?:de|d['’])"
    r"|\bsans\s+(?:objet|clause|condition|crit[èe]re|r[ée]serv)"
    r"|\bnon\s+(?:r[ée]serv|concern|applicable|pr[ée]vu|soumis)",
    re.IGNORECASE,
)


@functools.cache
def _negation_values() -> frozenset[str]:
    """ "label : value" answers that say no, shared with the detector (nlp/patterns/cues.yml)."""
    from nlp.pipeline import load_yaml

    return frozenset(str(v).lower() for v in load_yaml("cues.yml")["negation_values"])


def _value_after_colon(page: str, start: int, end: int) -> str | None:
    """The answer of a "label : value" sentence; for "label :" alone, the next non-empty line."""
    sentence = page[start:end]
    if ":" not in sentence:
        return None
    value = sentence.rsplit(":", 1)[1].strip()
    if not value:
        for line in page[end:].splitlines():
            if line.strip():
                value = line.strip()
                break
    return value.lower().rstrip(" .;!") or None


def is_negated(page: str, start: int, end: int) -> bool:
    """A small cue check: "aucune clause", "n'est pas réservé", "Clauses sociales : sans"."""
    if _NEGATION.search(page[start:end]):
        return True
    value = _value_after_colon(page, start, end)
    return value is not None and value in _negation_values()


_MANDATORY = re.compile(
    r"\b(?:doit|doivent|devra|devront|s['’]engagen?t?|est tenue?|sont tenue?s|exig\w*|impos\w*|oblig\w*|requis\w*)\b",
    re.IGNORECASE,
)
_CRITERION_WORDS = re.compile(r"crit[èe]re|pond[ée]ration|\bnot[ée]e?s?\b|\bnotation\b|\d+\s*(?:points?\b|pts\b)", re.IGNORECASE)
_WEIGHT = re.compile(r"\d\s*%|\d+\s*(?:points?|pts)\b|/\s*\d+\b", re.IGNORECASE)
_RESERVATION_WORD = re.compile(r"r[ée]serv[ée]?e?s?\b|\br[ée]serve\b", re.IGNORECASE)
_RESERVATION_BLOCK = re.compile(r"\bse\s+r[ée]serv|sous\s+r[ée]serve|profession\s+(?:d[ée]termin|particuli|r[ée]glement)",
                                re.IGNORECASE)
_INSERTION_WORDS = re.compile(r"insertion|[ée]loign[ée]e?s? de l['’]emploi|demandeurs? d['’]emploi|ch[ôo]meurs?",
                              re.IGNORECASE)


# What binds the contractor: without one of these, condition-like words are a title or a
# description of the purchase ("Rénovation énergétique de la mairie").
_CONDITION_CUE = re.compile(
    r"\b(?:titulaires?|prestataires?|attributaires?|fournisseurs?|cocontractants?|concessionnaires?|"
    r"d[ée]l[ée]gataires?|exploitants?|entreprises?|entrepreneurs?|clauses?|conditions? (?:particuli[èe]res? )?"
    r"d['’][ée]x[ée]cution|ex[ée]cution d[ue]s?|doit|doivent|devra|devront|s['’]engagen?t?|tenue?s?|exig[ée]e?s?|"
    r"impos[ée]e?s?|obligatoires?|obligation|requise?s?|veillera|oui)\b",
    re.IGNORECASE,
)
# A candidacy requirement ("le candidat doit justifier de ...") is selection, not a condition.
_CANDIDACY = re.compile(
    r"\b(?:candidats?|candidatures?|soumissionnaires?)\b.*\b(?:preuve|justifi\w*|capacit[ée]s?|r[ée]f[ée]rences?|"
    r"certifica\w*|comp[ée]tences?|attestations?|qualifications?|exp[ée]riences?)\b",
    re.IGNORECASE,
)


def _place(category: str, sentence: Sentence) -> str | None:
    """The category a model label becomes in the sentence's context; None: no clause there."""
    placed = _context_category(category, sentence)
    if placed == "social_condition" and _INSERTION_WORDS.search(sentence.text):
        # "condition d'exécution sociale visant l'insertion": the social words name an insertion
        # clause (the detector drops such generic social hits the same way)
        return "insertion_clause"
    return placed


def _context_category(category: str, sentence: Sentence) -> str | None:
    """The category given the sentence's context, as the detector reads it; None: no clause.

    - nothing counts in a description or candidacy section;
    - a reservation needs a reservation statement;
    - a condition under award criteria is a criterion; a criterion needs criterion context
      (award section, a criterion word, a weight), else it is a condition when an execution
      section or a condition cue says so, and nothing otherwise;
    - a condition needs a contractor, a modality or a clause word, and is not a candidacy
      requirement.
    """
    text = sentence.text
    if sentence.kind in ("object", "selection"):
        return None
    if category in RESERVED:
        if not _RESERVATION_WORD.search(text) or _RESERVATION_BLOCK.search(text):
            return None
        return category
    words = bool(_CRITERION_WORDS.search(text))
    in_award = sentence.kind == "award" or (words and sentence.kind != "execution")
    if category in CONDITION_OF:  # a criterion label
        if in_award or words or _WEIGHT.search(text):
            return category
        if sentence.kind == "execution" or (_CONDITION_CUE.search(text) and not _CANDIDACY.search(text)):
            return CONDITION_OF[category]  # "Clause environnementale : oui"
        return None  # a bare list item ("— l'environnement,"): criteria of what, unknown
    if in_award:
        return CRITERION_OF.get(category, category)
    if category in CRITERION_OF:  # a condition label
        if not _CONDITION_CUE.search(text) or _CANDIDACY.search(text):
            return None
    return category


def _strength(category: str, text: str) -> str:
    if category.endswith("_criterion"):
        return "criterion"
    if category in RESERVED or _MANDATORY.search(text):
        return "mandatory"
    return "mention"


# --- the artifact ------------------------------------------------------------------------------
def enabled() -> bool:
    """On unless SOLIDARITY_CLASSIFIER says 0/false/no/off (unset or empty: on)."""
    return os.environ.get(ENV_SWITCH, "").strip().lower() not in ("0", "false", "no", "off")


def artifact_path() -> Path:
    return Path(os.environ.get(ENV_PATH) or ARTIFACT)


@functools.cache
def _load(path: str) -> dict | None:
    """The artifact, once per process; None (patterns only, with a log line) when unusable."""
    p = Path(path)
    if not p.exists():
        log.warning("clause classifier: no artifact at %s; patterns only (run `flask --app app train`)", p)
        return None
    try:
        import joblib
        import sklearn

        artifact = joblib.load(p)
    except Exception as err:  # a corrupt or foreign file must not break the analysis
        log.warning("clause classifier: cannot load %s (%s); patterns only", p, err)
        return None
    wanted = artifact.get("meta", {}).get("sklearn_version")
    if wanted != sklearn.__version__:
        log.warning("clause classifier: %s was trained with scikit-learn %s, this is %s; patterns only",
                    p, wanted, sklearn.__version__)
        return None
    return artifact


def load_artifact(path: str | Path | None = None) -> dict | None:
    return _load(str(path or artifact_path()))


# --- applying it -------------------------------------------------------------------------------
def _candidates(artifact: dict, texts: list[str]) -> list[list[tuple[str, float]]]:
    """Per text, the categories whose own probability reaches their threshold, best first.

    The one-vs-rest models are independent binary detectors, so one sentence may carry two
    categories ("valeur sociale et environnementale").
    """
    if not texts:
        return []
    pipeline = artifact["pipeline"]
    thresholds: dict[str, float] = artifact["thresholds"]
    classes = [str(c) for c in pipeline.classes_]
    probabilities = class_probabilities(pipeline, [normalise(t) for t in texts])
    out = []
    for row in probabilities:
        found = [(c, float(p)) for c, p in zip(classes, row) if c != NONE and p >= thresholds.get(c, 1.01)]
        out.append(sorted(found, key=lambda x: -x[1]))
    return out


def class_probabilities(pipeline, normalised: list[str]):
    """P(category | sentence) of each one-vs-rest model, not renormalised across categories.

    Why: with ten classes and a dominant "none", the renormalised probabilities of
    predict_proba crowd together below 0.8 and leave no room for a high threshold; each binary
    model's own probability (the sigmoid of its decision) spreads over [0, 1].
    """
    from scipy.special import expit

    return expit(pipeline.decision_function(normalised))


def classify_clauses(tender, rule_clauses: list[Clause], artifact: dict | None = None,
                     use: bool | None = None) -> list[Clause]:
    """Extra clauses for the categories the rules did not find (affirmed or denied) in `tender`.

    `use` overrides the SOLIDARITY_CLASSIFIER switch; `artifact` overrides the shipped model.
    """
    if not (enabled() if use is None else use):
        return []
    artifact = artifact if artifact is not None else load_artifact()
    if artifact is None:
        return []
    # A category the rules affirm needs nothing more; one they saw denied ("Marché réservé :
    # non") is left alone: the tender said no.
    known = {c.category for c in rule_clauses}
    rows: list[tuple[object, object, Sentence]] = []
    for document in tender.documents:
        pages = document.pages
        for p, sentence in document_sentences(page.text for page in pages):
            if sentence.kind in ("object", "selection") or not has_topic_word(sentence.text):
                continue  # no topic word: the model's hits there are noise, and it saves time
            rows.append((document, pages[p], sentence))
    found: dict[str, list[Clause]] = {}
    for (document, page, sentence), candidates in zip(rows, _candidates(artifact, [s.text for _, _, s in rows])):
        placed: dict[str, float] = {}
        for label, prob in candidates:
            category = _place(label, sentence)
            if category is not None and category not in known and category not in placed:
                placed[category] = prob
        if not placed or is_negated(page.text, sentence.start, sentence.end):
            continue
        for category, prob in placed.items():
            found.setdefault(category, []).append(Clause(
                category=category, text=sentence.text, document=document.name, page=page.number,
                start=sentence.start, end=sentence.end, negated=False,
                strength=_strength(category, sentence.text),  # type: ignore[arg-type]
                legal_refs=_legal_refs(sentence.text), confidence=round(prob, 3), source="classifier",
            ))
    extra = []
    for category in CATEGORIES:
        best = sorted(found.get(category, []), key=lambda c: -c.confidence)[:MAX_PER_CATEGORY]
        extra.extend(sorted(best, key=lambda c: (c.document, c.page or 0, c.start)))
    return extra


def _legal_refs(text: str) -> list[str]:
    from nlp.legal_refs import find_legal_refs

    return list(dict.fromkeys(r.id for r in find_legal_refs(text)))


# --- training ----------------------------------------------------------------------------------
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
                    if _CRITERION_WORDS.search(sentence.text):
                        # "Valeur technique / Pondération : 40": teaches that the criterion
                        # format alone says nothing about the category
                        pools.criterion_negatives.append(sentence.text)
                    else:
                        pools.easy_negatives.append(sentence.text)
                elif sentence.kind in ("object", "selection") and not _CRITERION_WORDS.search(sentence.text):
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
                category = _place(classes[j], sentence) if classes[j] != NONE else None
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
    _load.cache_clear()  # a process that trains then analyses sees the new model
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
