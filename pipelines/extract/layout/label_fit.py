"""Merged label cells (一级 / 二级 指标) over the rows of one page part.

Decides which rows a merged label cell covers: with rules, the rows between the rules
crossing its column; without, the best fit of the labels as vertically centred on their
rows (dynamic programming over row partitions) or printed at the top of their cells — one
style per table, outer cells nesting the inner ones, a 二级 standing under its 一级.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..page import HRule
from ..vocabulary import may_stand_under
from .columns import Column
from .geometry import Box, join_text
from .rows import Row, intervals, median


@dataclass
class LabelCell:
    """A (possibly merged) label cell of one page part: its text and the rows it covers."""

    text: str | None
    rows: list[int]
    at_top: bool  # starts at the top of the page part (may continue a cell from the page before)
    at_bottom: bool  # ends at the bottom of the page part (may continue on the next page)


def label_cells(
    col: Column, labels: list[Box], rows: list[Row], hrules: list[HRule], ruled: bool, continuation: bool
) -> list[LabelCell]:
    """Merged label cells of one column over the rows of one page part."""
    if not rows:
        return []
    if ruled:
        cross = [r.y for r in hrules if r.covers(col.center)]
        lo, hi = rows[0].top, rows[-1].bottom
        ys = [y for y in cross if lo - 1 <= y <= hi + 1] + [lo, hi]
        ivs = intervals(ys)
        cells: list[LabelCell] = []
        for k, (t, b) in enumerate(ivs):
            rs = [i for i, r in enumerate(rows) if t - 0.5 <= r.cy <= b + 0.5]
            if not rs:
                continue
            txt = [lb for lb in labels if t - 0.5 <= lb.cy <= b + 0.5]
            cells.append(LabelCell(_join(txt), rs, False, False))
        if cells:
            cells[0].at_top = True
            cells[-1].at_bottom = True
        return cells
    return unruled_label_cells({"_": labels}, rows, continuation)["_"]


def unruled_label_cells(
    labels_by_col: dict[str, list[Box]], rows: list[Row], continuation: bool, hint: list[str] | None = None
) -> dict[str, list[LabelCell]]:
    """Label cells of every label column of a page part without rules. Labels are centred in
    their merged cells or printed at their top; one style holds for the whole table, and the
    cells of an outer column (一级) must end where cells of the next column (二级) end."""
    fits = {
        style: {role: fn(sorted(lbs, key=lambda b: b.cy), rows, continuation) for role, lbs in labels_by_col.items()}
        for style, fn in (("centred", _centred_fit), ("top", _top_aligned_fit))
    }
    roles = list(labels_by_col)

    def rank(style: str) -> tuple[int, float, int]:
        f = fits[style]
        if any(f[r] is None for r in roles):
            return (2, 0.0, 0)
        bad = 0
        for outer, inner in zip(roles, roles[1:]):
            inner_ends = {c.rows[-1] for c in f[inner][1]}
            bad += sum(1 for c in f[outer][1] if c.rows[-1] not in inner_ends)  # cells must nest
            for oc in f[outer][1]:  # and a 二级 label must belong to its 一级 category
                bad += sum(1 for ic in f[inner][1] if ic.rows[0] in oc.rows and not may_stand_under(oc.text, ic.text))
        return (1 if bad else 0, sum(f[r][0] for r in roles), 0 if style == "centred" else 1)

    # centred unless the top-aligned reading fits clearly better (misfit in points, penalties for
    # rows left to a neighbouring page not counted): most forms centre their merged cells
    # `hint` carries the style of the table's earlier page parts: it decides where this part can't.
    rc, rt = rank("centred"), rank("top")
    tol = 0.75 * len(roles)
    if rt[0] < rc[0] or (rt[0] == rc[0] < 2 and rt[1] + tol < rc[1]):
        style = "top"
    elif rc[0] < rt[0] or (rc[0] == rt[0] < 2 and rc[1] + tol < rt[1]):
        style = "centred"
    else:
        style = None
    if style is not None and hint is not None:
        hint[:] = [style]  # the latest decisive part sets the document's style
    style = style or (hint[0] if hint else "centred")
    if rank(style)[0] == 2:
        return {role: [LabelCell(_join(lbs), list(range(len(rows))), True, True)] for role, lbs in labels_by_col.items()}
    return {role: fits[style][role][1] for role in roles}


def _join(boxes: list[Box]) -> str | None:
    out = ""
    for b in sorted(boxes, key=lambda b: (round(b.top), b.x0)):
        out = join_text(out, b.text) if out else b.text
    return out or None


def _centred_cells(labels: list[Box], rows: list[Row], continuation: bool) -> list[LabelCell]:
    return unruled_label_cells({"_": labels}, rows, continuation)["_"]


def _centred_fit(labels: list[Box], rows: list[Row], continuation: bool) -> tuple[float, list[LabelCell]] | None:
    """No rules: each label is vertically centred on the rows it covers (the usual rendering of a
    merged cell). Partition the rows into consecutive groups, one per label, minimising how far
    each label sits from its group's middle; on a continuation page the first rows may belong to
    the label of the page before. Top-aligned labels are the fallback when centring fits badly."""
    n = len(rows)
    labels = sorted(labels, key=lambda b: b.cy)
    if not labels:
        return 0.0, [LabelCell(None, list(range(n)), True, True)]
    # row boundaries: halfway between neighbouring rows
    half_gap = (median([max(0.0, rows[i + 1].top - rows[i].bottom) for i in range(n - 1)]) or 0.0) / 2
    edges = [rows[0].top - half_gap] + [(rows[i].bottom + rows[i + 1].top) / 2 for i in range(n - 1)]
    edges.append(rows[-1].bottom + half_gap)
    k = len(labels)
    INF = float("inf")
    unlabelled = _unlabelled_cost(rows)  # rows at either end left without a label of this page
    # best[j][e]: minimal cost with labels[:j] placed and rows[:e] consumed
    best = [[INF] * (n + 1) for _ in range(k + 1)]
    back: list[list[int]] = [[-1] * (n + 1) for _ in range(k + 1)]
    for e in range(n + 1):
        if e == 0 or continuation:
            best[0][e] = 0.0 if e == 0 else unlabelled  # leading rows continue a cell of the page before
    for j in range(1, k + 1):
        lb = labels[j - 1]
        for e in range(1, n + 1):
            for s in range(0, e):
                if best[j - 1][s] == INF:
                    continue
                top, bot = edges[s], edges[e]
                if not (top - 2 <= lb.cy <= bot + 2):
                    continue
                # centred on the span of its rows' text (row edges are only estimates without rules)
                cost = best[j - 1][s] + abs(lb.cy - (rows[s].top + rows[e - 1].bottom) / 2)
                if cost < best[j][e]:
                    best[j][e], back[j][e] = cost, s
    # a trailing group without a label: its label may be printed on the next page
    end = min(range(n + 1), key=lambda e: (best[k][e] + (unlabelled if e < n else 0.0), -e))
    if best[k][end] == INF:
        return None
    groups: list[tuple[int, int, Box | None]] = []
    if end < n:
        groups.append((end, n, None))
    e = end
    for j in range(k, 0, -1):
        s = back[j][e]
        groups.append((s, e, labels[j - 1]))
        e = s
    if e > 0:
        groups.append((0, e, None))
    groups.reverse()
    cells = [LabelCell(lb.text if lb else None, list(range(s, e)), False, False) for s, e, lb in groups]
    cells[0].at_top = True
    cells[-1].at_bottom = True
    misfit = sum(abs(lb.cy - (rows[s].top + rows[e - 1].bottom) / 2) for s, e, lb in groups if lb is not None)
    return misfit / k, cells


def _unlabelled_cost(rows: list[Row]) -> float:
    """What leaving the first (last) rows of a page part to a label of the page before (after) costs."""
    n = len(rows)
    pitch = median([rows[i + 1].cy - rows[i].cy for i in range(n - 1)]) or (rows[0].bottom - rows[0].top)
    return 0.1 * pitch


def _top_aligned_fit(labels: list[Box], rows: list[Row], continuation: bool) -> tuple[float, list[LabelCell]] | None:
    """Labels printed at the top of their merged cell: each starts the row whose text top it shares.
    Returns (mean misfit, cells), or None when the labels cannot be read that way."""
    if not labels:
        return 0.0, [LabelCell(None, list(range(len(rows))), True, True)]
    starts: list[int] = []
    cost = 0.0
    for lb in labels:
        i = min(range(len(rows)), key=lambda i: abs(rows[i].top - lb.top))
        if starts and i <= starts[-1]:
            return None
        starts.append(i)
        cost += abs(rows[i].top - lb.top)
    if not starts or (starts[0] > 0 and not continuation):
        return None
    cells: list[LabelCell] = []
    if starts[0] > 0:
        cells.append(LabelCell(None, list(range(starts[0])), False, False))
    for j, i in enumerate(starts):
        end = starts[j + 1] if j + 1 < len(starts) else len(rows)
        cells.append(LabelCell(labels[j].text, list(range(i, end)), False, False))
    cells[0].at_top = True
    cells[-1].at_bottom = True
    return cost / len(labels), cells
