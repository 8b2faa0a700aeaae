"""The shared spaCy pipeline: fr_core_news_sm's sentence splitter plus the rule components of
nlp/components, loaded once per process."""
from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex, compile_suffix_regex

import nlp.components  # noqa: F401  (registers the factories)
from nlp.components.clause_matcher import patterns_need_tagger
from nlp.patterns import pattern_files

MODEL = "fr_core_news_sm"
TAGGER_PIPES = ("tok2vec", "morphologizer", "attribute_ruler", "lemmatizer")


@functools.cache
def get_nlp() -> Language:
    """fr_core_news_sm with its senter, without parser and NER.

    The tagger, lemmatizer and their tok2vec are not even loaded while no pattern uses
    LEMMA/POS/TAG/MORPH: the senter has its own tok2vec and gives the same sentences, and the
    rules match lower-cased text. Excluding rather than disabling them saves about 1.8 s of a
    cold start and their memory (bench/run). Most of what remains (about 3.5 s) is Python
    compiling the French tokenizer's 1.4 MB exception regex.
    """
    need_tagger = patterns_need_tagger(p.read_text(encoding="utf-8") for p in pattern_files())
    excluded = ["parser", "ner"] + ([] if need_tagger else list(TAGGER_PIPES))
    nlp = spacy.load(MODEL, exclude=excluded)
    # Flattened notice lists glue items as "environnementales,- Qualité": split ",-" off the word.
    nlp.tokenizer.suffix_search = compile_suffix_regex(list(nlp.Defaults.suffixes) + [r"[,;:]-+"]).search
    # TED renders glue a weight to its criterion ("Emploi et formation:5 %"): split ":" there.
    nlp.tokenizer.infix_finditer = compile_infix_regex(list(nlp.Defaults.infixes) + [r"(?<=[^\W\d_]):(?=\d)"]).finditer
    nlp.enable_pipe("senter")
    nlp.add_pipe("line_breaks", after="senter")
    nlp.add_pipe("legal_refs")
    nlp.add_pipe("section_headings")
    nlp.add_pipe("clause_matcher")
    return nlp
