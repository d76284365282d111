"""One form's body lines → a Form: which text shape the form is printed in, and its parts in order.

Decides the reader: tab/pipe rows (`tsv`), a table printed one cell per line (`cells`), a table
laid out in columns by spaces (`columns`, pdftotext -layout), or flowing text (`flowing`). The
header zone before the indicator table goes to `header` in every shape.
"""
from __future__ import annotations

from ..assemble import FormBuilder
from ..record import Form
from .cells import cell_form, cell_header
from .columns import column_table
from .layout_place import is_layout_text, is_title_line
from .flowing import flow_table
from .flow_header import scan_flowing_header
from .header import scan_header
from .layout_bands import banded_layout_rows
from .layout_header import rejoin_labels
from .rows import assign_levels
from .tokens import is_separator, line_tokens, table_header_roles
from .tsv import tsv_table


def parse_form(ftype: str, year: int | None, body: list[str], source: str) -> Form:
    tsv = sum(1 for ln in body if "\t" in ln or ln.strip().startswith("|")) >= 3
    b = FormBuilder(ftype, year)
    if year is None:
        b.doubt("No year line after the form title; year left null.")
    hdr = None
    for i, line in enumerate(body):
        if table_header_roles(line_tokens(line, tsv)):
            hdr = i
            break
    if hdr is None and not tsv and is_layout_text(body):  # titles wrapped above and below their line
        hdr = next((i for i in range(len(body)) if is_title_line(body, i)), None)
    if hdr is None and not tsv and (cell := cell_header(body)) is not None:
        return cell_form(b, body, *cell)
    header_lines = body if hdr is None else body[:hdr]
    layout = not tsv and is_layout_text(body)
    if layout:
        scan_header(b, rejoin_labels(header_lines), False)
    elif tsv:
        scan_header(b, [line_tokens(ln, tsv) if not is_separator(ln) else [] for ln in header_lines], tsv)
    else:
        scan_flowing_header(b, [line_tokens(ln, False) for ln in header_lines])
    if hdr is None:
        b.doubt("No indicator table header (三级指标 …) found in this form; no indicator rows.")
        return b.build()
    rows = None
    if tsv:
        rows = tsv_table(b, body[hdr], body[hdr + 1:])
    elif layout:
        if {"weight", "score"} <= set(table_header_roles(line_tokens(body[hdr], False))):
            f = b.form
            known = {v for v in (f.project_name, f.department, f.implementing_unit) if v}
            rows = banded_layout_rows(b, body, hdr, known)  # a word processor's row bands
        if rows is None:
            rows = column_table(b, body, hdr)
    if rows is None:
        above = [ln for ln in body[:hdr] if ln.strip()][-1:]
        rows = flow_table(b, line_tokens(body[hdr], False), body[hdr + 1:], line_tokens(above[0], False) if above else [])
    for l1, l2, r in assign_levels(rows, b.doubt):
        b.row(l1, l2, r.level3, r.target, r.actual, r.weight, r.score, r.note)
    return b.build()
