"""Indicator-table rows of one page part.

Decides where rows are cut: by horizontal rules when they separate the 三级指标 (anchor)
cells, otherwise by the anchor blocks themselves, with the other cells attached by vertical
overlap (text wholly above the first anchor is the rest of a row cut by the page break).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..page import HRule
from .columns import Column
from .geometry import Box, join_text


@dataclass
class Row:
    top: float
    bottom: float
    cells: dict[str, list[Box]] = field(default_factory=dict)

    def text(self, role: str) -> str | None:
        bs = self.cells.get(role)
        if not bs:
            return None
        out = ""
        for b in sorted(bs, key=lambda b: (round(b.top), b.x0)):
            out = join_text(out, b.text) if out else b.text
        return out or None

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def intervals(ys: list[float]) -> list[tuple[float, float]]:
    ys = sorted(ys)
    out: list[float] = []
    for y in ys:
        if not out or y - out[-1] > 2.0:
            out.append(y)
    return list(zip(out, out[1:]))


def cut_rows(
    blocks: list[tuple[Column, Box]], hrules: list[HRule], anchor: Column, row_roles: set[str]
) -> tuple[list[Row], bool]:
    """Rows of one page part. Returns (rows, ruled): ruled when rules separate the anchor cells."""
    row_blocks = [(c, b) for c, b in blocks if c.role in row_roles]
    if not row_blocks:
        return [], False
    cross = [r.y for r in hrules if r.covers(anchor.center)]
    if len(cross) >= 2:
        ivs = intervals(cross)
        rows = [Row(t, b) for t, b in ivs]
        ok = True
        for c, b in row_blocks:
            i = _find_interval(ivs, b.cy)
            if i is None:
                continue
            rows[i].cells.setdefault(c.role, []).append(b)
        for r in rows:
            if len(r.cells.get(anchor.role, [])) > 1:
                ok = False  # two separate anchor cells between the same rules: rules don't cut rows here
                break
        if ok:
            return [r for r in rows if r.cells], True
    return _rows_by_anchor(row_blocks, anchor), False


def _find_interval(ivs: list[tuple[float, float]], y: float) -> int | None:
    for i, (t, b) in enumerate(ivs):
        if t - 0.5 <= y <= b + 0.5:
            return i
    return None


def _rows_by_anchor(row_blocks: list[tuple[Column, Box]], anchor: Column) -> list[Row]:
    anchors = sorted((b for c, b in row_blocks if c is anchor), key=lambda b: b.top)
    rows = [Row(b.top, b.bottom, {anchor.role: [b]}) for b in anchors]
    others = sorted(((c, b) for c, b in row_blocks if c is not anchor), key=lambda cb: cb[1].top)
    pitch = median([b.height for b in anchors]) or 12.0
    for c, b in others:
        best, best_score = None, None
        for i, r in enumerate(rows):
            ov = min(r.bottom, b.bottom) - max(r.top, b.top)
            score = ov if ov > 0 else -abs(r.cy - b.cy)
            if best_score is None or score > best_score:
                best, best_score = i, score
        # text wholly above the first 三级指标 cell (clear of it) is the rest of a row cut by the
        # page break, not part of that row
        above_first = bool(anchors) and b.bottom < anchors[0].top - 0.25 * pitch
        if best is None or above_first or (best_score is not None and best_score < 0 and -best_score > 1.5 * pitch):
            rows.append(Row(b.top, b.bottom, {c.role: [b]}))
            rows.sort(key=lambda r: r.top)
            continue
        r = rows[best]
        r.cells.setdefault(c.role, []).append(b)
        r.top, r.bottom = min(r.top, b.top), max(r.bottom, b.bottom)
    return rows


def median(xs: list[float]) -> float | None:
    if not xs:
        return None
    s = sorted(xs)
    return s[len(s) // 2]
