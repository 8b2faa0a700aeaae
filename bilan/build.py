"""The annual report of a scope and a year, as one JSON-ready dict (bilan.json): the figures
(SQL cells from store.decp added up by bilan.indicators), what the analysed tenders add, the
national targets and figures, a text per section, the method and the sources."""
from __future__ import annotations

from datetime import datetime, timezone

import sqlite_utils

from bilan import data, indicators, texts
from bilan.tender_join import documents_section
from decp.scope import Scope
from store import decp as decp_store

SCHEMA = "bilan-annuel/1"


def figures(db: sqlite_utils.Database, scope: Scope, year: int) -> dict:
    """The DECP figures alone (no tenders, no text): what the web API and the tests compare."""
    ref = data.reference()
    cells = decp_store.cube(db, scope, year - int(ref["years_back"]), year, data.size_bounds())
    return indicators.compute(cells, year, data.cpv_labels(), data.size_labels())


def _sources(used: set[str]) -> list[dict]:
    return [{"id": key, **value} for key, value in data.reference()["sources"].items() if key in used]


def build_report(db: sqlite_utils.Database, scope: Scope, year: int, *, visible: tuple[str, list] | None = None,
                 generated: str | None = None) -> dict:
    """The report; `visible` restricts the analysed tenders joined to it (SQL on alias t, as
    store.access.visible_sql gives it; None: all of them, as for the command line)."""
    ref = data.reference()
    report = {"schema": SCHEMA, "scope": {"text": scope.text, "label": scope.label}, "year": year,
              "generated": generated or datetime.now(timezone.utc).isoformat(timespec="seconds"),
              **figures(db, scope, year)}
    report["targets"] = indicators.against_targets(report, ref["targets"])
    report["national"] = indicators.beside_national(report, ref["national"], year)
    report["data_quality"] = decp_store.quality(db, scope, year)
    report["documents"] = documents_section(db, scope, year, visible)
    report["texts"] = texts.all_texts(report)
    report["method"] = data.method()
    used = {t["source"] for t in ref["targets"]} | {f["source"] for f in ref["national"]} | {"decp_schema", "cog"}
    report["sources"] = _sources(used)
    return report
