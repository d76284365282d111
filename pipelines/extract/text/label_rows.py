"""Category labels of a cell-per-line export → the rows each label spans.

A merged label cell is printed at the vertical middle of the rows it spans, and pdftotext puts its
text among the cells of those rows. Decides each label's anchor row (the row of the next
indicator name printed after it, or of the last one when none follows) and, per level, the
groups: labels of one level come in printed order, each group starts where the one above ended
and, the label standing at its middle, ends as far below the anchor as it starts above it
(clamped so that every later label keeps its own anchor row inside its group). Level-1 group
edges snap to level-2 edges (a 一级 cell spans whole 二级 groups). The result is one label per
level on the first row of each group, which `rows.assign_levels` carries down.
"""
from __future__ import annotations

from .cell_pieces import Piece
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

    by_level: dict[int, list[tuple[str, float]]] = {1: [], 2: []}
    for p in pieces:
        if p.kind == "label" and p.level in (1, 2):
            by_level[p.level].append((p.text, (row_after(p.line) + row_after(max(p.end_line, p.line))) / 2))
    starts2 = _groups(by_level[2], n)
    starts1 = _groups(by_level[1], n)
    edges2 = sorted({s for _, s in starts2})
    if edges2:
        starts1 = [(t, min(edges2, key=lambda e: (abs(e - s), e))) if s else (t, 0) for t, s in starts1]
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
    if starts1 or starts2:
        doubt("Category labels are printed apart from their rows; each label's rows read from where it is "
              "printed (the middle of its merged cell).")


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
