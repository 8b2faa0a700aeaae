"""Document readers: PDF, DOCX, ODT, HTML, text, and the dispatch in read_document."""
from __future__ import annotations

import hashlib

import pytest

from tenders.documents import SUPPORTED_EXTENSIONS, read_document, sniff_format
from tenders.errors import CorruptFile, EncryptedFile, ReadError, UnsupportedFormat
from tenders.html import read_html
from tenders.office import read_docx, read_odt
from tenders.pdf import read_pdf
from tenders.text import read_text
from tests.fixtures.documents import docx_bytes, odt_bytes, pdf_bytes, pdf_with_blank_pages, pdf_with_table, zip_bytes

# --- PDF --------------------------------------------------------------------------------------

THREE_PAGES = [
    [
        "Article 1 - Objet",
        "Le titulaire met en oeuvre une demarche environne-",
        "mentale tout au long de",
        "l'execution des prestations.",
    ],
    [
        "Article 2 - Execution",
        "Les sous-",
        "traitants sont declares a l'acheteur.",
        "Les clauses sont detaillees ci-apres :",
        "- premiere obligation",
        "- seconde obligation",
    ],
    [
        "Article 3 - Prix",
        "Le prix est ferme.",
    ],
]


@pytest.fixture(scope="module")
def three_page_pdf() -> bytes:
    return pdf_bytes(THREE_PAGES, header="Marche 2024-17 - CCAP", footer="CCAP - page {page} sur 3")


def test_pdf_pages_are_numbered_from_one(three_page_pdf: bytes) -> None:
    document = read_pdf("ccap.pdf", three_page_pdf)
    assert [page.number for page in document.pages] == [1, 2, 3]
    assert document.paginated and document.page_count == 3
    assert document.format == "pdf"
    assert "Article 2 - Execution" in document.pages[1].text
    assert "Article 3 - Prix" in document.pages[2].text


def test_pdf_running_header_and_footer_are_dropped(three_page_pdf: bytes) -> None:
    document = read_pdf("ccap.pdf", three_page_pdf)
    for page in document.pages:
        assert "Marche 2024-17" not in page.text
        assert "sur 3" not in page.text
    assert document.pages[0].text.startswith("Article 1 - Objet")


def test_pdf_hyphenated_word_and_wrapped_lines_are_rejoined(three_page_pdf: bytes) -> None:
    text = read_pdf("ccap.pdf", three_page_pdf).pages[0].text
    assert "demarche environnementale tout au long de l'execution des prestations." in text
    # The heading stays on its own line.
    assert text.splitlines()[0] == "Article 1 - Objet"


def test_pdf_compound_hyphen_is_kept_and_list_items_stay_lines(three_page_pdf: bytes) -> None:
    lines = read_pdf("ccap.pdf", three_page_pdf).pages[1].text.splitlines()
    assert "Les sous-traitants sont declares a l'acheteur." in lines
    assert "- premiere obligation" in lines
    assert "- seconde obligation" in lines
    assert "Les clauses sont detaillees ci-apres :" in lines


def test_pdf_line_end_hyphen_before_capital_or_digit_is_kept() -> None:
    data = pdf_bytes([["Voir les articles R.2123-", "8 et suivants, et les Courts-", "Circuits."]] * 1)
    text = read_pdf("x.pdf", data).text
    assert "R.2123-8 et suivants" in text
    assert "Courts-Circuits." in text


def test_pdf_hyphen_decision_uses_the_document_own_words() -> None:
    data = pdf_bytes(
        [
            [
                "Un vehicule bas-carbone est exige pour chaque livraison en centre-ville du",
                "",
                "La flotte doit rester bas-",
                "carbone et les auto-",
                "entrepreneurs sont admis ; la clause d'inser-",
                "tion s'applique.",
            ]
        ]
    )
    text = read_pdf("x.pdf", data).text
    assert "rester bas-carbone et les auto-entrepreneurs sont admis ; la clause d'insertion s'applique." in text


def test_pdf_paragraph_break_on_blank_line() -> None:
    data = pdf_bytes([["Premier paragraphe qui se termine", "", "deuxieme paragraphe."]])
    assert read_pdf("x.pdf", data).text == "Premier paragraphe qui se termine\n\ndeuxieme paragraphe."


def test_pdf_table_rows_in_reading_position_without_duplicates() -> None:
    rows = [["Lot", "Intitule", "Montant"], ["1", "Nettoyage des locaux", "12 000"], ["2", "Espaces verts", "8 000"]]
    text = read_pdf("bpu.pdf", pdf_with_table("Avant le tableau.", rows, "Apres le tableau.")).text
    lines = [line for line in text.splitlines() if line]
    assert lines == [
        "Avant le tableau.",
        "Lot | Intitule | Montant",
        "1 | Nettoyage des locaux | 12 000",
        "2 | Espaces verts | 8 000",
        "Apres le tableau.",
    ]
    assert text.count("Nettoyage") == 1


def test_pdf_encrypted_raises_encrypted_file() -> None:
    data = pdf_bytes([["Contenu confidentiel."]], encrypt_with="secret")
    with pytest.raises(EncryptedFile) as caught:
        read_pdf("protege.pdf", data)
    assert "« protege.pdf »" in str(caught.value)
    assert "mot de passe" in str(caught.value)


@pytest.mark.parametrize("damage", ["truncate", "garbage"])
def test_pdf_corrupt_raises_corrupt_file(three_page_pdf: bytes, damage: str) -> None:
    data = three_page_pdf[: len(three_page_pdf) // 3] if damage == "truncate" else b"%PDF-1.7\n" + b"\x00garbage" * 50
    with pytest.raises(CorruptFile) as caught:
        read_pdf("abime.pdf", data)
    assert "endommagé" in str(caught.value)


def test_pdf_page_without_text_is_kept_with_a_warning() -> None:
    document = read_pdf("scan.pdf", pdf_with_blank_pages({1: "Page de garde lisible."}, total=3))
    assert [page.number for page in document.pages] == [1, 2, 3]
    assert document.pages[0].text == "Page de garde lisible."
    assert document.pages[1].text == "" and document.pages[2].text == ""
    assert len(document.warnings) == 1
    assert "2, 3 sans texte" in document.warnings[0] and "scanné" in document.warnings[0]


def test_pdf_without_any_text_says_so() -> None:
    document = read_pdf("scan.pdf", pdf_with_blank_pages({}, total=2))
    assert document.text.strip() == ""
    assert "aucun texte" in document.warnings[0]


# --- DOCX -------------------------------------------------------------------------------------


def _build_docx(document) -> None:
    document.add_heading("Article 5 - Clause sociale", level=1)
    document.add_paragraph("Le titulaire realise une action d'insertion.")
    table = document.add_table(rows=2, cols=3)
    for row, values in zip(table.rows, [("Lot", "Heures", "Public"), ("1", "350", "Jeunes")]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    nested = table.rows[1].cells[2].add_table(rows=1, cols=2)
    nested.rows[0].cells[0].text = "Detail"
    nested.rows[0].cells[1].text = "Suivi"
    document.add_paragraph("Paragraphe final.")


def test_docx_paragraphs_and_tables_in_body_order() -> None:
    data = docx_bytes(_build_docx)
    document = read_docx("ccap.docx", data)
    lines = document.text.splitlines()
    assert lines[0] == "Article 5 - Clause sociale"
    assert lines[1] == "Le titulaire realise une action d'insertion."
    assert lines[2] == "Lot | Heures | Public"
    assert lines[3] == "1 | 350 | Jeunes"
    assert "Detail | Suivi" in lines
    assert lines[-1] == "Paragraphe final."
    assert document.format == "docx" and not document.paginated and document.page_count is None
    assert document.sha256 == hashlib.sha256(data).hexdigest() and document.size == len(data)


def test_docx_merged_cells_are_written_once() -> None:
    def build(document) -> None:
        table = document.add_table(rows=2, cols=3)
        merged = table.cell(0, 0).merge(table.cell(0, 2))
        merged.text = "Titre fusionne"
        for cell, value in zip(table.rows[1].cells, ("a", "b", "c")):
            cell.text = value

    lines = read_docx("t.docx", docx_bytes(build)).text.splitlines()
    assert lines == ["Titre fusionne", "a | b | c"]


def test_docx_corrupt_raises_corrupt_file() -> None:
    with pytest.raises(CorruptFile):
        read_docx("abime.docx", b"PK\x03\x04 not really a zip")
    with pytest.raises(CorruptFile):
        read_docx("vide.docx", zip_bytes({"word/other.xml": "<x/>"}))


def test_docx_password_protected_is_encrypted() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    with pytest.raises(EncryptedFile):
        read_document("protege.docx", ole)


# --- ODT --------------------------------------------------------------------------------------

ODT_BODY = (
    '<text:h text:outline-level="1">Cahier des clauses techniques particulieres</text:h>'
    "<text:p>Deux<text:s text:c=\"2\"/>espaces,<text:tab/>une tabulation"
    "<text:line-break/>et un saut de ligne.</text:p>"
    "<text:list><text:list-item><text:p>premier point</text:p></text:list-item>"
    "<text:list-item><text:p>second point</text:p></text:list-item></text:list>"
    "<table:table><table:table-column/>"
    "<table:table-header-rows><table:table-row>"
    "<table:table-cell><text:p>Poste</text:p></table:table-cell>"
    "<table:table-cell><text:p>Quantite</text:p></table:table-cell>"
    "</table:table-row></table:table-header-rows>"
    "<table:table-row><table:table-cell><text:p>Tonte</text:p></table:table-cell>"
    "<table:table-cell><text:p>12</text:p></table:table-cell>"
    '<table:table-cell table:number-columns-repeated="1000"/></table:table-row>'
    "</table:table>"
    "<text:p>Fin du document.</text:p>"
)


def test_odt_headings_paragraphs_lists_and_tables() -> None:
    document = read_odt("cctp.odt", odt_bytes(ODT_BODY))
    assert document.text.splitlines() == [
        "Cahier des clauses techniques particulieres",
        "Deux espaces,\tune tabulation",
        "et un saut de ligne.",
        "- premier point",
        "- second point",
        "Poste | Quantite",
        "Tonte | 12",
        "Fin du document.",
    ]
    assert document.format == "odt"
    assert document.kind == "CCTP"


def test_odt_corrupt_raises_corrupt_file() -> None:
    bad = zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<not closed"})
    with pytest.raises(CorruptFile):
        read_odt("abime.odt", bad)


# --- HTML -------------------------------------------------------------------------------------


def test_html_blocks_tables_and_no_script() -> None:
    page = (
        "<html><head><meta charset='windows-1252'><title>Avis</title>"
        "<script>var cache = 'secret';</script><style>p { color: red }</style></head>"
        "<body><nav>Accueil | Recherche</nav><h1>Avis d'appel public a la concurrence</h1>"
        "<p>Un march\u00e9 <b>r\u00e9serv\u00e9</b>\n   aux structures.</p>"
        "<table><tr><th>Lot</th><th>Objet</th></tr><tr><td>1</td><td>Entretien</td></tr></table>"
        "<ul><li>premier</li><li>second</li></ul></body></html>"
    ).encode("cp1252")
    document = read_html("avis.html", page)
    lines = document.text.splitlines()
    assert "Un marché réservé aux structures." in lines
    assert "Lot | Objet" in lines and "1 | Entretien" in lines
    assert "- premier" in lines
    assert "secret" not in document.text and "color" not in document.text and "Recherche" not in document.text
    assert document.kind == "AVIS" and document.format == "html"


def test_html_utf8_without_declaration() -> None:
    document = read_html("page.htm", "<p>Économie sociale et solidaire</p>".encode())
    assert document.text == "Économie sociale et solidaire"


# --- text -------------------------------------------------------------------------------------


def test_text_cp1252_and_newlines() -> None:
    data = "Clause d\u2019insertion\r\nsociale \u0153uvre\r\n".encode("cp1252")
    document = read_text("note.txt", data)
    assert document.text == "Clause d\u2019insertion\nsociale \u0153uvre"
    assert document.format == "txt" and document.pages[0].number == 1


def test_text_utf8_bom_and_markdown() -> None:
    document = read_text("lisez-moi.md", "\ufeff# Titre\n\nCorps.".encode("utf-8"))
    assert document.text == "# Titre\n\nCorps."
    assert document.format == "md"


def test_text_latin1_fallback() -> None:
    # 0x81 is undefined in cp1252: only Latin-1 accepts it.
    assert read_text("a.txt", b"caf\xe9 \x81").text.startswith("café")


# --- read_document ----------------------------------------------------------------------------


def test_read_document_dispatches_on_content_and_sets_fields(three_page_pdf: bytes) -> None:
    document = read_document("Reglement de la consultation.PDF", three_page_pdf)
    assert document.format == "pdf" and document.paginated
    assert document.kind == "RC"
    assert document.sha256 == hashlib.sha256(three_page_pdf).hexdigest()
    assert document.size == len(three_page_pdf)
    # Magic bytes beat a wrong extension.
    assert read_document("mal_nomme.txt", three_page_pdf).format == "pdf"
    assert read_document("ae.bin", docx_bytes(_build_docx)).format == "docx"
    assert read_document("cctp", odt_bytes(ODT_BODY)).format == "odt"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("notes", b"Texte simple sans extension.", "txt"),
        ("page", b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("avis.htm", b"<p>x</p>", "html"),
        ("lisez.md", b"# x", "md"),
    ],
)
def test_sniff_format(name: str, data: bytes, expected: str) -> None:
    assert sniff_format(name, data) == expected


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100),
        ("diaporama.pptx", zip_bytes({"ppt/presentation.xml": "<x/>"})),
        ("classeur.xlsb", zip_bytes({"xl/workbook.bin": b"\x00"})),
        ("avis.xml", b"<?xml version='1.0'?><notice/>"),
        ("ancien.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
        ("inconnu", b"\x00\x01\x02binaire"),
        ("dce.zip", zip_bytes({"RC.txt": "x"})),
    ],
)
def test_unsupported_formats_say_what_is_accepted(name: str, data: bytes) -> None:
    with pytest.raises(UnsupportedFormat) as caught:
        read_document(name, data)
    message = str(caught.value)
    assert f"« {name} »" in message and "PDF" in message and ".docx" in message


def test_empty_file_is_a_read_error() -> None:
    with pytest.raises(ReadError):
        read_document("vide.pdf", b"")


def test_supported_extensions_leave_xml_to_notices() -> None:
    assert {".pdf", ".docx", ".odt", ".html", ".txt", ".md"} <= SUPPORTED_EXTENSIONS
    assert ".xml" not in SUPPORTED_EXTENSIONS


def test_odt_password_protected_is_encrypted() -> None:
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/>'
        "</manifest:file-entry></manifest:manifest>"
    )
    data = zip_bytes(
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "META-INF/manifest.xml": manifest,
            "content.xml": b"\x8f\x01encrypted bytes",
        }
    )
    with pytest.raises(EncryptedFile):
        read_document("protege.odt", data)


def test_windows_punctuation_misread_as_control_characters_is_repaired() -> None:
    from tenders.notices._xml import clean
    from tenders.text import normalise_text

    assert normalise_text("insertion par l\u0092activité \u0096 lot 2") == "insertion par l’activité – lot 2"
    assert clean("part d\u0092exécution") == "part d’exécution"


def test_letters_lost_by_an_earlier_conversion_are_guessed_and_said() -> None:
    damaged = "Modalit\ufffds : pay\ufffdes dans un d\ufffdlai de 30 jours \ufffd compter de l\ufffdenvoi de la facture."
    document = read_text("avis.htm.txt", damaged.encode("utf-8"))
    assert document.text == "Modalités : payées dans un délai de 30 jours à compter de l’envoi de la facture."
    assert len(document.warnings) == 1 and "contient 5 caractères perdus" in document.warnings[0]
    assert read_text("liste.txt", " \ufffd\n Localisation".encode()).text == " •\n Localisation"
    assert read_text("propre.txt", "Délai à respecter.".encode()).warnings == []
