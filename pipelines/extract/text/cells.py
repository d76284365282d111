"""One cell per line: pdftotext (default mode) of PDFs whose every cell is its own text block.

Decides the rows of a table printed as one paragraph per cell, column titles included. Row cells
still come in reading order (level3, then its values); merged label cells come either on their
row or grouped elsewhere (a column of labels, the page foot), and are only used where printed on
their row.
"""
from __future__ import annotations

from .. import vocabulary as L
from ..assemble import FormBuilder
from ..normalize import squash
from ..record import Form
from .cell_pieces import broken_title, label_piece, labels_before, table_zone
from .cell_rows import scored_rows, target_rows
from .flow_header import scan_flowing_header
from .label_rows import place_labels
from .totals import read_totals
from .rows import JUNK, Label, RowRec, assign_levels, label_level, value_like
from .tokens import DASHES, OTHER_LABELS, PAGE_NUMBER, PURE_NUMBER, TABLE_END, budget_row, column_role, header_field, line_tokens

def cell_header(body: list[str]) -> tuple[int, int, list[str], list[str]] | None:
    """(first line, line after, column roles, row cells printed inside it) of a table header printed one
    column title per line. Label cells may interleave with the titles; so may the first row's name, printed
    between 三级指标 and the next title."""
    roles: list[str] = []
    strays: list[str] = []
    start = after = None
    skip = -1
    for i, ln in enumerate(body):
        t = squash(ln) or ""
        if not t or i == skip:
            continue
        r = column_role(t)
        broken = None if r else broken_title(body, i)
        if broken:  # '一级指' / '标': a column title broken inside a narrow cell
            r, skip = broken
        vertical = _vertical_titles(body, i)
        several = [column_role(squash(x) or "") for x in ln.split()]
        if len(several) > 1 and all(several):  # titles of adjacent cells printed on one line
            start = i if start is None else start
            roles.extend(x for x in several if x)
            after = max(i, skip) + 1
        elif vertical:  # '一级 二级' / '指标 指标': the category column titles printed vertically side by side
            start = i if start is None else start
            roles.extend(vertical[0])
            skip = vertical[1]
            after = i + 1
        elif r:
            start = i if start is None else start
            roles.append(r)
            after = max(i, skip) + 1
        elif start is not None and set(roles) <= {"level1", "level2"} and any(
                _title_follows(body, i, r, 12) for r in ("level2", "level3", "target")):
            continue  # header text printed between the category titles and the next title
        elif start is not None and set(roles) <= {"level1", "level2"} and any(
                _title_follows(body, i, r, len(body)) for r in ("level3", "target")):
            strays.append(t)  # rows printed between the category titles and the name / value titles
            continue
        elif start is not None and label_piece(t):
            continue  # a piece of a vertical label beside the titles
        elif start is not None and ({"level3", "weight", "score"} <= set(roles) or {"actual", "weight", "score"} <= set(
                roles) or ({"weight", "score"} <= set(roles) and set(roles) & {"level1", "level2"})) and "target" not in roles:
            # a scored table whose value titles are printed elsewhere: the templates' 指标值 / 实际完成值
            return start, after, ["level3", "target", "actual", "weight", "score"], strays
        elif start is not None and "target" in roles and "level3" not in roles and "level2" in roles:
            named = roles[:roles.index("target")] + ["level3"] + roles[roles.index("target"):]
            return start, after, named, strays  # 三级指标 printed later, among the rows
        elif start is not None and label_level(t) is None and t not in JUNK:
            nxt = next((squash(x) for x in body[i + 1:] if squash(x)), "")
            if roles[-1] == "level3" and not strays and nxt and column_role(nxt):
                strays.append(t)
                continue
            if "level3" in roles and "target" not in roles and _title_follows(body, i, "target", len(body)):
                strays.append(t)  # rows' cells printed before the value column's title (a word processor's
                continue          # column blocks may print it after every row and 总分)
            if "target" in roles and "level3" not in roles and len(set(roles) & {"actual", "weight", "score"}) >= 2:
                named = roles[:roles.index("target")] + ["level3"] + roles[roles.index("target"):]
                return start, after, named, strays  # 三级指标 printed elsewhere: the name comes before the target
            if "level3" in roles and "target" in roles:
                return start, after, roles, strays
            roles, start, strays = [], None, []
    if start is not None and "level3" in roles and "target" in roles:
        return start, after, roles, strays  # the titles end the form: its rows were printed between them
    return None


def _scored_later(lines: list[str]) -> bool:
    """Whether the 分值 and 得分 column titles are printed after the table's other titles, among its rows
    (a word processor's column blocks): the table is a scored one whatever the titles read first say."""
    roles = set()
    for ln in lines:
        t = squash(ln) or ""
        if TABLE_END.match(t):
            break
        roles.add(column_role(t))
    return {"weight", "score"} <= roles


def _vertical_titles(body: list[str], i: int) -> tuple[list[str], int] | None:
    """Roles of a line of vertical title pieces ('一级 二级') completed by the next printed line ('指标 指标'),
    with that line's index."""
    toks = (body[i] or "").split()
    if not toks or any(t not in ("一级", "二级", "三级") for t in toks):
        return None
    j = next((k for k in range(i + 1, min(len(body), i + 3)) if body[k].strip()), None)
    if j is None:
        return None
    tails = body[j].split()
    if len(tails) != len(toks) or any(t not in ("指标", "目标") for t in tails):
        return None
    return [r for r in (column_role(a + b) for a, b in zip(toks, tails)) if r], j


def _title_follows(body: list[str], i: int, role: str, within: int = 12) -> bool:
    """Whether the column title of `role` comes within the next `within` printed lines."""
    ahead = [squash(x) for x in body[i + 1:] if squash(x)][:within]
    return any(column_role(x) == role for x in ahead)


def cell_form(b: FormBuilder, body: list[str], start: int, end: int, roles: list[str], strays: list[str]) -> Form:
    # header cells may be printed among the column titles (pdftotext's block order): read them too
    titles = [[t for t in line_tokens(ln, False) if not column_role(t)] for ln in body[start:end]]
    late = scan_flowing_header(b, [line_tokens(ln, False) for ln in body[:start]] + titles, body[end:])
    after3 = roles[roles.index("level3") + 1:]
    vals = [r for r in after3 if r in ("target", "actual", "weight", "score")] or ["target"]
    if "weight" not in vals and _scored_later(body[end:]):
        vals = ["target", "actual", "weight", "score"]
    if vals[-2:] == ["weight", "score"] or vals == ["target"]:
        titles = {column_role(squash(ln) or "") for ln in body[start:end]}
        for role, title in (("level3", "三级指标"), ("target", "指标值")):
            if role not in titles:
                b.doubt(f"The {title} column title is not printed with the other column titles; the column is "
                        "taken from the templates' order.")
        return _stream_form(b, body[start:], vals, late, body[:start])
    cells = list(strays)
    for ln in body[end:]:
        t = squash(ln) or ""
        if TABLE_END.match(t):
            break
        if read_totals(b, line_tokens(ln, False)):
            continue
        page_no = PAGE_NUMBER.match(ln) and not PURE_NUMBER.match(t)  # a bare number may be a cell here
        if t and not page_no and not column_role(t) and t not in JUNK and not L.is_form_title(t):
            cells.append(t)
    # page-foot leftovers of the header (labels and their values) after the rows end the table
    cut = next((k for k, t in enumerate(cells) if header_field(t) or budget_row(t) or t in OTHER_LABELS), None)
    if cut is not None:
        last = max((k for k in range(cut) if value_like(cells[k])), default=-1)
        if cells[last + 1:]:
            b.doubt(f"Text after the last row ({'/'.join(cells[last + 1:cut + 1])} …) is header text printed "
                    "after the table; ignored.")
        cells = cells[:last + 1]
    b.doubt("The indicator table is printed one cell per line; rows read in printed order, category labels "
            "only where printed on their row.")
    rows: list[RowRec] = []
    if vals[-2:] == ["weight", "score"]:
        cells = _scored_cells(b, cells, vals)
    pending: list[str] = []
    i = 0
    while i < len(cells):
        t = cells[i]
        if label_level(t) is not None:
            pending.append(t)
            i += 1
            continue
        got = cells[i + 1:i + 1 + len(vals)]
        i += 1 + len(vals)
        levels = [label_level(x) for x in pending]
        if len(pending) > 2 or levels not in ([1], [2], [1, 2]):
            if pending:
                b.doubt(f"Labels {'/'.join(pending)} are not printed on a row of their own; not assigned.")
            pending = []
        row = RowRec([Label(x) for x in pending], t, **dict(zip(vals, got)))
        rows.append(row)
        pending = []
    if pending:
        b.doubt(f"Labels {'/'.join(pending)} follow the last row; not assigned.")
    for l1, l2, r in assign_levels(rows, b.doubt):
        b.row(l1, l2, r.level3, r.target, r.actual, r.weight, r.score, r.note)
    return b.build()


def _stream_form(b: FormBuilder, lines: list[str], vals: list[str], late: set[str], before: list[str]) -> Form:
    """Rows from the table's pieces as streams (`cell_pieces`, `cell_rows`), labels by where they are
    printed (`label_rows`); `late`: header cells printed after the table (`flow_header`), no row's."""
    f = b.form
    known = {v for v in (f.project_name, f.department, f.implementing_unit, f.project_category, f.project_nature,
                         f.performance_type) if v} | late
    zone = table_zone(b, lines, known, vals != ["target"])
    zone.pieces[:0] = labels_before(b, before, known)  # labels printed among the header's cells
    if vals == ["target"]:
        rows, names = target_rows(b, zone)
    else:
        rows, names = scored_rows(b, zone, [v for v in vals if v not in ("weight", "score")])
    if names is not None:
        place_labels(zone.pieces, names, rows, b.doubt)
    for l1, l2, r in assign_levels(rows, b.doubt):
        b.row(l1, l2, r.level3, r.target, r.actual, r.weight, r.score, r.note)
    return b.build()


def _scored_cells(b: FormBuilder, cells: list[str], vals: list[str]) -> list[str]:
    """Scored rows end with two number cells (分值, 得分): cut rows there, so a cell printed elsewhere
    (a level3 beside a merged label, a blank note) costs its own row only, not every row after it."""
    def bare(x: str) -> bool:
        return bool(PURE_NUMBER.match(x)) or x in DASHES

    out: list[str] = []
    group: list[str] = []
    for k, t in enumerate(cells):
        group.append(t)
        n_own = len([x for x in group if label_level(x) is None])
        nxt = cells[k + 1] if k + 1 < len(cells) else ""
        if len(group) >= 2 and all(bare(x) for x in group[-2:]) and \
                (n_own > len(vals) or (n_own == len(vals) and not bare(nxt))):
            labels = [x for x in group if label_level(x) is not None]
            own = [x for x in group if label_level(x) is None]
            need = 1 + len(vals)
            if len(own) < need:
                b.doubt(f"Row cells {'/'.join(own)} have no 三级指标 printed with them; row skipped.")
            else:
                if len(own) > need:
                    b.doubt(f"Cells {'/'.join(own[:len(own) - need])} before row {own[-need]} ignored.")
                out.extend(labels + own[len(own) - need:])
            group = []
    if group:
        b.doubt(f"Cells {'/'.join(group)} after the last scored row ignored.")
    return out
