"""Which names of a (name, target) table have no target printed, when there are more names than targets.

A row whose target cell is empty leaves its name with nothing printed to its right, and pdftotext
joins it with the next row's name into one block: 'name A / name B / target B'. Pairing the i-th name
with the i-th target then shifts every row after A by one. Names and targets both come in row order,
so the rows are an order-keeping matching of the targets to the names, as many names left without a
target as there are names too many; the matching chosen is the one that leaves the most targets
printed right after their names (the rows the text pairs). A cell worded as an indicator name
(`vocabulary.names_a_measure`) that the alignment of `cell_rows` read as a target to keep the counts
even is a name here when that leaves one best matching. Decides only which names go without, and
only when names are in printed order and one matching is best; otherwise the i-th-with-i-th
pairing stays.
"""
from __future__ import annotations

from ..assemble import FormBuilder
from ..vocabulary import names_a_measure
from .cell_pieces import Piece


def names_without_targets(b: FormBuilder, ps: list[Piece], items: list[int], roles: list[str], names: list[int],
                          targets: list[int]) -> tuple[list[int], list[int | None]]:
    """(names, targets in row order, one per name; None: the name has no target), or the pairs unchanged.
    Cells worded as indicator names (`vocabulary.names_a_measure`) that the alignment read as targets
    to keep the counts even are names first, when that leaves one best matching."""
    measured = [k for k, r in zip(items, roles) if r == "target" and ps[k].kind == "text" and names_a_measure(ps[k].text)]
    if measured and names == sorted(names):
        more = sorted(names + measured)
        got = _matched(ps, items, more, [k for k in targets if k not in measured])
        if got is not None:
            b.doubt(f"Cells {'/'.join(ps[k].text for k in measured)} are worded as indicator names; read as names.")
            return more, _noted(b, ps, more, got)
    got = _matched(ps, items, names, targets)
    return (names, _noted(b, ps, names, got)) if got is not None else (names, targets)


def _noted(b: FormBuilder, ps: list[Piece], names: list[int], got: list[int | None]) -> list[int | None]:
    lost = [ps[names[r]].text for r, t in enumerate(got) if t is None]
    b.doubt(f"Names {'/'.join(lost)} have no target printed (more names than targets); the targets go to the "
            "names they are printed right after.")
    return got


def _matched(ps: list[Piece], items: list[int], names: list[int], targets: list[int]) -> list[int | None] | None:
    """The one best order-keeping matching of the targets to the names (None where a name has none)."""
    n, m = len(names), len(targets)
    if m == 0 or n <= m or names != sorted(names):
        return None
    pos = {k: q for q, k in enumerate(items)}
    NEG = -1
    # best[i][j]: (pairs printed name-then-target, ways) over the first i names and first j targets
    best = [[(NEG, 0)] * (m + 1) for _ in range(n + 1)]
    best[0][0] = (0, 1)
    for i in range(n + 1):
        for j in range(m + 1):
            score, ways = best[i][j]
            if score == NEG:
                continue
            steps = []
            if i < n and (n - i - 1) >= (m - j):  # names[i] without a target (enough names left)
                steps.append((i + 1, j, 0))
            if i < n and j < m:
                steps.append((i + 1, j + 1, 1 if pos[targets[j]] == pos[names[i]] + 1 else 0))
            for a, c, gain in steps:
                cur, cways = best[a][c]
                if score + gain > cur:
                    best[a][c] = (score + gain, ways)
                elif score + gain == cur:
                    best[a][c] = (cur, cways + ways)
    score, ways = best[n][m]
    if ways != 1 or score <= 0:
        return None
    out: list[int | None] = []
    i, j = n, m
    while i:
        here = best[i][j][0]
        if j and best[i - 1][j - 1][0] != NEG and best[i - 1][j - 1][0] + (
                1 if pos[targets[j - 1]] == pos[names[i - 1]] + 1 else 0) == here:
            out.append(targets[j - 1])
            j -= 1
        else:
            out.append(None)
        i -= 1
    out.reverse()
    return out
