"""Checks an upload can be read before anything is stored or queued, so that a bad file gets an
immediate, clear answer (a 4xx) instead of a failed analysis later.

Cheap on purpose: the type is told by content (magic bytes, ZIP parts, XML root), archives are
checked from their directory without decompressing, PDFs are opened by PDFium for their page
count only. Deeper damage is still caught by the readers during the analysis.
"""
from __future__ import annotations

from tenders.dce import inspect_zip
from tenders.documents import read_document, sniff_format
from tenders.errors import CorruptFile, EncryptedFile, ReadError, TooLarge, UnsupportedFormat
from tenders.notices import read_notice, sniff_notice
from tenders.pdf import check_pdf
from tenders.reader import MAX_FILE_BYTES, is_notice, is_zip

# HTTP status for each kind of refusal
STATUS = {TooLarge: 413, UnsupportedFormat: 415, EncryptedFile: 422, CorruptFile: 422}


def http_status(err: ReadError) -> int:
    return next((code for kind, code in STATUS.items() if isinstance(err, kind)), 422)


def check_file(name: str, data: bytes) -> str:
    """The kind of input ("notice", "zip", or a document format); ReadError if it must be refused."""
    if not data:
        raise CorruptFile(f"Le fichier « {name} » est vide.")
    if len(data) > MAX_FILE_BYTES:
        raise TooLarge(f"« {name} » dépasse la taille maximale de {MAX_FILE_BYTES // (1024 * 1024)} Mo.")
    if is_notice(name, data):
        if sniff_notice(data) is None:
            raise UnsupportedFormat(f"« {name} » est un fichier XML qui n'est ni un avis TED, ni un avis eForms, "
                                    "ni un avis BOAMP.")
        read_notice(data, name)  # small files; the parser refuses external entities
        return "notice"
    if is_zip(name, data):
        inspect_zip(name, data)
        return "zip"
    kind = sniff_format(name, data)
    if kind == "pdf":
        check_pdf(name, data)  # opening only: reading a long PDF is the analysis' job
        return kind
    read_document(name, data)  # office, HTML and text files read in milliseconds: damage shows now
    return kind



def check_upload(files: list[tuple[str, bytes]]) -> None:
    """Every file of an upload must pass: one bad file refuses the upload, naming that file."""
    for name, data in files:
        check_file(name, data)
