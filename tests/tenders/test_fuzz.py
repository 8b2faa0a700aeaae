"""Fuzzing every reader: random bytes and mutated real-shaped files never crash the process.

Each input either reads or is refused with a ReadError (a French message for the user); any
other exception is a bug. The same holds for the upload check (tenders/preflight.py), which the
web app and the API run on every file before storing it."""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenders.errors import ReadError
from tenders.preflight import check_file
from tenders.reader import read_files
from tests.fixtures.documents import (
    docx_bytes,
    ods_bytes,
    ods_row,
    odt_bytes,
    pdf_bytes,
    pdf_with_table,
    xlsx_bytes,
    zip_bytes,
)
from tests.fixtures.notices import BOAMP, EFORMS, TED
from tests.fixtures.texts import CCAP_TEXT, RC_TEXT


def _encoded(text) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8")


SEEDS = {
    "CCAP.pdf": pdf_bytes([["Article 7 - Conditions d'exécution", "Le titulaire réserve 350 heures."],
                           ["Article 9 - Paiement", "Délai de 30 jours."]], footer="Page {page}"),
    "RC.pdf": pdf_with_table("Critères", [["Critère", "Pondération"], ["Prix", "60 %"]], "Fin"),
    "CCTP.docx": docx_bytes(lambda d: (d.add_heading("Article 1", 1), d.add_paragraph(CCAP_TEXT))),
    "CCTP.odt": odt_bytes("<text:p>Le titulaire trie les déchets verts.</text:p>"),
    "BPU.xlsx": xlsx_bytes(lambda wb: (wb.active.append(["Poste", "Prix HT"]), wb.active.append(["Tonte", 12.5]))),
    "DQE.ods": ods_bytes('<table:table table:name="DQE">' + ods_row("Tonte", "12", repeat=3) + "</table:table>"),
    "RC.html": f"<html><body><h1>Règlement</h1><p>{RC_TEXT}</p></body></html>".encode(),
    "RC.txt": RC_TEXT.encode("cp1252"),
    "DCE.zip": zip_bytes({"RC.txt": RC_TEXT, "pieces/CCAP.txt": CCAP_TEXT}),
    "ted.xml": _encoded(TED),
    "eforms.xml": _encoded(EFORMS),
    "boamp.xml": _encoded(BOAMP),
}
# FUZZ_EXAMPLES=2000 for a long run on demand; the default keeps `make test` quick.
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 60)), deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                      HealthCheck.data_too_large])


def survives(name: str, data: bytes) -> None:
    """Reading and the upload check either succeed or raise ReadError, nothing else."""
    for reader in (lambda: read_files([(name, data)], name), lambda: check_file(name, data)):
        try:
            reader()
        except ReadError as err:
            assert str(err).strip(), "a refusal always says why"


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    """The seed with a few bytes overwritten, a slice cut out or inserted, or truncated."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if action == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at:at + draw(st.integers(1, 64))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
        else:
            del data[at:]
    return bytes(data)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seeds_read_cleanly(name):
    """The unmutated seeds are valid inputs: the fuzzing starts from files that read."""
    read_files([(name, SEEDS[name])], name)
    check_file(name, SEEDS[name])


@pytest.mark.parametrize("name", sorted(SEEDS))
@FUZZ
@given(data=st.data())
def test_mutated_files_never_crash_a_reader(name, data):
    survives(name, data.draw(mutated(SEEDS[name])))


MAGIC = [b"", b"%PDF-1.7\n", b"PK\x03\x04", b'<?xml version="1.0"?>', b"<html>", b"\xef\xbb\xbf", b"\xff\xfe"]


@FUZZ
@given(name=st.sampled_from(["x.pdf", "x.docx", "x.odt", "x.xlsx", "x.ods", "x.doc", "x.html", "x.txt", "x.md", "x.xml",
                             "x.zip", "x"]),
       head=st.sampled_from(MAGIC), body=st.binary(max_size=2048))
def test_random_bytes_never_crash_a_reader(name, head, body):
    survives(name, head + body)


@settings(max_examples=30, deadline=None)
@given(text=st.text(max_size=3000))
def test_any_text_is_analysed_without_crashing(text):
    """Text that reads goes through detection and scoring too, whatever it contains."""
    from service import analyze_tender as analyze

    try:
        tender = read_files([("avis.txt", text.encode("utf-8"))], "avis.txt")
    except ReadError:
        return
    report = analyze(tender, "avis.txt")
    assert report["score"]["total"] is not None
