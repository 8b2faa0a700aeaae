"""Readers of published notices: TED legacy XML, eForms (UBL) and BOAMP XML.

    sniff_notice(data) -> "ted" | "eforms" | "boamp" | None
    read_notice(data, name) -> Tender   (one AVIS document holding the notice as French text)
"""
from __future__ import annotations

import re

from tenders.errors import UnsupportedFormat
from tenders.model import Tender

from . import boamp, eforms, ted
from ._xml import local, parse

__all__ = ["sniff_notice", "read_notice"]

EFORMS_ROOTS = frozenset({"ContractNotice", "PriorInformationNotice", "ContractAwardNotice"})

# Sniffing reads only the start of the file: skip the prolog, comments, doctype, and take the
# first element's name and the text of its start tag (namespace declarations).
_PROLOG = re.compile(rb"(<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>|\s+|\xef\xbb\xbf)", re.S)
_START_TAG = re.compile(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)([^>]*)>", re.S)


def _root_start(data: bytes) -> tuple[str, bytes] | None:
    head = data[:65536]
    pos = 0
    while True:
        match = _PROLOG.match(head, pos)
        if not match or match.end() == pos:
            break
        pos = match.end()
    tag = _START_TAG.match(head, pos)
    if not tag:
        return None
    return tag.group(2).decode("ascii", "replace"), tag.group(3)


def sniff_notice(data: bytes) -> str | None:
    """Which notice format the XML is, from its root element only; None if not a notice."""
    start = _root_start(data)
    if start is None:
        return None
    name, attributes = start
    if name == "TED_EXPORT":
        return "ted"
    if name in EFORMS_ROOTS and (b"eforms" in attributes.lower() or b"ubl" in attributes.lower()):
        return "eforms"
    if name == "ANNONCE" and (b"boamp" in attributes.lower() or b"<GESTION" in data[:4096]
                              or b"<DONNEES" in data[:65536]):
        return "boamp"
    return None


def read_notice(data: bytes, name: str) -> Tender:
    """Read a notice into a Tender. CorruptFile for malformed XML, UnsupportedFormat otherwise."""
    root = parse(data, name)
    kind = _kind(local(root), data)
    if kind == "ted":
        return ted.read(root, name)
    if kind == "eforms":
        return eforms.read(root, name)
    if kind == "boamp":
        return boamp.read(root, name)
    raise UnsupportedFormat(
        f"Le fichier « {name} » est un XML, mais pas un avis TED, eForms ou BOAMP reconnu."
    )


def _kind(root_name: str, data: bytes) -> str | None:
    # The tree is already parsed: decide from the root's local name (sniffing may have been
    # fooled by an unusual prolog).
    if root_name == "TED_EXPORT":
        return "ted"
    if root_name in EFORMS_ROOTS:
        return "eforms"
    if root_name == "ANNONCE":
        return "boamp"
    return sniff_notice(data)
