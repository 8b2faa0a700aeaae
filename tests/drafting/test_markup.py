"""The marked-up copy of the DCE's own CCAP or RC: the proposed articles inserted after the
execution-conditions (or award-criteria) article as Word tracked insertions, everything else as
it was; it opens in python-docx and in LibreOffice."""
from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from drafting import draft
from drafting.markup import mark_up, marked_name, original_docx
from drafting.render import paragraphs
from tests.fixtures.drafting import CCAP_PARAGRAPHS, RC_PARAGRAPHS, make_report, word_file

LOTS = [{"number": "1", "title": "Peinture intérieure", "value_ht": 150_000.0},
        {"number": "2", "title": "Maçonnerie", "value_ht": 240_000.0}]


@pytest.fixture(scope="module")
def levers() -> list[dict]:
    return draft(make_report("Rénovation de l'école des Tilleuls", lots=LOTS))["levers"]


def body_paragraphs(data: bytes) -> list[tuple[str, bool]]:
    """(text, inserted) of each paragraph of the body, tracked insertions included."""
    document = docx.Document(io.BytesIO(data))
    out = []
    for p in document.element.body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        inserted = p.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:ins')}") is not None
        out.append((text, inserted))
    return out


def test_ccap_copy_keeps_every_paragraph_and_inserts_the_articles_after_the_conditions_article(levers):
    original = word_file(CCAP_PARAGRAPHS)
    marked = mark_up(original, "CCAP", levers)
    before = [text for text, _ in body_paragraphs(original)]
    after = body_paragraphs(marked)
    assert [text for text, inserted in after if not inserted] == before  # nothing lost, nothing moved
    inserted = [text for text, flag in after if flag]
    for item in levers:
        assert f"Article proposé — {item['title']}" in inserted
        for para in paragraphs(item["ccap_text"]):
            assert (para if not para.startswith("- ") else "– " + para[2:]) in inserted
    texts = [text for text, _ in after]
    first = texts.index(next(t for t, flag in after if flag))
    assert texts.index("Les travaux bruyants ont lieu pendant les vacances scolaires.") < first  # after 4.1 too
    assert first < texts.index("Article 5 - Prix et paiement")
    assert "Lot n° 1 (Peinture intérieure) : 175\u00a0heures." in " ".join(inserted)
    # every w:ins has an id of its own, an author and a date
    root = docx.Document(io.BytesIO(marked)).element
    ids = [el.get(qn("w:id")) for el in root.iter(qn("w:ins"))]
    assert ids and len(ids) == len(set(ids))
    assert all(el.get(qn("w:author")) and el.get(qn("w:date")) for el in root.iter(qn("w:ins")))


def test_only_the_main_part_changes(levers):
    original = word_file(CCAP_PARAGRAPHS)
    marked = mark_up(original, "CCAP", levers)
    with zipfile.ZipFile(io.BytesIO(original)) as a, zipfile.ZipFile(io.BytesIO(marked)) as b:
        assert a.namelist() == b.namelist()
        changed = [name for name in a.namelist() if a.read(name) != b.read(name)]
    assert changed == ["word/document.xml"]
    assert docx.Document(io.BytesIO(marked)).tables[0].cell(1, 1).text == "150 000 €"


def test_rc_copy_takes_the_rc_texts_after_the_criteria_article(levers):
    marked = mark_up(word_file(RC_PARAGRAPHS, table=False), "RC", levers)
    texts = [text for text, _ in body_paragraphs(marked)]
    social = next(item for item in levers if item["lever"] == "social_criterion")
    first_rc_paragraph = paragraphs(social["rc_text"])[0]
    where = texts.index(first_rc_paragraph)
    assert texts.index("Valeur technique : 40 %") < where < texts.index("Article 3 - Remise des offres")


def test_without_the_article_the_proposals_go_at_the_end_and_say_so(levers):
    marked = mark_up(word_file([("Normal", "Un texte sans article.")], table=False), "CCAP", levers)
    texts = body_paragraphs(marked)
    assert texts[0] == ("Un texte sans article.", False)
    assert "placez-les à l'endroit voulu" in texts[1][0] and texts[1][1]


def test_the_marked_copy_opens_in_libreoffice(levers, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) absent : conversion en PDF non vérifiée (Debian : libreoffice-writer-nogui)")
    path = tmp_path / marked_name("CCAP.docx")
    path.write_bytes(mark_up(word_file(CCAP_PARAGRAPHS), "CCAP", levers))
    profile = tmp_path / "lo-profile"
    result = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                             "--outdir", str(tmp_path), str(path)], check=False, capture_output=True, text=True,
                             timeout=180)
    pdf = tmp_path / "CCAP-propositions.pdf"
    assert result.returncode == 0 and pdf.exists() and pdf.stat().st_size > 1000, result.stderr


def test_the_original_is_found_in_the_files_or_inside_their_zip():
    data = word_file(CCAP_PARAGRAPHS)
    assert original_docx([("CCAP.docx", data)], "CCAP.docx") == data
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("pieces/CCAP.docx", data)
    assert original_docx([("dce.zip", buffer.getvalue())], "pieces/CCAP.docx") == data
    assert original_docx([("dce.zip", None)], "pieces/CCAP.docx", opener=lambda _name: buffer.getvalue()) == data
    assert original_docx([("RC.txt", b"x")], "CCAP.docx") is None
    assert marked_name("pieces/CCAP v2.docx") == "CCAP v2-propositions.docx"
