"""Clause templates (clauses.yml) rendered with Jinja, and French number formatting.

Text out is plain: paragraphs separated by one blank line, list items starting with "- ".
Numbers use a no-break space as the thousands separator and before units."""
from __future__ import annotations

import re
from functools import cache

import jinja2

NBSP = "\u00a0"


def num(value: float | None) -> str:
    """150000 -> '150 000', 12.5 -> '12,5', None -> '?'."""
    if value is None:
        return "?"
    value = float(value)
    if value.is_integer():
        return f"{int(value):,}".replace(",", NBSP)
    whole, _, decimals = f"{value:,.2f}".rstrip("0").rstrip(".").partition(".")
    return whole.replace(",", NBSP) + ("," + decimals if decimals else "")


def eur(value: float | None) -> str:
    return f"{num(value)}{NBSP}€"


def pct(fraction: float | None) -> str:
    """0.05 -> '5 %'."""
    return "?" if fraction is None else f"{num(round(fraction * 100, 2))}{NBSP}%"


def hours(value: int | None) -> str:
    return "?" if value is None else f"{num(value)}{NBSP}heure" + ("s" if value > 1 else "")


MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")


def day(iso: str | None) -> str:
    """'2026-10-15' -> '15 octobre 2026' ('1er' for the first of the month)."""
    try:
        year, month, number = (int(part) for part in str(iso)[:10].split("-"))
        return f"{'1er' if number == 1 else number} {MONTHS[month - 1]} {year}"
    except (ValueError, IndexError):
        return str(iso or "?")


def capfirst(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


@cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=False)
    env.filters.update(num=num, eur=eur, pct=pct, hours=hours, capfirst=capfirst)
    return env


@cache
def _template(source: str) -> jinja2.Template:
    return _env().from_string(source)


_BLANKS = re.compile(r"\n\s*\n+")


def render(source: str, **context) -> str:
    text = _template(source).render(**context)
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def paragraphs(text: str) -> list[str]:
    """A rendered text as its paragraphs and list items, in order."""
    out: list[str] = []
    for block in text.split("\n\n"):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines and all(line.startswith("- ") for line in lines):
            out += lines
        elif lines:
            out.append(" ".join(lines))
    return out
