"""The guide's own Jinja templates (guide/templates), for the pages it writes outside Flask."""
from __future__ import annotations

from pathlib import Path

import jinja2

_TEMPLATES = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
                                autoescape=True)


def render_page(name: str, **values) -> str:
    return _TEMPLATES.get_template(name).render(**values).strip()
