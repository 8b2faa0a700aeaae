"""Helpers on spaCy docs shared by the components and the detector."""
from __future__ import annotations

from spacy.tokens import Doc


def doc_text(doc: Doc) -> str:
    """doc.text, computed once per doc (spaCy rebuilds it from the tokens at every access)."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text
