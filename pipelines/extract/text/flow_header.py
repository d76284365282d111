"""The header zone of flowing pdftotext text, whose cells come in the text blocks' order.

Decides where each printed header value goes when pdftotext's default mode prints a form's header
cells out of reading order: labels of one column before the values of the next, a value after
other labels, a date printed between the two lines of its label. A value goes to the label open
before it when that field takes its kind (`header_values`), else to the latest printed label still
without a value that takes it, else it waits for a later label that takes it. Labels printed one under
another before any value (a Word table's label column) take the values after them by the grammar of
names in the column's order, a project name's wrapped rest with it. Dates go to the
printed date labels in time order (a plan starts before it ends). In a self-evaluation form the
funds numbers are gathered with the fund rows' labels and placed by `funds_cells`; a target form's
amounts, read at their labels or printed away, are placed by the funds block's shape (`fund_amounts`).
Before that, names split where their script changes and name values wrapped around their label are
read whole (`header_values.join_name_pieces`, `wrapped_values`), funds row labels broken around their
cells joined (`funds_labels`).
"""
from __future__ import annotations

from ..assemble import FormBuilder
from ..normalize import normalize_date, parse_number, squash
from ..vocabulary import is_budget_title_piece
from .funds_cells import COLUMNS, place_blocks, place_funds
from .header import HeaderScanner, place_dates_by_order, read_money_unit
from .header_values import CLASS_FIELDS, DATE_FIELDS, accepts, class_fits, is_org_name, join_name_pieces, value_kind
from .fund_amounts import Amount, money_like, place_fund_amounts
from .late_header import LateHeader, scan_late
from .rows import label_level
from .funds_labels import join_row_labels
from .wrapped_values import join_wrapped
from .tokens import (
    PAGE_NUMBER, PURE_NUMBER, budget_column, budget_row, header_field, is_label, is_number_token, money_unit, stop_line,
)

_NEAR = 8  # tokens: a value printed after other labels comes within this many of its own label
_ROW_ORDER = ("annual_total", "fiscal", "carryover", "other")  # the self-evaluation funds table's rows, top down
_AMOUNT_TITLES = {"initial_budget", "full_year_budget", "executed", "execution_rate_pct"}


class FlowHeaderScanner(HeaderScanner):
    def __init__(self, b: FormBuilder) -> None:
        super().__init__(b, False)
        self.filled: dict[str, bool] = {}  # header fields whose label is printed → has a value
        self.printed: list[tuple[str, int]] = []  # (header field, token index) as their labels are printed
        self.n = 0  # tokens read
        self.waiting: list[str] = []  # class values printed before any label that takes them
        self.early: list[tuple[int, str]] = []  # (token index, name) taken by no label printed before it
        self.dates: list[tuple[str, str | None]] = []  # (date, date field whose label was open)
        self.fund_rows: list[str] = []
        self.fund_numbers: list[str] = []
        self.col_titles: list[str] = []
        self.block_titles: list[str] = []  # funds column titles printed before the first funds number
        self.in_funds = False
        self.line_titles: list[str] = []
        self.money_pending: list[tuple[str, str, int]] = []  # (fund row, label, token index) still without an amount
        self.fund_labels: list[tuple[str, str]] = []  # (fund row, label) as printed
        self.amounts: list[Amount] = []  # the target funds' amounts, read at a fund label or printed away
        self.late_used: set[str] = set()  # texts printed after the table read as header cells
        self.table_at = -1  # token index of the last piece of the indicator table's titles or labels
        self.stacked: str | None = None  # a label printed right under another still without a value (a column of labels)

    # --- lines and tokens -----------------------------------------------------------------------
    def line(self, toks: list[str]) -> None:
        if not toks:
            return
        stop = stop_line(toks) and not is_label(toks[0])  # goal text, 项目概况 …: no header value follows
        if stop:
            self.close()
            self.field, self.in_funds = ("stop",), False
        elif self.field is not None:
            self.wrap_or_close(toks)
            if self.field is None:
                self.field = ("skip",)  # a value after a closed field may still belong to a label before it
        cols = [budget_column(squash(t) or "") for t in toks]
        if all(cols) and len(set(cols)) == len(COLUMNS):
            self.line_titles = cols  # the column titles printed on one line: their order is the columns'
        numeric_line = all(is_number_token(t) or is_label(t) for t in toks)
        for t in toks:
            if self.in_funds and numeric_line and is_number_token(t):
                if not self.fund_numbers:
                    self.block_titles = list(self.col_titles)  # the titles of the columns whose cells come first
                self.fund_numbers.append(t)
            self.token(t)
            self.n += 1

    def token(self, t: str) -> None:
        k = squash(t) or ""
        col = budget_column(k)
        if (col or is_budget_title_piece(k)) and not header_field(k):
            if col and col not in self.col_titles:
                self.col_titles.append(col)
            self.in_funds = True
            self.close()
            self.field = ("skip",)
            return
        if is_label(t):
            row = budget_row(k)
            if row or money_unit(k) or k.startswith("项目资金"):
                self.in_funds = True
                if row and (not self.fund_rows or self.fund_rows[-1] != row):
                    self.fund_rows.append(row)
                if row:
                    self.fund_labels.append((row, k))
            hf = header_field(k)
            self.close()
            above = self.printed[-1] if self.printed else None
            self.stacked = hf if hf and above and above[1] == self.n - 1 and not self.filled.get(above[0]) else None
            if hf:
                self.filled.setdefault(hf, False)
                self.printed.append((hf, self.n))
                if self._take_waiting(hf):
                    self.field = ("skip",)
                    return
            super().token(t)
            if not (hf or row or is_label(k.rstrip("：:"))):
                self.field = ("stop",)  # '项目实施计划：' — a prose heading, no header value follows
            return
        kind = value_kind(k)
        if kind == "table":
            self.table_at = self.n
        if self._stacked_value(t, kind):
            return
        f = self.field
        if f is None or f[0] == "stop":
            # a class value printed after goal text still names its field; a name printed after a blank
            # cell (no label open) may be the value of a label before it
            if kind == "class" or (kind == "name" and f is None):
                self._route(kind, t)
            elif kind == "date":
                self.dates.append((t, None))  # a date is no text of a heading: a date field's, printed away
            elif kind == "number" and not self._near_amount(t) and _amount_away(k) and not self.in_funds_table():
                self.amounts.append(Amount(t, parse_number(k), self.n, None))
            return
        if kind == "date":
            self.dates.append((t, f[1] if f[0] == "header" and f[1] in DATE_FIELDS else None))
            return
        if kind == "number" and f[0] == "header" and f[2] and f[1] == "project_name":
            f[2].append(t)  # '数字化转型 3.0': a number inside a wrapped name
            return
        if f[0] == "money":
            if kind != "number":
                self.money_pending.append((f[1], f[2], self.n))
            super().token(t)  # the amount of a fund row, or its blank
            if kind == "number":
                self.amounts.append(Amount(t, parse_number(k), self.n, self._label_index(f[1], f[2])))
                return
        elif kind == "number" and self._near_amount(t):
            return
        elif f[0] == "header" and (accepts(f[1], kind) or (
                f[2] and kind == "table" and accepts(f[1], "name") and label_level(k) is None)) and not (
                f[2] and f[1] in CLASS_FIELDS):  # a wrapped name may end in a piece like '目' (a whole category label: no)
            self.filled[f[1]] = True
            f[2].append(t)
            return
        elif kind == "number" and _amount_away(k) and not self.in_funds_table():
            self.amounts.append(Amount(t, parse_number(k), self.n, None))
            return
        if kind in ("name", "class"):
            self._route(kind, t)

    def _near_amount(self, t: str) -> bool:
        """An amount printed after other labels (or after a heading), a fund label just before still without one:
        an amount of the funds block printed away from its label (`fund_amounts` places it)."""
        near = [p for p in self.money_pending if self.n - p[2] <= _NEAR and p[2] > self.table_at]
        if "%" in t or not near or parse_number(t) is None:
            return False  # (a piece of the indicator table's titles printed since: the amount is no longer beside it)
        name, label, _ = near[0]
        self.money_pending = [p for p in self.money_pending if p[:2] != (name, label)]
        self.amounts.append(Amount(t, parse_number(t), self.n, None))
        return True

    def _label_index(self, row: str, label: str) -> int | None:
        """The index of the fund label (row, label) printed last."""
        return next((i for i in range(len(self.fund_labels) - 1, -1, -1) if self.fund_labels[i] == (row, label)), None)

    def _stacked_value(self, t: str, kind: str) -> bool:
        """A name printed after a column of labels (labels one under another before any value: a Word table's
        label column) goes by `_route`, not to the open label; a line after the project's name that is no
        organisation's name is that name's wrapped rest."""
        f = self.field
        if not (self.stacked and f and f[0] == "header"):
            return False
        if f[1] == "project_name" and f[2] and f[1] != self.stacked:
            if kind == "name" and not is_org_name(t):
                f[2].append(t)
                return True
            self.close()  # the name is whole: the column's last label is open again, as before the values
            self.field = ("header", self.stacked, [])
        if kind != "name":
            return False
        hf = self._label_for(kind, t)
        if hf == "project_name":
            self.close()
            self.filled[hf] = True
            self.field = ("header", hf, [t])  # open: its wrapped rest may follow
            return True
        self._route(kind, t)
        return True

    def _label_for(self, kind: str, t: str) -> str | None:
        """The label printed just before, still without a value, that takes a value the open label does not:
        the fields its grammar names first (an organisation's name: 主管部门 / 实施单位; another name: 项目名称; a
        class value: the class fields only), then the earliest printed (a column of labels is followed by its
        column of values in the same order)."""
        org = kind == "name" and is_org_name(t)
        fits = [(hf, at) for hf, at in self.printed
                if (kind == "class" or self.n - at <= _NEAR) and not self.filled.get(hf) and accepts(hf, kind)
                and not (kind == "class" and hf not in CLASS_FIELDS)]
        if not fits:
            return None

        def rank(item: tuple[str, int]) -> tuple[int, int]:
            named = item[0] in ("department", "implementing_unit") if org else item[0] == "project_name"
            return (0 if named or kind == "class" else 1, item[1])
        return min(fits, key=rank)[0]

    def _route(self, kind: str, t: str) -> None:
        """A value the open label does not take goes to `_label_for`'s label; a class value may also wait for
        its label."""
        hf = self._label_for(kind, t)
        if hf is not None:
            self.filled[hf] = True
            self.b.header(hf, t)
            return
        if kind == "class":
            self.waiting.append(t)
        else:
            self.early.append((self.n, t))

    def close(self) -> None:
        f = self.field
        if f and f[0] == "header" and f[2]:
            self.filled[f[1]] = True
        if f and f[0] == "money":
            self.money_pending.append((f[1], f[2], self.n))  # a fund label closed before its amount: it may come later
        super().close()

    def _take_waiting(self, hf: str) -> bool:
        if hf not in CLASS_FIELDS or not self.waiting:
            return False
        t = self.waiting.pop(0)
        self.filled[hf] = True
        self.b.header(hf, t)
        self.b.doubt(f"{hf}: value '{t}' printed before its label; placed by its kind.")
        return True

    # --- the end of the zone --------------------------------------------------------------------
    def finish(self, late: LateHeader | None = None) -> None:
        self.close()
        self.place_early_names()
        if late is not None:
            self.place_late(late)
        self.settle_classes()
        titles = set(self.col_titles)
        rows = self.fund_rows
        if late is not None and len(titles & _AMOUNT_TITLES) >= 2 and self.fund_numbers:
            rows = self._with_late_rows(late)
        if len(titles & _AMOUNT_TITLES) >= 2 and rows and self.fund_numbers:
            placed = place_blocks(rows, self.fund_numbers, self.block_titles, late.fund_runs if late else []) or \
                place_funds(rows, self.fund_numbers, self.line_titles)
            for d in placed.doubts:
                self.b.doubt(d)
            if late is not None and placed.rows:
                self._late_total_cell(placed.rows[0], late)
            for row, cells in placed.rows:
                self.b.self_eval_budget_row(row, cells)
        else:
            self.place_amounts(late)
        self.place_dates()

    def settle_classes(self) -> None:
        """A 项目 value read as 绩效类型 (which names a kind of work, `header_values.class_fits`) while 项目类别 holds
        a …类 value or is printed empty: the two were printed away from their labels and read the other way
        round; swapped."""
        form = self.b.form
        perf, cat = form.performance_type, form.project_category
        if perf and not class_fits("performance_type", perf) and (
                cat is None and "project_category" in self.filled or cat and class_fits("performance_type", cat)):
            form.performance_type, form.project_category = cat, perf
            self.b.doubt(f"performance_type: '{perf}' names a 项目, no kind of work; read as 项目类别"
                         + (f", and '{cat}' as 绩效类型." if cat else "."))

    def in_funds_table(self) -> bool:
        """Whether the self-evaluation funds table's column titles are printed (its numbers are read apart)."""
        return len(set(self.col_titles) & _AMOUNT_TITLES) >= 2

    def place_amounts(self, late: LateHeader | None) -> None:
        """The target funds' amounts, read at their labels or printed away, the header's and those after the
        table, placed by the funds block's shape (`fund_amounts`)."""
        labels = self.fund_labels + (late.fund_labels if late is not None else [])
        amounts = list(self.amounts)
        if late is not None:  # after the table: printed after everything in the header zone
            amounts += [Amount(t, parse_number(t), self.n + 1 + at, None) for t, at in zip(late.amounts, late.amount_at)]
        got, doubts = place_fund_amounts(labels, [a for a in amounts if a.value is not None])
        for d in doubts:
            self.b.doubt(d)
        for name, (v, _) in got.items():
            self.b.money(name, v)
        # amounts read as funds are no cells of the indicator table, wherever printed (an amount of a thousand
        # or more: a bare '10.00' may be a row's cell too)
        values = {v for v, _ in got.values()}
        self.late_used |= {a.token for a in amounts if money_like(a.token) and a.value in values and a.value >= 1000}

    def place_early_names(self) -> None:
        """A label left without a value takes a name printed just before it that no label took."""
        for hf, at in self.printed:
            if self.filled.get(hf) or getattr(self.b.form, hf, None) is not None:
                continue
            near = [(n, t) for n, t in self.early if at - _NEAR <= n < at and accepts(hf, "name")]
            if near:
                n, t = near[-1]
                self.early.remove((n, t))
                self.filled[hf] = True
                self.b.header(hf, t)
                self.b.doubt(f"{hf}: value '{t}' printed before its label; placed by its kind.")

    def _with_late_rows(self, late: LateHeader) -> list[str]:
        """The funds rows when some of their labels are printed after the table: every printed row, in the
        funds table's own order (年度资金总额, 其中 财政拨款, 上年结转, 其他), which the printed order no longer shows."""
        extra = [r for r in dict.fromkeys(late.fund_rows) if r not in self.fund_rows and r in _ROW_ORDER]
        if not extra:
            return self.fund_rows
        rows = sorted(set(self.fund_rows + extra), key=lambda r: _ROW_ORDER.index(r) if r in _ROW_ORDER else -1)
        self.b.doubt(f"Funds row labels {'/'.join(extra)} are printed after the indicator table; the funds rows are "
                     "read in the funds table's usual order.")
        return rows

    def _late_total_cell(self, first: tuple[str, dict[str, str]], late: LateHeader) -> None:
        """The total row read without its 年初预算数 (five cells printed with the others) takes the one number
        printed just after a funds amount column's title after the table, with a doubt."""
        row, cells = first
        cands = list(dict.fromkeys(late.fund_cells))
        if row not in ("annual_total", "total") or "initial_budget" in cells or len(cells) != len(COLUMNS) - 1:
            return
        if len(cands) == 1:
            cells["initial_budget"] = cands[0]
            self.late_used.add(cands[0])
            self.b.doubt(f"budget.initial_budget: '{cands[0]}' printed after the indicator table beside a funds column "
                         "title; read as the total row's cell its block left out.")
        elif cands:
            self.b.doubt(f"Funds numbers {'/'.join(cands)} printed after the table beside funds column titles; which is "
                         "the total row's 年初预算数 the text does not say; not placed.")

    def place_late(self, late: LateHeader) -> None:
        """Header cells printed after the table (`late_header`): its labels are printed labels; a class
        value or an organisation's name goes to the one printed field still empty that takes its kind."""
        form = self.b.form
        n_dates = len([t for t, _ in self.dates])
        for hf in late.labels:
            self.filled.setdefault(hf, False)
        empty_dates = [f for f in DATE_FIELDS if f in self.filled and getattr(form, f) is None]
        if late.dates and n_dates < len(empty_dates):
            self.dates.extend((t, None) for t in late.dates)
        taken = {getattr(form, f) for f in (*CLASS_FIELDS, "project_name", "department", "implementing_unit")}
        pools = (
            ([f for f in CLASS_FIELDS if f in self.filled and getattr(form, f) is None],
             list(dict.fromkeys(v for v in self.waiting + late.classes if v not in taken)), "class value"),
            ([f for f in ("department", "implementing_unit") if f in self.filled and getattr(form, f) is None],
             list(dict.fromkeys(v for v in [t for _, t in self.early if is_org_name(t)] + late.orgs
                                if squash(v) not in taken)), "organisation name"),
        )
        for empty, values, what in pools:
            if not empty or not values:
                continue
            if len(empty) == 1 and len(values) == 1:
                self.filled[empty[0]] = True
                self.b.header(empty[0], values[0])
                self.b.doubt(f"{empty[0]}: value '{values[0]}' printed away from its label (after the indicator "
                             f"table or before the label); placed as the only {what} printed for it.")
            else:
                self.b.doubt(f"{'/'.join(empty)}: {what}s {'/'.join(values)} printed away from their labels; which "
                             "is which the text does not say; not placed.")

    def place_dates(self) -> None:
        """Each date to the label open before it when that reads a plan that starts before it ends;
        else by order (`header.place_dates_by_order`)."""
        form = self.b.form
        labels = [f for f in DATE_FIELDS if f in self.filled and getattr(form, f) is None]
        dates = [(d, f) for d, f in ((normalize_date(t), f) for t, f in self.dates) if d]
        by_label = {f: d for d, f in dates if f}
        in_order = "start_date" not in by_label or "end_date" not in by_label or by_label["start_date"] <= by_label["end_date"]
        if labels and dates and in_order and set(by_label) == set(labels):  # other dates printed away are no plan's
            for f, d in by_label.items():
                self.b.header(f, d)
            self.late_used |= {t for t, _ in self.dates}
            return
        place_dates_by_order(self.b, labels, [t for t, _ in self.dates])
        placed = {getattr(form, f) for f in DATE_FIELDS}
        self.late_used |= {t for t, _ in self.dates if normalize_date(t) in placed}  # no cells of the table


def _page_number(toks: list[str]) -> bool:
    """A page's number printed among the header cells ('- 10 -', '第 2 页'); a bare number may be an amount."""
    line = " ".join(toks)
    return bool(PAGE_NUMBER.match(line)) and not PURE_NUMBER.match(line.strip())


def _amount_away(k: str) -> bool:
    """A number printed away from the fund labels that may be one of their amounts: money by its shape, or a bare 0."""
    return money_like(k) or k == "0"


def scan_flowing_header(b: FormBuilder, tlines: list[list[str]], tail: list[str] | None = None) -> set[str]:
    """Header fields and funds of a form's header zone in flowing pdftotext text; `tail`: the lines after the
    indicator table's titles, where header cells may be printed too (`late_header`). Returns the texts of the
    tail read as header cells (no cells of the indicator table)."""
    late = scan_late(tail or [])
    flat = [t for toks in tlines for t in toks]
    read_money_unit(b, tlines if any(map(money_unit, flat)) or not late.unit_tokens else tlines + [late.unit_tokens])
    scanner = FlowHeaderScanner(b)
    tlines = [toks for toks in tlines if not _page_number(toks)]
    for toks in join_row_labels(join_wrapped([join_name_pieces(toks) for toks in tlines])):
        scanner.line(toks)
    scanner.finish(late)
    return scanner.late_used
