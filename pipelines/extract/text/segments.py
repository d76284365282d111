"""Where one form ends and the next begins in a text export.

Decides the form boundaries: a title line (绩效目标表 / 绩效目标申报表 / 绩效自评表) with its year
starts a form; a title printed again over a continuation page with no header fields after it
does not; an export that kept the tables but dropped the titles is cut at the first header
field after each indicator table, its type read from the table columns.
"""
from __future__ import annotations

import re

from .. import vocabulary as L
from ..normalize import squash
from .tokens import budget_row, header_field, line_tokens, split_cells, table_header_roles, undouble

Segment = tuple[str, "int | None", list[str], list[str]]  # (form type, year, body lines, doubts)


def find_forms(lines: list[str]) -> list[tuple[str, int | None, list[str], list[str]]]:
    """(form type, year, body lines, doubts) per form; a title repeated on a continuation page is no new form."""
    titles = []
    for i, line in enumerate(lines):
        cells = [undouble(squash(c) or "") for c in split_cells(line) if squash(c)]
        if cells and L.is_form_title(cells[0]) and all(L.year_of(c) and len(c) <= 12 for c in cells[1:]):
            titles.append(i)
    out: list[tuple[str, int | None, list[str], list[str]]] = []
    for n, i in enumerate(titles):
        end = titles[n + 1] if n + 1 < len(titles) else len(lines)
        ftype = L.form_type_of(undouble(squash(lines[i]) or ""))
        year = L.year_of(lines[i])
        start = i + 1
        if year is None:
            for j in range(i + 1, min(end, i + 6)):
                t = squash(lines[j]) or ""
                if t and len(t) <= 20 and L.year_of(t):
                    year, start = L.year_of(t), j + 1
                    break
        body = lines[start:end]
        if out and out[-1][0] == ftype and not _has_header_label(body):
            out[-1][2].extend(body)
            out[-1][3].append(f"The form title is printed again at line {i + 1} with no header fields after it; read "
                              "as a continuation page of the same form.")
            continue
        out.append((ftype, year, body, []))
    if not out and any(table_header_roles(line_tokens(ln, "\t" in ln)) for ln in lines):
        out = _untitled_forms(lines)
    return out


def _untitled_forms(lines: list[str]) -> list[tuple[str, int | None, list[str], list[str]]]:
    """Forms of an export that kept the tables but not the titles (converters drop text outside tables).

    A new form starts at the first header-field line after an indicator table; its type is read from
    the table columns and its year from a year line or, failing that, the planned start date.
    """
    starts, seen_table = [0], False
    for i, ln in enumerate(lines):
        toks = line_tokens(ln, "\t" in ln)
        if table_header_roles(toks):
            seen_table = True
        elif seen_table and toks and header_field(squash(toks[0]) or ""):
            starts.append(i)
            seen_table = False
    out: list[tuple[str, int | None, list[str], list[str]]] = []
    for n, s in enumerate(starts):
        body = lines[s: starts[n + 1] if n + 1 < len(starts) else len(lines)]
        heads = [r for ln in body for r in [table_header_roles(line_tokens(ln, "\t" in ln))] if r]
        scored = bool(heads) and any(r in ("weight", "score", "actual") for r in heads[0])
        year, how = _untitled_year(body)
        doubts = ["No form title (绩效目标表 / 绩效自评表) in the document; form type read from the table columns"
                  + (f", year from the {how}." if year else "; year left null.")]
        out.append(("self_evaluation" if scored else "target", year, body, doubts))
    return out


def _untitled_year(body: list[str]) -> tuple[int | None, str]:
    """(year, where it was read) for a form without a title: a short year line, else the planned start date."""
    for ln in body:
        toks = [squash(t) or "" for t in line_tokens(ln, "\t" in ln)]
        if table_header_roles(toks):
            break
        for k, t in enumerate(toks):
            if header_field(t) == "start_date":
                m = re.match(r"^((?:19|20)\d\d)[-./年]", "".join(toks[k + 1:k + 2]))
                if m:
                    return int(m.group(1)), "planned start date"
            elif len(t) <= 12 and L.year_of(t) and not header_field(t):
                return L.year_of(t), "year line"
    return None, ""


def _has_header_label(body: list[str]) -> bool:
    """Whether a form's own header (any header field or funds label) comes before its indicator table."""
    for ln in body:
        toks = line_tokens(ln, "\t" in ln)
        if table_header_roles(toks):
            return False
        if any(header_field(t) or budget_row(t) for t in toks):
            return True
    return False
