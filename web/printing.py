"""A stored report printed to PDF (the print template through WeasyPrint): page and API alike."""
from __future__ import annotations

from flask import Response, render_template

from report import charts
from report.pdf import html_to_pdf
from web.context import axis_labels


def report_pdf_response(report: dict, tender_id: int) -> Response:
    html = render_template("report_print.html", report=report, tender_id=tender_id, chart=axes_chart(report))
    try:
        pdf = html_to_pdf(html)
    except RuntimeError as err:
        return Response(str(err), status=503, mimetype="text/plain; charset=utf-8")
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="rapport-{tender_id}.pdf"'})


def axes_chart(report: dict) -> str:
    labels = axis_labels()
    axes = [(labels.get(axis, axis), value) for axis, value in report["score"]["axes"].items()]
    return charts.bar_chart(axes, "Score par axe, sur 100", maximum=100)
