"""Consultation files (DCE) delivered as ZIP archives.

Archives come from the outside: their declared contents are charged to the tender's budget
(tenders.budget: bytes, entries, compression ratio) before any entry is decompressed; names that
would lead out of the archive ('..', absolute paths) refuse it; symbolic links are skipped.
"""
from __future__ import annotations

import io
import re
import stat
import zipfile
from pathlib import PurePosixPath
from typing import Callable

from tenders.budget import Budget, current
from tenders.documents import ACCEPTED_FORMATS, SUPPORTED_EXTENSIONS, extension, read_document
from tenders.errors import DAMAGED_ZIP, CorruptFile, EncryptedFile, ReadError, TooLarge
from tenders.model import Document

_NOISE_FILES = {"thumbs.db", "desktop.ini", ".ds_store"}
_DRIVE = re.compile(r"^[A-Za-z]:")

# read_other(path, bytes) for entries the readers here do not know (XML notices): returns a
# Document to add, None when it does not take the entry (a warning is given), or any other
# value (e.g. True) when it consumed the entry itself. A ReadError it raises becomes a warning.
ReadOther = Callable[[str, bytes], object]


def entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's name as its author wrote it: archives made on Windows without the UTF-8 flag
    store names in the OEM code page (cp850 in France), which zipfile decodes as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp850", errors="replace")


def is_noise(path: str) -> bool:
    """Folders' metadata that no one means as a document (macOS forks, hidden files, thumbnails)."""
    parts = [part for part in path.replace("\\", "/").split("/") if part]
    if not parts:
        return True
    if any(part == "__MACOSX" or part.startswith(".") for part in parts):
        return True
    return parts[-1].lower() in _NOISE_FILES or parts[-1].startswith("~$")  # ~$: Office lock files


def _is_encrypted(info: zipfile.ZipInfo) -> bool:
    return bool(info.flag_bits & 0x1)


def _encrypted(name: str) -> EncryptedFile:
    return EncryptedFile(
        f"L'archive « {name} » est protégée par un mot de passe : retirez la protection puis réessayez."
    )


def _corrupt(name: str) -> CorruptFile:
    return CorruptFile(
        f"L'archive « {name} » est endommagée ou incomplète et n'a pas pu être ouverte : téléchargez-la de nouveau."
    )


def _open_archive(name: str, data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except DAMAGED_ZIP as err:
        raise _corrupt(name) from err


def _file_entries(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    return [info for info in archive.infolist() if not info.is_dir()]


def _read_archive(
    name: str,
    data: bytes,
    budget: Budget,
    prefix: str,
    depth: int,
    read_other: ReadOther | None,
    documents: list[Document],
    warnings: list[str],
) -> None:
    with _open_archive(name, data) as archive:
        budget.check_archive(name, archive)
        for info in sorted(_file_entries(archive), key=lambda i: entry_name(i).casefold()):
            path = prefix + entry_name(info)
            if is_noise(path):
                continue
            if _is_encrypted(info):
                raise _encrypted(name)
            if _is_symlink(info):  # a link's "content" is a path on the sender's machine: never followed
                warnings.append(f"« {path} » ignoré : c'est un lien symbolique, pas un document.")
                continue
            try:
                content = archive.read(info)  # never more than its declared size, charged above
            except DAMAGED_ZIP as err:  # a damaged entry, however it fails, is left aside
                warnings.append(f"« {path} » ignoré : ce fichier de l'archive est endommagé ({type(err).__name__}).")
                continue
            _read_member(path, content, budget, depth, read_other, documents, warnings)


def _skipped(path: str, err: ReadError) -> str:
    reason = str(err)
    return f"« {path} » ignoré : {reason[:1].lower()}{reason[1:]}"


def _read_member(
    path: str,
    content: bytes,
    budget: Budget,
    depth: int,
    read_other: ReadOther | None,
    documents: list[Document],
    warnings: list[str],
) -> None:
    ext = extension(path)
    if ext == ".zip":
        if depth >= 1:
            warnings.append(f"« {path} » ignoré : archive trop profondément imbriquée (une seule archive dans l'archive).")
            return
        try:
            _read_archive(path, content, budget, path + "/", depth + 1, read_other, documents, warnings)
        except (CorruptFile, EncryptedFile) as err:
            warnings.append(_skipped(path, err))
        return
    try:
        if ext in SUPPORTED_EXTENSIONS:
            documents.append(read_document(path, content))
            return
        taken = read_other(path, content) if read_other is not None else None
        if isinstance(taken, Document):
            documents.append(taken)
        elif taken is None:
            warnings.append(f"« {path} » ignoré : format non pris en charge (formats acceptés : {ACCEPTED_FORMATS}).")
        # Any other value: the caller consumed the entry itself (e.g. a notice merged into the tender).
    except TooLarge:
        raise
    except ReadError as err:
        warnings.append(_skipped(path, err))


def inspect_zip(name: str, data: bytes, budget: Budget | None = None) -> None:
    """Cheap checks before an upload is stored: the archive opens, its declared sizes, counts and
    compression ratios are within bounds, no name leads out of it, no entry is encrypted.
    Nothing is decompressed."""
    budget = budget or Budget()
    with _open_archive(name, data) as archive:
        budget.check_archive(name, archive)
        for info in _file_entries(archive):
            try:
                _safe_relative(info.filename)  # "../x" or "/etc/x": a forged archive, refused outright
            except ReadError as err:
                raise ReadError(f"« {name} » : {err}") from err
            if _is_encrypted(info):
                raise _encrypted(name)


def read_zip(
    name: str,
    data: bytes,
    *,
    read_other: ReadOther | None = None,
) -> tuple[list[Document], list[str]]:
    """Documents of a DCE archive (Document.name is the entry path) and French warnings for
    entries left aside. `read_other(path, bytes)` is offered what this module does not read
    (XML notices): see ReadOther for what it may return.

    Raises TooLarge, EncryptedFile or CorruptFile for the archive as a whole. The tender's budget
    (tenders.budget) is charged with the archive and its nested ones.
    """
    budget = current()
    documents: list[Document] = []
    warnings: list[str] = []
    _read_archive(name, data, budget, "", 0, read_other, documents, warnings)
    return documents, warnings


# --- names ------------------------------------------------------------------------------


def _unsafe_name(name: str) -> ReadError:
    return ReadError(
        f"L'archive contient un chemin dangereux (« {name} ») qui sortirait du dossier de destination : "
        "elle n'a pas été ouverte. Demandez une archive propre à l'acheteur."
    )


def _safe_relative(name: str) -> PurePosixPath:
    """The entry's path relative to the target folder, or ReadError for a malicious name."""
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or _DRIVE.match(normalised) or "\x00" in normalised:
        raise _unsafe_name(name)
    parts = [part for part in normalised.split("/") if part not in ("", ".")]
    if any(part == ".." for part in parts) or not parts:
        raise _unsafe_name(name)
    return PurePosixPath(*parts)


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16)  # 3: Unix
