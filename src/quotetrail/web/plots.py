"""Plots as inline SVG built on the server: no script, no network, every label escaped.

Two shapes cover the app: bars per month stacked by series (a claim's statements by stance, a
speaker's activity) and horizontal bars per label (statements per outlet). Each bar carries a
<title> (hover text) and may link to the statement list it counts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import Markup, escape

COLORS = {
    "supports": "#3b8f4a",
    "opposes": "#c2453b",
    "neither": "#8c94a3",
    "statements": "#2f6fd0",
}


def _nice_max(value: int) -> int:
    """A round axis maximum at or above value (1, 2, 5 x 10^k)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _ticks(top: int) -> list[int]:
    """Up to five gridline values from 0 to top."""
    step = max(1, top // 4)
    return list(range(0, top + 1, step))


def _short(label: str, n: int) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


def _link(href: str | None, inner: str) -> str:
    if not href:
        return inner
    return f'<a href="{escape(href)}">{inner}</a>'


def month_bars(
    rows: Sequence[dict[str, Any]],
    series: Sequence[str],
    *,
    title: str,
    href: Callable[[str, str], str | None] | None = None,
    width: int = 760,
    height: int = 260,
) -> Markup:
    """Bars per month (rows of {"month": "YYYY-MM", series...}), stacked in `series` order, with a legend."""
    left, right, top, bottom = 44, 12, 30, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(int(r.get(s, 0)) for s in series) for r in rows]
    ymax = _nice_max(max(totals, default=0))
    n = max(len(rows), 1)
    slot = plot_w / n
    bar_w = min(max(1.0, slot * 0.8), 48.0)
    every = max(1, math.ceil(n / 12))
    out = [
        f'<svg class="plot" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}"'
        ' xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for t in _ticks(ymax):
        y = top + plot_h - plot_h * t / ymax
        out.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(f'<text class="axis" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{t}</text>')
    for i, r in enumerate(rows):
        x = left + i * slot + (slot - bar_w) / 2
        y = top + plot_h
        month = str(r["month"])
        for s in series:
            v = int(r.get(s, 0))
            if v <= 0:
                continue
            h = plot_h * v / ymax
            y -= h
            tip = f"{month}: {v} {s}" if len(series) > 1 else f"{month}: {v}"
            rect = (
                f'<rect class="bar {escape(s)}" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}"'
                f' fill="{COLORS.get(s, "#2f6fd0")}"><title>{escape(tip)}</title></rect>'
            )
            out.append(_link(href(month, s) if href else None, rect))
        if i % every == 0:
            cx = left + i * slot + slot / 2
            out.append(
                f'<text class="axis" x="{cx:.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
                f"{escape(month)}</text>"
            )
    if not rows:
        out.append(
            f'<text class="empty" x="{width / 2:.0f}" y="{top + plot_h / 2:.0f}" text-anchor="middle">'
            "no statement with a full date</text>"
        )
    lx = left
    for s in series if len(series) > 1 else ():
        out.append(f'<rect x="{lx}" y="8" width="12" height="12" fill="{COLORS.get(s, "#2f6fd0")}"/>')
        out.append(f'<text class="legend" x="{lx + 16}" y="18">{escape(s)}</text>')
        lx += 24 + 8 * len(s)
    out.append("</svg>")
    return Markup("".join(out))


def label_bars(
    items: Sequence[tuple[str, int, str | None]],
    *,
    title: str,
    width: int = 760,
    label_chars: int = 30,
) -> Markup:
    """Horizontal bars, one per (label, value, link) in the given order."""
    row_h, left, right, top = 24, 230, 60, 8
    height = top * 2 + row_h * max(len(items), 1)
    vmax = max((v for _, v, _ in items), default=0) or 1
    plot_w = width - left - right
    out = [
        f'<svg class="plot" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}"'
        ' xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value, href) in enumerate(items):
        y = top + i * row_h
        w = plot_w * value / vmax
        out.append(
            f'<text class="axis" x="{left - 8}" y="{y + 16}" text-anchor="end">'
            f"{escape(_short(label, label_chars))}"
            f"<title>{escape(label)}</title></text>"
        )
        rect = (
            f'<rect class="bar statements" x="{left}" y="{y + 4}" width="{max(w, 1):.1f}"'
            f' height="{row_h - 8}"'
            f' fill="{COLORS["statements"]}"><title>{escape(f"{label}: {value}")}</title></rect>'
        )
        out.append(_link(href, rect))
        out.append(f'<text class="axis" x="{left + w + 6:.1f}" y="{y + 16}">{int(value)}</text>')
    if not items:
        out.append(
            f'<text class="empty" x="{width / 2:.0f}" y="{top + 16}" text-anchor="middle">nothing yet</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))


__all__ = ["COLORS", "label_bars", "month_bars"]
