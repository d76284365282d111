"""Which category labels, printed between two rows of a cell-per-line export, are printed at their rows.

Labels of one level stand in the templates' order (`vocabulary.category_rank`: 数量 → 质量 → 时效 →
成本, 产出 → 效益 → 满意度), so their anchor rows (where each is printed) must rise with their rank.
When they do not, the largest set of labels whose anchors follow that order keeps its anchors and
the others count as printed apart from their rows (pdftotext printed their block late or early).
Decides only that, and only when one such largest set exists; otherwise nothing is decided.
"""
from __future__ import annotations


def in_template_order(anchors: list[tuple[int, float] | None]) -> list[bool] | None:
    """Per label, (anchor row, template rank) or None when the label is not printed at its rows: which
    labels keep their anchors. Every anchored label when their ranks rise with their anchors; else the
    unique largest subset whose ranks rise with the anchors (rows and ranks both strictly), or None when
    several subsets of that size exist."""
    idx = sorted((k for k, a in enumerate(anchors) if a is not None), key=lambda k: anchors[k])
    n = len(idx)
    # best[i]: (length, number of subsets of that length) of the rising chains ending at idx[i]
    best: list[tuple[int, int]] = []
    for i in range(n):
        row, rank = anchors[idx[i]]
        length, ways = 1, 1
        for j in range(i):
            prow, prank = anchors[idx[j]]
            if prow < row and prank < rank:
                if best[j][0] + 1 > length:
                    length, ways = best[j][0] + 1, best[j][1]
                elif best[j][0] + 1 == length:
                    ways += best[j][1]
        best.append((length, ways))
    out = [a is not None for a in anchors]
    if not n:
        return out
    top = max(length for length, _ in best)
    if sum(ways for length, ways in best if length == top) != 1:
        return None if top < n else out
    if top == n:
        return out
    chain: list[int] = []
    want, limit = top, None
    for i in range(n - 1, -1, -1):
        if best[i][0] != want:
            continue
        if limit is not None and not (anchors[idx[i]][0] < limit[0] and anchors[idx[i]][1] < limit[1]):
            continue
        chain.append(idx[i])
        limit, want = anchors[idx[i]], want - 1
        if not want:
            break
    for k in idx:
        out[k] = k in chain
    return out
