"""A report as CSV, for a spreadsheet: one row per item, every column and value in French (the
JSON export keeps the ids); numbers with a decimal comma, cells that cannot start a formula."""
from __future__ import annotations

import csv
import io

from scoring.data import load_grid
from taxonomy import (ASPECT_LABELS, CATEGORY_LABELS, CRITERION_TYPE_LABELS, DOCUMENT_KIND_LABELS,
                      FINDING_KIND_LABELS, FINDING_LABELS, LEVER_LABELS, RULE_LABELS, STATUS_LABELS,
                      STRENGTH_LABELS)

CSV_COLUMNS = ("rubrique", "libellé", "statut", "texte", "document", "page", "références", "commentaire")
RELEVANCE_LABELS = {"obligation": "obligation légale", "forte": "pertinence forte", "moyenne": "pertinence moyenne"}


def number(value) -> str:
    """12.5 -> "12,5"; 60.0 -> "60"; None -> ""."""
    if value is None:
        return ""
    value = float(value)
    return f"{value:.0f}" if value.is_integer() else f"{value:.1f}".replace(".", ",")


def _score_rows(report: dict) -> list[dict]:
    score = report["score"]
    axes = {axis: spec["label"] for axis, spec in load_grid()["axes"].items()}
    rows = [{"rubrique": "score", "libellé": "Score achat solidaire", "statut": f"note {score.get('grade')}",
             "texte": number(score.get("total"))}]
    rows += [{"rubrique": "score", "libellé": f"Axe « {axes.get(axis, 'autre')} »", "texte": number(value)}
             for axis, value in (score.get("axes") or {}).items()]
    rows.append({"rubrique": "accessibilité", "libellé": "Accès des petites structures",
                 "texte": number(report["accessibility"]["score"])})
    return rows


def _tender_rows(tender: dict) -> list[dict]:
    rows = [{"rubrique": "document", "libellé": DOCUMENT_KIND_LABELS.get(d.get("kind"), "Autre document"),
             "texte": d["name"], "page": d.get("pages"), "commentaire": " ".join(d.get("warnings") or [])}
            for d in tender.get("documents", [])]
    rows += [{"rubrique": "critère d'attribution", "libellé": c["name"],
              "statut": CRITERION_TYPE_LABELS.get(c.get("type"), "qualité"), "texte": number(c.get("weight")),
              "commentaire": ", ".join(ASPECT_LABELS.get(a, "autre") for a in c.get("aspects") or [])
              + (f" (lot {c['lot']})" if c.get("lot") else "")}
             for c in tender.get("award_criteria", [])]
    return rows


def report_rows(report: dict) -> list[dict]:
    rows = _score_rows(report)
    for clause in report["clauses"]:
        rows.append({"rubrique": "clause", "libellé": CATEGORY_LABELS.get(clause["category"], "autre"),
                     "statut": "négation" if clause["negated"] else STRENGTH_LABELS.get(clause.get("strength"), ""),
                     "texte": clause["text"], "document": clause["document"], "page": clause.get("page"),
                     "références": " ".join(clause.get("legal_refs") or [])})
    for finding in report["accessibility"]["findings"]:
        rows.append({"rubrique": "accessibilité", "libellé": FINDING_LABELS.get(finding["id"], "autre"),
                     "statut": FINDING_KIND_LABELS.get(finding["kind"], ""), "texte": finding["evidence"],
                     "document": finding.get("document"), "page": finding.get("page"),
                     "commentaire": finding.get("advice")})
    for check in report["compliance"]:
        rows.append({"rubrique": "obligation", "libellé": RULE_LABELS.get(check["rule"], "autre"),
                     "statut": STATUS_LABELS.get(check["status"], ""), "texte": check["explanation"]})
    for rec in report["recommendations"]:
        gain = f"Effet estimé : +{number(rec['gain'])} points au score. " if rec.get("gain") else ""
        rows.append({"rubrique": "recommandation", "libellé": LEVER_LABELS.get(rec["lever"], "levier"),
                     "statut": RELEVANCE_LABELS.get(rec.get("relevance"), ""), "texte": rec["text"],
                     "références": f"/guide/{rec['guide_ref']}" if rec.get("guide_ref") else "",
                     "commentaire": (gain + (rec.get("why") or "")).strip()})
    rows += _tender_rows(report.get("tender") or {})
    rows += [{"rubrique": "avertissement", "texte": w} for w in report.get("warnings") or []]
    return rows


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """A value as a spreadsheet cell that cannot start a formula (OWASP: a leading = + - @ TAB
    or CR gets a quote); passages and file names come from the documents, not from us."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def report_csv(report: dict) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 CSV files correctly only with a BOM
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, delimiter=";", extrasaction="ignore")
    writer.writeheader()
    for row in report_rows(report):
        writer.writerow({column: cell(row.get(column)) for column in CSV_COLUMNS})
    return out.getvalue()
