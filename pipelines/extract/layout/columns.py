"""Indicator-table columns: x-ranges from the table's header cells.

Decides where one column ends and the next begins (on vertical rules, else on the ends of
partial horizontal rules, else halfway between header texts) and which column holds a block.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..page import HRule, VRule
from .geometry import Box


@dataclass
class Column:
    role: str
    left: float
    right: float
    head: Box | None = None

    @property
    def center(self) -> float:
        return (self.left + self.right) / 2


def make_columns(
    heads: list[tuple[str, Box]], vrules: list[VRule], hrules: list[HRule], band: tuple[float, float]
) -> list[Column]:
    """Column x-ranges from the header cells: boundaries on vertical rules, else on the ends of
    partial horizontal rules (merged cells), else halfway between neighbouring header texts."""
    heads = sorted(heads, key=lambda rh: rh[1].x0)
    top, bottom = band
    # the header's own rules: a vertical rule that runs through half a text line of the header band
    # (a border of the table above reaching a point into the header row is not one)
    size = sorted(h.size for _, h in heads)[len(heads) // 2] if heads else 0.0
    reach = min(0.5 * size, 0.5 * (bottom - top))
    vx = sorted({round(v.x, 1) for v in vrules if min(v.bottom, bottom) - max(v.top, top) >= reach})
    hx = sorted({round(r.x0, 1) for r in hrules} | {round(r.x1, 1) for r in hrules})

    def snap(lo: float, hi: float) -> float | None:
        mid = (lo + hi) / 2
        for xs in (vx, hx):
            inside = [x for x in xs if lo - 0.5 <= x <= hi + 0.5]
            if inside:
                return min(inside, key=lambda x: abs(x - mid))
        return None

    cols: list[Column] = []
    bounds: list[float] = []
    for (_, a), (_, b) in zip(heads, heads[1:]):
        lo, hi = a.x1, b.x0
        if hi < lo:  # overlapping header texts: split at the overlap centre
            lo = hi = (lo + hi) / 2
        s = snap(lo, hi)
        bounds.append(s if s is not None else (lo + hi) / 2)
    for i, (role, h) in enumerate(heads):
        left = bounds[i - 1] if i > 0 else None
        right = bounds[i] if i < len(bounds) else None
        if left is None:
            reach = (right - h.x1) if right is not None else h.x1 - h.x0
            cands = [x for x in vx if h.x0 - max(2 * reach, 30) <= x <= h.x0 + 0.5]
            left = max(cands) if cands else h.x0 - max(reach, 4)
        if right is None:  # the last column runs to the table's right border (header texts may sit left)
            cands = [x for x in vx if x >= h.x1 - 0.5]
            ends = [r.x1 for r in hrules if r.x1 >= h.x1 - 0.5]
            right = min(cands) if cands else max(ends) if ends else float("inf")
        cols.append(Column(role, left, right, h))
    return cols


def column_of(b: Box, cols: list[Column]) -> Column | None:
    """The column holding a block: by its centre, else by the largest overlap."""
    for c in cols:
        if c.left <= b.cx <= c.right:
            return c
    best, best_ov = None, 0.0
    for c in cols:
        ov = min(b.x1, c.right) - max(b.x0, c.left)
        if ov > best_ov:
            best, best_ov = c, ov
    return best if best_ov > 0.5 * (b.x1 - b.x0) else None
