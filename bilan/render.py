"""The report as HTML (its own Jinja templates, bilan/templates) and as PDF (report.pdf), with
server-drawn SVG charts (report.charts)."""
from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from bilan import numbers
from bilan.texts import FAMILY_LABELS, KIND_LABELS
from report.charts import bar_chart
from report.pdf import html_to_pdf

TEMPLATES = Path(__file__).with_name("templates")
_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                          undefined=jinja2.StrictUndefined)
_ENV.filters.update(pct=numbers.pct, eur=numbers.eur, num=numbers.num, points=numbers.points)
_ENV.globals.update(KIND_LABELS=KIND_LABELS, FAMILY_LABELS=FAMILY_LABELS)
TOP_DIVISIONS = 10


def _percent(share: float | None) -> float | None:
    return None if share is None else share * 100


def charts(report: dict) -> dict[str, Markup]:
    """The report's charts, by section."""
    shares = []
    for family in ("social", "environmental"):
        block = report[family]
        shares.append((f"{FAMILY_LABELS[family].capitalize()} (au moins une)", _percent(block["share_count"])))
        shares += [(KIND_LABELS[family][kind].capitalize(), _percent(value["share_count"]))
                   for kind, value in block["by_kind"].items() if kind != "other"]
    years = [(f"{row['year']} · {FAMILY_LABELS[family]}", _percent(row[family]["share_count"]))
             for row in report["years"] if row["contracts"] for family in ("social", "environmental")]
    targets = [item for t in report["targets"] for item in (
        (f"{FAMILY_LABELS[t['family']].capitalize()} : périmètre {report['year']}", _percent(t["value"])),
        (f"{FAMILY_LABELS[t['family']].capitalize()} : objectif {t['by']}", t["share"] * 100))]
    divisions = [(f"{row['division'] or '—'} {row['label']}"[:44], row["contracts"])
                 for row in report["by_cpv_division"][:TOP_DIVISIONS]]
    drawn = {
        "shares": bar_chart(shares, "Part des marchés avec une considération, en nombre (%)", maximum=100, unit=" %"),
        "targets": bar_chart(targets, "Objectifs nationaux et périmètre (%)", maximum=100, unit=" %"),
        "years": bar_chart(years, "Évolution des parts en nombre (%)", maximum=100, unit=" %") if years else Markup(""),
        "sizes": bar_chart([(row["label"], row["contracts"]) for row in report["by_size"]],
                           "Marchés par tranche de montant initial"),
        "divisions": bar_chart(divisions, "Marchés par division CPV (les dix premières en montant)"),
    }
    return {name: _styled(svg) for name, svg in drawn.items()}


def _styled(svg: Markup) -> Markup:
    """Colour and text size as attributes too: WeasyPrint does not style inline SVG from the
    page's CSS (the app's style sheet still wins on screen)."""
    text = str(svg).replace('class="bar"', 'class="bar" fill="#000091"')
    for css in ("label", "value"):
        text = text.replace(f'class="{css}"', f'class="{css}" font-size="11" font-family="DejaVu Sans, Arial, sans-serif"')
    return Markup(text)


def body_html(report: dict) -> Markup:
    """The report's content (sections, charts, tables, method, sources), also shown in the app."""
    return Markup(_ENV.get_template("body.html").render(r=report, charts=charts(report)))


def document_html(report: dict) -> str:
    """A standalone HTML page (styles inlined) for bilan.html and the PDF."""
    css = (TEMPLATES / "style.css").read_text(encoding="utf-8")
    return _ENV.get_template("document.html").render(r=report, body=body_html(report), css=Markup(css))


def document_pdf(report: dict) -> bytes:
    """RuntimeError (French) when WeasyPrint cannot run (report.pdf)."""
    return html_to_pdf(document_html(report))
