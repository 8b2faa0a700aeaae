"""Shared helpers of the notice readers: safe parsing, text clean-up, dates, numbers."""
from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from tenders.errors import CorruptFile
from tenders.text import repair_c1

# Notices come from the outside: never resolve entities, never fetch a DTD, never accept
# documents that need lxml's "huge tree" mode (billion-laughs style inputs).
_PARSER_OPTIONS = dict(
    resolve_entities=False,
    no_network=True,
    huge_tree=False,
    load_dtd=False,
    remove_comments=True,
    remove_pis=True,
)


def make_parser() -> etree.XMLParser:
    return etree.XMLParser(**_PARSER_OPTIONS)


def parse(data: bytes, name: str) -> etree._Element:
    """Parse bytes into the root element, or raise CorruptFile with a French message."""
    if not data or not data.strip():
        raise CorruptFile(f"Le fichier « {name} » est vide.")
    try:
        root = etree.fromstring(data, parser=make_parser())
    except etree.XMLSyntaxError as err:
        raise CorruptFile(f"Le fichier « {name} » n'est pas un XML valide : {err}") from err
    if root is None:
        raise CorruptFile(f"Le fichier « {name} » ne contient aucun élément XML.")
    return root


def local(el: etree._Element) -> str:
    """Local name of an element (namespaces differ between schema versions)."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def elements(el: etree._Element) -> Iterable[etree._Element]:
    """Child elements only (skips comments and processing instructions)."""
    return (c for c in el if isinstance(c.tag, str))


def child(el: etree._Element | None, name: str) -> etree._Element | None:
    if el is None:
        return None
    for c in elements(el):
        if local(c) == name:
            return c
    return None


def children(el: etree._Element | None, name: str) -> list[etree._Element]:
    if el is None:
        return []
    return [c for c in elements(el) if local(c) == name]


def descendants(el: etree._Element | None, name: str) -> list[etree._Element]:
    if el is None:
        return []
    return [d for d in el.iter() if isinstance(d.tag, str) and local(d) == name]


def first(el: etree._Element | None, name: str) -> etree._Element | None:
    found = descendants(el, name)
    return found[0] if found else None


_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


def clean(text: str | None) -> str:
    """Collapse runs of spaces inside a line; keep line breaks."""
    if not text:
        return ""
    lines = (_SPACES.sub(" ", line).strip() for line in repair_c1(text).splitlines())
    return "\n".join(line for line in lines if line)


def text_of(el: etree._Element | None) -> str:
    """All text of an element; <P> children become separate lines."""
    if el is None:
        return ""
    paragraphs = [c for c in elements(el) if local(c) == "P"]
    if paragraphs:
        return "\n".join(filter(None, (clean(" ".join(p.itertext())) for p in paragraphs)))
    return clean("".join(el.itertext()))


def unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        if value and value not in seen:
            seen[value] = None
    return list(seen)


_CPV = re.compile(r"\d{8}")


def cpv_code(raw: str | None) -> str | None:
    """Eight-digit CPV code ("45000000-7" and "45000000" both give "45000000")."""
    if not raw:
        return None
    match = _CPV.search(raw)
    return match.group(0) if match else None


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def number(raw: str | None) -> float | None:
    """First number of a weight as written ("40 %", "40,5", "50.0"); None when there is none."""
    if not raw:
        return None
    match = _NUMBER.search(raw.replace("\u00a0", " "))
    if not match:
        return None
    return float(match.group(0).replace(",", "."))


_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
_TIME = re.compile(r"(\d{1,2})[:h](\d{2})(?::(\d{2}))?")
_OFFSET = re.compile(r"(Z|[+-]\d{2}:\d{2})$")


def iso_date(date: str | None, time: str | None = None) -> str | None:
    """ISO 8601 date or date-time from the notice's date and optional time fields.

    eForms dates carry an offset ("2019-06-24Z", "2023-08-11+03:00"); the time's offset wins
    when both have one.
    """
    if not date:
        return None
    match = _DATE.search(date)
    if not match:
        return None
    day = "-".join(match.groups())
    offset_match = _OFFSET.search(date.strip())
    offset = offset_match.group(1) if offset_match else ""
    if time:
        tmatch = _TIME.search(time)
        if tmatch:
            hh, mm, ss = tmatch.group(1), tmatch.group(2), tmatch.group(3) or "00"
            toffset = _OFFSET.search(time.strip())
            offset = toffset.group(1) if toffset else offset
            return f"{day}T{int(hh):02d}:{mm}:{ss}{offset}"
    return day


def french_date(iso: str | None) -> str:
    """Display form of an ISO date for the notice text: 24/06/2019 (and 16:00)."""
    if not iso:
        return ""
    match = _DATE.match(iso)
    if not match:
        return iso
    year, month, day = match.groups()
    shown = f"{day}/{month}/{year}"
    tmatch = re.search(r"T(\d{2}):(\d{2})", iso)
    if tmatch:
        shown += f" {tmatch.group(1)}:{tmatch.group(2)}"
    return shown
