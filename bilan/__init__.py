"""Stage 5, the annual report ("bilan annuel") of a scope's solidarity purchasing, from its
DECP and from the tenders the toolkit analysed.

    bilan.build         the report as a dict (bilan.json)
    bilan.indicators    the figures added up from store.decp's SQL cells (pure)
    bilan.documents     what an analysed tender's documents say (pure)
    bilan.matching      DECP contract -> analysed tender, and disagreements (pure)
    bilan.tender_join   the two joined for a scope and a year
    bilan.texts         the text of each section; bilan.numbers, French number formats
    bilan.render        HTML (its own Jinja templates) and PDF
    bilan.data          the data files: reference.yml (targets, national figures, sources),
                        cpv_divisions.yml, method.yml
"""
from bilan.build import build_report, figures

__all__ = ["build_report", "figures"]
