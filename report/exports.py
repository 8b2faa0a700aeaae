"""A report as CSV: one row per flagged item, for a spreadsheet."""
from __future__ import annotations

import csv
import io

from taxonomy import CATEGORY_LABELS, FINDING_LABELS, STATUS_LABELS

CSV_COLUMNS = ("rubrique", "identifiant", "libellé", "statut", "texte", "document", "page", "références")


def report_rows(report: dict) -> list[dict]:
    score = report["score"]
    rows = [{"rubrique": "score", "identifiant": "total", "libellé": "Score achat solidaire",
             "statut": score.get("grade"), "texte": score.get("total")}]
    rows += [{"rubrique": "score", "identifiant": axis, "libellé": f"Axe {axis}", "texte": value}
             for axis, value in (score.get("axes") or {}).items()]
    rows.append({"rubrique": "accessibilité", "identifiant": "score", "libellé": "Accès des petites structures",
                 "texte": report["accessibility"]["score"]})
    for clause in report["clauses"]:
        rows.append({"rubrique": "clause", "identifiant": clause["category"],
                     "libellé": CATEGORY_LABELS.get(clause["category"], clause["category"]),
                     "statut": "négation" if clause["negated"] else clause.get("strength"),
                     "texte": clause["text"], "document": clause["document"], "page": clause.get("page"),
                     "références": " ".join(clause.get("legal_refs") or [])})
    for finding in report["accessibility"]["findings"]:
        rows.append({"rubrique": "accessibilité", "identifiant": finding["id"],
                     "libellé": FINDING_LABELS.get(finding["id"], finding["id"]),
                     "statut": "frein" if finding["kind"] == "barrier" else "atout",
                     "texte": finding["evidence"], "document": finding.get("document"), "page": finding.get("page")})
    for check in report["compliance"]:
        rows.append({"rubrique": "obligation", "identifiant": check["rule"], "libellé": check["rule"],
                     "statut": STATUS_LABELS.get(check["status"], check["status"]), "texte": check["explanation"]})
    for rec in report["recommendations"]:
        rows.append({"rubrique": "recommandation", "identifiant": rec["lever"], "libellé": rec["lever"],
                     "texte": rec["text"], "références": rec.get("guide_ref")})
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
