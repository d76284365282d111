"""The header zone of a form in a text export: label → value fields and the funds block.

Decides which printed tokens are the value of which header field (项目名称, 主管部门, …, a value
wrapped over a few lines, several label/value pairs on one line), which amount belongs to which
fund row (one amount per field; the annual side preferred when both sides are printed), and the
self-evaluation funds table (column titles, then a row label and its numbers).
"""
from __future__ import annotations

import re

from .. import vocabulary as L
from ..assemble import FormBuilder
from ..normalize import normalize_date, parse_number, squash
from .header_values import DATE
from .tokens import budget_column, budget_row, header_field, is_label, is_number_token, money_unit, stop_line

_DATE_FIELDS = ("start_date", "end_date")


class FundsTable:
    """The self-evaluation funds table: column titles (年初预算数 全年预算数 …), then per row a label
    and its numbers. A row is the longest tail of its label text that names a fund row."""

    def __init__(self, b: FormBuilder, cols: list[str]) -> None:
        self.b = b
        self.cols = cols
        self.label: list[str] = []
        self.vals: list[str] = []

    @staticmethod
    def row_of(parts: list[str]) -> tuple[str | None, str]:
        """'项目资金 其中：当年财政拨款' → ('fiscal', '其中：当年财政拨款')."""
        for k in range(len(parts)):
            label = "".join(parts[k:])
            if budget_row(label):
                return budget_row(label), label
        return None, "".join(parts)

    def flush(self) -> None:
        row, label = self.row_of(self.label)
        if row and self.vals and self.cols:
            if len(self.vals) != len(self.cols):
                self.b.doubt(f"Funds row {label}: {len(self.vals)} values for {len(self.cols)} columns; mapped in order.")
            self.b.self_eval_budget_row(row, dict(zip(self.cols, self.vals)))
        self.label, self.vals = [], []

    def feed(self, toks: list[str]) -> bool:
        """Read one line's tokens; False when the line leaves the funds table (goal or indicator text)."""
        for t in toks:
            if is_number_token(t):
                self.vals.append(t)
                continue
            if self.vals:
                self.flush()
            if money_unit(t):  # '项目资金（万元）', the block's outer label, printed beside a row
                continue
            self.label.append(squash(t) or "")
            joined = "".join(self.label)
            if "目标" in joined or "指标" in joined or len(joined) > 16:
                self.label = []
                return False
        if self.vals and self.row_of(self.label)[0] and len(self.vals) >= len(self.cols):
            self.flush()
        return True


class HeaderScanner:
    """Label → value scanning over the header lines: a label opens a field, the tokens after it are
    its value until the next label (a wrapped value goes on over at most three lines)."""

    def __init__(self, b: FormBuilder, tsv: bool) -> None:
        self.b = b
        self.tsv = tsv
        self.money: dict[str, list[tuple[float | None, str]]] = {}
        self.field: tuple | None = None  # ('header', name, parts) | ('money', name, label) | ('skip',)
        self.cont_lines = 0
        self.funds: FundsTable | None = None
        self.stray_dates: list[str] = []  # dates read where a name was due
        self.date_labels: list[str] = []  # date fields whose labels are printed
        self.titles: list[str] = []  # funds column titles read so far
        self.titles_open = False  # the lines just before were all funds column titles

    def close(self) -> None:
        f = self.field
        if f and f[0] == "header" and f[2]:
            self.b.header(f[1], "".join(f[2]))
        self.field = None

    def line(self, toks: list[str]) -> None:
        if not toks:
            return
        cols = [budget_column(t) for t in toks]
        if all(cols) or sum(c is not None for c in cols) >= 3:  # funds column titles, on one line or one per line
            cols = [c for c in cols if c]
            self.titles = self.titles + cols if self.titles_open and all(cols) else cols
            self.titles_open = True
            if len(self.titles) >= 3:
                self.close()
                self.funds = FundsTable(self.b, self.titles)
            return
        self.titles_open = False
        if self.funds is not None:
            if not self.funds.feed(toks):
                self.funds = None
            return
        if self.field is not None and not self.tsv:
            self.wrap_or_close(toks)
        for t in toks:
            self.token(t)
        if self.tsv:
            self.close()

    def wrap_or_close(self, toks: list[str]) -> None:
        """A new line goes on with the open field's value (a wrap: one token, possibly followed by the
        next labels of the line; at most three lines) or closes it."""
        f = self.field
        wrapped = len(toks) == 1 or not (f[0] == "header" and f[2]) or (not is_label(toks[0]) and is_label(toks[1]))
        if L.is_budget_title_piece(toks[0]):
            wrapped = False  # '全年' of a funds column title broken over lines ('全年 / 执行 / 数'): no value's rest
        if stop_line(toks) or self.cont_lines >= 3 or not wrapped:
            self.close()
        else:
            self.cont_lines += 1

    def token(self, t: str) -> None:
        if is_label(t):
            self.close()
            k = squash(t)
            hf, br = header_field(k), budget_row(k)
            self.field = ("header", hf, []) if hf else ("money", br, k) if br else ("skip",)
            self.cont_lines = 0
            if hf in _DATE_FIELDS:
                self.date_labels.append(hf)
            return
        f = self.field
        if f is None:
            return
        if f[0] == "header" and f[1] not in _DATE_FIELDS and DATE.match(t):
            self.stray_dates.append(t)  # a date is no name: printed away from its own label
            return
        if f[0] == "header":
            if f[1] in _DATE_FIELDS:
                self.date_labels.append(f[1])
            f[2].append(t)
            if self.tsv:  # one cell holds the whole value
                self.close()
                self.field = ("skip",)
        elif f[0] == "money":  # the amount is the next token (blank: the next label comes first)
            self.money.setdefault(f[1], []).append((parse_number(t), f[2]))
            self.field = ("skip",) if is_number_token(t) else None

    def finish(self) -> None:
        self.close()
        if self.funds is not None and self.funds.vals:
            self.funds.flush()
        settle_money(self.b, self.money)
        self.place_stray_dates()

    def place_stray_dates(self) -> None:
        """Dates printed away from their labels (one cell per line, values before labels) go to the
        date fields whose labels are printed and still empty: the earlier date starts, the later ends."""
        form = self.b.form
        empty = [f for f in ("start_date", "end_date") if f in self.date_labels and getattr(form, f) is None]
        place_dates_by_order(self.b, empty, self.stray_dates)


def place_dates_by_order(b: FormBuilder, empty: list[str], printed: list[str]) -> None:
    """Dates printed away from their labels → the empty date fields `empty`, earlier date first, with a doubt."""
    dates = sorted({d for d in (normalize_date(t) for t in printed) if d})
    if not empty or not dates:
        return
    if len(empty) == 2 and len(dates) == 2:
        pairs = list(zip(empty, dates))
    elif len(empty) == 1 and len(dates) == 1:
        pairs = [(empty[0], dates[0])]
    else:
        b.doubt(f"Dates {'/'.join(dates)} printed away from their labels; not placed.")
        return
    for f, d in pairs:
        b.header(f, d)
    b.doubt(f"Dates printed away from their labels ({', '.join(f'{f} {d}' for f, d in pairs)}); placed "
            "by order (a plan starts before it ends).")


def scan_header(b: FormBuilder, tlines: list[list[str]], tsv: bool) -> None:
    """Header fields (label → following tokens) and the funds block of both form types."""
    read_money_unit(b, tlines)
    scanner = HeaderScanner(b, tsv)
    for toks in tlines:
        scanner.line(toks)
    scanner.finish()


def read_money_unit(b: FormBuilder, tlines: list[list[str]]) -> None:
    """The unit the funds are printed in, from the label that names it ('项目资金（万元）')."""
    flat = [t for toks in tlines for t in toks]
    units = [u for u in map(money_unit, flat) if u]
    for n, t in enumerate(flat):  # '项目资金（万' … '元）' with another label's cell printed between the pieces
        if re.search(r"[（(]万$", t) and any(re.match(r"^元[)）]", x) for x in flat[n + 1:n + 4]):
            units.append("万元")
    if units:
        b.set_money_unit(units[0])
        if len(set(units)) > 1:
            b.doubt(f"Funds printed in several units ({', '.join(sorted(set(units)))}); amounts read as {units[0]}.")


def settle_money(b: FormBuilder, money: dict[str, list[tuple[float | None, str]]]) -> None:
    """One amount per field; when a field is printed twice (project side, annual side) prefer the annual side."""
    for name, entries in money.items():
        printed = [(v, lab) for v, lab in entries if v is not None]
        if not printed:
            continue
        if name == "fiscal":
            annual = [p for p in printed if L.is_annual_fiscal(p[1])]
            chosen = (annual or printed)[0]
        elif name in ("carryover", "other"):
            chosen = printed[-1]
        else:
            chosen = printed[0]
        if len({v for v, _ in printed}) > 1:
            b.doubt(f"budget.{name}: printed twice with different amounts ({', '.join(f'{lab} {v:g}' for v, lab in printed)}); "
                    f"took {chosen[1]}.")
        b.money(name, chosen[0])


# --- tab-separated tables -----------------------------------------------------------------------------


