"""pdftotext -layout text: the merged category labels of the indicator table and the rows they cover.

Decides which pieces of a label column are one label (vertical labels, '可持' / '续影' / '响指' / '标'),
and which run of rows each label covers: labels keep their order, each is centred on (or at the top
of) its rows and lies inside them, so a row on whose lines a piece of a label is printed is under
that label. The two label columns are merged cells one inside the other: a 一级 cell ends where a
二级 cell ends, and covers only 二级 categories that may stand under it (产出 → 数量/质量/时效, …).
A short piece no label takes is the tail of a wrapped name.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import vocabulary as L
from ..assemble import FormBuilder
from .label_pieces import segment
from .layout_rows import Row


# --- merged category labels ------------------------------------------------------------------------


@dataclass
class PrintedLabel:
    text: str
    top: int
    bottom: int
    lines: tuple[int, ...] = ()  # the lines its pieces are printed on


def printed_labels(pieces: list[tuple[int, str]]) -> tuple[list[PrintedLabel], list[tuple[int, str]]]:
    """Pieces of one label column (line, text) → whole labels with their line spans, and the pieces
    no label takes (line, text)."""
    plan = segment(tuple(t for _, t in pieces), None)
    out: list[PrintedLabel] = []
    used: set[int] = set()
    k = 0
    for g in list(plan.groups) + ([plan.incomplete] if plan.incomplete else []):
        acc, took = "", []
        while k < len(pieces) and acc != g:
            if g.startswith(acc + pieces[k][1]):
                acc += pieces[k][1]
                took.append(k)
            k += 1
        if acc == g and took:
            used.update(took)
            out.append(PrintedLabel(g, pieces[took[0]][0], pieces[took[-1]][0], tuple(pieces[t][0] for t in took)))
    return out, [p for n, p in enumerate(pieces) if n not in used]


def cover(labels: list[PrintedLabel], rows: list[Row], top: float, bottom: float, top_aligned: bool,
          continuation: bool, late: bool = False, other: list[int] | None = None,
          other_labels: list[PrintedLabel] | None = None, inner: bool = False) -> tuple[list[int], float]:
    """Which label (its index, -1 for none) covers each row: labels keep their order, each covers a run
    of rows, sits centred on (or at the top of) the rows it covers and lies inside them; a row on whose
    lines a piece of the label is printed is under it. With the other label column's reading (`other`,
    indices into `other_labels`): the categories fit each other (`vocabulary.may_stand_under`), and a
    一级 label (`inner` False: this column holds the outer cells) ends only where a 二级 label ends.
    Rows before the first label are unlabelled (they continue the group of the page before). Returns
    the indices and how badly the labels fit (0 where each sits where its rows say)."""
    n, m = len(rows), len(labels)
    if not m or not n:
        return [-1] * n, 0.0
    spans = [r.span() for r in rows]
    edges = [top] + [(spans[k - 1][1] + spans[k][0]) / 2 for k in range(1, n)] + [bottom]
    owner: dict[int, set[int]] = {}
    for k, (lo, hi) in enumerate(spans):
        for ln in range(int(lo), int(hi) + 1):
            owner.setdefault(ln, set()).add(k)

    def misfit(j: int, k: int) -> float:
        """Row k under label j when the other column puts it under an unfitting category."""
        if other is None or other_labels is None or other[k] < 0:
            return 0.0
        a, b = labels[j].text, other_labels[other[k]].text
        return 0.0 if (L.may_stand_under(b, a) if inner else L.may_stand_under(a, b)) else 2.0

    def cut(s: int) -> float:
        """An outer label starting at row s inside a run of one inner label."""
        if inner or other is None or s == 0 or other[s] < 0:
            return 0.0
        return 1.0 if other[s] == other[s - 1] else 0.0

    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(m + 1)]
    back = [[0] * (n + 1) for _ in range(m + 1)]
    for s in range(n + 1):
        best[0][s] = 0.0 if continuation or s == 0 else 2.0 * s
    for j in range(m):
        lab = labels[j]
        pos = lab.top if top_aligned else (lab.top + lab.bottom) / 2
        for s in range(n):
            if best[j][s] == inf:
                continue
            fit = cut(s)
            for e in range(s + 1, n + 1):
                fit += misfit(j, e - 1)
                ref = spans[s][0] if top_aligned else (edges[s] + edges[e]) / 2
                # a merged cell's label lies inside the rows it covers
                c = best[j][s] + fit + abs(pos - ref) + max(0.0, edges[s] - lab.top) + max(0.0, lab.bottom - edges[e])
                c += 2.0 * sum(1 for ln in lab.lines if owner.get(ln) and not any(s <= k < e for k in owner[ln]))
                if c < best[j + 1][e] - 1e-9 or (late and abs(c - best[j + 1][e]) <= 1e-9):
                    best[j + 1][e], back[j + 1][e] = c, s
    out = [-1] * n
    e = n
    for j in range(m, 0, -1):
        s = back[j][e]
        for k in range(s, e):
            out[k] = j - 1
        e = s
    return out, best[m][n]


def category_labels(b: FormBuilder, cells: dict[int, dict[str, str]], role: str) -> list[PrintedLabel]:
    """The labels of one category column; a short piece no label takes is the tail of a wrapped name
    printed left of its column ('网络安全巡检服务次' / '数'), and goes back to the name column."""
    pieces = [(n, c[role]) for n, c in sorted(cells.items()) if c.get(role)]
    labs, left = printed_labels(pieces)
    for n, t in left:
        if len(t) <= 2:
            cells[n]["level3"] = t + cells[n].get("level3", "")
        else:
            b.doubt(f"Text {t} in the label columns is not a category label; ignored.")
    return labs
