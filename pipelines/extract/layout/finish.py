"""Closing a form: what a form record gets once its last page has been read.

Decides the year of a form that printed none (planned dates in one year, else the document
heading, else a 20xx in the file name, else the start date), the money unit of one that
printed none (元, with a doubt), applies the funds read in the header zone, and drops a
"form" that is only a heading reading like a form title.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..assemble import FormBuilder
from ..normalize import parse_number
from ..record import Form
from .continuation import emit_rows
from .state import FormState


def finish_form(st: FormState, source_name: str, heading_year: int | None) -> Form | None:
    """The form record of a closed form, or None when there was no form under the title."""
    b = st.builder
    emit_rows(st, b)
    if b.form.year is None:
        fallback_year(b, source_name, heading_year)
    if b.form.money_unit_printed is None:
        b.set_money_unit("元")
        if any(op[0] == "money" and parse_number(op[2]) is not None for op in st.fund_ops) or any(
            op[0] == "row" for op in st.fund_ops
        ):
            b.doubt("no money unit printed; amounts read as 元")
    for op in st.fund_ops:
        if op[0] == "row":
            b.self_eval_budget_row(op[1], op[2])
        else:
            b.money(op[1], op[2])
    if st.columns is None:
        form = b.form
        if form.project_name is None and not form.indicators and all(v is None for v in vars(form.budget).values()):
            return None  # a document heading that reads like a form title, not a form
        b.doubt("no indicator table found under this form title")
    b.set_pages(st.first_page, st.last_page)
    return b.build()


def fallback_year(b: FormBuilder, source_name: str, heading_year: int | None) -> None:
    """No year with the title or among the header cells: the planned dates (when they fall in
    one year), else a document heading, else a 20xx in the file name, else the start date."""
    years = [int(d[:4]) for d in (b.form.start_date, b.form.end_date) if d and re.match(r"(?:19|20)\d{2}", d)]
    name_years = re.findall(r"(?<!\d)(20\d{2})(?!\d)", Path(source_name).stem)
    if years and len(set(years)) == 1:
        year, why = years[0], "the planned start/end dates"
    elif heading_year:
        year, why = heading_year, "the document heading"
    elif name_years:
        year, why = int(name_years[0]), f"the file name '{source_name}'"
    elif years:
        year, why = years[0], "the planned start date"
    else:
        b.doubt("no year printed with the form title or in its header; year left empty")
        return
    b.form.year = year
    b.doubt(f"no year printed with the form title or in its header; year {year} taken from {why}")
