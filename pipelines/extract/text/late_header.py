"""Header cells printed after the indicator table in flowing pdftotext text.

Decides which header values a form's table zone holds. pdftotext's default mode may print the
header's right-hand column (实施单位's value, the 项目类别 label and its value, 计划完成日期) after the
whole table, among the table's leftover label blocks. The zone can only complete the header, never
change it: a label printed there is a label printed (it wants a value), and a value printed there
goes to a header field only when its kind is one no table cell has — a class value (…性项目 / …类),
a date, or an organisation's name (`header_values.is_org_name`) — and exactly one empty field printed
in the form takes that kind. Two different candidates for one field are a doubt, nothing placed. The
funds block's row labels and its unit label ('项目资金（万' / '元）') may be printed there too: they are
collected for the funds reading (`flow_header`), never an indicator-table cell's unit; so is a number
printed just after a funds amount column's title there (the total row's cell that column's block kept),
and a run of numbers printed right after funds column titles there (the columns Word printed apart).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..normalize import parse_number, squash
from .fund_amounts import money_like
from .header_values import CLASS_FIELDS, is_org_name, value_kind
from .rows import label_level
from .tokens import budget_column, budget_row, column_role, header_field, is_number_token, line_tokens, money_unit


_AMOUNT_COLUMNS = ("initial_budget", "full_year_budget", "executed")


@dataclass
class LateHeader:
    labels: list[str] = field(default_factory=list)  # header fields whose labels the zone prints
    classes: list[str] = field(default_factory=list)  # class values, in printed order
    dates: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)  # organisation names
    fund_rows: list[str] = field(default_factory=list)  # funds row labels (budget rows), in printed order
    fund_labels: list[tuple[str, str]] = field(default_factory=list)  # (budget row, its label as printed)
    unit_tokens: list[str] = field(default_factory=list)  # pieces of the funds block's unit label
    amounts: list[str] = field(default_factory=list)  # amounts of money (`fund_amounts.money_like`) in printed order
    amount_at: list[int] = field(default_factory=list)  # the token index of each amount in the zone
    fund_cells: list[str] = field(default_factory=list)  # numbers printed just after a funds amount column's title
    # (funds column titles, the run of numbers and dashes printed right after them): columns printed apart
    fund_runs: list[tuple[list[str], list[str]]] = field(default_factory=list)


def scan_late(lines: list[str]) -> LateHeader:
    """Header labels and header-only values printed in the table zone `lines`, in printed order."""
    out = LateHeader()
    printed = [(t, squash(t) or "") for ln in lines for t in line_tokens(ln, False)]
    printed = [(t, k) for t, k in printed if k]
    toks = [k for _, k in printed]
    for n, k in enumerate(toks):  # a funds column title printed after the table, a cell of its row near it
        if budget_column(k) in _AMOUNT_COLUMNS and not column_role(k):
            near = [x for x in toks[n + 1:n + 4] if parse_number(x) is not None]
            if near:
                out.fund_cells.append(near[0])
    out.fund_runs = _fund_runs(toks)
    for at, (t, k) in enumerate(printed):
        if column_role(k) or label_level(k) is not None:
            continue
        hf = header_field(k.rstrip("：:"))
        if hf:
            out.labels.append(hf)
            continue
        row = budget_row(k.rstrip("：:"))
        if row:
            out.fund_rows.append(row)
            out.fund_labels.append((row, k))
            continue
        if k.startswith("项目资金") and money_unit(k) or k.startswith(("项目资金（", "项目资金(")) or k in ("元）", "元)"):
            out.unit_tokens.append(k)  # the unit label, whole or broken ('项目资金（万' … '元）')
            continue
        kind = value_kind(k)
        if kind == "number" and money_like(k):
            out.amounts.append(k)
            out.amount_at.append(at)
        elif kind == "class":
            out.classes.append(k)
        elif kind == "date":
            out.dates.append(t)
        elif kind == "name" and is_org_name(k):
            out.orgs.append(k)
    return out


def _fund_runs(toks: list[str]) -> list[tuple[list[str], list[str]]]:
    """(funds column titles printed right before, numbers) for every run of numbers and dashes of the zone: the
    funds columns Word prints apart come as such a run, after their titles or not (the titles printed as the
    table's last, or elsewhere)."""
    out = []
    n = 0
    while n < len(toks):
        titles = []
        while n < len(toks) and budget_column(toks[n]) and not is_number_token(toks[n]):
            titles.append(budget_column(toks[n]))
            n += 1
        nums = []
        while n < len(toks) and is_number_token(toks[n]):
            nums.append(toks[n])
            n += 1
        if nums:
            out.append((titles, nums))
        elif not titles:
            n += 1
    return out


def class_field_for(value: str, empty: list[str]) -> str | None:
    """The one empty class field (项目类别 / 项目性质 / 绩效类型) a class value can go to, or None."""
    fields = [f for f in empty if f in CLASS_FIELDS]
    return fields[0] if len(fields) == 1 else None
