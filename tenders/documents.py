"""One entry point for every tender document: `read_document(name, data)`.

The format is recognised from the content first (a PDF renamed ".doc" is still a PDF), then
from the extension. An office file is a ZIP archive: its parts say what it is (word/document.xml,
xl/workbook.xml, an OpenDocument mimetype), so that a DOCX, an XLSX, an ODT or an ODS is read as
one document wherever it comes from (an upload, a folder, a DCE archive), never opened as an
archive of the DCE. Notices in XML are not read here: the orchestrator sends them to
tenders.notices.
"""
from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import PurePosixPath

from tenders import legacy
from tenders.errors import DAMAGED_ZIP, CorruptFile, EncryptedFile, UnsupportedFormat
from tenders.html import read_html
from tenders.kinds import detect_kind
from tenders.model import Document
from tenders.office import read_docx, read_odt
from tenders.pdf import read_pdf
from tenders.spreadsheet import read_csv, read_ods, read_xlsx
from tenders.text import looks_binary, read_text

ACCEPTED_FORMATS = ("PDF, Word (.docx, et .doc quand LibreOffice est installé), OpenDocument (.odt, .ods), "
                    "Excel (.xlsx, et .xls quand LibreOffice est installé), CSV, HTML, texte (.txt, .md)")

_EXTENSION_FORMATS = {
    ".pdf": "pdf", ".docx": "docx", ".docm": "docx", ".dotx": "docx", ".odt": "odt", ".ott": "odt",
    ".xlsx": "xlsx", ".xlsm": "xlsx", ".xltx": "xlsx", ".ods": "ods", ".ots": "ods",
    ".csv": "csv", ".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
}
def _converted(reader):
    """A reader of a legacy format: LibreOffice converts (tenders.legacy), `reader` reads."""
    def read(name: str, data: bytes, fmt: str) -> Document:
        document = reader(name, legacy.convert(name, data, fmt))
        document.format = fmt
        return document
    return read


_READERS = {
    "pdf": read_pdf, "docx": read_docx, "odt": read_odt, "xlsx": read_xlsx, "ods": read_ods,
    "html": read_html, "txt": read_text, "md": read_text, "csv": read_csv,
}
_LEGACY_READERS = {"doc": _converted(read_docx), "rtf": _converted(read_docx), "xls": _converted(read_xlsx)}
OFFICE_FORMATS = frozenset({"docx", "odt", "xlsx", "ods"})
OFFICE_EXTENSIONS = frozenset(ext for ext, fmt in _EXTENSION_FORMATS.items() if fmt in OFFICE_FORMATS)
PAGINATED_FORMATS = frozenset({"pdf", "xlsx", "ods", "xls", "csv"})  # a spreadsheet's pages are its sheets

# Files read_document refuses with a message saying how to save them in a format it reads:
# legacy Office (OLE) files, presentations, binary workbooks.
_REFUSED = {
    ".doc": "un document Word à l'ancien format (.doc) : enregistrez-le au format DOCX ou PDF",
    ".dot": "un modèle Word à l'ancien format (.dot) : enregistrez-le au format DOCX ou PDF",
    ".rtf": "un document RTF : enregistrez-le au format DOCX ou PDF",
    ".xls": "un classeur Excel à l'ancien format (.xls) : enregistrez-le au format XLSX ou PDF",
    ".xlt": "un modèle Excel à l'ancien format (.xlt) : enregistrez-le au format XLSX ou PDF",
    ".xlsb": "un classeur Excel binaire (.xlsb) : enregistrez-le au format XLSX ou PDF",
    ".ppt": "une présentation PowerPoint à l'ancien format (.ppt) : enregistrez-la au format PDF",
    ".pps": "une présentation PowerPoint à l'ancien format (.pps) : enregistrez-la au format PDF",
    ".pptx": "une présentation PowerPoint : enregistrez-la au format PDF",
    ".odp": "une présentation OpenDocument : enregistrez-la au format PDF",
}
# Extensions read_document answers for: it reads them, or refuses them with a precise message
# (a DCE archive hands these entries to it, and leaves the others to the notice reader).
SUPPORTED_EXTENSIONS: frozenset[str] = frozenset(_EXTENSION_FORMATS) | frozenset(_REFUSED)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office files, and encrypted OOXML files
# Stream names of an OLE compound file (UTF-16 in its directory) and the extension they stand for.
_OLE_STREAMS = (
    ("EncryptedPackage", "encrypted"),  # a password-protected DOCX or XLSX
    ("WordDocument", ".doc"),
    ("PowerPoint Document", ".ppt"),
    ("Workbook", ".xls"),
    ("Book", ".xls"),  # Excel 5 and 95; last, as a word of the text of the others may spell it
)
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.text-template": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.spreadsheet-template": "ods",
    b"application/vnd.oasis.opendocument.presentation": ".odp",
}
_OOXML_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx", "xl/workbook.bin": ".xlsb",
                "ppt/presentation.xml": ".pptx"}
# Main-part content types, for packages whose parts are not named as Office names them.
_OOXML_TYPES = (
    (b"wordprocessingml.document.main+xml", "docx"), (b"wordprocessingml.template.main+xml", "docx"),
    (b"ms-word.document.macroEnabled.main+xml", "docx"),
    (b"spreadsheetml.sheet.main+xml", "xlsx"), (b"spreadsheetml.template.main+xml", "xlsx"),
    (b"ms-excel.sheet.macroEnabled.main+xml", "xlsx"), (b"presentationml.presentation.main+xml", ".pptx"),
)
_SMALL_PART = 64 * 1024  # the mimetype and [Content_Types].xml parts are read only when this small


def extension(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


def unsupported(name: str, what: str | None = None) -> UnsupportedFormat:
    detail = f" ({what})" if what else ""
    return UnsupportedFormat(
        f"Le format du fichier « {name} »{detail} n'est pas pris en charge. "
        f"Formats acceptés : {ACCEPTED_FORMATS}, ou une archive ZIP du dossier de consultation."
    )


def refused(name: str, ext: str) -> UnsupportedFormat:
    """A file in a format that cannot be read, saying how to save it in one that can."""
    return UnsupportedFormat(
        f"Le fichier « {name} » est {_REFUSED[ext]}, puis déposez-le de nouveau "
        f"(formats acceptés : {ACCEPTED_FORMATS})."
    )


def _small_part(archive: zipfile.ZipFile, part: str) -> bytes | None:
    try:
        info = archive.getinfo(part)
    except KeyError:
        return None
    return archive.read(info) if info.file_size <= _SMALL_PART else None


def zip_format(data: bytes) -> str | None:
    """What a ZIP holds: "docx", "odt", "xlsx", "ods", a refused office extension (".pptx",
    ".odp", ".xlsb"), "zip" (any other archive: a DCE), or None when it cannot be opened.
    Only the directory and two tiny parts are read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                found = _ODF_MIMETYPES.get((_small_part(archive, "mimetype") or b"").strip())
                if found:
                    return found
            for part, fmt in _OOXML_PARTS.items():
                if part in names:
                    return fmt
            types = _small_part(archive, "[Content_Types].xml") if "[Content_Types].xml" in names else None
            for content_type, fmt in _OOXML_TYPES if types else ():
                if content_type in types:
                    return fmt
            return "zip"
    except (*DAMAGED_ZIP, KeyError):
        return None


def is_archive(name: str, data: bytes) -> bool:
    """Whether an input is a DCE archive to open (rather than one document): a ".zip" name, or
    ZIP content that is no office file (a DOCX, an XLSX, an ODT, an ODS is a document)."""
    ext = extension(name)
    if ext == ".zip":
        return True
    if data[:4] != b"PK\x03\x04" or ext in OFFICE_EXTENSIONS or ext in _REFUSED:
        return False
    return zip_format(data) == "zip"


def _ole_kind(data: bytes) -> str | None:
    for stream, kind in _OLE_STREAMS:
        if stream.encode("utf-16-le") in data:
            return kind
    return None


def _sniff_ole(name: str, data: bytes) -> str:
    """An OLE file is a legacy Office file or an encrypted OOXML one: the legacy format to
    convert ("doc", "xls") when LibreOffice can; raises otherwise."""
    ext = extension(name)
    kind = _ole_kind(data)
    if kind == "encrypted" or (kind is None and ext in OFFICE_EXTENSIONS):
        raise EncryptedFile(
            f"Le document « {name} » est protégé par un mot de passe : retirez la protection puis réessayez."
        )
    if kind is not None and legacy.available(kind[1:]):
        return kind[1:]
    if kind is not None:  # what the file holds, whatever its name says
        raise refused(name, kind)
    if ext in _REFUSED:
        raise refused(name, ext)
    raise unsupported(name, "ancien format Office : enregistrez-le au format DOCX, XLSX ou PDF")


def _looks_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]


def sniff_format(name: str, data: bytes) -> str:
    """The reader to use: pdf, docx, odt, xlsx, ods, html, txt, md, or a legacy format LibreOffice
    converts (doc, rtf, xls). Raises ReadError otherwise."""
    ext = extension(name)
    if not data:
        raise CorruptFile(f"Le fichier « {name} » est vide.")
    if b"%PDF-" in data[:1024]:  # some producers write bytes before the header
        return "pdf"
    if data.startswith(_OLE_MAGIC):
        return _sniff_ole(name, data)
    if data.startswith(b"PK\x03\x04") or ext in OFFICE_EXTENSIONS:
        found = zip_format(data)
        if found in OFFICE_FORMATS:
            return found
        if found in _REFUSED:
            raise refused(name, found)
        if ext in OFFICE_EXTENSIONS:
            return _EXTENSION_FORMATS[ext]  # its reader explains the damage
        if found == "zip":
            raise unsupported(name, "archive ZIP : à déposer comme dossier de consultation")
        raise unsupported(name)
    if ext in ("", ".htm", ".html", ".xls", ".doc") and _looks_html(data):
        return "html"  # web applications export tables as HTML named ".xls", Word saves HTML as ".doc"
    if data.startswith(b"{\\rtf") and legacy.available("rtf"):
        return "rtf"
    if ext in _REFUSED:
        raise refused(name, ext)
    if ext in _EXTENSION_FORMATS:
        return _EXTENSION_FORMATS[ext]
    if ext == "" and not looks_binary(data):
        return "txt"
    raise unsupported(name)


def read_document(name: str, data: bytes) -> Document:
    """Read one document of a tender (not a ZIP, not an XML notice)."""
    fmt = sniff_format(name, data)
    document = _LEGACY_READERS[fmt](name, data, fmt) if fmt in _LEGACY_READERS else _READERS[fmt](name, data)
    # Readers fill these already; set them here too so that every path agrees.
    document.name = name
    document.sha256 = hashlib.sha256(data).hexdigest()
    document.size = len(data)
    document.paginated = fmt in PAGINATED_FORMATS
    document.kind = detect_kind(name, document.text)
    return document
