"""HTML printed to PDF with WeasyPrint: the report export and the guide use it alike."""
from __future__ import annotations


def html_to_pdf(text: str, base_url: str | None = None) -> bytes:
    """Print an HTML page to PDF bytes; RuntimeError (French message) if WeasyPrint cannot run."""
    try:
        from weasyprint import HTML  # late: needs Pango on the system, the app runs without it
    except (ImportError, OSError) as err:
        raise RuntimeError("Impossible de produire le PDF : WeasyPrint ou la bibliothèque Pango manque "
                           f"({err}). La version HTML reste disponible.") from err
    return HTML(string=text, base_url=base_url).write_pdf()
