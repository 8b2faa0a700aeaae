"""The "section_headings" component: heading lines as spans (nlp.sections finds them)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.docs import doc_text
from nlp.sections import find_headings


def _heading_field(span: Span, i: int) -> int:
    parts = span.id_.split(":")
    return int(parts[i]) if len(parts) == 2 else 0


Span.set_extension("depth", getter=lambda s: _heading_field(s, 0), force=True)
Span.set_extension("numbered", getter=lambda s: bool(_heading_field(s, 1)), force=True)


@Language.component("section_headings")
def section_headings(doc: Doc) -> Doc:
    spans = []
    for heading in find_headings(doc_text(doc)):
        span = doc.char_span(heading.start, heading.end, label=heading.kind,
                             span_id=f"{heading.depth}:{int(heading.numbered)}", alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans["headings"] = spans
    return doc
