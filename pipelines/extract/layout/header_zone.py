"""The header zone of a form: everything between its title and its indicator table.

Decides what each header block is (a header-field label, a fund row, a funds-table column,
a caption, or a value), gives each label the value cells to its right, reads 'label：value'
text lines (several pairs to a line), and reads the self-evaluation funds table by its column
headers (年初预算数 … 得分). Where a fund is printed twice (project side and annual side) the
annual side wins.
"""
from __future__ import annotations

import re

from .. import vocabulary
from ..assemble import FormBuilder
from ..normalize import parse_number, squash
from .columns import Column, column_of, make_columns
from .geometry import Box, PageData, join_text, same_row


# A header-zone line that is one 'label：value' pair.
INLINE_PAIR = re.compile(r"^([^:：]{2,12})[:：](.+)$")


YEAR_CELL = re.compile(r"(?:(?:预算|所属)?年度[:：]?)?[（(]?(?:19|20)\d{2}年度?[)）]?")
# Header-zone captions that are neither header fields nor fund rows but end a value run.
_CAPTION = re.compile(
    r"^(?:项目资金|资金|项目绩效目标|绩效目标|年度总体目标|总体目标|项目总目标|总目标|预期目标|实际完成情况|"
    r"总目标及阶段性目标|年度绩效目标|\d{4}年(?:度)?绩效目标|绩效指标|其中|金额|项目资金[(（]万?元[)）]|[(（]万?元[)）])[:：]?$"
)


def _label_kind(b: Box) -> str | None:
    t = b.text
    if vocabulary.header_field(t):
        return "header"
    if vocabulary.budget_row(t):
        return "budget_row"
    if vocabulary.budget_column(t):
        return "budget_column"
    if is_caption(t):
        return "caption"
    return None


def is_caption(text: str) -> bool:
    """A header-zone caption ('项目资金（元）', '年度总体目标'): no field's label, no value."""
    k = re.sub(r"\s+", "", text)
    return bool(_CAPTION.match(k) or vocabulary.money_unit_of(text) and len(k) <= 12 and not inline_pairs(text))


_INLINE_LABEL = re.compile(r"([^\s:：，,;；。0-9]{2,16})\s*[:：]")


def inline_pairs(text: str) -> list[tuple[str, str | None]]:
    """'label：value' pairs of one text line, several to a line ('计划开始日期：2020-01-01 计划完成日期：
    2020-12-31', '项目总预算（元）：16,907,221 项目当年预算（元）：…'): a pair starts at a header-field or
    fund label followed by a colon; its value runs to the next such label."""
    hits = []
    for m in _INLINE_LABEL.finditer(text):
        lab = m.group(1)
        for k in range(len(lab) - 1):  # the label is the longest known tail of the text before the colon
            if vocabulary.header_field(lab[k:]) or vocabulary.budget_row(lab[k:]):
                hits.append((m.end(1) - (len(lab) - k), m.end(), lab[k:]))
                break
    out = []
    for i, (start, end, lab) in enumerate(hits):
        stop = hits[i + 1][0] if i + 1 < len(hits) else len(text)
        out.append((lab, squash(text[end:stop]) or None))
    return out


def read_header_zone(
    zone: list[Box], page: PageData, builder: FormBuilder, fund_cols: list[Column] | None, fund_ops: list[tuple],
    cut: dict | None = None,
) -> list[Column] | None:
    """Header fields and funds of one form (one page's part of its header zone); returns the
    self-evaluation funds columns, if any, for a funds table continued on the next page.
    `cut` carries the lowest header value of the page before to the next page: text above every
    label at the top of the next page, under that value, is the rest of a cell the page break cut."""
    kinds = {id(b): _label_kind(b) for b in zone}
    if cut is not None:
        _continue_cut_value(zone, kinds, builder, cut)
    for b in zone:
        unit = vocabulary.money_unit_of(b.text)
        if unit and kinds[id(b)] is not None and builder.form.money_unit_printed is None:
            builder.set_money_unit(unit)

    def right_values(lab: Box) -> list[Box]:
        row = [b for b in zone if b is not lab and same_row(lab, b) and b.x0 >= lab.x1 - 2]
        stops = [b.x0 for b in row if kinds[id(b)] is not None]
        stop = min(stops) if stops else float("inf")
        return sorted((b for b in row if kinds[id(b)] is None and b.x0 < stop), key=lambda b: (b.x0, b.top))

    def text_of(bs: list[Box]) -> str | None:
        out = ""
        for b in bs:
            out = join_text(out, b.text) if out else b.text
        return out or None

    for b in zone:
        if kinds[id(b)] == "header":
            values = right_values(b)
            builder.header(vocabulary.header_field(b.text), text_of(values))
            if cut is not None and values:
                cut.setdefault("cells", []).append(
                    (vocabulary.header_field(b.text), min(v.x0 for v in values), max(v.x1 for v in values),
                     max(v.bottom for v in values), b.size))
                cut["page"] = page.number
        elif kinds[id(b)] is None:  # 'label：value' in one cell or text line (may hold several)
            for lab, value in inline_pairs(b.text):
                if vocabulary.header_field(lab):
                    builder.header(vocabulary.header_field(lab), value)
                else:
                    fund_ops.append(("money", vocabulary.budget_row(lab), value))
                    unit = vocabulary.money_unit_of(lab)
                    if unit and builder.form.money_unit_printed is None:
                        builder.set_money_unit(unit)

    col_heads = [(vocabulary.budget_column(b.text), b) for b in zone if kinds[id(b)] == "budget_column"]
    fund_rows = [b for b in zone if kinds[id(b)] == "budget_row"]
    if len({r for r, _ in col_heads}) >= 3:  # the self-evaluation funds table
        band = (min(b.top for _, b in col_heads), max(b.bottom for _, b in col_heads))
        fund_cols = make_columns(col_heads, page.vrules, [], band)
    if fund_cols:
        for lab in sorted(fund_rows, key=lambda b: b.top):
            cells: dict[str, str | None] = {}
            for v in right_values(lab):
                c = column_of(v, fund_cols)
                if c is not None and c.role not in cells:
                    cells[c.role] = v.text
            fund_ops.append(("row", vocabulary.budget_row(lab.text), cells))
        return fund_cols

    # label | value pairs (target forms): where a field is printed twice (project side and
    # annual side), the annual side (当年财政拨款, the column of 年度资金申请总额) wins
    cands: dict[str, list[tuple[Box, str | None]]] = {}
    for lab in fund_rows:
        vals = right_values(lab)
        raw = vals[0].text if vals else None
        cands.setdefault(vocabulary.budget_row(lab.text), []).append((lab, raw))
    annual = cands.get("annual_total") or []
    ax = annual[0][0].cx if annual else None
    for fld, lst in cands.items():
        filled = [(lab, raw) for lab, raw in lst if parse_number(raw) is not None]
        if not filled:
            continue
        if fld == "fiscal" and any(vocabulary.is_annual_fiscal(lab.text) for lab, _ in filled):
            filled = [(lab, raw) for lab, raw in filled if vocabulary.is_annual_fiscal(lab.text)]
        if ax is not None:
            filled.sort(key=lambda lr: abs(lr[0].cx - ax))
        fund_ops.append(("money", fld, filled[0][1]))
    return None


def _continue_cut_value(zone: list[Box], kinds: dict[int, str | None], builder: FormBuilder, cut: dict) -> None:
    """Join the rest of header values cut by the page break (Word lets a row break across pages):
    the values of the page before's lowest header row take the unlabelled text under them at the
    top of this page, above its first label."""
    cells = cut.pop("cells", [])
    if not cells or not zone:
        return
    low = max(bottom for _, _, _, bottom, _ in cells)
    first_label = min((b.top for b in zone if kinds[id(b)] is not None), default=float("inf"))
    top = [b for b in zone if kinds[id(b)] is None and b.bottom <= first_label]
    for field, x0, x1, bottom, size in cells:
        if bottom < low - size:
            continue
        rest = sorted((b for b in top if min(b.x1, x1) - max(b.x0, x0) > 0), key=lambda b: (b.top, b.x0))
        value = getattr(builder.form, field, None)
        if rest and isinstance(value, str):
            tail = "".join(b.text for b in rest)
            setattr(builder.form, field, squash(join_text(value, tail)))
            builder.doubt(f"header value '{value}' is cut by the page break after page {cut['page']}; "
                          f"joined with '{tail}'")
