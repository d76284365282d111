"""Category labels of a cell-per-line export → the rows each label spans.

A merged label cell is printed at the vertical middle of the rows it spans, and pdftotext puts its
text among the cells of those rows. Decides each label's anchor row (the row of the next
indicator name printed after it, or of the last one when none follows) and, per level, the
groups. Labels of one level come in printed order and each group starts where the one above ended.
A label printed at the middle of its cell (PDF renders) ends its group as far below its anchor as
it starts above it (clamped so that every later label keeps its anchor row in its own group); a
label printed at the top of its cell (word processors) starts its group at its anchor. Of the two
readings the one whose 一级/二级 pairs fit the vocabulary best wins (ties: top). Level-1 group
edges snap to level-2 edges (a 一级 cell spans whole 二级 groups). The result is one label per
level on the first row of each group, which `rows.assign_levels` carries down.
"""
from __future__ import annotations

from .cell_pieces import Piece
from ..vocabulary import PARENT, may_stand_under
from .rows import Label, RowRec


def place_labels(pieces: list[Piece], names: dict[int, int], rows: list[RowRec], doubt) -> None:
    """Attach each printed label to the first row of the group it spans (in `rows[...].labels`)."""
    n = len(rows)
    if not n:
        return
    name_at = [(pieces[q].line, not pieces[q].first, r) for q, r in sorted(names.items())]

    def row_after(line: int) -> int:
        """The row of the first name printed after `line` (or on it, right of a label)."""
        for ln, right, r in name_at:
            if ln > line or (ln == line and right):
                return r
        return name_at[-1][2] if name_at else 0

    by_level: dict[int, list[tuple[str, float, int]]] = {1: [], 2: []}
    for p in pieces:
        if p.kind == "label" and p.level in (1, 2):
            first = row_after(p.line)
            by_level[p.level].append((p.text, (first + row_after(max(p.end_line, p.line))) / 2, first))
    models = []
    for name, groups in (("middle", _groups), ("top", _tops)):
        starts2 = groups([(t, a) for t, a, _ in by_level[2]] if name == "middle" else
                         [(t, f) for t, _, f in by_level[2]], n)
        starts1 = groups([(t, a) for t, a, _ in by_level[1]] if name == "middle" else
                         [(t, f) for t, _, f in by_level[1]], n)
        edges2 = sorted({s for _, s in starts2})
        if edges2:
            starts1 = [(t, min(edges2, key=lambda e: (abs(e - s), e))) if s else (t, 0) for t, s in starts1]
        models.append((_conflicts(starts1, starts2, n), name, starts1, starts2))
    conflicts, name, starts1, starts2 = min(models, key=lambda m: (m[0], m[1] != "top"))
    if by_level[1] or by_level[2]:
        doubt(f"Category labels are printed apart from their rows; read as printed at the {name} of their merged "
              f"cells ({conflicts} rows whose 一级/二级 do not fit together).")
    for level, starts in ((1, starts1), (2, starts2)):
        seen: set[int] = set()
        for text, s in starts:
            if s in seen:
                doubt(f"Level-{level} label '{text}' has no row of its own in the export; ignored.")
                continue
            seen.add(s)
            rows[s].labels.append(Label(text))
    for r in rows:
        r.labels.sort(key=lambda lab: lab.level or 3)


def _tops(labels: list[tuple[str, float]], n: int) -> list[tuple[str, int]]:
    """(label, first row) per label printed at the top of its merged cell: its group starts at its anchor."""
    out: list[tuple[str, int]] = []
    start = -1
    for i, (text, anchor) in enumerate(labels):
        start = 0 if i == 0 else min(max(int(anchor), start + 1), n - 1)
        out.append((text, start))
    return out


def _conflicts(starts1: list[tuple[str, int]], starts2: list[tuple[str, int]], n: int) -> int:
    """Rows whose 一级 and 二级 labels, carried down, cannot stand together (vocabulary.may_stand_under,
    and the one parent of a 二级 that has one)."""
    l1 = dict((s, t) for t, s in starts1)
    l2 = dict((s, t) for t, s in starts2)
    cur1 = cur2 = None
    bad = 0
    for r in range(n):
        cur1 = l1.get(r, cur1)
        cur2 = l2.get(r, cur2)
        if cur1 and cur2:
            parent = PARENT.get(cur2)
            if not may_stand_under(cur1, cur2) or (parent and cur1.endswith("指标") and parent != cur1):
                bad += 1
    return bad


def _groups(labels: list[tuple[str, float]], n: int) -> list[tuple[str, int]]:
    """(label, first row) per label of one level, from the labels' anchor rows in printed order."""
    out: list[tuple[str, int]] = []
    start = 0
    for i, (text, anchor) in enumerate(labels):
        anchor = max(anchor, start)
        out.append((text, min(start, n - 1)))
        if i + 1 < len(labels):
            nxt = max(int(labels[i + 1][1] + 0.5), start + 1)
            end = int(2 * anchor - start + 1 + 0.5)
            end = max(end, int(anchor) + 1, start + 1)
            end = min(end, nxt, n - (len(labels) - i - 1))
            start = max(end, start + 1) if end > start else start + 1
    return out
