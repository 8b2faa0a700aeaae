"""Small SVG charts drawn on the server: no JavaScript library, readable by screen readers
(role="img", a title, and the figures written next to each bar), printable in the PDF export."""
from __future__ import annotations

from markupsafe import Markup, escape

BAR_HEIGHT = 22
GAP = 8
CHART_WIDTH = 640
BAR = "#000091"  # the DSFR's blue
TEXT = ' fill="#161616" font-size="13" font-family="Marianne, DejaVu Sans, Arial, sans-serif"'


def bar_chart(items: list[tuple[str, float]], title: str, maximum: float | None = None, unit: str = "",
              css: str = "chart") -> Markup:
    """Horizontal bars, one per (label, value); values are written at the end of each bar."""
    top = max([value or 0 for _, value in items] + [maximum or 0, 1])
    # Room for the longest label: about 8 px per character at 13 px in the widest font used
    # (DejaVu Sans in the PDF), within bounds.
    label_width = int(min(330, max(60, 8 * max((len(label) for label, _ in items), default=0) + 14)))
    bar_space = CHART_WIDTH - label_width - 70
    height = len(items) * (BAR_HEIGHT + GAP) + GAP
    parts = [f'<svg class="{css}" role="img" aria-labelledby="{_id(title)}" viewBox="0 0 {CHART_WIDTH} {height}"'
             f' width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{_id(title)}">{escape(title)}</title>']
    for row, (label, value) in enumerate(items):
        y = GAP + row * (BAR_HEIGHT + GAP)
        width = bar_space * (value or 0) / top
        shown = f"{value:.0f}{unit}" if value is not None else "—"
        # Presentation attributes as well as classes: WeasyPrint (the PDF) ignores CSS on inline SVG.
        parts.append(
            f'<text x="{label_width - 8}" y="{y + BAR_HEIGHT * 0.7:.1f}" text-anchor="end" class="label"{TEXT}>'
            f'{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" rx="2" class="bar" fill="{BAR}"/>'
            f'<text x="{label_width + width + 6:.1f}" y="{y + BAR_HEIGHT * 0.7:.1f}" class="value"{TEXT}>'
            f'{escape(shown)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def histogram(values: list[float], title: str, bins: int = 10, low: float = 0, high: float = 100) -> Markup:
    """Counts per equal-width bin, drawn as a bar chart labelled with each bin's range."""
    width = (high - low) / bins
    counts = [0] * bins
    for value in values:
        if value is None:
            continue
        counts[min(int((value - low) // width), bins - 1)] += 1
    return binned_chart(counts, title, low, high)


def binned_chart(counts: list[int], title: str, low: float = 0, high: float = 100) -> Markup:
    """Counts already made per equal-width bin (e.g. by the database), labelled with each range."""
    width = (high - low) / len(counts)
    labels = [f"{low + i * width:.0f}–{low + (i + 1) * width:.0f}" for i in range(len(counts))]
    return bar_chart(list(zip(labels, counts)), title)


def _id(title: str) -> str:
    return "chart-" + "".join(ch if ch.isalnum() else "-" for ch in title.lower())[:40]
