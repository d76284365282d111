"""Tab- or pipe-separated table rows (document converters' exports) → indicator rows.

Decides which cell of a row is the name and which are its values, from the header's column
roles; merged-cell labels that drift one column are placed by vocabulary; a row printed twice
across a page break is kept once.
"""
from __future__ import annotations

from .. import vocabulary as L
from ..assemble import FormBuilder
from ..normalize import parse_number, squash
from .rows import JUNK, Label, RowRec, label_level, last_label, same_row, value_like
from .tokens import TABLE_END, column_role, is_separator, split_cells, table_header_roles

def tsv_table(b: FormBuilder, header_line: str, lines: list[str]) -> list[RowRec]:
    roles = {i: column_role(c) for i, c in enumerate(split_cells(header_line)) if squash(c)}
    order = [r for _, r in sorted(roles.items()) if r]
    after3 = order[order.index("level3") + 1:] if "level3" in order else ["target"]
    scored = "weight" in after3 or "score" in after3
    rows: list[RowRec] = []
    pending: list[Label] = []
    drifted: list[str] = []
    brk = False
    for line in lines:
        if not line.strip() or line.strip() == "\f":
            brk = True
            continue
        if is_separator(line):
            continue
        items = [(squash(c), c, i) for i, c in enumerate(split_cells(line)) if squash(c)]
        if not items:
            continue
        first = items[0][0]
        if table_header_roles([c for _, c, _ in items]):
            continue  # the header printed again on a new page
        if L.is_total_score_label(first):
            nums = [c for k, c, _ in items[1:] if parse_number(c) is not None]
            if nums:
                b.number("total_score", nums[-1])
            continue
        if L.is_grade_label(first):
            if len(items) > 1:
                b.grade(items[1][1])
            continue
        if TABLE_END.match(first) or L.is_form_title(first):
            break
        frags = [k for k, _, _ in items if k in JUNK]
        items = [it for it in items if it[0] not in JUNK]
        labs: list[tuple[str, int]] = []
        while items and label_level(items[0][0]) is not None:
            k, _, i = items.pop(0)
            labs.append((k, i))
        rest = items
        if labs and rest and not any(not value_like(c) for _, c, _ in rest):
            k, i = labs.pop()
            rest = [(k, k, i)] + rest
        if not rest:
            pending.extend(Label(k) for k, _ in labs)
            continue
        if len(rest) == 1 and value_like(rest[0][1]):
            if rows and rows[-1].target is None and not scored:
                rows[-1].target = rest[0][1]
                b.doubt(f"Value {squash(rest[0][1])} printed on a line of its own; joined to row {rows[-1].level3} "
                        "which has no target.")
            else:
                b.doubt(f"Value {squash(rest[0][1])} printed without an indicator; ignored.")
            continue
        for k, i in labs:
            role = roles.get(i)
            if role in ("level1", "level2", "level3", "target") and role != f"level{label_level(k)}" and "成本" not in k:
                drifted.append(f"{k}@{role}")
        level3, vals = rest[0][1], [c for _, c, _ in rest[1:]]
        row = RowRec([*pending, *(Label(k) for k, _ in labs)], squash(level3), after_break=brk)
        pending = []
        if scored:
            cols = [roles.get(i) for _, _, i in rest]
            if cols[0] == "level3" and all(c in after3 for c in cols[1:]) and len(set(cols[1:])) == len(cols) - 1:
                pairs = list(zip(cols[1:], vals))  # cells under their own column titles (blank cells skipped)
            else:
                pairs = list(zip(after3, vals))
            for role, v in pairs:
                setattr(row, role if role in ("target", "actual", "weight", "score", "note") else "note", v)
            if len(vals) > len(after3):
                b.doubt(f"Row {row.level3}: more cells than columns; extra cells ignored.")
        elif vals:
            row.target = vals[-1]
            if len(vals) > 1:
                row.level3 = squash(level3 + "".join(vals[:-1]))
                b.doubt(f"Row {row.level3}: the name is printed over several cells; joined.")
        if brk and rows and same_row(rows[-1], row):
            if "指标" in frags:
                last = last_label(rows)
                if last is not None and label_level(last.text + "指标") is not None:
                    last.text += "指标"
            b.doubt(f"Row {row.level3} is printed twice across a page break; kept once.")
            brk = False
            continue
        rows.append(row)
        brk = False
    if drifted:
        b.doubt(f"Category labels printed outside their column ({', '.join(dict.fromkeys(drifted))}); each placed at its level "
                "by vocabulary, not by column.")
    return rows


