"""Attention over time as inline SVG, drawn on the server: one line per series (an entity
or a term, up to four), the share of all articles of each period that mention it. Each
point has a ``<title>`` with its figures; the page shows the same figures as a table.
All text in the SVG is escaped.
"""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 200
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 10, 28
#: Most series on one chart (the compare page's limit).
MAX_SERIES = 4


def periods_of(series: list[dict]) -> list[str]:
    """Every period any series has, in order (the x axis)."""
    return sorted({r["period"] for s in series for r in s["rows"]})


def attention_svg(series: list[dict], title: str = "Attention over time") -> Markup:
    """``series``: dicts of label and rows (period, n, total, share); an empty string when
    no series has a dated article."""
    periods = periods_of(series)
    if not periods:
        return Markup("")
    top = max((r["share"] or 0) for s in series for r in s["rows"]) or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(periods) - 1, 1)
    xs = {p: LEFT + (i * step if len(periods) > 1 else plot_w / 2) for i, p in enumerate(periods)}

    def y(share: float | None) -> float:
        return TOP + plot_h - plot_h * (share or 0) / top

    parts = [
        f'<svg class="attention" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" '
        f'y2="{TOP + plot_h}"/>',
        f'<text class="tick" x="{LEFT - 4}" y="{TOP + 8}" text-anchor="end">{top:.0%}</text>',
        f'<text class="tick" x="{LEFT - 4}" y="{TOP + plot_h}" text-anchor="end">0%</text>',
    ]
    for i, s in enumerate(series[:MAX_SERIES]):
        by_period = {r["period"]: r for r in s["rows"]}
        # a period with no article for this series is a zero, so the line drops to it
        points = [(xs[p], y((by_period.get(p) or {}).get("share"))) for p in periods]
        path = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in points)
        parts.append(f'<g class="series series-{i}" data-label="{escape(s["label"])}">')
        parts.append(f'<polyline points="{path}"/>')
        for p in periods:
            r = by_period.get(p)
            if not r:
                continue
            tip = f"{s['label']}, {p}: {r['n']} of {r['total']} articles ({(r['share'] or 0):.1%})"
            parts.append(
                f'<circle cx="{xs[p]:.1f}" cy="{y(r["share"]):.1f}" r="3">'
                f"<title>{escape(tip)}</title></circle>"
            )
        parts.append("</g>")
    every = max(1, len(periods) // 8)
    last = len(periods) - 1
    for i, p in enumerate(periods):
        if i % every == 0 or i == last:
            # the end labels lean inwards, so none is cut at the chart's edge
            anchor = "start" if i == 0 and last else "end" if i == last and last else "middle"
            parts.append(
                f'<text class="tick" x="{xs[p]:.1f}" y="{HEIGHT - 8}" '
                f'text-anchor="{anchor}">{escape(p)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def attention_table(series: list[dict]) -> list[dict]:
    """The chart's figures as rows: period, then per series n, total and share."""
    totals = {r["period"]: r["total"] for s in series for r in s["rows"]}
    out = []
    for p in periods_of(series):
        row: dict = {"period": p, "total": totals[p], "values": []}
        for s in series:
            r = next((r for r in s["rows"] if r["period"] == p), None)
            row["values"].append(r or {"period": p, "n": 0, "total": totals[p], "share": 0.0})
        out.append(row)
    return out
