"""Reading single DECP values as the platforms write them: amounts as numbers or strings,
dates with or without a time zone, CPV codes with a check digit, lists nested or flat, and the
consideration values, mis-decoded characters ("�") included."""
from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

import yaml

from text import fold

_VOCABULARY = Path(__file__).with_name("vocabulary.yml")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_FRENCH = re.compile(r"^\s*(\d{2})/(\d{2})/(\d{4})")
_SPLIT = re.compile(r"\s*[;,|]\s*")
FIRST_YEAR, LAST_YEAR = 1990, 2100  # a notification year outside these is a typing error
IMPLAUSIBLE_EUR = 1e10  # no single French public contract reaches 10 billion EUR HT: a typing error


@functools.cache
def vocabulary() -> dict:
    return yaml.safe_load(_VOCABULARY.read_text(encoding="utf-8"))


def text_value(value) -> str | None:
    if value is None:
        return None
    return " ".join(str(value).split()) or None


def number(value) -> float | None:
    """12345.6, "12345.60", "12 345,60" -> 12345.6; None when absent or not a number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = re.sub(r"[\s\u00a0\u202f€]", "", str(value))
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def amount_flag(amount: float | None) -> str | None:
    """Why an amount is left out of the sums (decp.model.AMOUNT_FLAGS), or None if it counts."""
    if amount is None:
        return "missing"
    if amount < 0:
        return "negative"
    if amount == 0:
        return "zero"
    if amount == 1:
        return "one"
    if amount >= IMPLAUSIBLE_EUR:
        return "implausible"
    return None


def date_value(value) -> tuple[str | None, str | None]:
    """(ISO date, None) or (None, "missing" | "invalid"); "2021-11-19+03:00" reads as 2021-11-19."""
    text = text_value(value)
    if text is None:
        return None, "missing"
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    elif (match := _FRENCH.match(text)):
        day, month, year = (int(g) for g in match.groups())
    else:
        return None, "invalid"
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None, "invalid"
    if not FIRST_YEAR <= date.year <= LAST_YEAR:
        return None, "invalid"
    return date.isoformat(), None


def cpv_code(value) -> str | None:
    """"45000000-7" -> "45000000"; a 7-digit code lost its leading zero ("9132100" -> "09132100")."""
    text = text_value(value)
    if text is None:
        return None
    digits = text.split("-")[0].strip()
    if not digits.isdigit() or int(digits) == 0:
        return None
    if len(digits) == 7:
        digits = "0" + digits
    return digits if len(digits) == 8 else None


def items(value, inner: str) -> list:
    """The members of a DECP list written `{"inner": [...]}`, `[{"inner": x}, ...]`, `[...]` or
    as one string ("Clause sociale, Critère social" in flat files)."""
    if value is None:
        return []
    if isinstance(value, dict):
        value = value.get(inner, [])
    if isinstance(value, str):
        return [v for v in _SPLIT.split(value) if v.strip()] if value.strip() else []
    if not isinstance(value, list):
        return [value]
    out = []
    for member in value:
        if isinstance(member, dict) and inner in member:
            member = member[inner]
        out.extend(member if isinstance(member, list) else [member])
    return out


def _keys(value: str) -> set[str]:
    """Ways to compare a value: folded, and with every non-ASCII character dropped (so that a
    mis-decoded "Crit�re social" meets "Critère social")."""
    return {fold(value).strip(), "".join(c for c in value.lower() if c.isascii()).strip()}


@functools.cache
def _canonical(family: str) -> dict[str, str]:
    spec = vocabulary()[family]
    known = [spec["none"], *spec["kinds"]]
    return {k: value for value in known for k in _keys(value)}


def considerations(value, family: str) -> tuple[tuple[str, ...] | None, frozenset[str]]:
    """(declared values, kinds) for `considerationsSociales` (family "social") or
    `considerationsEnvironnementales` ("environmental"). Values None when the field is absent or
    empty; any value other than the "none" one is a consideration, of its kind or "other"."""
    inner = {"social": "considerationSociale", "environmental": "considerationEnvironnementale"}[family]
    raw = [text_value(v) for v in items(value, inner)]
    raw = [v for v in raw if v]
    if not raw:
        return None, frozenset()
    canonical = _canonical(family)
    values = []
    for v in raw:
        name = next((canonical[k] for k in _keys(v) if k in canonical), v)
        if name not in values:
            values.append(name)
    spec = vocabulary()[family]
    kinds = frozenset(spec["kinds"].get(v, "other") for v in values if v != spec["none"])
    return tuple(values), kinds


def procedure_name(value) -> str | None:
    text = text_value(value)
    return None if text is None else _procedure(text)


@functools.lru_cache(maxsize=4096)
def _procedure(text: str) -> str:
    text = text.replace("’", "'")
    return _procedures().get(fold(text), text)


@functools.cache
def _procedures() -> dict[str, str]:
    return {fold(k): v for k, v in vocabulary()["procedures"].items()}
