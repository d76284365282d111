"""Target-form fund amounts printed away from their labels in flowing pdftotext text.

Decides which fund label (项目资金总额, 年度资金申请总额, 其中：财政资金 / 当年财政拨款, 上年结转资金,
其他资金) takes an amount that no label just before it took: pdftotext's default mode may print a
column of amounts far from its column of labels — after the table's column titles, or after the
whole indicator table. An amount printed away is money only by its shape (thousands separators,
decimals, or four digits and more; a bare '3' is an indicator's target or a page number). The
amounts of one column print top down in the labels' order, so the amounts printed away go to fund labels
still without an amount in printed order — of the ways to do so, one where 年度资金申请总额 is the sum
of its parts (财政拨款, 上年结转, 其他), else the earliest labels; more amounts than such labels, or
no placement the funds identity allows, leave everything as it is, with a doubt.
"""
from __future__ import annotations

import re
from itertools import combinations

from .. import vocabulary as L
from ..normalize import parse_number, squash

_MONEY = re.compile(r"^(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{4,}(?:\.\d+)?|\d+\.\d{2})$")
_PARTS = ("fiscal", "carryover", "other")


def money_like(t: str) -> bool:
    """Whether a printed number has the shape of an amount of money."""
    return bool(_MONEY.match(squash(t) or ""))


def _identity(known: dict[str, float], got: list[tuple[str, str, float]]) -> bool | None:
    """Whether 年度资金申请总额 = its parts (财政拨款 — the annual side's when printed —, 上年结转, 其他) holds with
    the amounts `got` placed; None when the amounts printed do not tell."""
    vals = dict(known)
    annual_fiscal = None
    for row, label, v in got:
        if row == "fiscal" and L.is_annual_fiscal(label):
            annual_fiscal = v
        elif row == "fiscal" and "fiscal" in vals:
            continue  # the project side's 财政资金 does not replace an amount read for the fund
        vals[row] = v
    if annual_fiscal is not None:
        vals["fiscal"] = annual_fiscal
    total = vals.get("annual_total")
    parts = [vals[r] for r in _PARTS if vals.get(r) is not None]
    if total is None or not parts:
        return None
    if abs(sum(parts) - total) <= 0.5:
        return True
    return None if sum(parts) < total and len(parts) < len(_PARTS) else False


def place_amounts(pending: list[tuple[str, str]], amounts: list[str], known: dict[str, float] | None = None
                  ) -> tuple[list[tuple[str, str, float]], str | None]:
    """(fund row, label, amount) for the amounts printed away, given the fund labels still without an amount
    (`pending`, (fund row, label) in printed order) and the amounts read at their labels (`known`); with a
    doubt, or (no placement, why) when they do not fit. The amounts keep the labels' order; of the ways to
    place them so, the funds identity chooses (年度资金申请总额 = its parts), then the earliest labels."""
    if not amounts or not pending:
        return [], None
    vals = [parse_number(t) for t in amounts]
    if len(vals) > len(pending) or any(v is None for v in vals) or len(pending) > 12:
        return [], (f"Amounts {' '.join(amounts)} are printed away from the fund labels and outnumber the labels "
                    "without an amount; not placed.")
    best: tuple[int, tuple[int, ...]] | None = None
    for combo in combinations(range(len(pending)), len(vals)):
        ok = _identity(known or {}, [(pending[i][0], pending[i][1], v) for i, v in zip(combo, vals)])
        key = (0 if ok else 1 if ok is None else 2, combo)
        best = key if best is None or key < best else best
    if best is None or best[0] == 2:
        return [], (f"Amounts {' '.join(amounts)} printed away from the fund labels do not add up in any placement "
                    "in the labels' order; not placed.")
    got = [(pending[i][0], pending[i][1], v) for i, v in zip(best[1], vals)]
    return got, (f"Amounts {' '.join(amounts)} are printed away from their fund labels; placed in the labels' printed "
                 f"order{' where the funds add up' if best[0] == 0 else ''} "
                 f"({', '.join(f'{label} {v:g}' for _, label, v in got)}).")
