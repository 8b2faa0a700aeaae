"""Dates written in French tender text: "14 septembre 2020", "31/08/2020", "2020-08-31", "14/09/20"."""
from __future__ import annotations

import re
from datetime import date

from text import fold

MONTHS = {"janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
          "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12}
_DATE = re.compile(
    r"(?P<d>\d{1,2})(?:er)?\s*(?:/|\.|-)\s*(?P<m>\d{1,2})\s*(?:/|\.|-)\s*(?P<y>\d{4})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2})"
    r"|(?P<d2>\d{1,2})(?:er|\.e\.r)?\s+(?P<month>" + "|".join(MONTHS) + r")\s+(?P<y2>\d{4})"
    # "14/09/20 à 12h00": a two-digit year, slashes only, in this century
    r"|(?<![\d/])(?P<d3>\d{1,2})/(?P<m3>\d{1,2})/(?P<y3>\d{2})(?![\d/])"
)


def parse_date(text: str) -> date | None:
    """The first date of `text`, or None."""
    for m in _DATE.finditer(fold(text)):
        try:
            if m.group("iso"):
                return date.fromisoformat(m.group("iso"))
            if m.group("d"):
                return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            if m.group("d3"):
                return date(2000 + int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
            return date(int(m.group("y2")), MONTHS[m.group("month")], int(m.group("d2")))
        except ValueError:
            continue  # 31/02 or a reference number that looks like a date
    return None
