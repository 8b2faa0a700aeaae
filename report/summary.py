"""A readable French summary of a report, for the terminal."""
from __future__ import annotations

from taxonomy import CATEGORY_LABELS, STATUS_LABELS


def _short(text: str | None, size: int = 110) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= size else text[: size - 1] + "…"


def format_summary(report: dict) -> str:
    if report.get("error"):
        return f"{report['input']} : analyse impossible — {report['error']}"
    t = report["tender"]
    lines = [f"Consultation : {t['title'] or '(sans titre)'}"]
    if t.get("buyer"):
        lines.append(f"Acheteur : {t['buyer']}")
    if t.get("deadline"):
        lines.append(f"Date limite : {t['deadline']}")
    lines.append("")
    lines.append("Documents :")
    for d in t["documents"]:
        pages = f"{d['pages']} pages" if d["pages"] is not None else "non paginé"
        lines.append(f"  - {d['name']} ({d['kind']}, {d.get('format', '?')}, {pages})")
    if t["lots"]:
        lines.append(f"Lots : {len(t['lots'])}")
    if t["award_criteria"]:
        lines.append("Critères d'attribution :")
        for c in t["award_criteria"]:
            weight = f"{c['weight']:g}" if c["weight"] is not None else "?"
            aspects = f" [{', '.join(c['aspects'])}]" if c["aspects"] else ""
            lot = f" (lot {c['lot']})" if c.get("lot") else ""
            lines.append(f"  - {c['name']} : {weight}{lot}{aspects}")
    lines.append("")
    score = report["score"]
    total = f"{score['total']:.0f}/100" if score["total"] is not None else "?"
    lines.append(f"Score achat solidaire : {total} (note {score.get('grade', '?')})")
    acc = report["accessibility"]["score"]
    n = len(report["accessibility"]["findings"])
    basis = f"{n} indice{'s' if n > 1 else ''} relevé{'s' if n > 1 else ''}" if n else "aucun indice dans le texte, score neutre"
    lines.append(f"Accessibilité aux petites structures : "
                 f"{f'{acc:.0f}/100 ({basis})' if acc is not None else 'non évaluée'}")
    lines.append("")
    lines.append("Clauses repérées :")
    for cat, present in report["categories"].items():
        mark = "oui" if present else "non"
        lines.append(f"  {CATEGORY_LABELS[cat]} : {mark}")
    affirmative = [c for c in report["clauses"] if not c["negated"]]
    for c in affirmative[:12]:
        where = c["document"] + (f", p. {c['page']}" if c.get("page") else "")
        lines.append(f"    · [{CATEGORY_LABELS[c['category']]}] {_short(c['text'])} ({where})")
    if len(affirmative) > 12:
        lines.append(f"    … et {len(affirmative) - 12} autres passages (--json pour tout voir)")
    if report["accessibility"]["findings"]:
        lines.append("")
        lines.append("Accès des petites structures :")
        for f in report["accessibility"]["findings"]:
            kind = "frein" if f["kind"] == "barrier" else "atout"
            lines.append(f"  - {f['id']} ({kind}) : {_short(f['evidence'], 90)}")
    if report.get("compliance"):
        lines.append("")
        lines.append("Obligations 2026 :")
        for c in report["compliance"]:
            lines.append(f"  - {c['rule']} : {STATUS_LABELS[c['status']]}")
    if report.get("recommendations"):
        lines.append("")
        lines.append("Leviers recommandés :")
        for r in report["recommendations"]:
            lines.append(f"  - {_short(r['text'], 120)}")
    return "\n".join(lines)
