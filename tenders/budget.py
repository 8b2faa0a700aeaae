"""What reading one tender may cost, counted across every container it holds.

A DOCX, an XLSX, an ODT or an ODS is a ZIP archive like a DCE, and archives nest: one budget,
shared by all of them, caps the bytes they may decompress, their entries, their compression
ratio (a zip bomb declares tiny compressed sizes), the repeat counts of XML elements ("repeat
this cell 1,048,576 times", "120,000 spaces"), and the characters of text the tender ends up
with, and the pages read by OCR (slow: they are capped in number and in time). Declared sizes are checked before anything is decompressed (Python's zipfile never
inflates an entry past its declared size), so a refusal costs a directory read.

The budget in force is a context variable: `reading(Budget(...))` around a tender's reading,
`current()` in any reader.
"""
from __future__ import annotations

import contextlib
import contextvars
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from tenders.errors import TooLarge

MB = 1024 * 1024


@dataclass
class Budget:
    max_bytes: int = 300 * MB  # decompressed, all containers of the tender together
    max_entries: int = 2000
    max_ratio: int = 200  # for one entry, and for a whole archive, beyond `ratio_floor`
    ratio_floor: int = 2 * MB  # small entries compress well for honest reasons (a page of spaces)
    max_repeat: int = 1000  # XML repeat counts taken at their word
    max_chars: int = 2_000_000  # text of one tender
    # Optical character recognition of scanned pages (tenders.ocr), one to three seconds a page:
    # pages beyond either cap are left unread, with a warning.
    max_ocr_pages: int = 200
    max_ocr_seconds: float = 300.0
    used_bytes: int = 0
    used_entries: int = 0
    used_chars: int = 0
    used_ocr_pages: int = 0
    used_ocr_seconds: float = 0.0

    def check_archive(self, name: str, archive: zipfile.ZipFile) -> None:
        """Charge an archive's declared contents; TooLarge (French message) when over budget."""
        entries = [info for info in archive.infolist() if not info.is_dir()]
        declared = sum(info.file_size for info in entries)
        stored = sum(info.compress_size for info in entries)
        for info in entries:
            if info.file_size > self.ratio_floor and info.file_size > self.max_ratio * max(info.compress_size, 1):
                raise TooLarge(f"« {name} » a été refusé : « {info.filename} » se décompresse "
                               f"{info.file_size // max(info.compress_size, 1)} fois plus gros qu'il n'est stocké "
                               "(archive piégée, dite « bombe ZIP »).")
        if declared > self.ratio_floor * 10 and declared > self.max_ratio * max(stored, 1):
            raise TooLarge(f"« {name} » a été refusé : son contenu se décompresse {declared // max(stored, 1)} fois "
                           "plus gros qu'il n'est stocké (archive piégée, dite « bombe ZIP »).")
        self.used_entries += len(entries)
        if self.used_entries > self.max_entries:
            raise TooLarge(f"« {name} » contient trop de fichiers (plus de {self.max_entries} au total) : "
                           "déposez seulement les pièces du dossier de consultation.")
        self.charge_bytes(name, declared)

    def charge_bytes(self, name: str, n: int) -> None:
        self.used_bytes += n
        if self.used_bytes > self.max_bytes:
            raise TooLarge(f"« {name} » est trop volumineux une fois décompressé (plus de "
                           f"{self.max_bytes // MB} Mo pour le dossier) : déposez les documents utiles séparément.")

    def repeat(self, count: int) -> int:
        """A repeat count as the reader should honour it."""
        return max(0, min(count, self.max_repeat))

    def charge_chars(self, name: str, n: int) -> None:
        self.used_chars += n
        if self.used_chars > self.max_chars:
            raise TooLarge(f"Le dossier dépasse {self.max_chars:,} caractères de texte (à « {name} ») : ".replace(",", " ")
                           + "déposez les pièces utiles (RC, CCAP, CCTP) plutôt que tout le dossier.")


_CURRENT: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("tender_budget", default=None)


def current() -> Budget:
    """The budget of the tender being read; outside `reading`, a fresh one for this call only."""
    budget = _CURRENT.get()
    return budget if budget is not None else Budget()


@contextlib.contextmanager
def reading(budget: Budget | None = None) -> Iterator[Budget]:
    token = _CURRENT.set(budget or Budget())
    try:
        yield _CURRENT.get()
    finally:
        _CURRENT.reset(token)
