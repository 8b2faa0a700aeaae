"""The "line_breaks" component: sentence starts from the layout of notices and PDF text."""
from __future__ import annotations

import re

import numpy
from spacy.attrs import IDX, IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from nlp.docs import doc_text

_WRAPPED_END = re.compile(r"[a-zà-ÿ,\-’']$")


class LineBreaks:
    """Start a sentence after a line break, unless a lower-case line continues a wrapped one.

    Why: notices put one field per line without final stops ("Clauses sociales : Sans" then
    "Marché réservé : oui"); the statistical senter would merge them and mix their negations.
    PDF text wraps lines mid-sentence: "...et à lutter\\ncontre les discriminations" stays whole.
    The senter also splits on " - " or ":" inside a line ("Critère de qualité - Nom : ..."):
    within a line only a final stop (`terminal`) ends a sentence.
    Works on arrays (no Token objects): setting Token.is_sent_start one by one is O(n) each.
    """

    def __init__(self, nlp: Language, name: str, terminal: list[str]):
        self.name = name
        self.terminal = {nlp.vocab.strings.add(t) for t in terminal}

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n < 2:
            return doc
        text = doc_text(doc)
        arr = doc.to_array([SENT_START, IDX, IS_SPACE, ORTH]).astype("int64")  # SENT_START -1 comes as uint64
        sent_start, idx, is_space = arr[:, 0].tolist(), arr[:, 1].tolist(), arr[:, 2].tolist()
        orth = doc.to_array([ORTH]).tolist()  # hashes: keep them unsigned
        previous = -1  # last non-space token
        after_break = False
        for i in range(n):
            chunk = text[idx[i] : idx[i + 1]] if i + 1 < n else ""
            if not is_space[i]:
                if i > 0:
                    if after_break:
                        prev_text = doc.vocab.strings[orth[previous]] if previous >= 0 else ""
                        wrapped = _WRAPPED_END.search(prev_text) and text[idx[i]].islower()
                        sent_start[i] = -1 if wrapped else 1
                    elif sent_start[i] == 1 and previous >= 0 and orth[previous] not in self.terminal:
                        sent_start[i] = -1
                previous = i
                after_break = False
            elif i > 0 and not after_break:
                sent_start[i] = -1  # spaces stay with the sentence before them
            if "\n" in chunk:
                after_break = True
        sent_start[0] = 1
        doc.from_array([SENT_START], numpy.asarray(sent_start, dtype="int64").astype("uint64").reshape(-1, 1))
        return doc


@Language.factory("line_breaks", default_config={"terminal": [".", "!", "?", ";", "…", "...", ".»", "».", "):"]})
def make_line_breaks(nlp: Language, name: str, terminal: list[str]) -> LineBreaks:
    return LineBreaks(nlp, name, terminal)
