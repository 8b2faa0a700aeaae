"""Read any input into one Tender: a file, a folder of files, a ZIP, or uploaded files.

Notices (XML) fill the structured fields; every other file becomes a Document. A folder or a ZIP
is one tender made of its files. An unreadable file among several is reported as a warning and
the rest is read; a single unreadable input raises ReadError.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from tenders.budget import Budget, reading
from tenders.dce import read_zip
from tenders.documents import is_archive, read_document
from tenders.errors import ReadError, TooLarge
from tenders.identity import read_identity
from tenders.model import Document, Tender
from tenders.notices import read_notice, sniff_notice
from tenders.structure import skipped_spans
from tenders.terms import read_terms
from text.normalise import normalise_whitespace

MAX_FILE_BYTES = 200 * 1024 * 1024  # one file; larger inputs are refused before reading
MAX_FOLDER_FILES = 1000


def is_zip(name: str, data: bytes) -> bool:
    """A DCE archive to open; an office file (DOCX, XLSX, ODT, ODS: ZIPs too) is one document."""
    return is_archive(name, data)


def is_notice(name: str, data: bytes) -> bool:
    return name.lower().endswith(".xml") or (data.lstrip()[:5] == b"<?xml" and sniff_notice(data) is not None)


def _read_notice_part(name: str, data: bytes) -> Tender:
    if sniff_notice(data) is None:
        raise ReadError(f"« {name} » est un fichier XML qui n'est ni un avis TED, ni un avis eForms, ni un avis BOAMP.")
    return read_notice(data, name)


def read_files(files: list[tuple[str, bytes]], source: str, warnings: list[str] | None = None,
               progress: Callable[[int, int], None] | None = None, budget: Budget | None = None) -> Tender:
    """One tender from named file contents (an upload, a folder's files, or one file), read
    under one budget (tenders.budget) for all its containers and its text.

    `progress(done, total)` is called before each file and at the end (files read so far)."""
    with reading(budget) as spent:
        return _read_files(files, source, warnings, progress, spent)


def _read_files(files, source, warnings, progress, spent: Budget) -> Tender:
    tender = Tender(source=source)
    warnings = list(warnings or [])
    single = len(files) == 1 and not warnings
    for index, (name, data) in enumerate(files):
        if progress:
            progress(index, len(files))
        done = len(tender.documents)
        try:
            if len(data) > MAX_FILE_BYTES:
                raise TooLarge(f"« {name} » dépasse la taille maximale de {MAX_FILE_BYTES // (1024 * 1024)} Mo.")
            if not data:
                raise ReadError(f"« {name} » est vide.")
            if is_notice(name, data):
                tender.merge(_read_notice_part(name, data))
            elif is_zip(name, data):
                notices: list[Tender] = []

                def read_other(entry: str, raw: bytes) -> bool | None:
                    # A notice inside a DCE: its fields are merged below; True tells read_zip
                    # it was taken (None would mean "unsupported", with a warning).
                    if entry.lower().endswith(".xml") and sniff_notice(raw):
                        notices.append(read_notice(raw, entry))
                        return True
                    return None

                documents, zip_warnings = read_zip(name, data, read_other=read_other)
                warnings.extend(zip_warnings)
                for notice in notices:
                    tender.merge(notice)
                tender.documents.extend(documents)
                if not documents and not notices:
                    raise ReadError(f"L'archive « {name} » ne contient aucun document lisible.")
            else:
                tender.documents.append(read_document(name, data))
            _settle(tender.documents[done:], spent)
        except TooLarge:
            raise  # over the tender's budget: the whole upload is refused, not read in part
        except ReadError as err:
            if single:
                raise
            warnings.append(str(err))
    if progress:
        progress(len(files), len(files))
    if not tender.documents:
        raise ReadError("Aucun document lisible : " + " ; ".join(warnings) if warnings else "Aucun document fourni.")
    if warnings:
        tender.notice_fields.setdefault("warnings", []).extend(warnings)
    fields = tender.notice_fields  # what a notice's structured fields say of the tender's identity
    if tender.publication_date is None and fields.get("publication_date"):
        tender.publication_date = str(fields["publication_date"])[:10]
    if tender.value_ht is None and fields.get("estimated_value"):
        tender.value_ht = float(fields["estimated_value"])
    read_identity(tender)
    tender.terms = read_terms(tender)
    return tender


def _settle(documents: list[Document], spent: Budget) -> None:
    """Every page's whitespace normalised (linear, bounded runs: text.normalise), what is no
    evidence marked (tenders.structure), and the text charged against the character budget."""
    for document in documents:
        for page in document.pages:
            page.text = normalise_whitespace(page.text)
            page.skip = sorted(page.skip + skipped_spans(page.text, document.kind))  # readers' own marks kept
            spent.charge_chars(document.name, len(page.text))


def collect_files(path: str | Path) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The named contents of a file or of a folder's files (recursively), and what was skipped."""
    p = Path(path)
    if not p.exists():
        raise ReadError(f"« {path} » n'existe pas.")
    if not p.is_dir():
        if p.stat().st_size > MAX_FILE_BYTES:
            raise TooLarge(f"« {p.name} » dépasse la taille maximale de {MAX_FILE_BYTES // (1024 * 1024)} Mo.")
        return [(p.name, p.read_bytes())], []
    paths = sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
    if len(paths) > MAX_FOLDER_FILES:
        raise TooLarge(f"Le dossier « {path} » contient plus de {MAX_FOLDER_FILES} fichiers.")
    files, skipped = [], []
    for f in paths:
        name = str(f.relative_to(p))
        if f.stat().st_size > MAX_FILE_BYTES:
            skipped.append(f"« {name} » dépasse la taille maximale de {MAX_FILE_BYTES // (1024 * 1024)} Mo : ignoré.")
        else:
            files.append((name, f.read_bytes()))
    if not files:
        raise ReadError(f"Le dossier « {path} » ne contient aucun fichier lisible.")
    return files, skipped
