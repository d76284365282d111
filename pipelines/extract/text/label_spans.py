"""Which rows each category label of one level spans, from where each is printed among the rows.

A merged label cell covers a run of rows, and the labels of one level tile the table in printed
order. Where pdftotext prints a label's lines among the rows' names says where its cell stands:

- printed at the middle of its cell (PDF renders, Word and Excel with centred cells): the label's
  middle is the middle of its rows. A line printed right before the name of row r stands in
  (r-1, r]; a label of one line stands at row r or half a row above it, a label over several lines
  has its lines between the rows, its middle half a row above the middle of the rows of the names
  printed after its first and its last line; a label whose first line pdftotext prints on one line
  with a name (left of it) stands on that row there, its middle past it towards its last line;
- printed at the top of its cell: its rows start at the row of the name printed after its first line.

Labels printed apart from their rows (`label_rows._ordered`) say nothing of where they stand; for
them the names' wording (`name_categories.row_costs`, given by the caller) decides, and then the spread the caller
proposes. Decides the first row of each label (each over at least one row) by the split that fits
the printed places best — a row of misfit costs far more than a name worded for another category —
and how far that best split misses the printed places (the misfit: none when every label stands
where its cell says).
"""
from __future__ import annotations

from dataclasses import dataclass

MISFIT = 10.0  # per row a label's middle (or top) stands off its printed place
SPREAD = 0.01  # per row a free label's first row stands off the caller's spread
MAX_ROWS = 400


@dataclass
class Placed:
    text: str
    first: int  # row of the name printed after the label's first line (free labels: the caller's spread)
    last: int  # row of the name printed after its last line
    lines: bool  # printed over several lines
    anchored: bool  # printed among its rows (else free: placed by wording and spread)
    level: bool = False  # its first line printed on one line with the name after it (left of it)


def _middle_range(p: Placed) -> tuple[float, float]:
    if p.level:  # its first line stands on that name's row, its last line in (last-1, last]: past the middle
        return (p.first + max(p.last - 1, p.first)) / 2 + (0.25 if p.last > p.first else 0.0), (p.first + p.last) / 2
    if p.lines and p.last > p.first:
        mid = (p.first + p.last) / 2
        return mid - 1.0, mid - 0.5
    if p.lines:  # every line before one name: printed as one block, or between two rows
        return p.first - 1.0, float(p.first)
    return p.first - 0.5, float(p.first)


def _misfit(p: Placed, s: int, e: int, model: str) -> float:
    """Rows by which label p over rows s..e stands off its printed place."""
    if not p.anchored:
        return 0.0
    if model == "top":
        return float(abs(s - p.first))
    lo, hi = _middle_range(p)
    c = (s + e) / 2
    return max(lo - c, c - hi, 0.0)


def _lean(p: Placed, s: int, e: int, model: str) -> float:
    """Among splits that fit, rows by which a label's middle stands off the likeliest place in its range,
    its lower end: a label of one line on the row of the name printed after it, one of several lines
    (their spacing less than a row's) half a row above the middle of the rows after its lines."""
    if not p.anchored or model == "top":
        return 0.0
    return abs((s + e) / 2 - _middle_range(p)[1])


def fit_spans(labels: list[Placed], n: int, word: list[list[float]], model: str) -> tuple[list[int], float] | None:
    """(first row of each label, misfit in rows) of the best split of rows 0..n-1 among `labels` (in
    order) read as printed at the `model` ('middle' / 'top') of their cells; `word[q][r]`: what row r's
    name costs under label q (`name_categories.row_costs`). None when the labels are more than the
    rows or the rows too many."""
    m = len(labels)
    if not m or m > n or n > MAX_ROWS:
        return None
    pre = [[0.0] * (n + 1) for _ in range(m)]
    for q in range(m):
        for r in range(n):
            pre[q][r + 1] = pre[q][r] + word[q][r]
    INF = float("inf")
    best = [[INF] * (n + 1) for _ in range(m + 1)]
    miss = [[0.0] * (n + 1) for _ in range(m + 1)]
    back = [[0] * (n + 1) for _ in range(m + 1)]
    best[0][0] = 0.0
    for q in range(m):
        p = labels[q]
        for s in range(n):
            if best[q][s] == INF:
                continue
            for e in range(s, n - (m - q - 1)):  # label q over rows s..e
                off = _misfit(p, s, e, model)
                c = best[q][s] + MISFIT * off + pre[q][e + 1] - pre[q][s]
                c += SPREAD * (abs(s - p.first) if not p.anchored else _lean(p, s, e, model))
                if c < best[q + 1][e + 1] - 1e-9:
                    best[q + 1][e + 1], back[q + 1][e + 1], miss[q + 1][e + 1] = c, s, miss[q][s] + off
    if best[m][n] == INF:
        return None
    starts = [0] * m
    e = n
    for q in range(m, 0, -1):
        starts[q - 1] = back[q][e]
        e = back[q][e]
    return starts, miss[m][n]
