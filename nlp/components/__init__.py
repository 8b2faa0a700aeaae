"""spaCy components of the French pipeline, registered with spaCy's factories on import, so
that `nlp.add_pipe(name)` works in any pipeline:

- "line_breaks"       a line break ends a sentence unless the line is visibly wrapped
- "legal_refs"        doc.spans["legal_refs"]: label = normalised id (L2113-13, CMP-14...),
                      span id = the paragraph (I, II) when the reference gives one
- "section_headings"  doc.spans["headings"]: label = section kind (award, execution...),
                      span id = "depth:numbered"
- "clause_matcher"    doc.spans["clauses"]: label = taxonomy category, span id = the pattern
                      group id (nlp/patterns); doc.spans["cues"]: label = NEGATION, MANDATORY...
"""
from nlp.components import clause_matcher, headings, legal_refs, line_breaks  # noqa: F401

__all__ = ["clause_matcher", "headings", "legal_refs", "line_breaks"]
