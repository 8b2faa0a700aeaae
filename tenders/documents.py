"""One entry point for every tender document: `read_document(name, data)`.

The format is recognised from the content first (a PDF renamed ".doc" is still a PDF), then
from the extension. Notices in XML are not read here: the orchestrator sends them to
tenders.notices.
"""
from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import PurePosixPath

from tenders.errors import DAMAGED_ZIP, CorruptFile, EncryptedFile, UnsupportedFormat
from tenders.html import read_html
from tenders.kinds import detect_kind
from tenders.model import Document
from tenders.office import ODT_MIMETYPE, read_docx, read_odt
from tenders.pdf import read_pdf
from tenders.text import looks_binary, read_text

SUPPORTED_EXTENSIONS: frozenset[str] = frozenset(
    {".pdf", ".docx", ".odt", ".html", ".htm", ".xhtml", ".txt", ".text", ".md", ".markdown"}
)
ACCEPTED_FORMATS = "PDF, Word (.docx), OpenDocument (.odt), HTML, texte (.txt, .md)"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office files, and encrypted DOCX
_EXTENSION_FORMATS = {
    ".pdf": "pdf", ".docx": "docx", ".odt": "odt", ".html": "html", ".htm": "html",
    ".xhtml": "html", ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
}
_READERS = {
    "pdf": read_pdf, "docx": read_docx, "odt": read_odt, "html": read_html, "txt": read_text, "md": read_text,
}


def extension(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


def unsupported(name: str, what: str | None = None) -> UnsupportedFormat:
    detail = f" ({what})" if what else ""
    return UnsupportedFormat(
        f"Le format du fichier « {name} »{detail} n'est pas pris en charge. "
        f"Formats acceptés : {ACCEPTED_FORMATS}, ou une archive ZIP du dossier de consultation."
    )


def _zip_format(data: bytes) -> str | None:
    """docx, odt, zip (any other archive), or None when the archive cannot be opened."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return "odt"
            return "zip"
    except (*DAMAGED_ZIP, KeyError):
        return None


def _looks_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]


def sniff_format(name: str, data: bytes) -> str:
    """The reader to use: pdf, docx, odt, html, txt, md. Raises ReadError otherwise."""
    ext = extension(name)
    if not data:
        raise CorruptFile(f"Le fichier « {name} » est vide.")
    if b"%PDF-" in data[:1024]:  # some producers write bytes before the header
        return "pdf"
    if data.startswith(b"PK\x03\x04") or ext in (".docx", ".odt"):
        found = _zip_format(data)
        if found in ("docx", "odt"):
            return found
        if found == "zip" and ext not in (".docx", ".odt"):
            raise unsupported(name, "archive ZIP : à déposer comme dossier de consultation")
        if ext in (".docx", ".odt") and data.startswith(_OLE_MAGIC):
            raise EncryptedFile(
                f"Le document « {name} » est protégé par un mot de passe : retirez la protection puis réessayez."
            )
        if ext in (".docx", ".odt"):
            return _EXTENSION_FORMATS[ext]  # its reader explains the damage
        raise unsupported(name)
    if data.startswith(_OLE_MAGIC):
        raise unsupported(name, "ancien format Office : enregistrez-le en .docx ou en PDF")
    if ext in _EXTENSION_FORMATS:
        return _EXTENSION_FORMATS[ext]
    if ext in ("", ".htm", ".html") and _looks_html(data):
        return "html"
    if ext == "" and not looks_binary(data):
        return "txt"
    raise unsupported(name)


def read_document(name: str, data: bytes) -> Document:
    """Read one document of a tender (not a ZIP, not an XML notice)."""
    fmt = sniff_format(name, data)
    document = _READERS[fmt](name, data)
    # Readers fill these already; set them here too so that every path agrees.
    document.name = name
    document.sha256 = hashlib.sha256(data).hexdigest()
    document.size = len(data)
    document.paginated = fmt == "pdf"
    document.kind = detect_kind(name, document.text)
    return document
