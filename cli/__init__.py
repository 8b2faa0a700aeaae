"""Stage 6, the command line (`flask --app app COMMAND`). Each command is thin: it calls the
same function the web app calls.

    analyze PATH [--json]            one tender (file, folder or ZIP)
    batch PATH... --jsonl OUT        many tenders, one JSON report per line
    import PATH... [--org ORG]       analyse and store
    serve [--dev]                    the web server, the analysis workers and the writer
    work [--role R] [--once]         the queue's consumers only
    evaluate [--labels CSV]          precision, recall and F1 against gold labels
    train                            rebuild the sentence classifier
    stats REPORTS.jsonl              how the scores of a batch spread
    guide build --out DIR            the guide as guide.html and guide.pdf
    create-user, backup, restore     accounts and the data folder
    decp import FILE..., org-buyer, bilan --scope S --year Y --out DIR   the annual report
"""
from __future__ import annotations

from flask import Flask

from cli import admin, analysis, bilan, drafting, evaluation, guide, serve


def init_app(app: Flask) -> None:
    for module in (analysis, evaluation, guide, admin, serve, bilan, drafting):
        for command in module.COMMANDS:
            app.cli.add_command(command)
