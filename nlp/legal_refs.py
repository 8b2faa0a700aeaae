"""Legal references in French tender text, normalised to stable ids.

"L. 2113-13", "article L.2112-2 du code de la commande publique" -> L2113-13, L2112-2
"article 14 du CMP" / "du code des marchés publics"                -> CMP-14
"article 36 de l'ordonnance du 23 juillet 2015" / "ordonnance n° 2015-899 ... article 38"
                                                                    -> ORD2015-36, ORD2015-38
"article 62 du décret n° 2016-360" / "décret 2016-360 article 62"  -> DEC2016-62
"article 77 de la directive 2014/24/UE"                             -> DIR2014-24-77
Articles of other codes keep a prefix ("L. 5212-1 du code du travail" -> CT-L5212-1) so that they
are never mistaken for CCP articles. Pure functions: text in, references out.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from text import fold

LEGAL_MAP_PATH = Path(__file__).with_name("legal_map.yml")


@dataclass(frozen=True)
class LegalRef:
    start: int  # character offsets of the citation in the text
    end: int
    raw: str  # the citation as written
    id: str  # normalised: L2113-13, CMP-14, ORD2015-36, DEC2016-62, CT-L5212-1
    paragraph: str | None = None  # roman paragraph when written ("36-I" -> "I")


@functools.cache
def _legal_map() -> dict:
    with LEGAL_MAP_PATH.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


# --- regular expressions -------------------------------------------------------------------
_ART = r"(?:articles?|art\.)"
_NUMSIGN = r"(?:n\s*[°ºo]\s*\.?\s*)?"
_PARA = r"(?:\s*-?\s*(?P<para>[IVX]{1,4})\b)?"
# More article numbers in a list: "articles 14 et 15", "articles 110 à 113".
_MORE = r"(?P<more>(?:\s*(?:,|et|à|ou)\s*\d+)*)"

# A code article: L/R/D + 3-4 digits + dash + number(s). Upper case only: "l. 12" is not one.
_CODE_ART = re.compile(r"(?<![A-Za-z])(?P<letter>[LRD])\s*\.?\s*-?\s*(?P<num>\d{3,4}\s*-\s*\d+(?:-\d+)?)\b")
# What may sit between a code article and the name of its code: more articles, list words.
_FILLER = re.compile(
    r"(?:\s*(?:,|et\b|à\b|ou\b|aux?\b|suivants\b|s\.|ss\b\.?|articles?\b|art\.|"
    r"[LRD]\s*\.?\s*-?\s*\d{3,4}\s*-\s*\d+(?:-\d+)?))*",
)
_CODE_NAME = re.compile(
    r"\s*(?:du|de\s+la|de\s+l['’]\s*|des|de)?\s*"
    r"(?:code\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+)?(?P<name>[^\n,;.)]{2,60})"
    r"|(?P<abbr>CCP|CGCT|CJA|CASF|CCH|CT)\b)",
    re.IGNORECASE,
)
_CMP = re.compile(
    rf"\b{_ART}\s*(?P<num>\d+){_PARA}{_MORE}\s+du\s+(?:CMP\b|code\s+des\s+march[ée]s\s+publics)",
    re.IGNORECASE,
)
_ORD_DATE = r"(?:n\s*[°ºo]?\s*\.?\s*2015-899|du\s+23\s+juillet\s+2015|du\s+23[./]0?7[./]2015)"
_ORD_FWD = re.compile(
    rf"\b{_ART}\s*(?P<num>\d+){_PARA}{_MORE}\s+de\s+l['’]\s*ordonnance\s+{_ORD_DATE}",
    re.IGNORECASE,
)
_ORD_REV = re.compile(
    rf"\bordonnance\s+{_NUMSIGN}2015-899\b[^.;\n]{{0,80}}?\b{_ART}\s*(?P<num>\d+){_PARA}",
    re.IGNORECASE,
)
_DEC_DATE = r"(?:n\s*[°ºo]?\s*\.?\s*2016-360|du\s+25\s+mars\s+2016|du\s+25[./]0?3[./]2016)"
_DEC_FWD = re.compile(
    rf"\b{_ART}\s*(?P<num>\d+){_PARA}{_MORE}\s+du\s+d[ée]cret\s+{_DEC_DATE}",
    re.IGNORECASE,
)
_DEC_REV = re.compile(
    rf"\bd[ée]cret\s+{_NUMSIGN}2016-360\b[^.;\n]{{0,80}}?\b{_ART}\s*(?P<num>\d+){_PARA}",
    re.IGNORECASE,
)
_DIR = re.compile(
    rf"\b{_ART}\s*(?P<num>\d+){_PARA}{_MORE}\s+de\s+la\s+directive\s+{_NUMSIGN}(?:\(?UE\)?\s*)?2014/24",
    re.IGNORECASE,
)
_NUMBERED_FAMILIES: tuple[tuple[re.Pattern[str], str], ...] = (
    (_CMP, "CMP-"),
    (_ORD_FWD, "ORD2015-"),
    (_ORD_REV, "ORD2015-"),
    (_DEC_FWD, "DEC2016-"),
    (_DEC_REV, "DEC2016-"),
    (_DIR, "DIR2014-24-"),
)


def _code_prefix(text: str, end: int) -> str:
    """Prefix of the code named right after a code article ("" for the CCP or no code named)."""
    window = text[end : end + 240]
    filler = _FILLER.match(window)
    rest = window[filler.end() if filler else 0 :]
    named = _CODE_NAME.match(rest)
    if not named:
        return ""
    mapping = _legal_map()
    if named.group("abbr"):
        return mapping["abbreviations"].get(named.group("abbr").upper(), "")
    name = fold(named.group("name"))
    for key, prefix in mapping["codes"].items():
        if name.startswith(fold(key)):
            return prefix
    if name.startswith("marches publics"):
        return "CMP?-"  # "L. ... du code des marchés publics" does not exist: keep it apart
    return "CODE-"  # some other code: never a CCP article


def _code_articles(text: str) -> list[LegalRef]:
    refs = []
    for m in _CODE_ART.finditer(text):
        num = re.sub(r"\s+", "", m.group("num"))
        prefix = _code_prefix(text, m.end())
        refs.append(LegalRef(m.start(), m.end(), m.group(0), f"{prefix}{m.group('letter')}{num}"))
    return refs


def _numbered_articles(text: str) -> list[LegalRef]:
    refs: list[LegalRef] = []
    taken: list[tuple[int, int]] = []
    for pattern, prefix in _NUMBERED_FAMILIES:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue  # the reversed form re-reading a citation already read
            taken.append((m.start(), m.end()))
            numbers = [m.group("num")]
            more = m.groupdict().get("more") or ""
            numbers += re.findall(r"\d+", more)
            para = m.group("para").upper() if m.group("para") else None
            for i, number in enumerate(numbers):
                refs.append(
                    LegalRef(m.start(), m.end(), m.group(0), f"{prefix}{int(number)}", para if i == 0 else None)
                )
    return refs


def find_legal_refs(text: str) -> list[LegalRef]:
    """All legal references in `text`, in reading order."""
    refs = _code_articles(text) + _numbered_articles(text)
    seen: set[tuple[int, str]] = set()
    unique = []
    for ref in sorted(refs, key=lambda r: (r.start, r.end)):
        if (ref.start, ref.id) not in seen:
            seen.add((ref.start, ref.id))
            unique.append(ref)
    return unique


def current_articles(norm_id: str) -> list[str]:
    """Today's CCP articles for a normalised id: CMP-14 -> [L2112-2]; a CCP id maps to itself."""
    mapping = _legal_map()["current"]
    if norm_id in mapping:
        return list(mapping[norm_id])
    if re.fullmatch(r"[LRD]\d{4}-\d+(?:-\d+)?", norm_id):
        return [norm_id]
    return []


def is_known_article(norm_id: str) -> bool:
    """True for a CCP article the project knows (legal_map.yml), directly or as a successor."""
    mapping = _legal_map()
    known = set(mapping.get("known_articles", []))
    known |= {a for targets in mapping["current"].values() for a in targets}
    return norm_id in known


def categories_for_ref(norm_id: str, paragraph: str | None = None) -> list[str]:
    """Taxonomy categories an article supports on its own (reserved contracts); [] for most."""
    mapping = _legal_map()
    if paragraph:
        specific = mapping["paragraph_categories"].get(f"{norm_id}-{paragraph}")
        if specific:
            return list(specific)
    return list(mapping["categories"].get(norm_id, []))
