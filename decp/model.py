"""The normalised contract record the reader gives, and the problems it reports."""
from __future__ import annotations

from dataclasses import dataclass, field

# Why an amount is set aside from the sums: absent, a placeholder (0 or 1 EUR), negative, or
# 10 billion EUR or more (a typing error: decp.values.IMPLAUSIBLE_EUR).
AMOUNT_FLAGS = ("missing", "zero", "one", "negative", "implausible")
# Why a contract has no notification year: no date, or one that cannot be read.
DATE_FLAGS = ("missing", "invalid")


@dataclass(frozen=True)
class Contract:
    """One contract (marché or concession) as the DECP describes it, modifications applied."""
    buyer_id: str
    contract_id: str
    kind: str = "marche"  # "marche" | "concession"
    format: str = "2024"  # "2024" (schema 2.0), "2019" (schema 1.x) or "minimal" (six columns)
    nature: str | None = None
    object: str | None = None
    cpv: str | None = None
    procedure: str | None = None
    notified: str | None = None  # ISO date of dateNotification
    date_flag: str | None = None  # one of DATE_FLAGS when `notified` is None
    amount: float | None = None  # the initial `montant` HT, as published
    amount_flag: str | None = None  # one of AMOUNT_FLAGS: the amount is left out of the sums
    amount_current: float | None = None  # after the modifications (the last new `montant`)
    duration_months: float | None = None  # after the modifications
    place_type: str | None = None
    place_code: str | None = None
    departement: str | None = None
    region: str | None = None
    place_from: str | None = None  # "execution" or "buyer" (the buyer's postcode)
    buyer_name: str | None = None
    buyer_postcode: str | None = None
    social: tuple[str, ...] | None = None  # declared values; None when the record has no such field
    environmental: tuple[str, ...] | None = None
    social_kinds: frozenset[str] = field(default_factory=frozenset)  # clause, criterion, reserved, other
    environmental_kinds: frozenset[str] = field(default_factory=frozenset)  # clause, criterion, other
    modifications: int = 0
    holders: tuple[str, ...] = ()

    @property
    def year(self) -> int | None:
        return int(self.notified[:4]) if self.notified else None

    @property
    def buyer_siren(self) -> str | None:
        return self.buyer_id[:9] if len(self.buyer_id) >= 9 and self.buyer_id[:9].isdigit() else None

    @property
    def cpv_division(self) -> str | None:
        return self.cpv[:2] if self.cpv and len(self.cpv) >= 2 else None


@dataclass(frozen=True)
class Problem:
    """A record that could not be read: where it is and why, in French."""
    source: str
    line: int  # line number (JSON Lines, CSV) or record number (JSON)
    message: str
    unit: str = "ligne"  # "ligne" or "enregistrement"

    def __str__(self) -> str:
        return f"{self.source}, {self.unit} {self.line} : {self.message}"


class RecordError(ValueError):
    """A record is unusable (no buyer, no contract id, not an object); the message says why."""
