"""Whether the files could be read at all: a scan that OCR could not read leaves pages without
text, and a score computed on them would say "nothing found" where nothing was read."""
from __future__ import annotations

from tenders.model import Tender

MIN_CHARS = 40  # fewer letters than this on a page: nothing was read there
WITHHOLD_SHARE = 0.5  # half the pages or more unread: no score


def unread_pages(tender: Tender) -> tuple[int, int]:
    """(pages without readable text, pages) over the paginated documents."""
    pages = [p for d in tender.documents if d.paginated for p in d.pages]
    unread = sum(1 for p in pages if sum(c.isalnum() for c in p.text) < MIN_CHARS)
    return unread, len(pages)


def withheld(tender: Tender) -> str | None:
    """Why the score is withheld, in French, or None when the files were read."""
    unread, total = unread_pages(tender)
    if not total or unread / total < WITHHOLD_SHARE:
        return None
    return (f"Score non calculé : {unread} page{'s' if unread > 1 else ''} sur {total} "
            f"{'sont' if unread > 1 else 'est'} sans texte lisible (document scanné que la reconnaissance "
            "de caractères n'a pas pu lire). Le score et les obligations ne sont pas évalués ; déposez une "
            "version texte (PDF exporté, DOCX) ou un scan plus net.")
