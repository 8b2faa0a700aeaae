"""Where a contract is: the département and région of a place of execution or of a postcode,
from the INSEE codes in departements.yml."""
from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from text import fold

_DATA = Path(__file__).with_name("departements.yml")
_DIGITS5 = re.compile(r"(\d{5})")


@functools.cache
def geography() -> dict:
    return yaml.safe_load(_DATA.read_text(encoding="utf-8"))


def regions() -> dict[str, str]:
    return geography()["regions"]


def departements() -> dict[str, dict]:
    return geography()["departements"]


def region_of(departement: str | None) -> str | None:
    found = departements().get(departement or "")
    return found["region"] if found else None


def departement_of_postcode(code: str | None) -> str | None:
    """"75011" -> "75", "20200" -> "2B", "97411" -> "974"; None if not a French postcode."""
    match = _DIGITS5.search(code or "")
    if not match:
        return None
    code = match.group(1)
    if code in geography()["postcode_exceptions"]:
        return geography()["postcode_exceptions"][code]
    if code.startswith("20"):
        dep = "2A" if code[:3] in ("200", "201") else "2B"
    elif code.startswith("97") or code.startswith("98"):
        dep = code[:3]
    else:
        dep = code[:2]
    return dep if dep in departements() else None


def _departement_of_insee(code: str) -> str | None:
    """The département at the head of an INSEE code of a commune, arrondissement or canton."""
    code = code.upper()
    head = code[:3] if code.startswith(("97", "98")) else code[:2]
    return head if head in departements() else None


def _departement_code(code: str) -> str | None:
    code = code.upper().strip()
    if code.isdigit() and len(code) == 1:
        code = "0" + code
    return code if code in departements() else None


@functools.lru_cache(maxsize=256)
def _kind(type_code: str) -> str:
    return fold(type_code)


def locate(type_code: str | None, code: str | None) -> tuple[str | None, str | None]:
    """(département, région) of a DECP `lieuExecution`; (None, None) when it names neither (a
    country, a code that is not INSEE's...). A région code gives a région without département."""
    code = (code or "").strip()
    if not code:
        return None, None
    kind = _kind(type_code or "")
    if "region" in kind:
        padded = code.zfill(2) if code.isdigit() else code
        return None, padded if padded in regions() else None
    if "pays" in kind:
        return None, None
    if "departement" in kind:
        dep = _departement_code(code)
    elif "commune" in kind:
        dep = _departement_of_insee(code) if len(code) == 5 else None
    elif "arrondissement" in kind or "canton" in kind:
        dep = _departement_of_insee(code) if 3 <= len(code) <= 5 else None
    elif "postal" in kind or len(code) == 5:
        dep = departement_of_postcode(code)
    else:
        dep = _departement_code(code)
    return dep, region_of(dep)
