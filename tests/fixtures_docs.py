"""Builders of small test documents (PDF with fpdf2, DOCX with python-docx, ODT and ZIP by hand).

Texts are invented for the tests; core PDF fonts only know Latin-1, so no curly quotes here.
"""
from __future__ import annotations

import io
import zipfile
from typing import Iterable

import docx
from fpdf import FPDF

LEFT = 20
LINE_H = 6


class _RunningPdf(FPDF):
    """A PDF whose pages carry a running header and a "Page n/N" footer."""

    header_text: str | None = None
    footer_text: str | None = None

    def header(self) -> None:
        if self.header_text:
            self.set_font("helvetica", size=9)
            self.set_xy(LEFT, 8)
            self.cell(text=self.header_text)
            self.set_xy(LEFT, 30)

    def footer(self) -> None:
        if self.footer_text:
            self.set_font("helvetica", size=9)
            self.set_xy(LEFT, -15)
            self.cell(text=self.footer_text.format(page=self.page_no()))


def pdf_bytes(
    pages: Iterable[Iterable[str]],
    *,
    header: str | None = None,
    footer: str | None = None,
    encrypt_with: str | None = None,
) -> bytes:
    """One PDF page per item of `pages`; each string is one printed line ("" for a blank line)."""
    pdf = _RunningPdf(format="A4")
    pdf.header_text, pdf.footer_text = header, footer
    pdf.set_auto_page_break(False)
    for lines in pages:
        pdf.add_page()
        pdf.set_font("helvetica", size=11)
        y = 30
        for line in lines:
            if line:
                pdf.set_xy(LEFT, y)
                pdf.cell(text=line)
            y += LINE_H
    if encrypt_with:
        pdf.set_encryption(owner_password="owner-" + encrypt_with, user_password=encrypt_with)
    return bytes(pdf.output())


def pdf_with_table(before: str, rows: list[list[str]], after: str) -> bytes:
    """A page with a line of text, a ruled table, then another line."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.set_xy(LEFT, 30)
    pdf.cell(text=before)
    pdf.set_xy(LEFT, 45)
    with pdf.table(width=150, align="LEFT", first_row_as_headings=False) as table:
        for row in rows:
            table_row = table.row()
            for cell in row:
                table_row.cell(cell)
    pdf.set_xy(LEFT, pdf.get_y() + 10)
    pdf.cell(text=after)
    return bytes(pdf.output())


def pdf_with_blank_pages(text_pages: dict[int, str], total: int) -> bytes:
    """`total` pages; those not in `text_pages` hold only a drawn rectangle, like a scan's frame."""
    pdf = FPDF(format="A4")
    pdf.set_font("helvetica", size=11)
    for number in range(1, total + 1):
        pdf.add_page()
        if number in text_pages:
            pdf.set_xy(LEFT, 30)
            pdf.cell(text=text_pages[number])
        else:
            pdf.rect(20, 20, 170, 250, style="F")
    return bytes(pdf.output())


def docx_bytes(build) -> bytes:
    """`build(document)` fills a new python-docx Document."""
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


ODT_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
)


def odt_bytes(body_xml: str) -> bytes:
    """A minimal ODT: the mimetype entry first and uncompressed, then content.xml."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>'
        f'<office:document-content {ODT_NAMESPACES} office:version="1.3">'
        f"<office:body><office:text>{body_xml}</office:text></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def zip_bytes(entries: dict[str, bytes | str], *, compress: bool = True) -> bytes:
    buffer = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()
