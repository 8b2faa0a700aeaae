"""DOCX: headers and footers read once and kept apart, tables (merged and nested cells), text
boxes and content controls in reading order."""
from __future__ import annotations

import io
import zipfile

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from tenders.documents import read_document
from tenders.office import FURNITURE_TITLE, is_furniture
from tests.fixtures.documents import docx_bytes, odt_bytes, zip_bytes

WPS = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
VML = 'xmlns:v="urn:schemas-microsoft-com:vml"'


def _text_box(text: str) -> str:
    """A run holding a text box as Word writes it: the DrawingML shape, and a VML copy of the
    same text for older readers (mc:Fallback), which must not be read twice."""
    content = f'<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>'
    return (
        f'<w:r {nsdecls("w")} {MC} {WPS} {VML}><mc:AlternateContent>'
        f'<mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp></w:drawing></mc:Choice>'
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


def _build(document) -> None:
    section = document.sections[0]
    section.header.paragraphs[0].text = "Ville de Valbrune - Marché n° 2025-14"
    section.footer.paragraphs[0].text = "CCAP - page 1"
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Ville de Valbrune - Marché n° 2025-14"  # the same: read once
    document.add_heading("Cahier des clauses administratives particulières", level=1)
    anchor = document.add_paragraph("Voir l'encadré.")
    anchor._p.append(parse_xml(_text_box("Clause d'insertion : 350 heures réservées.")))
    control = parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="Avance"/></w:sdtPr><w:sdtContent>'
        "<w:p><w:r><w:t>Le taux de l'avance est fixé à 10 %.</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    document.element.body.insert(len(document.element.body) - 1, control)  # before the final sectPr
    inline = document.add_paragraph("Délai de paiement : ")
    inline._p.append(parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtContent><w:r><w:t>30 jours</w:t></w:r></w:sdtContent></w:sdt>'))
    inline._p.append(parse_xml(f'<w:del {nsdecls("w")}><w:r><w:delText>60 jours</w:delText></w:r></w:del>'))
    table = document.add_table(rows=3, cols=2)
    lot = table.cell(0, 0).merge(table.cell(1, 0))  # a label spanning two rows
    lot.text = "Lot 1"
    table.cell(0, 1).text = "Tonte"
    table.cell(1, 1).text = "Élagage"
    table.cell(2, 0).text = "Lot 2"
    nested = table.cell(2, 1).add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "Clauses sociales"
    nested.cell(0, 1).text = "Sans"
    document.add_paragraph("Fin du cahier.")


def test_docx_headers_and_footers_are_read_once_on_a_last_page_apart() -> None:
    document = read_document("CCAP.docx", docx_bytes(_build))
    assert len(document.pages) == 2
    body, furniture = document.pages
    assert "Valbrune" not in body.text and "page 1" not in body.text
    assert furniture.text.splitlines() == [FURNITURE_TITLE, "Ville de Valbrune - Marché n° 2025-14", "CCAP - page 1"]
    assert is_furniture(document, furniture) and not is_furniture(document, body)
    assert document.kind == "CCAP" and not document.paginated


def test_docx_body_in_reading_order_with_boxes_controls_and_tables() -> None:
    lines = read_document("CCAP.docx", docx_bytes(_build)).pages[0].text.splitlines()
    assert lines == [
        "Cahier des clauses administratives particulières",
        "Voir l'encadré.",
        "Clause d'insertion : 350 heures réservées.",  # the text box, once, after its anchor
        "Le taux de l'avance est fixé à 10 %.",  # a block content control
        "Délai de paiement : 30 jours",  # an inline one; the deleted "60 jours" is gone
        "Lot 1 | Tonte",
        " | Élagage",  # the merged label is written once, its lower part left empty
        "Lot 2 |",
        "Clauses sociales | Sans",  # the nested table, after the row that holds it
        "Fin du cahier.",
    ]


def test_docx_without_headers_has_one_page() -> None:
    document = read_document("AE.docx", docx_bytes(lambda d: d.add_paragraph("Acte d'engagement")))
    assert [page.number for page in document.pages] == [1]
    assert not is_furniture(document, document.pages[0])


def test_docx_with_macros_reads_as_a_docx() -> None:
    data = docx_bytes(lambda d: d.add_paragraph("Acte d'engagement"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml")
    document = read_document("AE.docm", zip_bytes(parts))
    assert document.format == "docx" and document.text == "Acte d'engagement" and document.kind == "AE"


def test_odt_headers_and_footers_are_page_furniture_as_in_a_docx() -> None:
    master = ('<style:master-page style:name="Standard">'
              "<style:header><text:p>Commune de Saint-Aubin - RC - Marché de tonte</text:p></style:header>"
              "<style:footer><text:p>Clause d'insertion : voir article 9</text:p></style:footer>"
              "</style:master-page>"
              '<style:master-page style:name="Annexe"><style:footer><text:p>Clause d\'insertion : voir article 9'
              "</text:p></style:footer></style:master-page>")
    document = read_document("RC.odt", odt_bytes("<text:p>Article 1 - Objet : tonte</text:p>", master))
    body, furniture = document.pages
    assert body.text == "Article 1 - Objet : tonte"
    assert furniture.text.split("\n") == [FURNITURE_TITLE, "Commune de Saint-Aubin - RC - Marché de tonte",
                                          "Clause d'insertion : voir article 9"]
    assert is_furniture(document, furniture) and furniture.skip == [(0, len(furniture.text))]
    assert len(read_document("RC.odt", odt_bytes("<text:p>Objet : tonte</text:p>")).pages) == 1
