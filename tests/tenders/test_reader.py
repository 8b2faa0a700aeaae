"""One tender from any input: a file, a folder, a ZIP with a notice inside, uploaded files."""
from __future__ import annotations

import pytest

from tenders.errors import ReadError
from tenders.reader import collect_files, read_files
from tests.fixtures.documents import pdf_bytes, zip_bytes
from tests.fixtures.notices import TED

CCTP = "CAHIER DES CLAUSES TECHNIQUES PARTICULIÈRES\n\nLe titulaire livre des repas en liaison froide."


def test_a_folder_is_one_tender_of_its_files(tmp_path):
    (tmp_path / "pieces").mkdir()
    (tmp_path / "pieces" / "CCTP.txt").write_text(CCTP, encoding="utf-8")
    (tmp_path / "RC.pdf").write_bytes(pdf_bytes(["RÈGLEMENT DE LA CONSULTATION\nObjet : repas"]))
    tender = _read_path(tmp_path)
    assert sorted((d.name, d.kind) for d in tender.documents) == [("RC.pdf", "RC"), ("pieces/CCTP.txt", "CCTP")]
    assert tender.source == str(tmp_path)


def test_a_notice_in_a_zip_fills_the_structured_fields_without_warning():
    data = zip_bytes({"DCE/avis.xml": TED, "DCE/CCTP.txt": CCTP})
    tender = read_files([("dce.zip", data)], "dce.zip")
    assert tender.title  # from the notice
    assert {d.kind for d in tender.documents} == {"AVIS", "CCTP"}
    assert "warnings" not in tender.notice_fields


def test_one_bad_file_among_several_is_a_warning(tmp_path):
    files = [("CCTP.txt", CCTP.encode()), ("CCAP.pdf", b"%PDF-1.4 garbage")]
    tender = read_files(files, "upload")
    assert [d.name for d in tender.documents] == ["CCTP.txt"]
    assert any("CCAP.pdf" in w for w in tender.notice_fields["warnings"])


def test_a_single_bad_file_is_refused_with_its_name():
    with pytest.raises(ReadError, match="CCAP.pdf"):
        read_files([("CCAP.pdf", b"%PDF-1.4 garbage")], "CCAP.pdf")


def test_an_xml_that_is_not_a_notice_is_refused():
    with pytest.raises(ReadError):
        read_files([("data.xml", b"<?xml version='1.0'?><root/>")], "data.xml")


def test_missing_path_is_refused(tmp_path):
    with pytest.raises(ReadError, match="n'existe pas"):
        _read_path(tmp_path / "nope.pdf")


def test_title_guessed_from_the_objet_line():
    text = "RÈGLEMENT DE LA CONSULTATION\nObjet de la consultation : Nettoyage des locaux de la mairie\n"
    assert read_files([("RC.txt", text.encode())], "RC.txt").title == "Nettoyage des locaux de la mairie"


def test_title_from_the_object_sentence_is_tidied():
    from tenders.reader import read_files

    text = ("Objet du marché :\nLe présent marché a pour objet la fourniture de tables pour la cantine du collège "
            "Jean Moulin et de chaises adaptées aux enfants de maternelle, où elles seront livrées et montées par "
            "le titulaire avant la rentrée.\n")
    tender = read_files([("CCAP.txt", text.encode())], "CCAP.txt")
    assert tender.title.startswith("Fourniture de tables pour la cantine")
    assert len(tender.title) <= 150 and "où elles" not in tender.title


def _read_path(path):
    files, skipped = collect_files(path)
    return read_files(files, str(path), skipped)


def _read(text: str, name: str = "avis.txt"):
    return read_files([(name, text.encode())], name)


def test_the_procedure_on_its_labelled_line_wins_over_one_named_earlier():
    text = ("Avis de marché\nLe précédent marché avait été passé en procédure négociée.\n"
            "IV.1.1) Type de procédure :\nProcédure ouverte\n")
    assert _read(text).procedure == "Procédure ouverte"


def test_an_english_form_names_the_procedure_in_french():
    assert _read("Contract notice\nIV.1.1) Type of procedure\nOpen procedure\n").procedure == "Procédure ouverte"


def test_the_buyer_is_cut_from_the_long_address_line_after_its_label():
    line = ("Département de Valbrune, Numéro national d'identification : 22985000300018, 8 rue de la Pompe, "
            "Point(s) de contact : Direction des achats, 97645, Valbrune, F, Téléphone : (+33) 2 69 66 10 00, "
            "Courriel : achats valbrune.fr , Code NUTS : FRY50, " + "Adresse des services : bâtiment A. " * 4)
    assert len(line) > 300
    assert _read(f"Avis de marché\nI.1) NOM ET ADRESSES\n{line}\n").buyer == "Département de Valbrune"
    assert _read("I.1) Name and addresses\nNom officiel: Chambre de commerce de Valbrune\n").buyer == \
        "Chambre de commerce de Valbrune"
