"""Optical character recognition of the PDF pages that have no text layer (scans).

Each such page is rendered by PDFium (pypdfium2, already used to read PDFs) as a grey image at
300 dpi and handed to the `tesseract` program with its French data (Debian packages
tesseract-ocr and tesseract-ocr-fra, installed by `make system`). Tesseract is called directly
(subprocess), not through pytesseract or ocrmypdf: the image goes through a pipe as a PGM (no
temporary files, no Pillow at run time), one call gives both the words with their boxes and
their confidences (TSV output), each call has its own timeout, and no further Python package
is needed. Words come back with their positions, so that the PDF reader joins their lines and
paragraphs and drops running headers as it does for a text layer.

OCR is slow (one to three seconds a page): it runs only on pages without text, at most
`Budget.max_ocr_pages` pages and `Budget.max_ocr_seconds` seconds per tender (tenders.budget);
pages beyond are left empty with a warning. Without Tesseract or its French data, nothing is
recognised and the scanned-page warning says why; reading never fails for it.

A page fed upside down or a quarter turn off reads as gibberish, or as lines running down the
page: only then is Tesseract asked for the page's orientation (its `osd` data, --psm 0, about a
second), and the page read again turned upright.
"""
from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from tenders.budget import current

LANGUAGE = "fra"
DPI = 300
MAX_PIXELS = 40_000_000  # an A3 page at 300 dpi is 17 Mpx; huge pages are rendered coarser
PAGE_TIMEOUT = 90.0  # seconds for one page
MIN_CONFIDENCE = 30.0  # a page whose words average less is noise (a photo, a black frame)
FEW_CHARACTERS = 40  # a page with less text than this and a full-page image is a scan too
IMAGE_SHARE = 0.5  # ... when an image covers this share of the page
WORKERS = max(1, min(2, os.cpu_count() or 1))  # Tesseract processes run side by side, one thread each
INK_SHARE = 0.0005  # a page with less ink than this is blank (a scanned back side): not sent to Tesseract
TURNED_BELOW = 60.0  # a page read with less confidence may be turned: its orientation is asked
MIN_ORIENTATION = 1.5  # Tesseract's orientation confidence below which a page is left as it is


@dataclass
class Recognised:
    """What OCR made of a PDF's scanned pages: lines (top, bottom, x0, x1, text) in points from
    the top of each page, by page number; warnings to show; why nothing could be read."""

    lines: dict[int, list[tuple[float, float, float, float, str]]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    unavailable: str | None = None  # French reason, when Tesseract could not be used
    attempted: set[int] = field(default_factory=set)  # pages Tesseract looked at
    skipped: set[int] = field(default_factory=set)  # scans left unread: the tender's OCR cap was reached
    heights: dict[int, float] = field(default_factory=dict)  # pages read a quarter turn off: their height upright

    def why_empty(self, numbers: list[int]) -> str:
        """Why pages are still without text (French, for the scanned-page warning)."""
        if self.unavailable:
            return self.unavailable
        if any(number in self.skipped for number in numbers):
            return "la reconnaissance de caractères du dossier a atteint son plafond"
        if numbers and all(number in self.attempted and number not in self.lines for number in numbers):
            return "la reconnaissance de caractères n'y a trouvé aucun texte lisible"
        return ("hors en-têtes et pieds de page, seule une image ou un schéma y figure, "
                "que la reconnaissance de caractères ne lit que sur les pages scannées")


def tesseract() -> str | None:
    """Path of the tesseract program, None when it is not installed."""
    return shutil.which("tesseract")


@lru_cache(maxsize=4)
def _languages(binary: str) -> frozenset[str]:
    try:
        done = subprocess.run([binary, "--list-langs"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.strip() for line in done.stdout.decode("utf-8", "replace").splitlines()[1:])


def unavailable_reason() -> str | None:
    """Why OCR cannot run here (French), or None when Tesseract and its French data are there."""
    binary = tesseract()
    if binary is None:
        return "la reconnaissance de caractères (Tesseract) n'est pas installée sur ce serveur"
    if LANGUAGE not in _languages(binary):
        return "les données françaises de la reconnaissance de caractères (tesseract-ocr-fra) ne sont pas installées"
    return None


def page_list(numbers: list[int]) -> str:
    """[1, 2, 3, 7] -> "1 à 3, 7"."""
    parts: list[str] = []
    start = previous = None
    for number in sorted(numbers) + [None]:
        if start is not None and (number is None or number != previous + 1):
            parts.append(str(start) if start == previous else f"{start} à {previous}")
            start = None
        if number is not None and start is None:
            start = number
        previous = number
    return ", ".join(parts)


def _is_scan(page, chars: int) -> bool:
    """A page with no text, or little text over an image covering most of it (a scan stamped
    with a page number)."""
    if chars == 0:
        return True
    area = max(page.get_width() * page.get_height(), 1.0)
    for image in page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = image.get_bounds()
        if (right - left) * (top - bottom) >= IMAGE_SHARE * area:
            return True
    return False


def _render(page, rotation: int = 0) -> tuple[bytes, float]:
    """The page as a PGM image (grey, 8 bits), turned `rotation` degrees clockwise, and its
    scale in pixels per point."""
    width, height = page.get_width(), page.get_height()
    scale = min(DPI / 72, math.sqrt(MAX_PIXELS / max(width * height, 1.0)))
    bitmap = page.render(scale=scale, grayscale=True, rotation=rotation)
    try:
        w, h, stride = bitmap.width, bitmap.height, bitmap.stride
        buffer = bytes(bitmap.buffer)
    finally:
        bitmap.close()
    pixels = buffer if stride == w else b"".join(buffer[row * stride : row * stride + w] for row in range(h))
    return b"P5\n%d %d\n255\n" % (w, h) + pixels, scale


def without_text(image: bytes) -> bool:
    """Whether a rendered page cannot hold text: blank (almost no pixel darker than the paper),
    or mostly dark (a photograph, a filled frame). Sampled: a few milliseconds a page."""
    sample = image[image.index(b"255\n") + 4 :: 37]
    if not sample:
        return True
    counts = [sample.count(value) for value in range(256)]
    paper = max(range(256), key=counts.__getitem__)
    if paper < 96:
        return True
    ink = sum(counts[: max(paper - 64, 0)])
    return ink < INK_SHARE * len(sample)


def _run_tesseract(binary: str, image: bytes, dpi: int) -> str:
    """TSV of the words Tesseract finds; raises subprocess.TimeoutExpired or OSError."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    done = subprocess.run([binary, "stdin", "stdout", "-l", LANGUAGE, "--dpi", str(dpi), "--psm", "3", "tsv"],
                          input=image, capture_output=True, timeout=PAGE_TIMEOUT, env=env, check=False)
    if done.returncode != 0:
        raise OSError(done.stderr.decode("utf-8", "replace")[:200])
    return done.stdout.decode("utf-8", "replace")


def _orientation(binary: str, image: bytes) -> int:
    """Degrees clockwise that set the page upright, by Tesseract's orientation detection; 0 when
    it is unsure, finds too little text, or lacks its `osd` data."""
    if "osd" not in _languages(binary):
        return 0
    try:
        done = subprocess.run([binary, "stdin", "stdout", "--psm", "0"], input=image, capture_output=True,
                              timeout=PAGE_TIMEOUT, env=dict(os.environ, OMP_THREAD_LIMIT="1"), check=False)
    except (OSError, subprocess.SubprocessError):
        return 0
    found = done.stdout.decode("utf-8", "replace")
    rotate = re.search(r"^Rotate: (\d+)", found, re.M)
    confidence = re.search(r"^Orientation confidence: ([\d.]+)", found, re.M)
    if done.returncode != 0 or not rotate or not confidence or float(confidence.group(1)) < MIN_ORIENTATION:
        return 0
    return int(rotate.group(1)) % 360


def _sideways(lines) -> bool:
    """Most lines run down the page rather than across it."""
    return sum(1 for top, bottom, x0, x1, _ in lines if bottom - top > x1 - x0) * 2 > len(lines)


def parse_tsv(tsv: str, scale: float) -> tuple[list[tuple[float, float, float, float, str]], float | None]:
    """Lines (top, bottom, x0, x1, text) in points, and the mean word confidence (0-100)."""
    words: dict[tuple[str, str, str], list[tuple[int, int, int, int, str]]] = defaultdict(list)
    confidences: list[float] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        try:
            left, top, width, height = (int(v) for v in cols[6:10])
            confidence = float(cols[10])
        except ValueError:
            continue
        if confidence < 0:
            continue
        confidences.append(confidence)
        words[(cols[2], cols[3], cols[4])].append((left, top, left + width, top + height, cols[11].strip()))
    lines = []
    for boxes in words.values():
        text = " ".join(box[4] for box in boxes)
        lines.append((min(b[1] for b in boxes) / scale, max(b[3] for b in boxes) / scale,
                      min(b[0] for b in boxes) / scale, max(b[2] for b in boxes) / scale, text))
    lines.sort(key=lambda line: (round(line[0]), line[2]))
    return lines, (sum(confidences) / len(confidences) if confidences else None)


def _meaningful(lines, confidence: float | None) -> bool:
    letters = sum(1 for line in lines for char in line[4] if char.isalnum())
    return letters >= 3 and confidence is not None and confidence >= MIN_CONFIDENCE


def recognise(data: bytes, candidates: dict[int, int]) -> Recognised:
    """OCR of the pages of a PDF that need it. `candidates` maps a page number (from 1) to the
    characters its text layer gave (0: none); pages with some text are read only if they are
    scans (an image covering most of the page)."""
    result = Recognised()
    if not candidates:
        return result
    document = pdfium.PdfDocument(data)
    try:
        pages = []
        for number, chars in sorted(candidates.items()):
            page = document[number - 1]
            try:
                if _is_scan(page, chars):
                    pages.append(number)
            finally:
                page.close()
        if pages:
            result.unavailable = unavailable_reason()
            if result.unavailable is None:
                _recognise_pages(document, pages, result)
    except pdfium.PdfiumError:
        pass  # a page PDFium cannot load stays as the text reader left it
    finally:
        document.close()
    return result


def _upright(document, number: int, binary: str, result: Recognised, first: tuple):
    """The page read again turned upright when Tesseract finds it turned; the better reading."""
    page = document[number - 1]
    try:
        image, scale = _render(page)
        rotation = _orientation(binary, image)
        if not rotation:
            return first
        image, scale = _render(page, rotation)
        height = page.get_width() if rotation in (90, 270) else page.get_height()
    finally:
        page.close()
    try:
        lines, confidence = parse_tsv(_run_tesseract(binary, image, round(72 * scale)), scale)
    except (OSError, subprocess.SubprocessError):
        return first
    if confidence is None or (first[1] is not None and confidence < first[1] and not _sideways(first[0])):
        return first
    if rotation in (90, 270):
        result.heights[number] = height
    return lines, confidence


def _recognise_pages(document, numbers: list[int], result: Recognised) -> None:
    budget = current()
    binary = tesseract()
    allowed = max(0, budget.max_ocr_pages - budget.used_ocr_pages)
    skipped = numbers[allowed:]
    started = time.monotonic()
    jobs = {}
    # PDFium is not thread-safe: pages are rendered here, one by one; Tesseract runs alongside.
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for index, number in enumerate(numbers[:allowed]):
            if budget.used_ocr_seconds + (time.monotonic() - started) > budget.max_ocr_seconds:
                skipped = numbers[index:]
                break
            page = document[number - 1]
            try:
                image, scale = _render(page)
            finally:
                page.close()
            if without_text(image):
                result.attempted.add(number)  # nothing to read: Tesseract would say so a second later
                continue
            jobs[number] = (pool.submit(_run_tesseract, binary, image, round(72 * scale)), scale)
            budget.used_ocr_pages += 1
            while sum(1 for job, _ in jobs.values() if not job.done()) > WORKERS:
                time.sleep(0.01)  # at most a couple of images wait in memory
        for number, (job, scale) in jobs.items():
            result.attempted.add(number)
            try:
                lines, confidence = parse_tsv(job.result(), scale)
            except subprocess.TimeoutExpired:
                result.warnings.append(f"Page {number} : la reconnaissance de caractères a dépassé "
                                       f"{PAGE_TIMEOUT:.0f} secondes, la page n'a pas été lue.")
                continue
            except OSError:
                result.warnings.append(f"Page {number} : la reconnaissance de caractères a échoué.")
                continue
            if confidence is None or confidence < TURNED_BELOW or _sideways(lines):
                lines, confidence = _upright(document, number, binary, result, (lines, confidence))
            if _meaningful(lines, confidence):
                result.lines[number] = lines
                note = " : texte peu fiable, à vérifier" if confidence < 60 else ""
                result.warnings.append(f"Page {number} lue par reconnaissance de caractères "
                                       f"(confiance {confidence:.0f} %{note}).")
    budget.used_ocr_seconds += time.monotonic() - started
    result.skipped.update(skipped)
    if skipped:
        several = len(skipped) > 1
        result.warnings.append(
            f"{'Pages' if several else 'Page'} {page_list(skipped)} non {'lues' if several else 'lue'} par "
            f"reconnaissance de caractères : le dossier en a déjà fait lire {budget.used_ocr_pages}, au plus "
            f"{budget.max_ocr_pages} page{'s' if budget.max_ocr_pages > 1 else ''} ou "
            f"{budget.max_ocr_seconds / 60:g} minutes par dossier."
        )
