"""Which rows category labels printed apart from their rows span, by the wording of the rows' names.

A word processor's export prints a table's category labels as blocks of their own, away from the
names (pdftotext's column blocks), so the text does not say where a 二级 group ends. The names often
do: an indicator name speaks of what its category measures (…数量 / …次数 under 数量, …合格率 /
…达标率 under 质量, …及时率 under 时效, …成本 / …费用 under 成本, …满意度 under 满意度). Decides the first
row of each of a run of labels (in printed order, each over at least one row) that share some rows:
the split where the fewest names point to another of these labels' categories than their own, the
most even split among equals; a satisfaction label takes exactly the names that speak of
satisfaction where the counts allow. Only the labels' own categories count, and a name whose wording points
nowhere fits anywhere; the placement stays a doubt of the caller's.
"""
from __future__ import annotations

import re

from .label_spans import Placed, fit_spans

# (a word of the 二级 label, what names under it are worded with) — first match names the label's category
_CATEGORIES: list[tuple[str, re.Pattern[str]]] = [(k, re.compile(p)) for k, p in [
    ("满意", r"满意"),
    ("成本", r"成本|预算|(?:费用|经费)(?:（[^）]*）)?$|造价|单价"),  # '…费用支付完成率' counts payments
    ("数量", r"数量|次数|个数|人数|场次|数$|数（|覆盖率|面积"),
    ("质量", r"质量|合格|达标|准确|完好|正确|成功率|故障|可用率|验收"),
    ("时效", r"及时|时效|时间|时限|周期|按时|进度|响应"),
    ("经济效益", r"经济|收入|节约|增收"),
    ("社会效益", r"社会|公众|群众|便民|知晓"),
    ("生态", r"生态|环保|环境|节能|排放"),
    ("可持续", r"可持续|长效|机制|长期"),
    ("投入管理", r"预算"),
    ("财务管理", r"财务|资金"),
    ("实施管理", r"管理制度|采购|合同|监理|变更"),
    ("信息共享", r"共享"),
]]
MAX_ROWS = 200
# categories whose names say so nearly always (a cost row names its cost, 成本 / 费用): a name that does
# not fit under them less well than a name that points nowhere fits elsewhere
NARROW = {"成本"}
NARROW_COST = 0.5


def _category(label: str) -> str | None:
    return next((k for k, _ in _CATEGORIES if k in label), None)


def _points_to(name: str, categories: set[str]) -> set[str]:
    return {k for k, p in _CATEGORIES if k in categories and p.search(name)}


def row_costs(labels: list[str], names: list[str]) -> list[list[float]]:
    """Per label and row: 1 where the row's name is worded for another of these labels' categories than
    the label's own (a satisfaction label: where the name does not speak of satisfaction), else 0. A
    row with no name costs nothing anywhere."""
    cats = [_category(t) for t in labels]
    present = {c for c in cats if c}
    pointed = [_points_to(x, present) for x in names]

    def cost(q: int, r: int) -> float:
        if not names[r]:
            return 0.0
        if cats[q] == "满意":  # a satisfaction label takes the names that speak of satisfaction, only those
            return 0.0 if "满意" in pointed[r] else 1.0
        if cats[q] in NARROW and cats[q] not in pointed[r]:
            return 1.0 if pointed[r] else NARROW_COST
        return 0.0 if not pointed[r] or cats[q] in pointed[r] else 1.0

    return [[cost(q, r) for r in range(len(names))] for q in range(len(labels))]


def spans_by_wording(labels: list[str], lo: int, hi: int, names: list[str]) -> list[int] | None:
    """First rows of `labels` (in order) over rows lo..hi-1 of `names`, when they are all the table's rows
    (every label of the level printed apart from the rows); None otherwise, or when the names' wording
    says nothing (no name points to one of the labels' categories), or the rows are too few or too many."""
    m, n = len(labels), hi - lo
    cats = [_category(t) for t in labels]
    present = {c for c in cats if c}
    if lo != 0 or hi != len(names):
        return None  # labels anchored among the rows bound these: the names' wording is not needed
    if m < 2 or n < m or n > MAX_ROWS or not present:
        return None
    pointed = [_points_to(names[r], present) for r in range(lo, hi)]
    if not any(pointed):
        return None

    costs = row_costs(labels, names[lo:hi])
    free = [Placed(t, (n * q) // m, (n * q) // m, False, False) for q, t in enumerate(labels)]  # an even spread
    got = fit_spans(free, n, costs, "middle")
    return None if got is None else [lo + s for s in got[0]]
