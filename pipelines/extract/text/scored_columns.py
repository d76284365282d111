"""A scored table (分值 / 得分) a word processor printed column by column → each row's cells.

Word and WPS tables with narrow columns come out of pdftotext's default mode column block by column
block: the names of several rows, each wrapped every few glyphs ('故障响应服' / '务完成率' / '（年度）'),
with targets, category labels and notes printed among their lines, then runs of (actual, 分值, 得分),
a row each. Decides which printed piece is which row's name, target, actual, weight and score:

- the anchors are the rows' value tuples: every row closes with its weight and score, two bare
  numbers, right after its actual, so the number pairs count the rows (k). A pair of the funds table
  (its 执行率 and 得分, followed by the table's dashes or equal to the funds values read) is no row,
  nor is the 总分 row (its weight the sum of the rows' weights, with the funds row's or without, or
  a grade printed right after it), whose score is the total score;
- every other piece is a line of a name, of a target or of a note, or no cell (header text printed
  again). The name lines, in printed order, make exactly k names; the targets — values, and state
  words, which may wrap too — are the rows' in printed order. A line goes on in the cell's next line
  only where it fills its column (`column_blocks.continues`: as wide as the column's full lines, or
  line breaking moved a glyph on, or the next line is no cell's start), never on its own line; a name
  does not end with a bracket open, and ends in the measure it names or a closed qualifier
  (`vocabulary.names_a_measure`) rather than on a full line. The cheapest reading under those rules
  and counts is taken; where another cut of the names is as cheap, it is a doubt.

Pieces printed under the note column's title or below the 总分 / 评分等级 labels are notes' lines rather
than names'. Notes are printed in runs of their own, apart from their rows; they are left unplaced (a
doubt). The reading applies only where the text shows the shape: the tuples printed in runs (a quarter
of the pairs at least follow the pair before with no name between), and many lines as wide as the
widest that break off inside a word; a table printed row by row is left to `cell_rows`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from ..normalize import parse_number
from ..vocabulary import names_a_measure
from .column_blocks import continues
from .layout_place import width
from .name_tails import opened_brackets, tail_piece as no_cell_start
from .tokens import DASHES, PURE_NUMBER
from .totals import is_grade_value

if TYPE_CHECKING:
    from ..assemble import FormBuilder
    from .cell_pieces import Piece

MIN_ROWS = 3  # fewer tuples say nothing about a table's columns
REACH = 4  # pieces: a cell's next line is printed within a few other columns' lines of its last
GAP = 0.3  # a cell's next line printed after another column's line: possible, less likely than right below
LONG = 0.6  # a name's fourth line and on
UNENDED = 0.9  # a name ending in no measure nor qualifier
FULL_LINES = 3  # lines at the column's full width: fewer, and nothing is wrapped
_SENTENCE = ("，", "。", "；", ",", ";")


@dataclass
class RowValues:
    """One row's value cells (piece indices): its actual (None when not printed before the pair)."""
    actual: int | None
    weight: int
    score: int


def _num(p: Piece) -> float | None:
    return parse_number(p.text) if p.kind == "num" and PURE_NUMBER.match(p.text) else None


def number_pairs(items: list[int], is_num: Callable[[int], bool]) -> tuple[list[tuple[int, int]], list[int]]:
    """(weight, score) candidates: runs of bare numbers (`is_num`) read two by two, a run of odd length
    opening with a value (a target or actual printed as a bare number); anything else breaks runs.
    Returns the pairs and the items that open odd runs."""
    pairs: list[tuple[int, int]] = []
    values: list[int] = []
    k = 0
    while k < len(items):
        j = k
        while j < len(items) and is_num(items[j]):
            j += 1
        if (j - k) % 2:
            values.append(items[k])
        pairs += [(items[q], items[q + 1]) for q in range(k + (j - k) % 2, j - 1, 2)]
        k = max(j, k + 1)
    return pairs, values


def _in_runs(ps: list[Piece], items: list[int], rows: list[tuple[int, int]]) -> bool:
    """Whether the rows' value tuples are printed in runs of their own (a column block), not each after its
    row's name: a quarter of the pairs follow the one before with no more than an actual and a target between
    (a row-by-row print has a name between any two)."""
    runs = 0
    for (_, s0), (w1, _) in zip(rows, rows[1:]):
        between = [k for k in items if s0 < k < w1 and ps[k].kind in ("text", "value")]
        runs += len(between) <= 2
    return runs * 4 >= len(rows)


def _funds_pair(b: FormBuilder, ps: list[Piece], items: list[int], w: int, s: int) -> bool:
    """The funds table's 执行率 / 得分 printed with the table: followed by its dashes, or the values read."""
    after = [k for k in items if k > s][:1]
    if after and ps[after[0]].text in DASHES:
        return True
    bud = b.form.budget
    if bud is None or bud.execution_rate_pct is None or bud.budget_score is None:
        return False
    return abs(_num(ps[w]) - bud.execution_rate_pct) < 1e-6 and abs(_num(ps[s]) - bud.budget_score) < 1e-6


def _total_pair(b: FormBuilder, ps: list[Piece], items: list[int], pairs: list[tuple[int, int]]) -> int | None:
    """Index in `pairs` of the 总分 row: a pair a grade follows, or the last whose weight is the sum of
    the others' (with the funds row's weight or without)."""
    for r, (w, s) in enumerate(pairs):
        after = [k for k in items if k > s][:1]
        if after and is_grade_value(ps[after[0]].text):
            return r
    if len(pairs) < 2:
        return None
    weights = [_num(ps[w]) for w, _ in pairs]
    bud = b.form.budget
    extra = (bud.budget_weight or 0) if bud is not None else 0
    rest = sum(weights[:-1])
    if any(abs(rest + e - weights[-1]) < 0.011 for e in {0, extra}):
        return len(pairs) - 1
    return None


def _sentence(t: str) -> bool:
    """A line of a sentence (a note's): names and targets are no sentences."""
    return any(x in t for x in _SENTENCE)


def _ends_name(t: str) -> bool:
    """A line a name ends with: its measure, or a closed qualifier ('（年度）')."""
    return t.endswith(("）", ")")) or names_a_measure(t if len(t) >= 4 else "xx" + t)


def _goes_on(w: int, line: int, at: int, p: Piece, i: int, full: int) -> bool:
    """Whether piece p (candidate i) may be the next line of a cell whose last line (width w, printed line
    `line`, candidate `at`) fills the column: printed on a later line, within REACH pieces."""
    return p.kind == "text" and p.line != line and i - at <= REACH and continues(w, p.text, full)


def _wclass(w: int, full: int) -> int:
    """A width as `continues` tells widths apart."""
    return full if w >= full - 1 else full - 2 if w >= full - 2 else 8 if w >= 8 else 0


def _close(state: tuple | None, full: int) -> float:
    """Cost of a name ending on its last line (state: width, brackets open, line ends it, …)."""
    if state is None:
        return 0.0
    w, opened, ends = state[:3]
    cost = 4.0 if opened > 0 else 0.0
    if w >= full - 1:
        cost += 0.7 if ends else 2.0  # a full line ends a name only where the name says it is whole
    elif not ends:
        cost += UNENDED
    return cost


def _sentence_lines(ps: list[Piece], cand: list[int], full: int) -> set[int]:
    """The lines (indices into `cand`) of a cell that holds a sentence: a line with a comma or full stop,
    the full line printed right before it and the lines that go on from it, one after the other."""
    bound: set[int] = set()
    for i, q in enumerate(cand):
        if ps[q].kind != "text" or not _sentence(ps[q].text):
            continue
        bound.add(i)
        j = i
        while j > 0 and ps[cand[j - 1]].kind == "text" and _goes_on(width(ps[cand[j - 1]].text), ps[cand[j - 1]].line,
                                                                      j - 1, ps[cand[j]], j, full):
            j -= 1
            bound.add(j)
            break  # the line before: one at most (the sentence's first line)
        j = i
        while j + 1 < len(cand) and _goes_on(width(ps[cand[j]].text), ps[cand[j]].line, j, ps[cand[j + 1]], j + 1, full):
            j += 1
            bound.add(j)
    return bound


def _other(p: Piece) -> float:
    """Cost of a piece being no name's line: a value, a note's or a state word's line costs little."""
    if p.kind != "text" or p.under in ("note", "totals"):
        return 0.0
    if no_cell_start(p.text):
        return 2.0  # '度）', '（年度）': the end of a wrapped name
    return 1.0 if _ends_name(p.text) else 0.3


def _names(ps: list[Piece], cand: list[int], k: int, full: int) -> tuple[list[list[int]], bool] | None:
    """The k names' lines (indices into `cand`): the cheapest reading of the pieces as name lines and other
    cells (see the module); and whether another cut is as cheap."""
    # state: (names, last name line: (width class, brackets open, ends a name, line, piece, lines, last glyphs)
    # or None)
    layer: dict[tuple, tuple[float, bool, int, tuple | None]] = {(0, None): (0.0, False, 0, None)}
    bound = _sentence_lines(ps, cand, full)
    for i, q in enumerate(cand):
        p = ps[q]
        t, w = p.text, width(p.text)
        nxt: dict[tuple, tuple[float, bool, int, tuple | None]] = {}
        # a cell printed right of another row cell on its line is no name's: the name column comes first
        right = i > 0 and ps[cand[i - 1]].line == p.line and ps[cand[i - 1]].kind == "text"
        right = right or i in bound  # (nor is a sentence's line)

        def put(key: tuple, cost: float, tie: bool, sig: int, back: tuple) -> None:
            old = nxt.get(key)
            if old is None or cost < old[0] - 1e-9:
                nxt[key] = (cost, tie, sig, back)
            elif abs(cost - old[0]) <= 1e-9 and sig != old[2]:
                nxt[key] = (old[0], True, old[2], old[3])

        ends = _ends_name(t)
        away = 2.0 if p.under in ("note", "totals") else 0.0  # printed under the note column's title or 总分
        for (n, ns), (c, tie, sig, back) in layer.items():
            if not right and ns is not None and ns[4] is not None and _goes_on(ns[0], ns[3], ns[4], p, i, full):
                cost = away + GAP * (i - ns[4] - 1) + (LONG if ns[5] >= 3 else 0.0)
                state = (_wclass(w, full), max(-1, min(1, ns[1] + opened_brackets(t))), _ends_name(ns[6] + t), p.line, i,
                         min(3, ns[5] + 1), (ns[6] + t)[-2:])
                put((n, state), c + cost, tie, hash((sig, i, 1)), (back, i, 1))
            if not right and n < k and p.kind == "text" and not no_cell_start(t) and len(t) >= 2:
                cost = away + _close(ns, full) + (0.0 if w >= full - 1 or ends and len(t) >= 4 else 0.8)
                state = (_wclass(w, full), max(-1, min(1, opened_brackets(t))), ends, p.line, i, 1, t[-2:])
                put((n + 1, state), c + cost, tie, hash((sig, i, 0)), (back, i, 0))
            put((n, ns), c + _other(p), tie, sig, back)
        layer = {}
        for (n, ns), v in nxt.items():  # a name out of reach takes no more lines
            if ns is not None and ns[4] is not None and i + 1 - ns[4] > REACH:
                ns = ns[:3] + (None, None, 0, "")
            old = layer.get((n, ns))
            if old is None or v[0] < old[0] - 1e-9:
                layer[(n, ns)] = v
            elif abs(v[0] - old[0]) <= 1e-9 and v[2] != old[2]:
                layer[(n, ns)] = (old[0], True, old[2], old[3])
    ends_ = sorted(((c + _close(ns, full), tie, back) for (n, ns), (c, tie, _, back) in layer.items() if n == k),
                   key=lambda e: e[0])
    if not ends_:
        return None
    cost, tie, back = ends_[0]
    tie = tie or (len(ends_) > 1 and abs(ends_[1][0] - cost) <= 1e-9)
    steps: list[tuple[int, int]] = []
    while back is not None:
        back, i, how = back
        steps.append((i, how))
    names: list[list[int]] = []
    for i, how in reversed(steps):
        if how == 0:
            names.append([i])
        else:
            names[-1].append(i)
    return names, tie


def _targets(ps: list[Piece], cand: list[int], taken: set[int], need: int, full: int
             ) -> tuple[list[list[int]], list[list[int]], bool]:
    """(targets, notes) among the pieces no name takes (indices into `cand`): every value a target, the
    text cells (lines joined where a line fills the column) the `need` likeliest targets — short state
    words printed among the names' lines rather than sentences, notes' lines or cells printed apart;
    and whether the choice was a tie."""
    cells: list[list[int]] = []
    for i, q in enumerate(cand):
        if i in taken:
            continue
        p = ps[q]
        last = cells[-1][-1] if cells else None
        if (last is not None and ps[cand[last]].kind == "text" and
                _goes_on(width(ps[cand[last]].text), ps[cand[last]].line, last, p, i, full)):
            cells[-1].append(i)
        else:
            cells.append([i])
    near = {j for i in taken for j in range(i - REACH, i + REACH + 1)}

    def cost(cell: list[int]) -> float:
        text = "".join(ps[cand[i]].text for i in cell)
        c = 0.0 if cell[0] in near else 1.0
        if _sentence(text) or ps[cand[cell[0]]].under in ("note", "totals"):
            c += 3.0
        return c + (0.5 if len(text) > 8 else 0.0) + (1.0 if _ends_name(text) else 0.0)

    texts = [c for c in cells if ps[cand[c[0]]].kind == "text"]
    ranked = sorted(texts, key=cost)
    chosen = {id(c) for c in ranked[:need]}
    tie = 0 < need < len(ranked) and cost(ranked[need - 1]) == cost(ranked[need])
    targets = [c for c in cells if ps[cand[c[0]]].kind != "text" or id(c) in chosen]
    return targets, [c for c in texts if id(c) not in chosen], tie


def _full_width(ps: list[Piece], cand: list[int], k: int) -> int | None:
    """The width of a full line of the narrow columns: the widest width that many lines (half the rows,
    FULL_LINES at least) reach, within a half-width glyph, and break off inside a word (no measure or
    qualifier ends them) — text wrapped in narrow cells; a line wider than the rest (a cell beside another
    on its line) does not set it. A table with whole cells a line has lines of every width."""
    chopped = [width(ps[q].text) for q in cand if ps[q].kind == "text" and not _ends_name(ps[q].text)
               and not _sentence(ps[q].text)]
    need = max(FULL_LINES, k / 2)
    return next((w for w in sorted(set(chopped), reverse=True)
                 if w >= 8 and sum(1 for x in chopped if w - 1 <= x <= w) >= need), None)


def scored_columns(b: FormBuilder, ps: list[Piece]) -> list[Piece]:
    """The pieces with every cell of such a table marked with its row and slot (`Piece.slot`), a name's
    or target's lines joined on its first; unchanged where the table does not read so."""
    items = [k for k, p in enumerate(ps) if p.kind != "label" and not p.column]
    every, _ = number_pairs(items, lambda k: _num(ps[k]) is not None)
    pairs = [(w, s) for w, s in every if not _funds_pair(b, ps, items, w, s)]
    total = _total_pair(b, ps, items, pairs)
    rows = [pr for r, pr in enumerate(pairs) if r != total]
    if len(rows) < MIN_ROWS or not _in_runs(ps, items, rows):
        return ps
    used = {k for pr in every for k in pr}
    tuples: list[RowValues] = []
    for w, s in rows:
        before = [k for k in items if k < w and k not in used][-1:]
        act = before[0] if before and before[0] == items[items.index(w) - 1] and ps[before[0]].kind != "num" else None
        if act is not None and ps[act].kind == "text" and len(ps[act].text) > 8:
            act = None  # a long text: a name's or a note's line, not an actual
        if act is not None:
            used.add(act)
        tuples.append(RowValues(act, w, s))
    grade = None
    if total is not None:
        after = [k for k in items if k > pairs[total][1]][:1]
        if after and is_grade_value(ps[after[0]].text):
            grade = after[0]
            used.add(grade)
    dashed = {items[j] for j in range(len(items) - 1) if ps[items[j + 1]].text in DASHES}  # the funds columns
    cand = [k for k in items if k not in used and ps[k].text not in DASHES
            and not (k in dashed and _num(ps[k]) is not None)]
    k = len(rows)
    full = _full_width(ps, cand, k)
    if full is None:
        return ps
    got = _names(ps, cand, k, full)
    if got is None:
        return ps
    names, tie = got
    values = sum(1 for q in cand if ps[q].kind != "text")
    if values > k:
        return ps
    targets, notes, target_tie = _targets(ps, cand, {i for g in names for i in g}, k - values, full)
    if total is not None:
        b.number("total_score", ps[pairs[total][1]].text)
    if grade is not None:
        b.grade(ps[grade].text)
    drop: set[int] = set()
    for slot, groups in (("level3", names), ("target", targets), ("note", notes)):
        for r, g in enumerate(groups):
            head = ps[cand[g[0]]]
            head.text = "".join(ps[cand[i]].text for i in g)
            head.slot = (r if slot != "note" else -1, slot)
            drop |= {cand[i] for i in g[1:]}
    for r, tp in enumerate(tuples):
        if tp.actual is not None:
            ps[tp.actual].slot = (r, "actual")
        ps[tp.weight].slot = (r, "weight")
        ps[tp.score].slot = (r, "score")
    for r, (w, s) in enumerate(pairs):
        if r == total:
            ps[w].slot = ps[s].slot = (-1, "total")
    for q in items:
        if ps[q].slot is None:
            ps[q].slot = (-1, "skip")
    b.doubt(f"The indicator table is printed column by column with wrapped names; {k} rows read from their "
            "weight/score pairs, names and targets in printed order, notes left unplaced.")
    if tie:
        b.doubt("Where the wrapped names of the indicator table break is not clear from the text; the first "
                "cheapest cut taken.")
    if target_tie or len(targets) != k:
        b.doubt(f"{len(targets)} targets read for {k} rows of the indicator table; which text cells are targets "
                "and which are notes is not clear from the text, paired in printed order.")
    return [p for q, p in enumerate(ps) if q not in drop]
