"""What the web process checks of an upload before anything is stored or queued: types and
sizes only. Every reader, PDFium and the office parsers included, runs in the analysis workers
under their limits (jobs.sandbox); here nothing is parsed beyond magic bytes, an XML root
element, an archive's central directory and the two tiny parts that say which office file a
ZIP is (tenders.documents.zip_format).

Accepted: PDF, DOCX, ODT, XLSX, ODS, HTML, text, XML notices, and ZIP archives of a DCE.
Refused at once, with a 4xx and a French message: an empty or too large file, an unknown type,
a legacy Office file (.doc, .xls, .ppt: the message says to save it as DOCX, XLSX or PDF), an
XML file that is no notice, an archive (ZIP, DOCX, XLSX, ODT, ODS) whose directory declares
too many entries, too many bytes, a zip-bomb ratio, an encrypted entry or a name leading out of
it. Damage deeper in a file shows when the worker reads it: the job then ends in error with the
reason.
"""
from __future__ import annotations

import struct

from tenders.budget import Budget
from tenders.dce import inspect_zip
from tenders.documents import extension, sniff_format
from tenders.errors import DAMAGED_ZIP, CorruptFile, EncryptedFile, ReadError, TooLarge, UnsupportedFormat
from tenders.notices import sniff_notice
from tenders.reader import MAX_FILE_BYTES, is_notice, is_zip

# HTTP status for each kind of refusal
STATUS = {TooLarge: 413, UnsupportedFormat: 415, EncryptedFile: 422, CorruptFile: 422}
_EOCD = b"PK\x05\x06"


def http_status(err: ReadError) -> int:
    return next((code for kind, code in STATUS.items() if isinstance(err, kind)), 422)


def declared_entries(data: bytes) -> int | None:
    """The entry count an archive's end record declares, read without building its directory
    (a forged directory of millions of entries would cost the web process gigabytes)."""
    at = data.rfind(_EOCD, max(0, len(data) - 65_557))
    if at < 0 or at + 22 > len(data):
        return None
    total = struct.unpack("<H", data[at + 10 : at + 12])[0]
    return None if total == 0xFFFF else total  # ZIP64: counted by zipfile below


def check_archive(name: str, data: bytes, budget: Budget) -> None:
    entries = declared_entries(data)
    if entries is not None and entries > budget.max_entries:
        raise TooLarge(f"« {name} » contient trop de fichiers ({entries}, au plus {budget.max_entries}).")
    inspect_zip(name, data, budget)


def check_file(name: str, data: bytes, budget: Budget | None = None) -> str:
    """The kind of input ("notice", "zip", or a document format); ReadError if it must be refused."""
    budget = budget or Budget()
    if not data:
        raise CorruptFile(f"Le fichier « {name} » est vide.")
    if len(data) > MAX_FILE_BYTES:
        raise TooLarge(f"« {name} » dépasse la taille maximale de {MAX_FILE_BYTES // (1024 * 1024)} Mo.")
    if is_notice(name, data):
        if sniff_notice(data) is None:
            raise UnsupportedFormat(f"« {name} » est un fichier XML qui n'est ni un avis TED, ni un avis eForms, "
                                    "ni un avis BOAMP.")
        return "notice"
    if data.startswith(b"PK\x03\x04") or extension(name) == ".zip":
        # Archives and office files (DOCX, XLSX, ODT, ODS are ZIPs too): the declared entry count,
        # then the directory, before anything else opens them.
        try:
            check_archive(name, data, budget)
        except ReadError:
            raise
        except DAMAGED_ZIP as err:
            raise CorruptFile(f"Le document « {name} » est endommagé et n'a pas pu être ouvert.") from err
        if is_zip(name, data):
            return "zip"
    return sniff_format(name, data)


def check_upload(files: list[tuple[str, bytes]], budget: Budget | None = None) -> None:
    """Every file of an upload must pass: one bad file refuses the upload, naming that file."""
    budget = budget or Budget()
    for name, data in files:
        check_file(name, data, budget)
