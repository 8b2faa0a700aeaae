"""`flask --app app draft PATH --out DIR`: analyse a DCE and write what "Améliorer mon DCE"
shows: draft.json, clauses.docx, and a copy of each DOCX CCAP or RC with the proposed articles
as tracked insertions."""
from __future__ import annotations

import json
from pathlib import Path

import click

import drafting
from drafting.docx_out import clauses_docx
from drafting.hours import Parameters
from drafting.markup import mark_up, markable, marked_name, original_docx
from service import analyze_path
from tenders.errors import ReadError


def write_draft(report: dict, tender, files: list[tuple[str, bytes]], out: Path, params: Parameters) -> list[Path]:
    """The three kinds of output in `out`; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    draft = drafting.draft(report, tender, params)
    written = [out / "draft.json", out / "clauses.docx"]
    written[0].write_text(json.dumps(draft, ensure_ascii=False, indent=2), encoding="utf-8")
    written[1].write_bytes(clauses_docx(draft))
    for name, kind in markable(report):
        data = original_docx(files, name)
        if data is not None:
            target = out / marked_name(name)
            target.write_bytes(mark_up(data, kind, draft["levers"]))
            written.append(target)
    return written


@click.command("draft")
@click.argument("path", type=click.Path(exists=True))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="Dossier de sortie.")
@click.option("--rate-pct", type=click.FloatRange(0.1, 50), default=None, help="Taux d'insertion en % (5 par défaut).")
@click.option("--hourly-cost", type=click.FloatRange(5, 500), default=None, help="Coût horaire chargé en euros.")
@click.option("--labour-share-pct", type=click.FloatRange(1, 100), default=None,
              help="Part de main-d'œuvre en % pour tous les lots (par défaut, celle de la famille d'achat).")
@click.option("--reserve-to", type=click.Choice(["siae", "ea"]), default="siae", show_default=True,
              help="Lot réservé aux SIAE (L2113-13) ou aux EA et ESAT (L2113-12).")
def draft_command(path: str, out: str, rate_pct: float | None, hourly_cost: float | None,
                  labour_share_pct: float | None, reserve_to: str) -> None:
    """Propose les clauses qui améliorent un DCE : draft.json, clauses.docx et les pièces annotées."""
    try:
        report, tender, files = analyze_path(path)
    except ReadError as err:
        raise click.ClickException(str(err)) from err
    params = Parameters(rate=rate_pct / 100 if rate_pct is not None else None, hourly_cost=hourly_cost,
                        labour_share=labour_share_pct / 100 if labour_share_pct is not None else None,
                        reserve_to=reserve_to)
    for written in write_draft(report, tender, files, Path(out), params):
        click.echo(str(written))


COMMANDS = (draft_command,)
