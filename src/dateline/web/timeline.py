"""A speaker's quotes over time as a small SVG bar chart, drawn on the server (no JavaScript).

Quotes are counted per day, month or year (whichever gives a readable number of bars for the
span of dates), stacked by kind. Each bar is a link to the quotes of that period and has a
``<title>`` that browsers show on hover. All text in the SVG is escaped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from urllib.parse import urlencode

from markupsafe import Markup, escape

from dateline.web.render import Shown, visible_controls

KINDS = ("direct", "mixed", "indirect")
#: Most bars drawn: beyond it days become months and months become years.
MAX_BARS = 60
WIDTH, HEIGHT = 720, 180
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 32, 28, 10
#: Widest bar: a few bars stay bars, not blocks.
MAX_BAR_WIDTH = 36
#: Entity charts kept, each for its points (the chart is a function of them alone).
CHARTS_KEPT = 256


@dataclass(frozen=True)
class Bucket:
    """One bar: a period (first and last day) and its quote counts by kind."""

    label: str
    first: date
    last: date
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _parse(value: object) -> date | None:
    """A date from 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY' (the leading part of a TIMEX3 value)."""
    if not isinstance(value, str):
        return None
    parts = value[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1
        day = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 1
        return date(year, month, day)
    except (ValueError, IndexError):
        return None


def _month_end(d: date) -> date:
    nxt = date(d.year + 1, 1, 1) if d.month == 12 else date(d.year, d.month + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def buckets(points: Iterable[tuple[object, object, int]]) -> list[Bucket]:
    """Count ``(date, kind, n)`` points per period, with empty periods kept so gaps show."""
    dated = [(d, str(kind), n) for value, kind, n in points if (d := _parse(value)) and n > 0]
    if not dated:
        return []
    lo = min(d for d, _, _ in dated)
    hi = max(d for d, _, _ in dated)
    months = (hi.year - lo.year) * 12 + hi.month - lo.month + 1
    if (hi - lo).days + 1 <= MAX_BARS:
        unit = "day"
    elif months <= MAX_BARS:
        unit = "month"
    else:
        unit = "year"

    def period(d: date) -> date:
        if unit == "day":
            return d
        return date(d.year, d.month, 1) if unit == "month" else date(d.year, 1, 1)

    counts: dict[date, Counter] = {}
    for d, kind, n in dated:
        counts.setdefault(period(d), Counter())[kind] += n
    out: list[Bucket] = []
    cur = period(lo)
    while cur <= hi:
        if unit == "day":
            last, label, nxt = cur, cur.isoformat(), date.fromordinal(cur.toordinal() + 1)
        elif unit == "month":
            last, label = _month_end(cur), cur.strftime("%Y-%m")
            nxt = date.fromordinal(last.toordinal() + 1)
        else:
            last, label, nxt = date(cur.year, 12, 31), str(cur.year), date(cur.year + 1, 1, 1)
        out.append(Bucket(label, cur, last, dict(counts.get(cur, Counter()))))
        cur = nxt
    return out


def timeline_svg(
    points: Iterable[tuple[object, object, int]],
    href: Callable[[date, date], str] | None = None,
    title: str = "Quotes over time",
) -> Markup:
    """The chart as inline SVG markup; an empty string when no point has a date."""
    bars = buckets(points)
    if not bars:
        return Markup("")
    top = max(b.total for b in bars)
    plot_w = WIDTH - MARGIN_LEFT - 8
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    step = plot_w / len(bars)
    bar_w = min(max(step * 0.8, 1.0), MAX_BAR_WIDTH)
    parts = [
        f'<svg class="timeline" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<line class="axis" x1="{MARGIN_LEFT}" y1="{MARGIN_TOP + plot_h}" '
        f'x2="{WIDTH - 8}" y2="{MARGIN_TOP + plot_h}"/>',
        f'<text class="tick" x="{MARGIN_LEFT - 4}" y="{MARGIN_TOP + 8}" '
        f'text-anchor="end">{top}</text>',
        f'<text class="tick" x="{MARGIN_LEFT - 4}" y="{MARGIN_TOP + plot_h}" '
        f'text-anchor="end">0</text>',
    ]
    label_every = max(1, len(bars) // 8)  # about eight labels whatever the number of bars
    for i, bar in enumerate(bars):
        x = MARGIN_LEFT + i * step + (step - bar_w) / 2
        y = MARGIN_TOP + plot_h
        detail = ", ".join(f"{bar.counts[k]} {k}" for k in KINDS if bar.counts.get(k))
        others = sum(n for k, n in bar.counts.items() if k not in KINDS)
        detail += f"{', ' if detail and others else ''}{f'{others} other' if others else ''}"
        group = [f'<g class="bar" data-period="{escape(bar.label)}">']
        group.append(f"<title>{escape(bar.label)}: {bar.total} quotes ({escape(detail)})</title>")
        for kind in (*KINDS, "other"):
            n = others if kind == "other" else bar.counts.get(kind, 0)
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            group.append(
                f'<rect class="kind-{kind}" x="{x:.1f}" y="{y:.1f}" '
                f'width="{bar_w:.1f}" height="{h:.1f}"/>'
            )
        if bar.total == 0:
            group.append(
                f'<rect class="empty" x="{x:.1f}" y="{MARGIN_TOP + plot_h - 1}" '
                f'width="{bar_w:.1f}" height="1"/>'
            )
        group.append("</g>")
        if href and bar.total:
            link = escape(href(bar.first, bar.last))
            group = [f'<a href="{link}">', *group, "</a>"]
        parts.extend(group)
        if i % label_every == 0:
            parts.append(
                f'<text class="tick" x="{x + bar_w / 2:.1f}" y="{HEIGHT - 8}" '
                f'text-anchor="middle">{escape(bar.label)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def entity_chart(timeline: list[dict], entity: dict) -> Markup:
    """The chart of an entity page: ``timeline`` rows are ``{date, kind, count}``."""
    points = tuple((t.get("date"), t.get("kind"), int(t.get("count") or 0)) for t in timeline)
    return _entity_chart(points, entity["id"], entity.get("name", ""))


@lru_cache(maxsize=CHARTS_KEPT)
def _entity_chart(points: tuple, entity_id: object, name: str) -> Markup:
    """The chart for these points (a pure function of them: kept for the same points)."""

    def href(first: date, last: date) -> str:
        query = {"speaker": entity_id, "since": first.isoformat(), "until": last.isoformat()}
        return f"/search?{urlencode(query)}"

    # its control characters shown once here, not searched for on every page again
    return Shown(visible_controls(timeline_svg(points, href, title=f"Quotes of {name} over time")))
