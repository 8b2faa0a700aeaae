"""Figures as a French reader reads them: 18,3 %, 35,2 M€, 1 234 (narrow no-break spaces)."""
from __future__ import annotations

NNBSP = "\u202f"


def num(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}".replace(",", NNBSP).replace(".", ",")
    return text


def pct(share: float | None, digits: int = 1) -> str:
    return "—" if share is None else f"{num(share * 100, digits)}{NNBSP}%"


def eur(amount: float | None) -> str:
    if amount is None:
        return "—"
    if abs(amount) >= 1e9:
        return f"{num(amount / 1e9, 2)}{NNBSP}Md€"
    if abs(amount) >= 1e6:
        return f"{num(amount / 1e6, 1)}{NNBSP}M€"
    if abs(amount) >= 1e4:
        return f"{num(amount / 1e3, 0)}{NNBSP}k€"
    return f"{num(amount, 0)}{NNBSP}€"


def points(gap: float | None) -> str:
    """A difference of shares in percentage points: +2,5 pts, −4,0 pts."""
    if gap is None:
        return "—"
    sign = "+" if gap >= 0 else "−"
    return f"{sign}{num(abs(gap) * 100, 1)}{NNBSP}pt" + ("s" if abs(gap) * 100 >= 2 else "")
