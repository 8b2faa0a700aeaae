"""clauses.docx: one article per proposed lever, ready to paste into the RC and the CCAP, with
the insertion hours of each lot and the parameters behind them, and what each lever earns."""
from __future__ import annotations

import io

import docx
from docx.shared import Pt

from drafting.render import day, eur, hours, num, paragraphs, pct
from taxonomy import STATUS_LABELS


def _score(value) -> str:
    return "non calculé" if value is None else f"{num(value)}/100"


def _text(document, text: str) -> None:
    for para in paragraphs(text):
        if para.startswith("- "):
            document.add_paragraph(para[2:], style="List Bullet")
        else:
            document.add_paragraph(para)


def _hours_table(document, rows: list[dict]) -> None:
    table = document.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, ("Lot", "Montant estimé HT", "Part de main-d'œuvre",
                                                  "Taux d'insertion", "Coût horaire", "Heures d'insertion")):
        cell.text = title
    for row in rows:
        p = row["parameters"]
        cells = table.add_row().cells
        values = (f"Lot {row['lot']}" + (f" – {row['title']}" if row.get("title") else "") if row["lot"] else "Marché",
                  eur(row["value_ht"]) if row["value_ht"] is not None else "non indiqué",
                  pct(p["labour_share"]) if p["labour_share"] is not None else "à fixer",
                  pct(p["rate"]), eur(p["hourly_cost"]),
                  hours(row["hours"]) if row["hours"] is not None else "à calculer")
        for cell, value in zip(cells, values):
            cell.text = value


def clauses_docx(draft: dict) -> bytes:
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(11)
    tender = draft.get("tender") or {}
    document.add_heading("Propositions de clauses — Améliorer mon DCE", level=0)
    if tender.get("title"):
        buyer = f" ({tender['buyer']})" if tender.get("buyer") else ""
        document.add_paragraph(f"Consultation : {tender['title']}{buyer}")
    document.add_paragraph(
        f"Score achat solidaire : {_score(draft.get('score_before'))} aujourd'hui, "
        f"{_score(draft.get('score_after'))} avec toutes les clauses proposées. Accès des petites structures : "
        f"{_score(draft.get('accessibility_before'))} puis {_score(draft.get('accessibility_after'))}. "
        "Articles cités : ceux en vigueur au "
        f"{day(draft.get('reference_day'))}.")
    document.add_paragraph("Textes à adapter à votre besoin avant de les insérer dans le règlement de la consultation "
                           "(RC) et dans le cahier des clauses administratives particulières (CCAP).")
    for n, lever in enumerate(draft.get("levers") or [], start=1):
        document.add_heading(f"Article proposé n° {n} — {lever['title']}", level=1)
        gain = lever.get("score_gain")
        rows = "".join(f" ; {c['explanation'].split(' : ')[0]} : {STATUS_LABELS.get(c['before'], c['before'])} → "
                       f"{STATUS_LABELS.get(c['after'], c['after'])}" for c in lever.get("compliance") or [])
        earned = "non calculé" if gain is None else f"{num(gain)} point(s) de score"
        document.add_paragraph(f"Ce qu'il rapporte : {earned}{rows}.")
        if lever.get("lots"):
            document.add_paragraph("Heures d'insertion = montant estimé HT × part de main-d'œuvre × taux d'insertion "
                                   "÷ coût horaire, arrondi à l'heure.")
            _hours_table(document, lever["lots"])
        for skipped in lever.get("skipped_lots") or []:
            document.add_paragraph(f"Sans clause : {skipped['reason']}.")
        for note in lever.get("notes") or []:
            document.add_paragraph(note)
        document.add_heading("Pour le règlement de la consultation (RC)", level=2)
        _text(document, lever["rc_text"])
        document.add_heading("Pour le CCAP", level=2)
        _text(document, lever["ccap_text"])
    if draft.get("not_proposed"):
        document.add_heading("Leviers non proposés", level=1)
        for item in draft["not_proposed"]:
            document.add_paragraph(item["reason"], style="List Bullet")
    if draft.get("sources"):
        document.add_heading("Sources des ratios", level=1)
        for source in draft["sources"]:
            url = f" ({source['url']})" if source.get("url") else ""
            document.add_paragraph(f"{source['title']} — {source['publisher']}{url}", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
