"""The indicator-table zone of a cell-per-line export → classified pieces, in printed order.

pdftotext's default mode prints a table as text blocks in its own reading order: a cell, several
cells of one row, or one column over several rows per block, blocks separated by blank lines, and
blocks side by side joined on one line with a space. This module decides what each printed piece
is, by the form's vocabulary and value grammar only (never by where it stands):

- `label`: a category label (一级 / 二级), reassembled from vertical pieces (`label_runs`);
- `num`: a bare number (a weight or score cell, or the table's total row);
- `value`: a cell that reads as a value (operator, number with a unit) — a target or an actual;
- `text`: any other cell text — an indicator name, a qualitative target or actual, a note;

and drops what is not a cell of the rows: repeated column titles (and their wrapped tails), page
numbers, header labels and header values printed again at the page foot, the outer 绩效指标
column. 总分 / 评分等级 lines are read by `totals`; a label printed without its value is noted
(`Zone.total_label`, `Zone.grade_label`) for `cell_rows`, which reads the value from the stream. Lines of one block that wrap one cell
('运维保障系' / '统稳定运行') are joined here; a table a word processor printed column by column has
its name and target blocks told apart and its wrapped names joined by `column_blocks`; a name's last
line printed after its row's other cells is joined back by `name_tails`. Category labels printed among the header's cells,
between the category titles and the table's other titles (spreadsheet exports), are read too
(`labels_before`), with a row cell printed among a label's pieces.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import vocabulary as L
from ..assemble import FormBuilder
from ..normalize import squash
from .column_blocks import column_cells, wraps
from .flow_lines import in_label, label_prefix
from .label_runs import LabelHit, solve_labels
from .layout_place import width
from .name_tails import joined_tails
from .row_bands import printed_in_bands
from .scored_columns import scored_columns
from .spelled_labels import spelled
from .rows import JUNK, in_vocabulary, label_level, value_like
from .totals import read_totals
from .tokens import (
    DASHES, GOAL_TITLES, OTHER_LABELS, PAGE_NUMBER, PURE_NUMBER, STOP_WORDS, TABLE_END, budget_column, budget_row, column_role,
    funds_label_piece, header_field, line_tokens, merge_tokens, money_unit, note_title_tail, note_title_whole,
)


@dataclass
class Piece:
    text: str
    line: int  # line number in the body (position in the printed order)
    para: int  # blank-line separated block number
    first: bool  # the first token on its line
    last: bool  # the last token on its line
    kind: str = "text"  # label / num / value / text
    level: int | None = None  # labels: 1 or 2
    end_line: int = -1  # labels: the line of the label's last piece
    header_value: bool = False  # printed right after a header label (cheaper to leave out of the rows)
    first_row: bool = False  # the first row's name, printed in the block of a late 三级指标 title
    block: int = 0  # blank lines and column titles separate blocks (`column_blocks`)
    column: str | None = None  # name / target / skip: a cell of a table printed column by column (`column_blocks`)
    slot: tuple[int, str] | None = None  # (row, slot) of a scored table printed column by column (`scored_columns`)
    under: str | None = None  # the column title's role (or 'totals') printed above the piece in its text block
    printed: int | None = None  # display width of its last printed line, where text holds more (a tail joined)


@dataclass
class Zone:
    pieces: list[Piece] = field(default_factory=list)
    total_label: bool = False  # 总分 printed without its number on its line
    total_line: int | None = None  # where 总分 is printed without its number
    grade_label: bool = False  # 评分等级 printed without its grade on its line
    grade_line: int | None = None  # where 评分等级 is printed


def label_piece(t: str) -> bool:
    """A piece that may belong to a category label printed vertically or wrapped."""
    return (label_level(t) is not None or t in JUNK or label_prefix(t)
            or (len(t) <= 4 and in_label(t) and not value_like(t) and not PURE_NUMBER.match(t))
            or any(j.startswith(t) or j.endswith(t) for j in JUNK if len(t) >= 2))


def broken_title(lines: list[str], i: int) -> tuple[str, int] | None:
    """(role, index of the tail line) when line i and the next printed line are one column title broken
    inside a narrow cell ('一级指' / '标', '年度指标' / '值'); None otherwise. The tail may come after the
    other titles of the header row, printed whole in the cells beside it ('一级指' / '二级指标' / '三级指标 …'
    / '标': pdftotext prints the titles' first lines, then the tail)."""
    t = squash(lines[i]) or ""
    if len(t) < 2 or " " in lines[i].strip() or column_role(t):
        return None
    j = next((k for k in range(i + 1, min(len(lines), i + 3)) if lines[k].strip()), None)
    while j is not None and _titles_only(lines[j]):
        j = next((k for k in range(j + 1, min(len(lines), j + 3)) if lines[k].strip()), None)
    if j is None:
        return None
    u = squash(lines[j]) or ""
    role = column_role(t + u) if len(u) <= 2 and not value_like(u) else None
    return (role, j) if role else None


def _titles_only(line: str) -> bool:
    """A printed line of whole column titles only ('二级指标', '年度指标值 实际完成值 分值 得分')."""
    toks = line.split()
    return bool(toks) and all(column_role(squash(x) or "") for x in toks)


def _skip(t: str, header_values: set[str]) -> bool:
    """Page furniture and header text printed again inside the table zone."""
    if PAGE_NUMBER.match(t) and not PURE_NUMBER.match(t):
        return True
    if len(t) >= 6 and t.endswith("。"):
        return True  # a sentence: goal text of the header printed beside the table, never a cell of a row
    if t in header_values or L.is_form_title(t) or L.year_of(t) and len(t) <= 10 and not value_like(t):
        return True
    return bool(header_field(t) or budget_row(t) or (budget_column(t) and not PURE_NUMBER.match(t))
                or t in OTHER_LABELS or t in GOAL_TITLES or funds_label_piece(t) or (money_unit(t) and not value_like(t)) or t.startswith(STOP_WORDS))


def table_zone(b: FormBuilder, lines: list[str], header_values: set[str], scored: bool = False) -> Zone:
    """Pieces of the table after its column titles, up to the signatures that end it (`scored`: a table
    with 分值 / 得分 columns)."""
    zone = Zone()
    raw: list[Piece] = []
    para, blank, title, field_label, vertical, late_name, funds_label = 0, False, "", False, 0, False, False
    block, titled, heading = 0, False, None
    tails: set[int] = set()
    seen_roles: set[str] = set()
    begun = False  # a target-like value (not a bare amount) came after the column titles: the rows have begun
    first_value: int | None = None
    for n, line in enumerate(lines):
        if n in tails:
            continue
        if (broken := broken_title(lines, n)) is not None:
            tails.add(broken[1])  # a column title broken in a narrow cell, printed again on a new page
            continue
        if not line.strip() or line.strip() == "\f":
            blank = True
            continue
        if blank or titled:
            block += 1
            titled = False
        if blank:
            para += 1
            blank = False
            heading = "totals" if heading == "totals" else None  # below 总分, up to the next column title
        if PAGE_NUMBER.match(line) and not PURE_NUMBER.match(line.strip()):
            continue  # '- 10 -', '第 2 页'
        raw_toks = line_tokens(line, False)
        toks = _units_joined([t for t in (squash(x) or "" for x in merge_tokens(raw_toks)) if t])
        if not toks:
            continue
        if TABLE_END.match(toks[0]):
            break
        if _totals(b, zone, [t for t in (squash(x) or "" for x in raw_toks) if t], n):
            heading = "totals"  # the table's last row: what its block prints below it is no row's name
            continue
        if all(t in ("一级", "二级", "三级") for t in toks):
            vertical = len(toks)  # '一级 二级' / '指标 指标': category column titles printed again on a new page
            continue
        if vertical and len(toks) == vertical and all(t in ("指标", "目标") for t in toks):
            vertical = 0
            continue
        vertical = 0
        keep: list[tuple[str, bool]] = []
        for t in toks:
            role = column_role(t)
            if role:
                title = t
                titled = True  # a column title heads a block of its own column
                heading = role
                seen_roles.add(role)
                if role == "level3" and any(not p.header_value and not label_piece(p.text) for p in raw):
                    late_name = True  # the name column's title printed after rows began: its block holds row 1
                continue
            if (title and len(toks) == 1 and len(title) >= 6 and len(t) <= 2 and column_role(title + t)
                    and not value_like(t) and label_level(t) is None):
                title = ""  # the wrapped tail of a long column title ('偏差原因分析及改进措' / '施')
                continue
            if title and len(toks) == 1 and note_title_tail(title, t):
                title = "" if note_title_whole(title + t) else title + t  # the note title wrapped in its cell
                continue
            if _skip(t, header_values):
                hf = header_field(t)  # a label whose field has its value already is followed by no value of it
                field_label = bool(hf and getattr(b.form, hf, None) is None or t in OTHER_LABELS)
                funds_label = bool(budget_row(t) or budget_column(t))
                continue
            if funds_label and (PURE_NUMBER.match(t) or t in DASHES):
                funds_label = False  # the amount of a funds label printed again beside the table
                continue
            funds_label = False
            # text right after a header label printed again may be that label's value; so may text printed
            # among the column titles before the name and value titles
            keep.append((t, (field_label or not (seen_roles & {"level3", "target"} or begun)) and not value_like(t)
                         and not label_piece(t)))
            begun = begun or bool(seen_roles and value_like(t) and not PURE_NUMBER.match(t))
            field_label = False
        title = title if not keep else ""
        for k, (t, hv) in enumerate(keep):
            raw.append(Piece(t, n, para, k == 0, k == len(keep) - 1, header_value=hv, block=block, under=heading))
            if begun and first_value is None and value_like(t) and not PURE_NUMBER.match(t):
                first_value = len(raw) - 1
            if late_name and not hv and not label_piece(t) and not value_like(t) and not PURE_NUMBER.match(t):
                raw[-1].first_row = True
                late_name = False
    if first_value is not None:  # the first row's name is printed right before its value: a cell, not header text
        name = next((k for k in range(first_value - 1, -1, -1) if not label_piece(raw[k].text)), None)
        if name is not None and not value_like(raw[name].text):
            raw[name].header_value = False
    for p in raw:
        if PURE_NUMBER.match(p.text) or p.text in ("—", "-", "–", "－", "——"):
            p.kind = "num"
        elif value_like(p.text):
            p.kind = "value"
    if raw and PURE_NUMBER.match(raw[-1].text) and raw[-1].first and raw[-1].last and int(float(raw[-1].text)) < 1000 \
            and "." not in raw[-1].text:
        raw[-1].header_value = True  # a bare number closing the form: probably the page number
    banded = printed_in_bands(raw)
    if banded:  # a word processor's one-table form: labels and the outer column in narrow cells
        labelled = _labels(_unspelled(_label_tails(raw)))
    else:
        labelled = _labels(raw)
    if scored and not banded:
        labelled = scored_columns(b, labelled)
    if any(p.slot for p in labelled):
        zone.pieces = labelled  # every cell placed: nothing left to join
        return zone
    zone.pieces = _join_wraps(joined_tails(_columns(b, labelled), b.doubt))
    return zone


def _columns(b: FormBuilder, pieces: list[Piece]) -> list[Piece]:
    """A table printed column by column (`column_blocks`): its name block's wrapped lines joined, its
    names and targets marked as such, bare amounts between the blocks marked as no row's."""
    blocks: dict[int, tuple[list[int], list[str]]] = {}
    for k, p in enumerate(pieces):
        if p.kind != "label" and not p.header_value:
            blocks.setdefault(p.block, ([], []))
            blocks[p.block][0].append(k)
            blocks[p.block][1].append(p.text)
    whole = [blk for blk in blocks.values() if all(pieces[k].first and pieces[k].last for k in blk[0])]
    drop: set[int] = set()
    for cells in column_cells(whole):
        for group in cells.names:
            head = pieces[group[0]]
            head.text = "".join(pieces[k].text for k in group)
            head.column = "name"
            drop |= set(group[1:])
        for k in cells.targets:
            pieces[k].column = "target"
        for k in cells.skipped:
            pieces[k].column = "skip"
        if cells.doubt:
            b.doubt(cells.doubt)
        b.doubt("The indicator table is printed column by column; names and targets paired in printed order.")
    return [p for k, p in enumerate(pieces) if k not in drop]


_PRODUCT = re.compile(r"^\d+(?:\.\d+)?\s*[*×]\s*\d+(?:\.\d+)?$")  # '7*24' (hours a day × days a week)
_TIME_UNIT = re.compile(r"^(?:小时|分钟|天|日|周|月)$")


def _units_joined(toks: list[str]) -> list[str]:
    """A number and its unit printed with a space between ('>=52 次.周', '7*24 小时'): one value."""
    out: list[str] = []
    for t in toks:
        if (out and out[-1][-1:].isdigit() and len(t) <= 4 and not any(c.isdigit() for c in t)
                and (value_like(out[-1]) and value_like(out[-1] + t) or _PRODUCT.match(out[-1]) and _TIME_UNIT.match(t))
                and label_level(t) is None):
            out[-1] += t
        else:
            out.append(t)
    return out


def _totals(b: FormBuilder, zone: Zone, toks: list[str], line: int) -> bool:
    """A 总分 / 评分等级 line (`totals.read_totals`); a label printed without its value is noted, its value
    being elsewhere in the stream."""
    if not read_totals(b, toks):
        return False
    if toks[-1] and (L.is_total_score_label(toks[-1]) or len(toks) == 1 and L.is_total_score_label(toks[0])):
        zone.total_label, zone.total_line = True, line
    if L.is_grade_label(toks[-1]):
        zone.grade_label, zone.grade_line = True, line
    return True


def _unspelled(pieces: list[Piece]) -> list[Piece]:
    """Without the one-character pieces that spell the outer 绩效指标 column down its narrow cell
    (`spelled_labels`; the table's first column: each first on its line): no row's cells."""
    text = [k for k, p in enumerate(pieces) if p.kind == "text"]
    drop = spelled([pieces[k].text for k in text], [pieces[k].line for k in text],
                   [pieces[k].first for k in text])
    gone = {text[q] for q in drop}
    return [p for k, p in enumerate(pieces) if k not in gone]


TAIL_GAP = 8  # lines: a label's tail printed below the lines of the rows at its head's level


def _label_tails(pieces: list[Piece]) -> list[Piece]:
    """A label broken in its narrow cell whose tail pdftotext prints some lines later, after the row lines
    between ('效益指' / four lines of rows / '标', '可持续影' / … / '响指标'): the head joined with the
    first short piece alone on its line within TAIL_GAP lines that completes a label of the vocabulary."""
    drop: set[int] = set()
    for k, p in enumerate(pieces):
        if k in drop or p.kind != "text" or label_level(p.text) is not None or not label_piece(p.text):
            continue
        last = p.line
        for j in range(k + 1, len(pieces)):
            q = pieces[j]
            if q.line - last > TAIL_GAP:
                break
            if (j not in drop and q.kind == "text" and q.first and q.last and len(q.text) <= 3
                    and in_vocabulary(p.text + q.text)):
                p.text += q.text  # and on: '服务对象' / '满意度' / … / '指标' is one label still
                p.end_line = last = q.line
                drop.add(j)
    return [p for k, p in enumerate(pieces) if k not in drop]


RUN_GAP = 3  # lines: label pieces further apart belong to different labels


def _labels(pieces: list[Piece]) -> list[Piece]:
    """Runs of label-like pieces → labels (`label_runs.solve_labels`); pieces no label takes stay text.

    A run may skip row cells printed between its pieces ('数量 故障响应服务完成率' / '指标'): the label
    column and the row cells share lines, so a run is broken only by a gap of more than RUN_GAP lines."""
    cand = [k for k, p in enumerate(pieces) if p.kind == "text" and label_piece(p.text)]
    runs: list[list[int]] = []
    for k in cand:
        if runs and pieces[k].line - pieces[runs[-1][-1]].line <= RUN_GAP:
            runs[-1].append(k)
        else:
            runs.append([k])
    replace: dict[int, list[Piece]] = {}
    for run in runs:
        hits: list[LabelHit] = solve_labels([pieces[k].text for k in run], [pieces[k].line for k in run])
        used = {run[h.at] for h in hits if h.text is not None}
        for k in run:
            replace[k] = [pieces[k]] if k not in used and any(run[h.at] == k and h.text is None for h in hits) else []
        for h in hits:
            src = pieces[run[h.at]]
            if h.text is not None and h.level is not None:
                replace[run[h.at]].append(Piece(h.text, src.line, src.para, src.first, src.last, "label", h.level,
                                                max(pieces[run[h.end]].line, pieces[run[h.end]].end_line)))
    out: list[Piece] = []
    for k, p in enumerate(pieces):
        out.extend(replace.get(k, [p]))
    return out


BLOCK_CELLS = 4  # text pieces: a longer block is not one cell's wrap (an export without blank lines)


def _join_wraps(pieces: list[Piece]) -> list[Piece]:
    """Join a cell wrapped over consecutive lines of one block: the break reads as a wrap by the width of
    the earlier line against the widest text line of its block and by the break's wording
    (`column_blocks.wraps`: the one wrap decision), the later line is a single text piece, neither reads
    as a value, and the block is a small one (pdftotext's blocks are a few cells) or one where several
    lines reach that width (a column's wrap width; text without blank lines between its cells says
    nothing about wraps otherwise)."""
    def printed(p: Piece) -> int:
        return width(p.text) if p.printed is None else p.printed

    widest: dict[int, int] = {}
    count: dict[int, int] = {}
    for p in pieces:
        if p.kind == "text":
            widest[p.para] = max(widest.get(p.para, 0), printed(p))
            count[p.para] = count.get(p.para, 0) + 1
    for para in count:  # a long block wraps where several of its lines reach the same width
        full = sum(1 for p in pieces if p.kind == "text" and p.para == para and printed(p) == widest[para])
        nums = sum(1 for p in pieces if p.kind == "num" and p.para == para)
        if full >= 3 and nums < 2:  # (a block holding weights and scores is whole rows, one cell a line)
            count[para] = 0
    out: list[Piece] = []
    tail = 0  # width of the last printed line of out[-1]
    for p in pieces:
        prev = out[-1] if out else None
        if (prev is not None and p.kind == "text" and prev.kind == "text" and p.para == prev.para
                and p.column is None and prev.column is None
                and p.line == prev.line + 1 and prev.last and p.first and p.last and count[p.para] <= BLOCK_CELLS
                and wraps(prev.text, p.text, widest[p.para], tail) and not L.level_of(prev.text + p.text)):
            prev.text += p.text
            prev.line = p.line
            tail = printed(p)
            continue
        out.append(p)
        tail = printed(p)
    return out


def labels_before(b: FormBuilder, before: list[str], header_values: set[str]) -> list[Piece]:
    """Category labels printed between the category column titles (一级指标 / 二级指标) and the table's
    other titles, where the header's cells interleave with them (spreadsheet exports), or from the first
    label printed among the header's cells before those titles (word processors), with the row
    cells printed among a label's pieces (a first row's name beside its vertical label). Anything
    else there (header values, funds numbers) is the header's. Lines are numbered before the table's
    (negative), so the pieces come first in printed order."""
    cat = next((i for i, ln in enumerate(before) if column_role(squash(ln) or "") in ("level1", "level2")
                or (broken_title(before, i) or ("",))[0] in ("level1", "level2")), None)
    # a word processor may print the labels before the category titles too, among the header's cells
    first = next((i for i, ln in enumerate(before) if label_level(squash(ln) or "") is not None or (
        i + 1 < len(before) and label_level((squash(ln) or "") + (squash(before[i + 1]) or "")) is not None)), None)
    cat = first if cat is None else cat if first is None else min(cat, first)
    if cat is None:
        return []
    got = table_zone(b, before[cat:], header_values).pieces
    out: list[Piece] = []
    for k, p in enumerate(got):
        near = [got[j] for j in (k - 1, k + 1) if 0 <= j < len(got)]
        if p.kind == "label" or (p.kind == "text" and len(near) == 2 and all(q.kind == "label" for q in near)):
            p.line -= len(before) - cat
            p.end_line = p.end_line - (len(before) - cat) if p.end_line >= 0 else p.end_line
            p.para -= 10_000
            p.header_value = False
            out.append(p)
    return out
