"""Which contracts a report covers: buyers (SIRET, SIREN), départements or régions.

    siret:21750001600019,21350204000016    these establishments
    siren:217500016                        every establishment of this legal unit
    siret:21750001600019;siren:213502040   buyers combine (union)
    departement:75,92                      contracts located in these départements
    region:53                              contracts located in this région (INSEE code)

A contract is located by its place of execution, or by its buyer's postcode when the record
gives no usable place (decp.places)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from decp.places import departements, regions

BUYER_KINDS = ("siret", "siren")
PLACE_KINDS = ("departement", "region")
_LENGTH = {"siret": 14, "siren": 9}


class ScopeError(ValueError):
    """The scope cannot be read; the message says why, in French."""


@dataclass(frozen=True)
class Scope:
    sirets: tuple[str, ...] = ()
    sirens: tuple[str, ...] = ()
    departements: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()

    @property
    def is_buyers(self) -> bool:
        return bool(self.sirets or self.sirens)

    @property
    def text(self) -> str:
        """The canonical spelling, which parse_scope reads back."""
        parts = [(kind, getattr(self, kind + "s")) for kind in BUYER_KINDS + PLACE_KINDS]
        return ";".join(f"{kind}:{','.join(values)}" for kind, values in parts if values)

    @property
    def label(self) -> str:
        """In French, for titles: "Région Bretagne", "Acheteurs 21750001600019, 217500016"."""
        if self.regions:
            names = [regions()[code] for code in self.regions]
            return ("Région " if len(names) == 1 else "Régions ") + ", ".join(names)
        if self.departements:
            names = [f"{departements()[code]['name']} ({code})" for code in self.departements]
            return ("Département " if len(names) == 1 else "Départements ") + ", ".join(names)
        ids = self.sirets + self.sirens
        return ("Acheteur " if len(ids) == 1 else "Acheteurs ") + ", ".join(ids)


def _clean(kind: str, value: str) -> str:
    value = re.sub(r"\s+", "", value)
    if kind in _LENGTH:
        if not (value.isdigit() and len(value) == _LENGTH[kind]):
            raise ScopeError(f"« {value} » n'est pas un {kind.upper()} : {_LENGTH[kind]} chiffres attendus.")
        return value
    if kind == "departement":
        value = value.upper().zfill(2) if len(value) == 1 else value.upper()
        if value not in departements():
            raise ScopeError(f"« {value} » n'est pas un code de département.")
        return value
    value = value.zfill(2)
    if value not in regions():
        raise ScopeError(f"« {value} » n'est pas un code de région INSEE (par ex. 11, 53, 84).")
    return value


def parse_scope(text: str) -> Scope:
    """Read a scope; ScopeError with a French message when it is malformed."""
    found: dict[str, list[str]] = {kind: [] for kind in BUYER_KINDS + PLACE_KINDS}
    for part in filter(None, (p.strip() for p in (text or "").split(";"))):
        kind, sep, values = part.partition(":")
        kind = kind.strip().lower().replace("é", "e").replace("è", "e")
        if not sep or kind not in found:
            raise ScopeError(f"Périmètre illisible « {part} » : écrivez siret:…, siren:…, departement:… ou region:….")
        for value in filter(None, (v.strip() for v in values.split(","))):
            cleaned = _clean(kind, value)
            if cleaned not in found[kind]:
                found[kind].append(cleaned)
    if not any(found.values()):
        raise ScopeError("Périmètre vide : indiquez par exemple siret:21750001600019 ou region:53.")
    kinds = [kind for kind, values in found.items() if values]
    if len([k for k in kinds if k in PLACE_KINDS]) > 1 or (set(kinds) & set(PLACE_KINDS) and set(kinds) & set(BUYER_KINDS)):
        raise ScopeError("Un périmètre est fait d'acheteurs (siret, siren), ou de départements, ou de régions : "
                         "pas d'un mélange.")
    return Scope(**{kind + "s": tuple(values) for kind, values in found.items()})
