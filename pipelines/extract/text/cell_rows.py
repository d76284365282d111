"""Classified table pieces of a cell-per-line export (`cell_pieces`) → indicator rows.

pdftotext prints a table as blocks: within a block, cells come row by row, left to right; blocks
come in its own order, so a row's name may stand far from its values. Decides which cells form a
row, from the stream of pieces and the column roles only:

- scored tables (分值 / 得分): every row closes with its two bare numbers, so the number pairs
  count and order the rows. The cells just before a pair, right to left, are that row's actual,
  target and name as far as they fit the value grammar; cells left over (printed in another
  block) fill the rows' missing cells in row order (an alignment that may leave a cell or a row
  empty, each a doubt). A last pair whose numbers are the sums of the others (with the funds
  row's weight/score) is the table's total row, i.e. 总分.
- target tables (name, target): each cell is a name or a target; the i-th name goes with the
  i-th target. Which one a cell is comes from an alignment that prefers alternation (a row
  printed on its line) and the value grammar (a value is never a name), so names printed as a
  column before their targets, or targets before their names, still pair in order. Rows whose
  name is printed late, beside a category label printed after the labels of later categories, are
  the table's first rows (categories come in the templates' order). A cell worded as the standard
  a target meets ('符合规定标准', '控制在预算范围内': `vocabulary.states_a_target`) is a costly name. A cell
  worded as an indicator name is a name and a short state word a target (`cell_roles`); names printed after every target
  take the places of targets no name awaited (`late_names`); in runs of rows whose targets are not
  printed right after their names, targets go by their kind where it decides (`target_kinds`).

Labels then go to rows by where they are printed (`label_rows`).
"""
from __future__ import annotations

import re

from ..assemble import FormBuilder
from ..normalize import parse_number
from ..vocabulary import STATE_CHARS, category_rank, states_a_target
from .cell_pieces import Piece, Zone
from .cell_roles import measure_swaps
from .late_names import late_names_placed
from .row_bands import band_rows, banded_total, printed_in_bands
from .scored_columns import number_pairs
from .target_gaps import names_without_targets
from .target_kinds import paired_by_kind
from .rows import Label, RowRec
from .totals import grade_after


def scored_rows(b: FormBuilder, zone: Zone, mid: list[str]) -> tuple[list[RowRec], dict[int, int] | None]:
    """Rows of a table whose last value columns are 分值 and 得分 (`mid`: the columns between name
    and weight); also the row of every name piece (piece index → row), or None where the rows' labels
    are placed already (a table printed in row bands: `row_bands`)."""
    ps = zone.pieces
    if any(p.slot for p in ps):  # a table printed column by column: every cell placed (`scored_columns`)
        return _slotted_rows(b, ps)
    items = [k for k, p in enumerate(ps) if p.kind != "label"]
    pairs, values = number_pairs(items, lambda k: ps[k].kind == "num")
    for k in values:
        ps[k].kind = "value"  # a bare number before the pairs (or alone): a target or actual
    total = _total_pair(b, ps, pairs, zone.total_label)
    if total is not None:
        pairs = pairs[:-1]
    if printed_in_bands(ps, pairs):  # a word processor's rows, cells centred around the weight/score line
        pairs, done = banded_total(b, ps, items, pairs, total, zone.total_line)
        end = max(done, default=None)  # the total row: the table ends there
        tail = [k for k in items if k > pairs[-1][1] and ps[k].kind != "num" and k not in done]
        kept = set(_grade_from(b, zone, tail))
        done |= (set(tail) - kept) | {k for k in kept if end is not None and k > end}
        return band_rows(ps, items, pairs, done, b.doubt), None  # labels placed by the bands
    slots = ["level3", *mid]
    rows = [RowRec([], None) for _ in pairs]
    at: list[dict[str, int]] = [{} for _ in pairs]
    owner: set[int] = set()
    prev_end = -1
    gaps: list[list[int]] = []
    for r, (w, s) in enumerate(pairs):
        rows[r].weight, rows[r].score = ps[w].text, ps[s].text
        owner |= {w, s}
        gap = [k for k in items if prev_end < k < w and k not in owner]
        gaps.append(list(gap))
        for slot in reversed(slots):
            if not gap or not _fits(ps[gap[-1]], slot):
                break
            k = gap.pop()
            at[r][slot] = k
            owner.add(k)
        prev_end = s
    tail_end = total[1] if total is not None else None
    left = [k for k in items if k not in owner and ps[k].kind != "num" and (tail_end is None or k != tail_end)]
    left = _grade_from(b, zone, left)
    missing = [(r, slot) for r in range(len(rows)) for slot in slots if slot not in at[r]]
    for (r, slot), k in _align(ps, left, missing, b):
        at[r][slot] = k
    _gap_order(gaps, at, slots)
    names: dict[int, int] = {}
    for r, cells in enumerate(at):
        for slot, k in cells.items():
            setattr(rows[r], slot, ps[k].text)
            if slot == "level3":
                names[k] = r
        if rows[r].level3 is None:
            b.doubt(f"Row {r + 1} of the indicator table (weight {rows[r].weight}, score {rows[r].score}) has no "
                    "indicator name the export places; kept with level3 null.")
    return rows, names


def _slotted_rows(b: FormBuilder, ps: list[Piece]) -> tuple[list[RowRec], dict[int, int]]:
    """Rows of a scored table whose cells `scored_columns` placed."""
    count = sum(1 for p in ps if p.slot and p.slot[1] == "weight")
    rows = [RowRec([], None) for _ in range(count)]
    names: dict[int, int] = {}
    for k, p in enumerate(ps):
        if p.slot and 0 <= p.slot[0] < count:
            setattr(rows[p.slot[0]], p.slot[1], p.text)
            if p.slot[1] == "level3":
                names[k] = p.slot[0]
    return rows, names


def _gap_order(gaps: list[list[int]], at: list[dict[str, int]], slots: list[str]) -> None:
    """Cells printed in one gap before a pair belong to that row and the rows after it in printed
    order: a block of names and targets of two rows printed ahead of the first row's actual must not
    give its last row's cells to the first row."""
    for gap in gaps:
        inside = set(gap)
        for slot in slots[:-1]:
            got = sorted((r, cells[slot]) for r, cells in enumerate(at) if cells.get(slot) in inside)
            order = sorted(k for _, k in got)
            for (r, _), k in zip(got, order):
                at[r][slot] = k


def _fits(p: Piece, slot: str) -> bool:
    return p.kind == "text" if slot == "level3" else p.kind in ("text", "value")


def _total_pair(b: FormBuilder, ps: list[Piece], pairs: list[tuple[int, int]], printed_total: bool
                ) -> tuple[int, int] | None:
    """The last pair when it is the table's total row: its numbers are the sums of the rows'
    weights and scores (with the funds row's weight and score when the form prints them)."""
    if len(pairs) < 2:
        return None
    nums = [(parse_number(ps[w].text), parse_number(ps[s].text)) for w, s in pairs]
    if any(w is None or s is None for w, s in nums):
        return None
    tw, ts = nums[-1]
    sw = sum(w for w, _ in nums[:-1])
    ss = sum(s for _, s in nums[:-1])
    bud = b.form.budget
    extra_w = (bud.budget_weight or 0) if bud is not None else 0
    extra_s = (bud.budget_score or 0) if bud is not None else 0
    tol = 0.011 * len(nums)  # scores printed rounded to two decimals
    for aw, as_ in ((0, 0), (extra_w, extra_s)):
        if abs(sw + aw - tw) < 0.01 + 1e-6 * tw and abs(ss + as_ - ts) < tol:
            b.number("total_score", ps[pairs[-1][1]].text)
            return pairs[-1]
    if printed_total and any(abs(sw + aw - tw) < 0.01 + 1e-6 * tw for aw in {0, extra_w}):
        # 总分 printed, and the weights add up to the pair's first number: the total row, though its score
        # is not the rows' sum
        b.number("total_score", ps[pairs[-1][1]].text)
        b.doubt(f"The last number pair ({tw:g} / {ts:g}) is read as the total row: the weights add up to it, the "
                f"scores (sum {ss:g}) do not.")
        return pairs[-1]
    if printed_total and tw > sw and ts >= ss - tol and tw - sw >= ts - ss - tol:
        # the funds row's weight and score, not printed in this form's funds block, make up the difference
        b.number("total_score", ps[pairs[-1][1]].text)
        b.doubt(f"The last number pair ({tw:g} / {ts:g}) is read as the total row: the rows sum to {sw:g} / {ss:g}, "
                "the rest taken as the funds row's weight and score.")
        return pairs[-1]
    return None


def _grade_from(b: FormBuilder, zone: Zone, left: list[int]) -> list[int]:
    """评分等级 printed without its grade: the grade is a short text cell after the label."""
    if zone.grade_label and left and b.form.grade is None and zone.grade_line is not None:
        k = grade_after([(zone.pieces[i].text, zone.pieces[i].line) for i in left], zone.grade_line)
        last = zone.pieces[left[-1]]
        if k is None and last.kind == "text" and len(last.text) <= 3 and last.line > zone.grade_line:
            k = len(left) - 1  # a short cell closing the table: a grade of another scale
        if k is not None:
            b.grade(zone.pieces[left[k]].text)
            return left[:k] + left[k + 1:]
    return left


# A cell opening with a number and a multiplication or a time unit ('7*24小时', '30分钟内响应，2小时内上门'):
# a quantity the value grammar does not parse, a target or an actual rather than an indicator's name.
_QUANTITY = re.compile(r"^\d+(?:\.\d+)?\s*(?:[*×xX]\s*\d|分钟|小时|个?工作日|天内|日内)")


def _cost(p: Piece, slot: str) -> float | None:
    if slot == "level3":
        if p.kind != "text":
            return None
        return (0.0 if len(p.text) >= 4 else 0.8) + (1.0 if _QUANTITY.match(p.text) else 0.0)
    if p.kind == "value":
        return 0.0
    return 0.3 if p.kind == "text" else None


def _align(ps: list[Piece], left: list[int], missing: list[tuple[int, str]], b: FormBuilder) -> list[tuple[tuple[int, str], int]]:
    """Cells printed away from their rows → the rows' missing cells, both in printed (row) order."""
    n, m = len(left), len(missing)
    INF = float("inf")
    SKIP_CELL, SKIP_SLOT = 2.0, 1.5
    cost = [[INF] * (m + 1) for _ in range(n + 1)]
    back: list[list[str]] = [[""] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            c = cost[i][j]
            if c == INF:
                continue
            skip = 0.5 if i < n and ps[left[i]].header_value else SKIP_CELL
            if i < n and c + skip < cost[i + 1][j]:
                cost[i + 1][j], back[i + 1][j] = c + skip, "cell"
            if j < m and c + SKIP_SLOT < cost[i][j + 1]:
                cost[i][j + 1], back[i][j + 1] = c + SKIP_SLOT, "slot"
            if i < n and j < m:
                f = _cost(ps[left[i]], missing[j][1])
                if f is not None and c + f < cost[i + 1][j + 1]:
                    cost[i + 1][j + 1], back[i + 1][j + 1] = c + f, "pair"
    out: list[tuple[tuple[int, str], int]] = []
    i, j = n, m
    while i or j:
        step = back[i][j]
        if step == "pair":
            out.append((missing[j - 1], left[i - 1]))
            i, j = i - 1, j - 1
        elif step == "cell":
            b.doubt(f"Cell '{ps[left[i - 1]].text}' fits no row of the indicator table; ignored.")
            i -= 1
        else:
            j -= 1
    out.reverse()
    if out:
        b.doubt(f"{len(out)} cells of the indicator table are printed away from their rows; placed in row order "
                "(the export does not show their rows).")
    return out


def target_rows(b: FormBuilder, zone: Zone) -> tuple[list[RowRec], dict[int, int]]:
    """Rows of a (name, target) table: each cell a name or a target, the i-th name with the i-th target."""
    ps = zone.pieces
    items = [k for k, p in enumerate(ps) if p.kind != "label"]
    lead = next((q for q, k in enumerate(items) if ps[k].kind == "text"), len(items))
    for q, k in enumerate(items):
        if ps[k].kind == "num":
            ps[k].kind = "value"
            ps[k].header_value |= q < lead  # a bare amount before any name: the header's funds, printed late
    first = [k for k in items if ps[k].first_row]
    if first and ps[first[0]].kind == "text" and items and ps[items[0]].kind == "value":  # rows began without a name
        items = first[:1] + [k for k in items if k != first[0]]
        b.doubt(f"'{ps[first[0]].text}' is printed with the 三级指标 title after other rows; read as the first row's name.")
    roles = _name_or_target(ps, items)
    names = [k for k, r in zip(items, roles) if r == "name"]
    targets = [k for k, r in zip(items, roles) if r == "target"]
    late = _first_rows_printed_late(b, ps, names, targets)
    if late:  # the rows printed late go first; the other cells are read again without them
        items = late + [k for k in items if k not in late]
        roles = _name_or_target(ps, items, set(late))
        names = [k for k, r in zip(items, roles) if r == "name"]
        targets = [k for k, r in zip(items, roles) if r == "target"]
    if any(ps[k].column for k in items):  # a table printed column by column: its blocks say each cell's role
        roles = [ps[k].column or r for k, r in zip(items, roles)]
        names = [k for k, r in zip(items, roles) if r == "name"]
        targets = [k for k, r in zip(items, roles) if r == "target"]
    else:  # blocks printed in pdftotext's order: names printed after every target, names without targets,
        # then where the text does not pair a row, the kinds may
        names = late_names_placed(b, ps, items, roles, names)
        names, targets = names_without_targets(b, ps, items, roles, names, targets)
        targets = paired_by_kind(b, ps, items, names, targets)
    for k, r in zip(items, roles):
        if r == "skip":
            b.doubt(f"Cell '{ps[k].text}' fits no row of the indicator table; ignored.")
    if names and targets and any(t is not None and abs(a - t) > 2 for a, t in zip(names, targets)):
        b.doubt("Indicator names and targets are printed in separate blocks; paired in printed order.")
    rows: list[RowRec] = []
    name_rows: dict[int, int] = {}
    for r in range(max(len(names), len(targets))):
        nk = names[r] if r < len(names) else None
        tk = targets[r] if r < len(targets) else None
        rows.append(RowRec([], ps[nk].text if nk is not None else None, target=ps[tk].text if tk is not None else None))
        if nk is not None:
            name_rows[nk] = r
        else:
            b.doubt(f"Target '{ps[tk].text}' has no indicator name in the export; kept with level3 null.")
    if len(names) > len(targets):
        b.doubt(f"{len(names) - len(targets)} indicator names have no target printed; targets left null.")
    return rows, name_rows


def _first_rows_printed_late(b: FormBuilder, ps: list[Piece], names: list[int], targets: list[int]) -> list[int]:
    """The names of the table's first rows when printed late (else none). Categories come in the templates' order (`vocabulary.category_rank`): a
    level-2 label printed right before a name, after labels of later categories only, heads the
    table's first rows though printed late (its block printed after the others'); its run of names
    (no target printed between them) goes first."""
    if len(names) < 2:
        return names
    ranks: dict[int, float | None] = {k: category_rank(p.text, 2) for k, p in enumerate(ps)
                                      if p.kind == "label" and p.level == 2}
    for j, k in enumerate(names[1:], 1):
        head = k - 1
        if head not in ranks or ranks[head] is None or ps[head].line < ps[k].line - 1:
            continue
        before = [r for q, r in ranks.items() if q < head]
        if not before or None in before or min(before) <= ranks[head]:
            continue
        run = [k]
        for nxt in names[j + 1:]:
            if any(run[-1] < t < nxt for t in targets) or (nxt - 1) in ranks:
                break
            run.append(nxt)
        b.doubt(f"'{ps[head].text}' is printed after the labels of later categories with rows "
                f"{'/'.join(ps[q].text for q in run)}: read as the table's first rows.")
        return run
    return []


def _name_cost(p: Piece) -> float:
    if p.kind == "value":
        return 6.0
    n = len(p.text)
    numeric = 1.5 if _QUANTITY.match(p.text) else 0.0  # '7*24小时', '30分钟内响应…': a quantity, no name
    # a state word ('完备', '缓解') or a phrase worded as the standard a target meets ('符合规定标准',
    # '控制在预算范围内'): a target, short or long
    standard = (3.0 if n > STATE_CHARS else 2.0) if states_a_target(p.text) else 0.0
    return (0.0 if n >= 5 else 0.6 if n == 4 else 1.2 if n == 3 else 2.0) + (2.0 if p.header_value else 0.0) + numeric + standard


def _target_cost(p: Piece) -> float:
    extra = 2.0 if p.header_value else 0.0  # probably header text or a page number, not a cell
    if p.kind == "value" or _QUANTITY.match(p.text):  # '7*24小时': a value the grammar does not parse
        return extra
    n = len(p.text)
    return (0.2 if n <= 4 else 0.8 if n <= 8 else 1.5) + extra


def _ahead(d: int) -> int:
    """How far names run ahead of targets (d: names - targets so far) beyond a row printed on its line."""
    return max(0, d - 1) + max(0, -d)


def _name_or_target(ps: list[Piece], items: list[int], forced: set[int] | None = None) -> list[str]:
    """'name' / 'target' / 'skip' per cell: the cheapest labelling under the value grammar and a
    cost for every step by which names run further ahead of targets (or targets ahead of names) than
    a row printed on its line. A block of k names printed before its k targets costs its k steps once,
    not once for every cell it stays ahead, so the wording of the cells, not the block's length,
    decides their roles."""
    LAG, SKIP, UNPAIRED = 0.35, 4.0, 2.5  # a row whose target cell is empty costs less than a cell of no row
    n = len(items)
    # state: d = names - targets so far
    layer: dict[int, tuple[float, list[str]]] = {0: (0.0, [])}
    for k in items:
        p = ps[k]
        nxt: dict[int, tuple[float, list[str]]] = {}
        for d, (c, path) in layer.items():
            skip = 1.0 if p.header_value else SKIP
            for role, nd, add in (("name", d + 1, _name_cost(p)), ("target", d - 1, _target_cost(p)), ("skip", d, skip)):
                if forced and k in forced and role != "name":
                    continue
                lag = LAG * max(0, _ahead(nd) - _ahead(d))
                total = c + add + lag
                if nd not in nxt or total < nxt[nd][0]:
                    nxt[nd] = (total, path + [role])
        layer = nxt
    best = min(layer.items(), key=lambda kv: kv[1][0] + UNPAIRED * abs(kv[0]))
    return measure_swaps(ps, items, best[1][1], forced or set()) if n else []
