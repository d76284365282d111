"""The self-evaluation funds table in flowing text: which printed number is which cell.

Decides the cells of the funds table (rows 年度资金总额 / 其中：当年财政拨款 / 上年结转资金 / 其他资金;
columns 年初预算数 全年预算数 全年执行数 分值 执行率 得分) from the row labels and the numbers in
printed order, whatever lines pdftotext put them on: a row's numbers on one line, one number per
line, all rows' numbers after all the labels. The known shape of the table places them: the total
row prints all six cells; an 其中 row prints its three amounts and its rate, its 分值 and 得分 either
dashed (—) or not printed at all (and its rate may be blank too); an amount is never a dash where a
number is printed beside it; the rate is the executed amount over the full-year budget; the score
is at most the weight. The split of the numbers into rows that fits this shape best is taken;
where two splits fit equally well and place numbers differently, a doubt says so.

Word prints the table in column blocks when its columns are narrow: the titles of the first
columns, then those columns' cells row by row (every cell printed, a dash where blank); the other
columns' cells follow row by row, right after the first block or after one of their own titles
elsewhere (after the indicator table: '得分 / 99.50 / 9.95 / — …'). Such a reading is taken only
when the counts fit the rows exactly and the total row's rate is its executed amount over its
budget (`place_blocks`).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..normalize import parse_number, squash
from .tokens import DASHES

COLUMNS = ("initial_budget", "full_year_budget", "executed", "budget_weight", "execution_rate_pct", "budget_score")
_AMOUNTS = ("initial_budget", "full_year_budget", "executed")
# Which columns a row's printed cells cover, in printed order, best first (cost added for the rarer shapes).
_TOTAL_SHAPES = ((COLUMNS, 0.0), (COLUMNS[1:], 1.5))
_PART_SHAPES = ((COLUMNS, 0.0), (("initial_budget", "full_year_budget", "executed", "execution_rate_pct"), 0.5),
                (_AMOUNTS, 1.0))
_LEFTOVER = 3.0  # cost of a number no row takes (text after the table)


@dataclass
class Placement:
    rows: list[tuple[str, dict[str, str]]]  # (fund row, column → printed cell), in printed order
    doubts: list[str]


def _is_dash(t: str) -> bool:
    return (squash(t) or "") in DASHES


def _cell_cost(col: str, t: str, total: bool) -> float | None:
    """Cost of reading token t as column col (None: impossible)."""
    dash = _is_dash(t)
    if col in _AMOUNTS:
        return 1.0 if dash else 0.0
    if col == "execution_rate_pct":
        return 0.3 if dash else 0.0
    # 分值 / 得分: numbers on the total row, dashes on the 其中 rows
    if total:
        return 1.0 if dash else 0.0
    return 0.0 if dash else 0.8


def _row_fit(row: str, shape: tuple[str, ...], toks: list[str]) -> float | None:
    total = row in ("annual_total", "total")
    cost = 0.0
    for col, t in zip(shape, toks):
        c = _cell_cost(col, t, total)
        if c is None:
            return None
        cost += c
    v = {col: parse_number(t) for col, t in zip(shape, toks)}
    ok = _rate_fits(dict(zip(shape, toks)))
    if ok is not None:
        cost += -0.5 if ok else 2.0  # a printed rate that is not executed / budget: numbers out of place
    w, s = v.get("budget_weight"), v.get("budget_score")
    if w is not None and s is not None and s > w + 1e-9:
        cost += 1.0
    return cost


def _rate_fits(cells: dict[str, str]) -> bool | None:
    """Whether a row's printed rate is its executed amount over its full-year budget (None: not printed)."""
    f, e, r = (parse_number(cells.get(c) or "") for c in ("full_year_budget", "executed", "execution_rate_pct"))
    if f is None or e is None or r is None:
        return None
    want = e / f * 100 if f else 0.0
    return any(abs(x - r) <= max(0.6, abs(x) * 0.01) for x in (want, min(want, 100.0)))


def _block_fits(out: list[tuple[str, dict[str, str]]], strict: tuple[str, ...] = ()) -> bool:
    """Whether a reading in column blocks has the table's shape: the total row's rate is its executed amount over
    its budget and its score at most its weight; the 其中 rows print no weight or score (a dash where blank).
    `strict`: columns read from numbers printed with no title beside them, which must show that shape outright
    (the total's rate printed and right, the 其中 rows' cells dashes)."""
    for row, cells in out:
        if row in ("annual_total", "total"):
            w, sc = parse_number(cells.get("budget_weight") or ""), parse_number(cells.get("budget_score") or "")
            rate = _rate_fits(cells)
            if rate is False or ("execution_rate_pct" in strict and rate is None):
                return False
            if (w is not None and sc is not None and sc > w + 1e-9) or ("budget_score" in strict and sc is None):
                return False
        elif any(not _is_dash(cells[c]) for c in ("budget_weight", "budget_score", *strict) if c in cells):
            return False
    return any(row in ("annual_total", "total") for row, _ in out)


def place_blocks(rows: list[str], numbers: list[str], first: list[str], runs: list[tuple[list[str], list[str]]]
                 ) -> Placement | None:
    """The cells of a table printed in column blocks: `first` the titles printed before the numbers, whose
    columns' cells the numbers give row by row; the other columns' cells row by row right after them, or in
    one of `runs` ((titles, numbers) printed after funds column titles elsewhere). None when nothing fits."""
    r, k = len(rows), len(first)
    if not r or not 2 <= k < len(COLUMNS) or len(set(first)) != k or len(numbers) < r * k:
        return None
    rest = [c for c in COLUMNS if c not in first]
    m = r * len(rest)

    def read(later: list[str]) -> list[tuple[str, dict[str, str]]]:
        out = []
        for i, row in enumerate(rows):
            cells = dict(zip(first, numbers[i * k:(i + 1) * k]))
            cells.update(zip(rest, later[i * len(rest):(i + 1) * len(rest)]))
            out.append((row, cells))
        return out

    after = numbers[r * k:]
    tries = [(after[:m], r * k + m, "right after the first", ())] if len(after) >= m else []
    tries += [(nums, r * k, "after their title elsewhere", ()) for titles, nums in runs
              if titles and len(nums) == m and set(titles) <= set(rest)]
    tries += [(nums, r * k, "elsewhere, in a run of their own", tuple(rest)) for titles, nums in runs
              if not titles and len(nums) == m]
    tries += [(after[j:j + m], r * k, "among the others", tuple(rest)) for j in range(1, len(after) - m + 1)]
    tries.append(([], r * k, "", ()))  # the first block alone
    for later, used, where, strict in tries:
        out = read(later)
        if not _block_fits(out, strict):
            continue
        doubts = [f"The funds table is printed in column blocks ({'/'.join(first)} first); cells read row by row"
                  + (f", {'/'.join(rest)} from the numbers printed {where}." if later else
                     f"; {'/'.join(rest)} not found.")]
        if used < len(numbers):
            doubts.append(f"Numbers after the funds table not placed: {' '.join(numbers[used:])}.")
        return Placement(out, doubts)
    return None


def place_funds(rows: list[str], numbers: list[str], titles: list[str]) -> Placement:
    """The cells of each fund row: `rows` the row labels in printed order, `numbers` the printed numbers
    and dashes in printed order, `titles` the six column titles when printed on one line (their order is
    the columns'; otherwise the usual order)."""
    cols_order = tuple(titles) if len(set(titles)) == len(COLUMNS) else COLUMNS
    n, k = len(numbers), len(rows)
    INF = float("inf")
    # best[i][p]: least cost of rows[:i] taking numbers[:p]; how[i][p]: (shape, previous p)
    best = [[INF] * (n + 1) for _ in range(k + 1)]
    how: list[list[list]] = [[[] for _ in range(n + 1)] for _ in range(k + 1)]
    best[0][0] = 0.0
    for i, row in enumerate(rows):
        shapes = _TOTAL_SHAPES if row in ("annual_total", "total") else _PART_SHAPES
        for p in range(n + 1):
            if best[i][p] == INF:
                continue
            for shape, extra in shapes:
                shape = tuple(c for c in cols_order if c in shape)
                q = p + len(shape)
                if q > n:
                    continue
                fit = _row_fit(row, shape, numbers[p:q])
                if fit is None:
                    continue
                c = best[i][p] + extra + fit
                if c < best[i + 1][q] - 1e-9:
                    best[i + 1][q], how[i + 1][q] = c, [(shape, p)]
                elif abs(c - best[i + 1][q]) <= 1e-9:
                    how[i + 1][q].append((shape, p))
    ends = [(best[k][q] + _LEFTOVER * (n - q), q) for q in range(n + 1) if best[k][q] < INF]
    if not rows or not ends:
        return Placement([], [f"Funds numbers {' '.join(numbers)} could not be placed in the funds table."] if numbers else [])
    cost, q = min(ends)
    doubts: list[str] = []
    if sum(1 for c, _ in ends if abs(c - cost) <= 1e-9) > 1:
        doubts.append("The funds numbers split into rows in more than one way equally well; the longest reading kept.")
        q = max(q2 for c, q2 in ends if abs(c - cost) <= 1e-9)
    out: list[tuple[str, dict[str, str]]] = []
    i = k
    while i > 0:
        options = how[i][q]
        if len(options) > 1:
            doubts.append(f"Funds row {rows[i - 1]}: its numbers fit more than one split of the printed numbers; "
                          "the first kept.")
        shape, p = options[0]
        out.append((rows[i - 1], dict(zip(shape, numbers[p:q]))))
        q, i = p, i - 1
    out.reverse()
    if n > sum(len(c) for _, c in out):
        doubts.append(f"Numbers after the funds table not placed: {' '.join(numbers[sum(len(c) for _, c in out):])}.")
    return Placement(out, doubts)
