"""Rows out of a form's table parts, across page breaks.

Decides how the parts of one table printed on consecutive pages join: a label cell split by
the page break, an empty label cell at the foot of a page continued on the next, a row cut in
two by the break, a row printed on both sides of it; then hands every row (with its merged
labels) to the form builder. Every repair leaves a doubt.
"""
from __future__ import annotations

from .. import vocabulary
from ..assemble import FormBuilder
from ..normalize import squash
from .geometry import join_text
from .state import LABEL_ROLES, ROW_ROLES, VALUE_ROLES, FormState


def emit_rows(st: FormState, b: FormBuilder) -> None:
    parts = [p for p in st.parts if p.rows]
    # labels across page breaks
    for k in range(len(parts) - 1):
        a, nxt = parts[k], parts[k + 1]
        for role in LABEL_ROLES:
            ca, cb = a.cells.get(role), nxt.cells.get(role)
            if not ca or not cb:
                continue
            last, first = ca[-1], cb[0]
            if last.text and first.text and last.text != first.text:
                joined = squash(last.text + first.text)
                if (vocabulary.level_of(last.text) is None or vocabulary.level_of(first.text) is None) and vocabulary.level_of(joined):
                    last.text = first.text = joined
                    b.doubt(f"label '{joined}' is split by the page break after page {a.page}; joined")
            elif last.text is None and first.text and (len(ca) > 1 or k == 0):
                last.text = first.text
                b.doubt(
                    f"label cell at the foot of page {a.page} is empty and the cell continuing on page {nxt.page} "
                    f"reads '{squash(first.text)}'; used for the rows above the break"
                )
    rows: list[dict[str, str | None]] = []
    where: list[int] = []
    current: dict[str, str | None] = {}  # the labels in force over the last row read
    for p in parts:
        lab_of: dict[str, dict[int, str | None]] = {}
        for role, cells in p.cells.items():
            lab_of[role] = {}
            for cell in cells:
                for i in cell.rows:
                    lab_of[role][i] = cell.text if i == cell.rows[0] else None
        for i, r in enumerate(p.rows):
            d = {role: r.text(role) for role in ROW_ROLES}
            for role in LABEL_ROLES:
                d[role] = lab_of.get(role, {}).get(i)
            d["_new"] = {role: lab_of.get(role, {}).get(i) is not None for role in LABEL_ROLES}
            if rows and i == 0 and where and where[-1] != p.page:
                prev = rows[-1]
                values = VALUE_ROLES[:4]  # target, actual, weight, score
                cut = not d.get("level3") and any(d.get(v) for v in VALUE_ROLES)
                # a scored row (self-evaluation) never lacks every value: one without any, followed
                # across the break by values under no new label, is one row cut in two
                cut = cut or (
                    b.form.form_type == "self_evaluation"
                    and not any(prev.get(v) for v in values)
                    and any(d.get(v) for v in values)
                    and not any(d["_new"].values())
                )
                # and text without any value under no new label (a label continued from the page
                # before is not new), after a row with values, is the rest of that row's wrapped cells
                # (Word lets a row break across pages)
                cut = cut or (
                    not any(d.get(v) for v in values)
                    and any(prev.get(v) for v in values)
                    and all(d[role] is None or squash(d[role]) == squash(current.get(role)) for role in LABEL_ROLES)
                )
                if cut and prev.get("level3"):
                    for role in ROW_ROLES:
                        if d.get(role):
                            prev[role] = join_text(prev[role], d[role]) if prev.get(role) else d[role]
                    b.doubt(f"row '{squash(prev['level3'])}' is cut by the page break after page {where[-1]}; joined")
                    continue
                if all(squash(prev.get(k)) == squash(d.get(k)) for k in ROW_ROLES) and not any(d["_new"].values()):
                    b.doubt(f"row '{squash(prev['level3'])}' is printed on both sides of a page break; kept once")
                    continue
            rows.append(d)
            where.append(p.page)
            for role in LABEL_ROLES:
                if d[role] is not None:
                    current[role] = d[role]
    # merged-label cells that start a row carry its label; the builder forward-fills the rest
    for d in rows:
        if not squash(d.get("level3")):
            b.doubt(f"a row without a 三级指标 label (target '{squash(d.get('target'))}') is kept with level3 empty")
        l1, l2 = d.get("level1"), d.get("level2")
        if l1 and not l2 and vocabulary.level_of(l1) == 2 and not vocabulary.is_level1_only(l1) and vocabulary.level_of(l1) != 1:
            b.doubt(f"row '{squash(d.get('level3'))}': '{squash(l1)}' printed in the 一级指标 column; read as 二级指标")
            l1, l2 = None, l1
        b.row(l1, l2, d.get("level3"), d.get("target"), d.get("actual"), d.get("weight"), d.get("score"), d.get("note"))
