"""Category labels of a table printed in row bands (`row_bands`) → the rows each label spans.

A word processor centres a merged label cell on the rows it spans, and pdftotext prints the rows'
lines and the label's lines top to bottom: a label's printed lines stand at the middle of its rows'
lines. Decides, per level, where each label's group of rows starts: labels of one level come in
printed order and cover the rows in order, each over one row at least; the split is the one that
puts every label nearest the middle of its rows (from the first line of its first row to the last
line of its last row). A 一级 cell spans whole 二级 groups, so level-1 groups start where level-2 groups
do when the table prints level-2 labels. The label goes on the first row of its group, which
`rows.assign_levels` carries down.
"""
from __future__ import annotations

from .rows import Label, RowRec


def place_band_labels(labels: list[tuple[str, int, float]], spans: list[tuple[int, int]], rows: list[RowRec],
                      doubt) -> None:
    """`labels`: (text, level, middle line) in printed order; `spans`: each row's first and last printed line."""
    n = len(rows)
    starts2 = _starts([x for x in labels if x[1] == 2], spans, set(range(n)))
    edges = {s for _, s in starts2} if starts2 else set(range(n))
    starts1 = _starts([x for x in labels if x[1] == 1], spans, edges | {0})
    for text, r in starts1 + starts2:
        rows[r].labels.append(Label(text))
    if starts1 or starts2:
        doubt("Category labels are read as centred on the rows they span (a word processor's merged cells).")


def _starts(labels: list[tuple[str, int, float]], spans: list[tuple[int, int]], allowed: set[int]
            ) -> list[tuple[str, int]]:
    """(label, first row of its group) for labels of one level: groups in printed order, starting at
    `allowed` rows, the first at row 0, each label as near the middle of its group as can be."""
    n, m = len(spans), len(labels)
    if not m or not n:
        return []
    cuts = sorted(r for r in allowed if 0 < r < n)
    if m - 1 > len(cuts):  # more labels than groups can hold: the first ones over one group each
        return [(t, min(k, n - 1)) for k, (t, _, _) in enumerate(labels)]
    points = [0, *cuts, n]  # group k covers rows points[a] .. points[b] - 1

    def miss(k: int, a: int, b: int) -> float:
        middle = (spans[points[a]][0] + spans[points[b] - 1][1]) / 2
        return abs(labels[k][2] - middle)

    inf = float("inf")
    # best[k][b]: labels 0..k-1 placed, their groups ending at points[b]
    best = [[inf] * len(points) for _ in range(m + 1)]
    back = [[0] * len(points) for _ in range(m + 1)]
    best[0][0] = 0.0
    for k in range(m):
        for a in range(len(points)):
            if best[k][a] == inf:
                continue
            for b in range(a + 1, len(points)):
                c = best[k][a] + miss(k, a, b)
                if c < best[k + 1][b]:
                    best[k + 1][b], back[k + 1][b] = c, a
    out: list[tuple[str, int]] = []
    b = len(points) - 1
    for k in range(m, 0, -1):
        a = back[k][b]
        out.append((labels[k - 1][0], points[a]))
        b = a
    return out[::-1]
