"""The amounts of a target form's funds block in flowing pdftotext text: which fund label takes which.

Decides, for the amounts of the block (项目资金总额, 其中：财政资金, 其他资金 on the project side;
年度资金申请总额, 其中：当年财政拨款, 上年结转资金, 其他资金 on the annual side), which label each
belongs to. pdftotext's default mode prints an amount right after its label, or far from it — a
column of amounts after the column titles or after the whole indicator table — and an amount
right after one label may be another's (an Excel cell whose label wrapped is printed in another
flow). An amount printed away is money only by its shape (thousands separators, decimals, or four
digits and more; a bare '3' is an indicator's target or a page number), or a bare 0 in the header.

The block's shape places them: each side is a column printed top down, so amounts printed away in
one run are cells of one side in its row order; the annual total is the sum of its parts; the
project total is no less than the annual total; a side whose parts hold amounts holds its total,
and the annual total (the form's key figure) is seldom blank. Of the readings — every amount read
at its label stays, may move to a total left empty, or is left out; every amount printed away goes
to an empty label — the one that breaks the shape least is taken, reading at the label preferred;
a tie between different outcomes, or any amount moved or placed away, is a doubt.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import vocabulary as L
from ..normalize import squash

_MONEY = re.compile(r"^(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{4,}(?:\.\d+)?|\d+\.\d{2})$")
_PROJECT = ("total", "fiscal", "other")  # a side's rows top down
_ANNUAL = ("annual_total", "fiscal", "carryover", "other")
_MOVED, _LEFT_OUT, _ZERO_LEFT_OUT, _OUT_OF_ORDER, _PART_BLANK, _PARTIAL_RUN = 1.0, 2.0, 0.3, 0.4, 0.6, 1.5
_MAX_NODES = 20000
_DIRECT_LEFT_OUT = 6.0  # an amount read at its label is left out only where keeping it breaks the shape more
_BROKEN, _NO_TOTAL, _PARTS_WITHOUT_TOTAL = 5.0, {"annual_total": 1.5, "total": 0.5}, 2.0


def money_like(t: str) -> bool:
    """Whether a printed number has the shape of an amount of money."""
    return bool(_MONEY.match(squash(t) or ""))


@dataclass
class Amount:
    token: str
    value: float
    at: int  # printed position (token index)
    label: int | None  # index of the fund label it was read at (None: printed away)


Slot = tuple[str, str]  # (side 'P' | 'A', row)


def _slots(labels: list[tuple[str, str]]) -> tuple[list[Slot], list[Slot | None]]:
    """The block's cells whose labels are printed (each side top down) and the cell of each printed label.
    Both sides print '其他资金' and which is which the printed order does not tell: a reading at it is the annual
    side's (the record's 其他资金) when that side is printed, the project side's only for a second reading."""
    sides: dict[str, set[str]] = {"P": set(), "A": set()}
    of: list[Slot | None] = []
    annual = any(row in ("annual_total", "carryover") or row == "fiscal" and L.is_annual_fiscal(label)
                 for row, label in labels)
    n_other = sum(1 for row, _ in labels if row == "other")
    for row, label in labels:
        if row == "total":
            slot = ("P", "total")
        elif row == "fiscal":
            slot = ("A" if L.is_annual_fiscal(label) else "P", "fiscal")
        elif row in ("annual_total", "carryover"):
            slot = ("A", row)
        elif row == "other":
            slot = ("A" if annual else "P", "other")
            if annual and n_other >= 2:
                sides["P"].add("other")
        else:
            slot = None
        of.append(slot)
        if slot:
            sides[slot[0]].add(slot[1])
    order = [("P", r) for r in _PROJECT if r in sides["P"]] + [("A", r) for r in _ANNUAL if r in sides["A"]]
    return order, of


def _fields(cells: dict[Slot, list[float]]) -> dict[str, float | None]:
    def one(slot: Slot) -> float | None:
        vals = cells.get(slot) or []
        return vals[0] if vals else None
    return {"total": one(("P", "total")), "annual_total": one(("A", "annual_total")),
            "fiscal": one(("A", "fiscal")) if one(("A", "fiscal")) is not None else one(("P", "fiscal")),
            "carryover": one(("A", "carryover")),
            "other": one(("A", "other")) if one(("A", "other")) is not None else one(("P", "other"))}


def _broken(f: dict[str, float | None]) -> list[str]:
    """The funds identities a reading breaks."""
    out = []
    total, annual = f["total"], f["annual_total"]
    parts = [f[r] for r in ("fiscal", "carryover", "other") if f[r] is not None]
    if annual is not None and parts:
        s = sum(parts)
        if abs(s - annual) > max(0.5, abs(annual) * 1e-6) and not (s < annual and len(parts) < 3):
            out.append(f"the annual total {annual:g} is not the sum of its parts {s:g}")
    if total is not None and annual is not None and total + max(0.5, abs(total) * 1e-6) < annual:
        out.append(f"the project's total {total:g} is below the year's {annual:g}")
    return out


def _shape_cost(cells: dict[Slot, list[float]], order: list[Slot]) -> float:
    """How far a reading breaks the block's shape."""
    cost = _BROKEN * len(_broken(_fields(cells)))
    for side in ("P", "A"):  # a side printing some parts (a 0 too) prints them all: a blank part is unlikely
        parts = [s for s in order if s[0] == side and s[1] not in ("total", "annual_total")]
        if any(cells.get(s) for s in parts):
            cost += _PART_BLANK * sum(1 for s in parts if not cells.get(s))
    for side, head in (("P", "total"), ("A", "annual_total")):
        if (side, head) in order and not cells.get((side, head)):
            cost += _NO_TOTAL[head]
            if any(v for s in order if s[0] == side and s[1] != head for v in cells.get(s) or []):  # (a 0: no amount)
                cost += _PARTS_WITHOUT_TOTAL
    return cost


def place_fund_amounts(labels: list[tuple[str, str]], amounts: list[Amount]
                       ) -> tuple[dict[str, tuple[float, str]], list[str]]:
    """field → (amount, label it was read for) for the block whose fund labels are `labels` ((row, label as
    printed), in printed order) and whose amounts are `amounts` (read at a label or printed away), with doubts."""
    order, of = _slots(labels)
    if not amounts or not order:
        return {}, []
    label_of: dict[Slot, str] = {}
    for k, slot in enumerate(of):
        if slot:
            label_of.setdefault(slot, labels[k][1])
    for slot in order:  # (the project side's 其他资金, no reading's own)
        label_of.setdefault(slot, next(label for row, label in labels if row == slot[1]))
    direct = [a for a in amounts if a.label is not None and of[a.label]]
    away = sorted([a for a in amounts if a.label is None or not of[a.label]], key=lambda a: a.at)
    doubts: list[str] = []
    if len(away) > len(order):
        doubts.append(f"Amounts {' '.join(a.token for a in away)} are printed away from the fund labels and outnumber "
                      "the labels; not placed.")
        away = []
    nodes = [0]  # readings tried: the search stops at _MAX_NODES (the best reading so far kept)
    heads = [s for s in order if s[1] in ("total", "annual_total")]
    first_label = {}  # cell → index of its first printed label
    for k, slot in enumerate(of):
        if slot:
            first_label.setdefault(slot, k)
    read_before = [max((d.label for d in direct if d.at < a.at), default=-1) for a in away]
    best: list = [float("inf"), []]  # cost, readings of that cost: (cells, moved, placed away)

    def leaf(cells: dict[Slot, list[float]], cost: float, moved: list, placed: list) -> None:
        cost += _shape_cost(cells, order)
        reading = ({slot: list(vals) for slot, vals in cells.items()}, list(moved), list(placed))
        if cost < best[0] - 1e-9:
            best[0], best[1] = cost, [reading]
        elif abs(cost - best[0]) <= 1e-9:
            best[1].append(reading)

    def go_away(i: int, cells: dict[Slot, list[float]], cost: float, last: tuple | None, placed: list,
                moved: list) -> None:
        """`last`: (printed position, cell, whether the run so far placed some, whether it left some out) of the
        amount before; amounts printed one right after another are one run: cells of one side, top down,
        placed whole or not at all."""
        nodes[0] += 1
        if cost >= best[0] + 1e-9 or nodes[0] > _MAX_NODES:
            return
        if i == len(away):
            leaf(cells, cost, moved, placed)
            return
        a = away[i]
        run = last is not None and a.at == last[0] + 1
        prev, some_placed, some_left = (last[1], last[2], last[3]) if run else (None, False, False)
        for slot in order:
            if cells.get(slot):
                continue
            if prev is not None and (slot[0] != prev[0] or order.index(slot) <= order.index(prev)):
                continue
            cells[slot] = [a.value]
            placed.append((a, slot))
            # amounts keep the labels' order: one printed after an amount read at a label goes to a later label
            extra = _OUT_OF_ORDER if first_label.get(slot, len(labels)) < read_before[i] else 0.0
            extra += _PARTIAL_RUN if some_left and not some_placed else 0.0
            go_away(i + 1, cells, cost + extra, (a.at, slot, True, some_left), placed, moved)
            placed.pop()
            del cells[slot]
        left_out = _ZERO_LEFT_OUT if a.value == 0 and not money_like(a.token) else _LEFT_OUT
        left_out += _PARTIAL_RUN if some_placed and not some_left else 0.0
        go_away(i + 1, cells, cost + left_out, (a.at, prev, some_placed, True), placed, moved)

    def go_direct(i: int, cells: dict[Slot, list[float]], cost: float, moved: list) -> None:
        nodes[0] += 1
        if cost >= best[0] + 1e-9 or nodes[0] > _MAX_NODES:
            return
        if i == len(direct):
            go_away(0, cells, cost, None, [], moved)
            return
        a = direct[i]
        own = of[a.label]
        if own == ("A", "other") and cells.get(own) and ("P", "other") in order:
            own = ("P", "other")  # the second reading at a 其他资金
        if all(s != own for _, s in moved):  # stays at its label (unless an amount moved there)
            cells.setdefault(own, []).append(a.value)
            go_direct(i + 1, cells, cost, moved)
            cells[own].pop()
            if not cells[own]:
                del cells[own]
        for head in heads:  # read at a label, but the amount of a total left empty
            if head != own and not cells.get(head):
                cells[head] = [a.value]
                moved.append((a, head))
                go_direct(i + 1, cells, cost + _MOVED, moved)
                moved.pop()
                del cells[head]
        go_direct(i + 1, cells, cost + _DIRECT_LEFT_OUT, moved)  # (read at its label: left out only past a broken shape)

    go_direct(0, {}, 0.0, [])
    if not best[1]:
        return {}, []
    cells, moved, placed = best[1][0]
    if nodes[0] > _MAX_NODES:
        doubts.append("The funds amounts allow too many readings to weigh them all; the best one found kept.")
    outcomes = {tuple(sorted(_fields(c).items())) for c, _, _ in best[1]}
    if len(outcomes) > 1:
        doubts.append("The funds amounts fit the funds block in more than one way equally well; the reading that "
                      "keeps amounts at their labels and in the labels' order kept.")
    for a, slot in moved:
        doubts.append(f"budget: '{a.token}', printed after {labels[a.label][1]}, read as {label_of[slot]}'s amount "
                      "(that total is otherwise empty and the block's shape wants it).")
    if placed:
        doubts.append(f"Amounts {' '.join(a.token for a, _ in placed)} are printed away from their fund labels; placed "
                      f"by the funds block's shape ({', '.join(f'{label_of[s]} {a.token}' for a, s in placed)}).")
    broken = _broken(_fields(cells))
    if broken:
        doubts.append(f"The funds amounts do not add up ({'; '.join(broken)}); read as printed.")
    out: dict[str, tuple[float, str]] = {}
    for name, v in _fields(cells).items():
        if v is not None:
            slot = ("P", name) if name == "total" or name in ("fiscal", "other") and not cells.get(("A", name)) else ("A", name)
            out[name] = (v, label_of.get(slot, name))
    for name in ("fiscal", "other"):
        both = [(cells.get((side, name)) or [None])[0] for side in ("P", "A")]
        if None not in both and both[0] != both[1]:
            doubts.append(f"budget.{name}: printed twice with different amounts ({label_of[('P', name)]} {both[0]:g}, "
                          f"{label_of[('A', name)]} {both[1]:g}); took {label_of[('A', name)]}.")
    for slot, vals in cells.items():
        if len(set(vals)) > 1:
            doubts.append(f"budget.{slot[1]}: printed twice with different amounts ({', '.join(f'{v:g}' for v in vals)}); "
                          "took the first.")
    return out, doubts
