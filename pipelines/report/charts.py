"""Small, dependency-free SVG charts for the offline HTML report.

Each function returns one self-contained `<svg>` string (escaped text, no scripts, no external
references), sized by its data. Values are drawn to scale from zero; every bar carries a `<title>`
so hovering shows the exact number.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

FONT = "font-family='Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif'"
PALETTE = ("#4472c4", "#ed7d31", "#a5a5a5", "#70ad47", "#ffc000", "#5b9bd5", "#c00000", "#7030a0")


@dataclass
class Series:
    name: str
    color: str


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(v))
    for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if v <= m * exp:
            return m * exp
    return 10 * exp


def fmt_number(v: float | None) -> str:
    """12 345 678 → '1,234.57万' style is locale-specific; keep plain thousands separators."""
    if v is None:
        return "–"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def _empty(title: str, message: str, width: int) -> str:
    return (f"<svg xmlns='http://www.w3.org/2000/svg' class='chart-svg empty' width='{width}' height='60' "
            f"viewBox='0 0 {width} 60' role='img' aria-label='{escape(title)}' {FONT}>"
            f"<text x='{width / 2}' y='35' text-anchor='middle' font-size='14' fill='#666'>{escape(message)}</text>"
            f"</svg>")


def _legend(series: list[Series], x: float, y: float) -> list[str]:
    out = []
    for s in series:
        out.append(f"<rect x='{x:.1f}' y='{y - 10:.1f}' width='12' height='12' fill='{s.color}'/>")
        out.append(f"<text x='{x + 16:.1f}' y='{y:.1f}' font-size='12'>{escape(s.name)}</text>")
        x += 24 + 13 * len(s.name) if not s.name.isascii() else 24 + 7 * len(s.name)
    return out


def hbar_chart(title: str, groups: list[tuple[str, list[float | None]]], series: list[Series], *,
               unit: str = "", width: int = 760, label_width: int = 200, stacked: bool = False,
               value_labels: list[str] | None = None, empty_message: str = "no data") -> str:
    """Horizontal bars, one group per label; grouped (side by side) or stacked series.

    groups: (label, [value per series]); value_labels: an optional text printed after each group.
    """
    if not groups:
        return _empty(title, empty_message, width)
    bar_h, gap = (18, 10) if stacked else (14, 12)
    per_group = bar_h if stacked else bar_h * len(series)
    top, plot_w = 34, width - label_width - 110
    height = top + len(groups) * (per_group + gap) + 30
    totals = [sum(v or 0 for v in vals) if stacked else max((v or 0) for v in vals) for _, vals in groups]
    counts = all(isinstance(v, int) for _, vals in groups for v in vals if v is not None)
    # counts get whole-number ticks (4 intervals), amounts a round maximum
    vmax = max(4, math.ceil(max(totals) / 4) * 4) if counts else _nice_max(max(totals))
    scale = plot_w / vmax
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' class='chart-svg' width='{width}' height='{height}' "
             f"viewBox='0 0 {width} {height}' role='img' aria-label='{escape(title)}' {FONT}>"]
    parts += _legend(series, label_width, 16)
    for i in range(5):  # grid and axis labels
        v = vmax * i / 4
        x = label_width + v * scale
        parts.append(f"<line x1='{x:.1f}' y1='{top - 4}' x2='{x:.1f}' y2='{height - 26}' stroke='#e3e3e3'/>")
        parts.append(f"<text x='{x:.1f}' y='{height - 10}' font-size='11' text-anchor='middle' fill='#555'>"
                     f"{escape(fmt_number(v))}{escape(unit) if v else ''}</text>")
    y = top
    for gi, (label, vals) in enumerate(groups):
        parts.append(f"<text x='{label_width - 8}' y='{y + per_group / 2 + 4:.1f}' font-size='12' "
                     f"text-anchor='end'>{escape(label)}</text>")
        x = label_width
        for si, (s, v) in enumerate(zip(series, vals)):
            if not v or v < 0:  # nothing to draw (the group label says 0)
                continue
            w = v * scale
            by = y if stacked else y + si * bar_h
            tip = f"{label} — {s.name}: {fmt_number(v)}{unit}"
            parts.append(f"<rect class='bar' x='{x:.1f}' y='{by:.1f}' width='{w:.1f}' height='{bar_h - 2}' "
                         f"fill='{s.color}'><title>{escape(tip)}</title></rect>")
            if stacked:
                x += w
        if value_labels:
            end = label_width + (totals[gi] * scale) + 6
            parts.append(f"<text x='{end:.1f}' y='{y + per_group / 2 + 4:.1f}' font-size='11' fill='#333'>"
                         f"{escape(value_labels[gi])}</text>")
        y += per_group + gap
    parts.append("</svg>")
    return "".join(parts)


def histogram(title: str, values: list[float], *, bins: list[tuple[float, float]] | None = None, width: int = 760,
              color: str = PALETTE[0], x_label: str = "", empty_message: str = "no data",
              labels: list[str] | None = None) -> str:
    """Vertical bars counting values per [lo, hi) bin (the last bin includes its upper edge)."""
    if not values:
        return _empty(title, empty_message, width)
    bins = bins or auto_bins(values)
    counts = [sum(1 for v in values if lo <= v < hi or (i == len(bins) - 1 and v == hi))
              for i, (lo, hi) in enumerate(bins)]
    height, left, top, bottom = 260, 50, 20, 50
    plot_w, plot_h = width - left - 20, height - top - bottom
    cmax = max(counts) or 1
    ticks = max(1, math.ceil(cmax / 5))
    bw = plot_w / len(bins)
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' class='chart-svg' width='{width}' height='{height}' "
             f"viewBox='0 0 {width} {height}' role='img' aria-label='{escape(title)}' {FONT}>"]
    for c in range(0, cmax + 1, ticks):
        y = top + plot_h - c / cmax * plot_h
        parts.append(f"<line x1='{left}' y1='{y:.1f}' x2='{width - 20}' y2='{y:.1f}' stroke='#e3e3e3'/>")
        parts.append(f"<text x='{left - 6}' y='{y + 4:.1f}' font-size='11' text-anchor='end' fill='#555'>{c}</text>")
    for i, ((lo, hi), c) in enumerate(zip(bins, counts)):
        h = c / cmax * plot_h
        x = left + i * bw
        label = labels[i] if labels else f"{fmt_number(lo)}–{fmt_number(hi)}"
        if c:
            parts.append(f"<rect class='bar' x='{x + 2:.1f}' y='{top + plot_h - h:.1f}' width='{bw - 4:.1f}' "
                         f"height='{h:.1f}' fill='{color}'><title>{escape(label)}: {c}</title></rect>")
            parts.append(f"<text x='{x + bw / 2:.1f}' y='{top + plot_h - h - 4:.1f}' font-size='11' "
                         f"text-anchor='middle'>{c}</text>")
        parts.append(f"<text x='{x + bw / 2:.1f}' y='{top + plot_h + 16:.1f}' font-size='11' text-anchor='middle' "
                     f"fill='#555'>{escape(label)}</text>")
    if x_label:
        parts.append(f"<text x='{left + plot_w / 2:.1f}' y='{height - 8}' font-size='12' text-anchor='middle'>"
                     f"{escape(x_label)}</text>")
    parts.append("</svg>")
    return "".join(parts)


def auto_bins(values: list[float], target: int = 10) -> list[tuple[float, float]]:
    """About `target` equal bins on round edges covering the values."""
    lo, hi = min(values), max(values)
    if hi == lo:
        return [(lo - 0.5, hi + 0.5)]
    raw = (hi - lo) / target
    exp = 10 ** math.floor(math.log10(raw))
    step = next(m * exp for m in (1, 2, 2.5, 5, 10) if m * exp >= raw)
    start = math.floor(lo / step) * step
    edges = [start]
    while edges[-1] < hi:
        edges.append(round(edges[-1] + step, 10))
    return list(zip(edges[:-1], edges[1:]))
