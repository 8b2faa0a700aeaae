"""Plain text and Markdown files."""
from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import PurePosixPath

from tenders.errors import CorruptFile
from tenders.kinds import detect_kind
from tenders.model import Document, Page
from text.normalise import normalise_whitespace

def decode_text(data: bytes) -> str:
    """Decode bytes written by any usual French tool: UTF-8 (with or without BOM), UTF-16 with
    BOM (Windows "Unicode"), else Windows-1252, else Latin-1 (which never fails)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


_C1 = re.compile("[\u0080-\u009f]")


def repair_c1(text: str) -> str:
    """Windows-1252 punctuation mis-decoded as C1 controls ("l\x92activité" -> "l’activité").

    Published notices often carry these; dropping them would glue words ("lactivité").
    """
    return _C1.sub(lambda m: bytes([ord(m.group())]).decode("cp1252", errors="ignore"), text)


_LONE_LOST = re.compile(r"(?<!\w)\ufffd(?!\w)")
_BULLET_LOST = re.compile(r"(?m)^([ \t]*)\ufffd(?=[ \t]*$)")  # alone on its line: a list bullet
_IN_CAPITALS = re.compile(r"(?<=[A-Z]{2})\ufffd|(?<=[A-Z])\ufffd(?=[A-Z])")  # "MARCH\ufffd", "L\ufffdGAL"
_ELIDED_LOST = re.compile(r"(?<!\w)([ldjmnstc]|qu|jusqu|lorsqu|puisqu)\ufffd(?=[aeiouyhéèêàâîôû])", re.IGNORECASE)


# Words of tenders whose lost letter is not "é" ("crit?res", "cl?ture", "co?t"): each word with
# its one letter other than "é" lost, found whole and given back with its case.
_OTHER_WORDS = ("critère", "critères", "matière", "matières", "première", "premières", "dernière", "dernières",
                "manière", "entière", "particulière", "particulières", "pièce", "pièces", "problème", "système",
                "modèle", "modèles", "règle", "règles", "barème", "siège", "collège", "chèque", "après", "très",
                "accès", "succès", "mètre", "mètres", "même", "mêmes", "fenêtre", "fenêtres", "prêt", "prêts",
                "enquête", "arrêt", "clôture", "hôpital", "contrôle", "contrôles", "dépôt", "dépôts", "rôle",
                "maître", "maîtrise", "connaître", "coût", "coûts", "août", "sûr")
_WORD_OF = {w[:i] + "\ufffd" + w[i + 1:]: w for w in _OTHER_WORDS
            for i in [next(i for i, c in enumerate(w) if c in "èêôîû")]}
_OTHER_LOST = re.compile(r"(?<!\w)(?:" + "|".join(sorted(map(re.escape, _WORD_OF), key=len, reverse=True))
                         + r")(?!\w)", re.IGNORECASE)


def _other_letter(m: re.Match) -> str:
    word, found = _WORD_OF[m.group().lower()], m.group()
    return word.upper() if found.isupper() else word.capitalize() if found[0].isupper() else word


def repair_lost_letters(text: str) -> tuple[str, int]:
    """Characters a past conversion replaced with U+FFFD ("d\ufffdlai", "\ufffd compter",
    "l\ufffdoffre"), guessed: after an elided word before a vowel, the apostrophe; alone on its
    line, a bullet; alone in a line of words, the word "à"; in a known word, its own letter
    ("clôture", "critères"); else inside a word, "é" ("É" among capitals), by far the most
    frequent accented letter in French (and folded like è and ê when rules match). Returns the
    text and how many were guessed."""
    count = text.count("\ufffd")
    if not count:
        return text, 0
    text = _BULLET_LOST.sub(r"\1•", _ELIDED_LOST.sub(r"\1’", text))
    text = _OTHER_LOST.sub(_other_letter, text)  # "crit?res", "cl?ture", "co?t": the word's own letter
    return _IN_CAPITALS.sub("É", _LONE_LOST.sub("à", text)).replace("\ufffd", "é"), count


def normalise_text(text: str) -> str:
    """C1 punctuation repaired, then text.normalise_whitespace (linear, bounded runs)."""
    return normalise_whitespace(repair_c1(text))


_WRAPPED = re.compile(r"[a-zà-ÿ0-9,’']$")
_MONTH_END = re.compile(r"\b(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
                        r"novembre|décembre|decembre)$", re.IGNORECASE)


def _capitals(line: str) -> bool:
    letters = [c for c in line[:200] if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def unwrap_lines(text: str) -> str:
    """Paragraphs hard-wrapped by a word processor, joined again.

    Some notices are saved with one paragraph per indented line and its wrapped rest on
    unindented lines (" Remise" / "des offres : 22 septembre" / "2020 à 15 h"): line-based
    readers (labels, dates) need them whole. A line joins the one before only inside such a
    paragraph (started by an indented line), when that one ends mid-sentence and it goes on in
    lower case, with a colon, or with the year of a date cut after its month.
    """
    out: list[list[str]] = []  # each output line as its pieces: joining stays linear
    in_paragraph = False
    for line in text.split("\n"):
        previous = out[-1][-1].rstrip() if out else ""
        if in_paragraph and previous and line and not line[0].isspace() and (
            ((line[0].islower() or line[0] == ":") and _WRAPPED.search(previous))
            or (line[0].isdigit() and _MONTH_END.search(previous[-12:]))
            or (_capitals(previous) and _capitals(line))  # a heading wrapped: "NOM" / "ET ADRESSE ..."
        ):
            out[-1][-1] = previous
            out[-1].append(line)
            continue
        out.append([line])
        in_paragraph = bool(line.strip()) and (line[0].isspace() or in_paragraph)
    return "\n".join(" ".join(pieces) for pieces in out)


def looks_binary(data: bytes) -> bool:
    """NUL bytes do not occur in text files (UTF-16 aside, which has a BOM)."""
    head = data[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in head


def new_document(
    name: str,
    data: bytes,
    fmt: str,
    pages: list[Page],
    *,
    warnings: list[str] | None = None,
    paginated: bool = False,
) -> Document:
    """A Document with the fields every reader fills the same way (hash, size, kind)."""
    return Document(
        name=name,
        kind=detect_kind(name, "\n\n".join(p.text for p in pages)),
        format=fmt,
        pages=pages,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        warnings=list(warnings or []),
        paginated=paginated,
    )


def read_text(name: str, data: bytes) -> Document:
    if looks_binary(data):
        raise CorruptFile(
            f"Le fichier « {name} » ne contient pas du texte lisible : "
            "vérifiez qu'il s'agit bien d'un fichier texte (.txt ou .md)."
        )
    text, lost = repair_lost_letters(normalise_text(decode_text(data)))
    fmt = "md" if PurePosixPath(name).suffix.lower() in (".md", ".markdown") else "txt"
    if fmt == "txt":
        text = unwrap_lines(text)
    plural = "s" if lost > 1 else ""
    warnings = [f"Le fichier « {name} » contient {lost} caractère{plural} perdu{plural} lors d'une conversion "
                f"antérieure (« \ufffd ») : rétabli{plural} au mieux (é, à, apostrophe), à vérifier sur "
                "l'original."] if lost else []
    return new_document(name, data, fmt, [Page(number=1, text=text)], warnings=warnings)
