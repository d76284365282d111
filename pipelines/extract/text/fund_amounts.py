"""Target-form fund amounts printed away from their labels in flowing pdftotext text.

Decides which fund label (项目资金总额, 年度资金申请总额, 其中：财政资金 / 当年财政拨款, 上年结转资金,
其他资金) takes an amount that no label just before it took: pdftotext's default mode may print a
column of amounts far from its column of labels — after the table's column titles, or after the
whole indicator table. An amount printed away is money only by its shape (thousands separators,
decimals, or four digits and more; a bare '3' is an indicator's target or a page number). The
amounts of one column print top down in the labels' order, so the amounts printed away go to the
fund labels still without an amount in printed order; more amounts than such labels, or none that
the funds identity allows (年度资金申请总额 is the sum of its parts when both are printed), leave
everything as it is, with a doubt.
"""
from __future__ import annotations

import re

from ..normalize import parse_number, squash

_MONEY = re.compile(r"^(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{4,}(?:\.\d+)?|\d+\.\d{2})$")
_PARTS = ("fiscal", "carryover", "other")


def money_like(t: str) -> bool:
    """Whether a printed number has the shape of an amount of money."""
    return bool(_MONEY.match(squash(t) or ""))


def place_amounts(pending: list[tuple[str, str]], amounts: list[str]) -> tuple[list[tuple[str, str, float]], str | None]:
    """(fund row, label, amount) for the amounts printed away, given the fund labels still without an amount
    (`pending`, (fund row, label) in printed order); with a doubt, or (no placement, why) when they do not fit."""
    if not amounts or not pending:
        return [], None
    vals = [parse_number(t) for t in amounts]
    if len(vals) > len(pending) or any(v is None for v in vals):
        return [], (f"Amounts {' '.join(amounts)} are printed away from the fund labels and outnumber the labels "
                    "without an amount; not placed.")
    got = [(row, label, v) for (row, label), v in zip(pending, vals)]
    by_row = {row: v for row, _, v in got}
    parts = [by_row[r] for r in _PARTS if r in by_row]
    if "annual_total" in by_row and parts and sum(parts) > by_row["annual_total"] + 0.5:
        return [], (f"Amounts {' '.join(amounts)} printed away from the fund labels do not add up in the labels' "
                    "order; not placed.")
    return got, (f"Amounts {' '.join(amounts)} are printed away from their fund labels; placed in the labels' printed "
                 f"order ({', '.join(f'{label} {v:g}' for _, label, v in got)}).")
