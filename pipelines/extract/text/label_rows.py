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
from ..vocabulary import PARENT, category_rank, may_stand_under
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

    def inside(p: Piece) -> bool:
        """Printed between two names (not in a cluster before the first or after the last)."""
        before = any(ln < p.line or (ln == p.line and not right) for ln, right, _ in name_at)
        after = any(ln > max(p.end_line, p.line) for ln, _, _ in name_at)
        return before and after

    by_level: dict[int, list[tuple[str, float, int]]] = {1: [], 2: []}
    for level in (1, 2):
        got = []
        for p in pieces:
            if p.kind == "label" and p.level == level:
                first = row_after(p.line)
                got.append((p.text, (first + row_after(max(p.end_line, p.line))) / 2, first, inside(p)))
        by_level[level] = _ordered(got, level, n, doubt)
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


def _ordered(labels: list[tuple[str, float, int, bool]], level: int, n: int, doubt) -> list[tuple[str, float, int]]:
    """Labels of one level in row order with their anchors. A label printed between two names, alone
    at its anchor, keeps its anchor; labels printed in a cluster (before the first name, after the
    last, or several at one place) say nothing about their rows: when every label is in the
    vocabulary and the anchored ones follow the templates' order (`vocabulary.category_rank`), the
    clustered ones are put in that order between them, spread over the rows left between."""
    plain = [(t, a, f) for t, a, f, _ in labels]
    ranks = [category_rank(t, level) for t, _, _, _ in labels]
    if len(labels) < 2 or any(r is None for r in ranks):
        return plain
    shared = {f for _, _, f, _ in labels if sum(1 for x in labels if x[2] == f) > 1}
    anchored = [ok and f not in shared for _, _, f, ok in labels]
    if all(anchored):
        return plain
    fixed = sorted((f, r) for (_, _, f, _), r, ok in zip(labels, ranks, anchored) if ok)
    if any(fixed[k][1] > fixed[k + 1][1] for k in range(len(fixed) - 1)):
        return plain  # the anchored labels do not follow the templates' order: keep the printed order
    seen: set[str] = set()
    order = []
    for k in sorted(range(len(labels)), key=lambda k: (ranks[k], not anchored[k])):
        if labels[k][0] not in seen:  # a label printed again (page break, page foot) counts once
            seen.add(labels[k][0])
            order.append(k)
    out: list[tuple[str, float, int]] = []
    i = 0
    while i < len(order):
        k = order[i]
        if anchored[k]:
            t, a, f, _ = labels[k]
            out.append((t, a, f))
            i += 1
            continue
        j = i
        while j < len(order) and not anchored[order[j]]:
            j += 1
        lo = out[-1][2] + 1 if out else 0
        hi = labels[order[j]][2] if j < len(order) else n
        m = j - i
        for q, kk in enumerate(order[i:j]):
            pos = lo + (max(hi - lo, m) * q) // m if m else lo
            out.append((labels[kk][0], float(pos), int(pos)))
        i = j
    doubt(f"Level-{level} labels {'/'.join(labels[k][0] for k in order if not anchored[k])} are printed apart from "
          "the rows they span; placed in the templates' order, spread over the rows between the others (the "
          "export does not show their rows).")
    return out


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
