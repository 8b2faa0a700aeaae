"""What a sentence says around a model label: topic words, negation, modality, and the category
the label becomes in the sentence's context (the detector's reading, in regexes)."""
from __future__ import annotations

import functools
import re
import unicodedata

from nlp.classifier.sentences import Sentence
from nlp.patterns import load
from taxonomy import CONDITION_OF, CRITERION_OF, RESERVED
from text import fold


def normalise(text: str) -> str:
    """What the vectorizers see: lower case, typographic apostrophes, digits folded to 0."""
    text = unicodedata.normalize("NFC", text).lower().replace("’", "'").replace("\u00a0", " ")
    text = re.sub(r"\d", "0", text)
    return re.sub(r"\s+", " ", text).strip()


# Topic words: a corpus sentence holding one of these is no safe negative (the rules may have
# missed a clause there). Folded (no accents) stems, matched on the folded text.
_SOCIAL = (r"insertion|social|societ|solidaire|\bess\b|handicap|esat|\bea\b|adapte|protege|siae|etti|geiq|"
           r"chomeu|demandeurs? d'emploi|eloigne|apprenti|alternan|egalite|discrimin|\boit\b|travail|emploi|"
           r"rse\b|responsab|benefici|des heures")
_ENVIRONMENTAL = (r"environ|ecolo|\beco-|ecoresp|ecolab|ecoconc|durable|dechet|recycl|reemploi|reutilis|valoris|"
                  r"carbone|\bco2\b|climat|energ|emission|pollu|biodivers|\bbio\b|biolog|label|emballage|gaspill|"
                  r"circulaire|vehicule|rse\b|responsab")
_TOPIC = re.compile(f"{_SOCIAL}|{_ENVIRONMENTAL}|equitable|ethique|fairtrade|vigilance|reserv")
# A label must find its own kind of topic in the sentence: "éléments à caractère environnemental"
# is no social condition, whatever the model's score.
_SOCIAL_TOPIC, _ENVIRONMENTAL_TOPIC = re.compile(_SOCIAL), re.compile(_ENVIRONMENTAL)
_TOPIC_OF = {"insertion_clause": _SOCIAL_TOPIC, "social_condition": _SOCIAL_TOPIC, "social_criterion": _SOCIAL_TOPIC,
             "environmental_condition": _ENVIRONMENTAL_TOPIC, "environmental_criterion": _ENVIRONMENTAL_TOPIC}


def has_topic_word(text: str) -> bool:
    return bool(_TOPIC.search(fold(text)))



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
    return frozenset(str(v).lower() for v in load("cues.yml")["negation_values"])


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
CRITERION_WORDS = re.compile(r"crit[èe]re|pond[ée]ration|\bnot[ée]e?s?\b|\bnotation\b|\d+\s*(?:points?\b|pts\b)", re.IGNORECASE)
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


@functools.cache
def _describe() -> re.Pattern[str]:
    """ "le candidat précisera ses démarches": a request to describe, shared with the detector."""
    phrases = sorted((fold(p) for p in load("cues.yml")["describe"]["phrases"]), key=len, reverse=True)
    return re.compile("|".join(re.escape(p) for p in phrases))


_LABOUR_STANDARDS = re.compile(r"\boit\b|organisation internationale du travail|travail des enfants|travail force|"
                               r"normes fondamentales du travail")


@functools.cache
def _words_of(key: str) -> re.Pattern[str]:
    """A cues.yml word list as one folded regex (the detector's SUPPLY and STAFF cues)."""
    data = load("cues.yml")[key]
    words = sorted((fold(str(w).lower()) for w in data.get("words", []) + data.get("phrases", [])), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


def suppliers_only(folded: str) -> bool:
    """Labour standards bound on the supply chain, not on the contractor's own staff: fair trade
    alone (taxonomy rule 7; the detector's nlp.binding.binds_suppliers_only)."""
    return bool(_LABOUR_STANDARDS.search(folded) and _words_of("supply").search(folded)
                and not _words_of("staff").search(folded))


def place(category: str, sentence: Sentence) -> str | None:
    """The category a model label becomes in the sentence's context; None: no clause there."""
    folded = fold(sentence.text)
    topic = _TOPIC_OF.get(category)
    if topic is not None and not topic.search(folded):
        return None
    placed = _context_category(category, sentence)
    if placed in CRITERION_OF and _describe().search(folded):
        return None  # asks the offer to describe, binds no one (the detector reads it so too)
    if placed == "social_condition" and suppliers_only(folded):
        return None
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
    words = bool(CRITERION_WORDS.search(text))
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


def strength_of(category: str, text: str) -> str:
    if category.endswith("_criterion"):
        return "criterion"
    if category in RESERVED or _MANDATORY.search(text):
        return "mandatory"
    return "mention"
