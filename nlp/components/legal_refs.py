"""The "legal_refs" component: article references as spans (nlp.legal_refs finds them)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.docs import doc_text
from nlp.legal_refs import find_legal_refs

Span.set_extension("legal_id", getter=lambda s: s.label_, force=True)
Span.set_extension("paragraph", getter=lambda s: s.id_ or None, force=True)


@Language.component("legal_refs")
def legal_refs_component(doc: Doc) -> Doc:
    spans = []
    for ref in find_legal_refs(doc_text(doc)):
        span = doc.char_span(ref.start, ref.end, label=ref.id, span_id=ref.paragraph or "", alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans["legal_refs"] = spans
    return doc
