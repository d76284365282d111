"""FormBuilder: the one place where extracted cells become a Form record.

Extractors find cells (header values, fund amounts, indicator rows); the builder
applies the record rules: names squashed, money to 元, merged labels forward-filled,
group weights stripped, values cleaned and parsed, doubts collected.
"""
from __future__ import annotations

from .normalize import is_blank, normalize_date, parse_number, squash, strip_group_weight
from .record import Budget, Form, Indicator
from .values import clean_raw, parse_value

MONEY_FIELDS = ("total", "annual_total", "fiscal", "carryover", "other", "initial_budget", "full_year_budget", "executed")
NUMBER_FIELDS = ("execution_rate_pct", "budget_weight", "budget_score")


class FormBuilder:
    def __init__(self, form_type: str, year: int | None, money_unit: str | None = "元", page_start: int | None = None):
        self.form = Form(seq=0, form_type=form_type, year=year, money_unit_printed=money_unit, page_start=page_start)
        self._last_l1: str | None = None
        self._last_l2: str | None = None

    # --- header ---------------------------------------------------------------------------------
    def header(self, field: str, raw: str | None) -> None:
        """Set a header field; the first non-empty value wins (later repeats are page furniture)."""
        if getattr(self.form, field) is not None:
            return
        value = normalize_date(raw) if field in ("start_date", "end_date") else squash(raw)
        if value is not None:
            setattr(self.form, field, value)

    def set_money_unit(self, unit: str | None) -> None:
        if unit:
            self.form.money_unit_printed = unit

    # --- funds ----------------------------------------------------------------------------------
    def money(self, field: str, raw: str | float | None, overwrite: bool = False) -> None:
        """A money field of the budget, converted to 元 (万元 × 10000); blank stays None."""
        assert field in MONEY_FIELDS, field
        value = self._number(field, raw)
        if value is None or (getattr(self.form.budget, field) is not None and not overwrite):
            return
        if self.form.money_unit_printed == "万元":
            value = round(value * 10000, 2)
        setattr(self.form.budget, field, value)

    def number(self, field: str, raw: str | float | None) -> None:
        """A unitless number: execution_rate_pct, budget_weight, budget_score, or total_score."""
        value = self._number(field, raw)
        if value is None:
            return
        if field == "total_score":
            if self.form.total_score is None:
                self.form.total_score = value
            return
        assert field in NUMBER_FIELDS, field
        if getattr(self.form.budget, field) is None:
            setattr(self.form.budget, field, value)

    def _number(self, field: str, raw: str | float | None) -> float | None:
        """parse_number, with a doubt when a printed value is not a number (e.g. '1e30', '12.3.4'): never a
        silent blank."""
        value = parse_number(raw)
        if value is None and isinstance(raw, str) and not is_blank(raw):
            self.doubt(f"{field}: printed value {squash(raw)!r} is not a number; left empty")
        return value

    def grade(self, raw: str | None) -> None:
        if self.form.grade is None:
            self.form.grade = squash(raw)

    def self_eval_budget_row(self, row_field: str, cells: dict[str, str | None]) -> None:
        """One row of the self-evaluation funds table (columns from vocabulary.budget_column).

        The 年度资金总额 row gives the year's figures; the 其中 rows give the
        split of the full-year budget into fiscal / carryover / other.
        """
        if row_field in ("annual_total", "total"):
            self.money("annual_total", cells.get("full_year_budget"))
            for col in ("initial_budget", "full_year_budget", "executed"):
                self.money(col, cells.get(col))
            for col in NUMBER_FIELDS:
                self.number(col, cells.get(col))
        elif row_field in ("fiscal", "carryover", "other"):
            self.money(row_field, cells.get("full_year_budget"))

    # --- indicators -----------------------------------------------------------------------------
    def row(
        self,
        level1: str | None,
        level2: str | None,
        level3: str | None,
        target: str | None = None,
        actual: str | None = None,
        weight: str | float | None = None,
        score: str | float | None = None,
        note: str | None = None,
    ) -> Indicator:
        """Append an indicator row; empty level1/level2 are merged cells, filled from the row above."""
        l1 = strip_group_weight(level1)
        l2 = strip_group_weight(level2)
        same_group = l1 is None or l1 == self._last_l1
        if l1 is None:
            l1 = self._last_l1
        if l2 is None and same_group:  # a new level-1 group never inherits the old level-2 label
            l2 = self._last_l2
        self._last_l1, self._last_l2 = l1, l2
        target_raw = clean_raw(target)
        ind = Indicator(
            level1=l1,
            level2=l2,
            level3=squash(level3),
            target_raw=target_raw,
            target=parse_value(target_raw),
            actual_raw=clean_raw(actual),
            weight=parse_number(weight),
            score=parse_number(score),
            note=squash(note),
        )
        self.form.indicators.append(ind)
        return ind

    def doubt(self, msg: str) -> None:
        if msg not in self.form.doubts:
            self.form.doubts.append(msg)

    def set_pages(self, page_start: int | None, page_end: int | None) -> None:
        self.form.page_start, self.form.page_end = page_start, page_end

    def build(self) -> Form:
        if self.form.budget is None:
            self.form.budget = Budget()
        return self.form
