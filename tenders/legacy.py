"""Legacy office files (Word 97-2003 .doc, RTF, Excel 97-2003 .xls), still common in real DCEs
(forms such as the AE or the DC1, older CCAPs, price schedules), converted by LibreOffice to
DOCX or XLSX and then read by the readers of those formats.

LibreOffice (Debian packages libreoffice-writer-nogui and libreoffice-calc-nogui, installed by
`make system`) runs headless on a copy of the file in a temporary folder, with a profile of its
own (two conversions at once do not share a lock) and a time limit; like every reader it runs
in the analysis worker, never in the web process. Without it, such files are refused with a
message saying how to save them, as before.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tenders.errors import CorruptFile

TIMEOUT = 120.0  # seconds for one file; a normal form takes about one
TARGETS = {"doc": "docx", "rtf": "docx", "xls": "xlsx"}  # legacy format -> what LibreOffice writes
# The library each target needs (Writer, Calc): Debian's libreoffice-core ships the launcher
# alone, each module adds its own.
_LIBRARIES = {"docx": "libswlo.so", "xlsx": "libsclo.so"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def available(fmt: str) -> bool:
    """Whether files of this legacy format can be converted here: LibreOffice and its module
    (Writer for .doc and .rtf, Calc for .xls) installed."""
    binary = soffice()
    if fmt not in TARGETS or binary is None:
        return False
    return (Path(os.path.realpath(binary)).parent / _LIBRARIES[TARGETS[fmt]]).is_file()


def convert(name: str, data: bytes, fmt: str) -> bytes:
    """The file converted to DOCX or XLSX; CorruptFile (French) when LibreOffice cannot."""
    target = TARGETS[fmt]
    with tempfile.TemporaryDirectory(prefix="legacy-") as folder:
        work = Path(folder)
        source = work / f"document.{fmt}"
        source.write_bytes(data)
        command = [soffice() or "soffice", "--headless", "--norestore", "--nolockcheck",
                   f"-env:UserInstallation=file://{work / 'profile'}", "--convert-to", target,
                   "--outdir", str(work / "out"), str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False,
                           env=dict(os.environ, HOME=str(work)), cwd=work)
        except subprocess.TimeoutExpired:
            raise CorruptFile(f"Le fichier « {name} » n'a pas pu être converti en {TIMEOUT:.0f} secondes "
                              f"(ancien format Office) : enregistrez-le au format {target.upper()} ou PDF.") from None
        except OSError:
            raise CorruptFile(f"Le fichier « {name} » (ancien format Office) n'a pas pu être converti : "
                              f"enregistrez-le au format {target.upper()} ou PDF.") from None
        converted = work / "out" / f"document.{target}"
        if not converted.is_file() or converted.stat().st_size == 0:
            raise CorruptFile(f"Le fichier « {name} » (ancien format Office) est endommagé ou illisible : "
                              f"enregistrez-le au format {target.upper()} ou PDF.")
        return converted.read_bytes()
