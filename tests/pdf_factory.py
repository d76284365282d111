"""Render form records (the JSON of docs/form-record.md) into PDFs, for round-trip tests.

    render_forms(forms, path, rules="grid" | "horizontal" | "none", **options)

Draws each form as the issuers do: title and year, header cells, the funds block
(target: label | amount pairs; self-evaluation: the 年初预算数 … 得分 table), and the
indicator table with merged 一级/二级 label cells, wrapped cell text, page breaks
that split merged cells (a centred label is drawn on the part holding most of its rows,
a top-aligned one on the first part),
and optionally a repeated table header on continuation pages.

`rules` chooses the ruling: "grid" (every cell boxed), "horizontal" (only the top and
bottom edge of every cell: no vertical rules at all) or "none" (no rules at all).
Only reportlab's built-in CID font STSong-Light is used (nothing to embed).
Options: font_size (9), new_page_per_form (True), repeat_header (False),
year_in_title (False), seed (0: small deterministic variations of column widths),
align ("center" | "left": text of every cell), valign ("middle" | "top": text in tall
and merged cells), title_every_page (False: repeat the form title on continuation pages),
titles (True; False prints no form titles at all, as when the title is an image),
borders ("line" | "rect" | "outline": rules stroked as lines, drawn as thin filled rectangles
as Excel/WPS exports do, or as stroked rectangle outlines), letter_space (0: extra points between
the glyphs of short label cells, drawn glyph by glyph as Word/Excel exports do),
header_text (False: header fields printed as 'label：value' lines above the tables, 2020-era),
landscape (False: A4 landscape, wider tables), rotate (0: the page's /Rotate),
heading (None: a document heading such as '2026年度项目绩效目标汇总表' over the first form),
orphan_header (False: True pushes the indicator table down so that its header row is the last
row of a page and its body starts on the next page), split_row (False: True cuts one indicator
row in two by a page break: the rest of its long text (target value of a target form, note of a
self-evaluation) continues at the top of the next page under no new label).
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

FONT = "STSong-Light"
PAGE_W, PAGE_H = 595.2756, 841.8898
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 42.0, 50.0, 60.0


@dataclass
class _Cell:
    text: str
    cs: int = 1
    rs: int = 1
    align: str = "center"


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _fmt_money(v: float | None, unit: str) -> str:
    if v is None:
        return ""
    if unit == "万元":
        return f"{v / 10000:,.2f}"
    return f"{v:,.2f}" if v != int(v) else f"{int(v):,}"


def _fmt_num(v: float | None) -> str:
    if v is None:
        return ""
    return f"{v:.2f}"


class _Writer:
    def __init__(self, path: Path, rules: str, font_size: float, repeat_header: bool, rng: random.Random,
                 align: str = "center", valign: str = "middle", borders: str = "line", letter_space: float = 0,
                 landscape: bool = False, rotate: int = 0):
        from reportlab.pdfgen import canvas

        _register_font()
        global PAGE_W, PAGE_H
        PAGE_W, PAGE_H = (841.8898, 595.2756) if landscape or rotate else (595.2756, 841.8898)
        # rotate=90: a portrait mediabox shown as landscape by /Rotate 90, content drawn turned so
        # that the viewer shows it upright (how printer drivers and some exporters do landscape)
        size = (PAGE_H, PAGE_W) if rotate else (PAGE_W, PAGE_H)
        self.c = canvas.Canvas(str(path), pagesize=size, pageCompression=0)
        self.borders = borders
        self.letter_space = letter_space
        self.rotate = rotate
        self._orient()
        self.orphan = False
        self.break_at: set[int] = set()  # rows that start a new page
        self.c.setTitle("财政项目支出绩效信息公开")
        self.rules = rules
        self.size = font_size
        self.leading = font_size * 1.3
        self.pad = font_size * 0.55
        self.repeat_header = repeat_header
        self.rng = rng
        self.align = align
        self.valign = valign
        self.running_title: tuple[str, str | None] | None = None
        self.y = MARGIN_TOP
        self.page = 1
        self.fresh = True

    # --- primitives ------------------------------------------------------------------------------
    def new_page(self) -> None:
        self._footer()
        self.c.showPage()
        self._orient()
        self.page += 1
        self.y = MARGIN_TOP
        self.fresh = True

    def _orient(self) -> None:
        if self.rotate:
            self.c.setPageRotation(90)
            self.c.transform(0, 1, -1, 0, PAGE_H, 0)

    def _footer(self) -> None:
        self.c.setFont(FONT, 9)
        self.c.drawCentredString(PAGE_W / 2, 30, f"- {self.page} -")

    def finish(self) -> None:
        self._footer()
        self.c.save()

    def text(self, s: str, x: float, y_top: float, size: float, align: str = "center", width: float = 0) -> None:
        self.c.setFont(FONT, size)
        base = PAGE_H - (y_top + size * 0.88)
        if self.letter_space and width and 2 <= len(s) <= 8 and not any(ch.isdigit() for ch in s):
            from reportlab.pdfbase.pdfmetrics import stringWidth

            glyphs = [(ch, stringWidth(ch, FONT, size)) for ch in s]  # one glyph at a time, wide gaps
            room = width - 2 * self.pad - sum(w for _, w in glyphs)  # as wide as the cell allows
            gap = min(self.letter_space, room / (len(s) - 1))
            if gap > 0.5:
                x += (width - sum(w for _, w in glyphs) - gap * (len(s) - 1)) / 2
                for ch, w in glyphs:
                    self.c.drawString(x, base, ch)
                    x += w + gap
                return
        if align == "center":
            self.c.drawCentredString(x + width / 2, base, s)
        else:
            self.c.drawString(x, base, s)

    def hline(self, x0: float, x1: float, y: float) -> None:
        self._rule(x0, PAGE_H - y - 0.3, x1 - x0, 0.6)

    def vline(self, x: float, y0: float, y1: float) -> None:
        self._rule(x - 0.3, PAGE_H - y1, 0.6, y1 - y0)

    def _rule(self, x: float, y: float, w: float, h: float) -> None:
        self.c.setLineWidth(0.6 if self.borders != "outline" else 0.2)
        if self.borders == "rect":  # a thin filled rectangle, as Excel/WPS draw cell borders
            self.c.rect(x, y, w, h, stroke=0, fill=1)
        elif self.borders == "outline":  # a stroked outline of a thin rectangle
            self.c.rect(x, y, w, h, stroke=1, fill=0)
        elif w > h:
            self.c.line(x, y + h / 2, x + w, y + h / 2)
        else:
            self.c.line(x + w / 2, y, x + w / 2, y + h)

    def wrap(self, s: str, width: float) -> list[str]:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        if not s:
            return []
        lines, cur = [], ""
        for ch in s:
            if cur and stringWidth(cur + ch, FONT, self.size) > width:
                lines.append(cur)
                cur = ch
            else:
                cur += ch
        if cur:
            lines.append(cur)
        return lines

    # --- titles ----------------------------------------------------------------------------------
    def title(self, title: str, sub: str | None) -> None:
        need = 60 + 8 * self.leading
        if not self.fresh and self.y + need > PAGE_H - MARGIN_BOTTOM:
            self.new_page()
        if not self.fresh:
            self.y += 18
        self.text(title, MARGIN_X, self.y, 16, "center", PAGE_W - 2 * MARGIN_X)
        self.y += 24
        if sub:
            self.text(sub, MARGIN_X, self.y, 10.5, "center", PAGE_W - 2 * MARGIN_X)
            self.y += 20
        self.fresh = False

    def header_lines(self, f: dict, unit: str) -> None:
        """2020-era header: 'label：value' text lines above the tables (two fields a line at most)."""
        b = f.get("budget") or {}
        lines = [[("项目名称", f.get("project_name"))]]
        if f.get("department"):
            lines.append([("主管部门", f.get("department"))])
        lines.append([("申报单位名称" if not f.get("department") else "实施单位", f.get("implementing_unit"))])
        for k, v in (("项目类别", "project_category"), ("项目性质", "project_nature"), ("绩效类型", "performance_type")):
            if f.get(v):
                lines.append([(k, f[v])])
        if f.get("start_date") or f.get("end_date"):
            lines.append([("计划开始日期", f.get("start_date")), ("计划完成日期", f.get("end_date"))])
        if f.get("form_type") != "self_evaluation":
            money = [(f"项目总预算（{unit}）", _fmt_money(b.get("total"), unit)),
                     (f"项目当年预算（{unit}）", _fmt_money(b.get("annual_total"), unit))]
            lines.append([m for m in money if m[1]])
            funds = [(f"当年财政拨款（{unit}）", _fmt_money(b.get("fiscal"), unit)),
                     (f"上年结转资金（{unit}）", _fmt_money(b.get("carryover"), unit)),
                     (f"其他资金（{unit}）", _fmt_money(b.get("other"), unit))]
            lines.append([m for m in funds if m[1]])
        for ln in lines:
            if not ln:
                continue
            half = (PAGE_W - 2 * MARGIN_X) / len(ln)
            for i, (k, v) in enumerate(ln):
                self.c.setFont(FONT, self.size)
                self.c.drawString(MARGIN_X + i * half, PAGE_H - (self.y + self.size * 0.88), f"{k}：{v or ''}")
            self.y += self.leading * 1.2
        self.y += self.leading * 0.5
        self.fresh = False

    # --- tables ----------------------------------------------------------------------------------
    def table(self, rows: list[list[_Cell]], fracs: list[float], header_rows: int = 0) -> None:
        """HTML-like rows (colspan/rowspan); splits across pages, repeating `header_rows` if asked."""
        width = PAGE_W - 2 * MARGIN_X
        jitter = [f * (1 + self.rng.uniform(-0.08, 0.08)) for f in fracs]
        xs = [MARGIN_X]
        for f in jitter:
            xs.append(xs[-1] + width * f / sum(jitter))
        # place cells on the grid
        n = len(rows)
        occupied: set[tuple[int, int]] = set()
        placed: list[tuple[int, int, _Cell]] = []  # (row, col, cell)
        for r, row in enumerate(rows):
            c = 0
            for cell in row:
                while (r, c) in occupied:
                    c += 1
                placed.append((r, c, cell))
                for dr in range(cell.rs):
                    for dc in range(cell.cs):
                        occupied.add((r + dr, c + dc))
                c += cell.cs
        lines = {id(cell): self.wrap(cell.text, xs[c + cell.cs] - xs[c] - 2 * self.pad) for r, c, cell in placed}
        heights = [self.leading + 2 * self.pad] * n
        for r, c, cell in placed:
            if cell.rs == 1:
                heights[r] = max(heights[r], len(lines[id(cell)]) * self.leading + 2 * self.pad)
        for r, c, cell in placed:
            if cell.rs > 1:
                need = len(lines[id(cell)]) * self.leading + 2 * self.pad
                have = sum(heights[r : r + cell.rs])
                if need > have:
                    heights[r + cell.rs - 1] += need - have
        # page split: rows per page
        tops: list[tuple[int, float]] = []  # (page index, y) per row
        page_of: list[int] = []
        pages: list[list[int]] = [[]]
        cont_top = MARGIN_TOP
        if self.running_title:
            cont_top += 24 + (20 if self.running_title[1] else 0)
        if self.orphan and header_rows:  # the header row alone at the foot of the page
            self.y = max(self.y, PAGE_H - MARGIN_BOTTOM - sum(heights[:header_rows]) - 1)
        elif not self.fresh and self.y + sum(heights[: header_rows + 1]) > PAGE_H - MARGIN_BOTTOM:
            self.new_page()  # no table starts (or leaves its header) at the foot of a page
            if self.running_title:
                self.title(*self.running_title)
        y = self.y
        for r in range(n):
            if (y + heights[r] > PAGE_H - MARGIN_BOTTOM or r in self.break_at) and pages[-1]:
                pages.append([])
                y = cont_top + (sum(heights[:header_rows]) if self.repeat_header and r >= header_rows else 0)
            tops.append((len(pages) - 1, y))
            page_of.append(len(pages) - 1)
            pages[-1].append(r)
            y += heights[r]
        for p, rs_on_page in enumerate(pages):
            if p > 0:
                self.new_page()
                if self.running_title:
                    self.title(*self.running_title)
                if self.repeat_header and header_rows and rs_on_page[0] >= header_rows:
                    self._draw_cells(
                        [(r, c, cell) for r, c, cell in placed if r < header_rows],
                        xs, heights, lines, {r: cont_top + sum(heights[:r]) for r in range(header_rows)},
                        set(range(header_rows)),
                    )
            ytop = {r: tops[r][1] for r in rs_on_page}
            self._draw_cells(placed, xs, heights, lines, ytop, set(rs_on_page), pages, page_of)
        last = n - 1
        self.y = tops[last][1] + heights[last]
        self.fresh = False

    def _draw_cells(self, placed, xs, heights, lines, ytop, on_page, pages=None, page_of=None) -> None:
        for r, c, cell in placed:
            span = [rr for rr in range(r, r + cell.rs) if rr in on_page]
            if not span:
                continue
            x0, x1 = xs[c], xs[c + cell.cs]
            y0 = ytop[span[0]]
            y1 = ytop[span[-1]] + heights[span[-1]]
            # the label of a cell split by a page break goes on the part holding most of its rows
            if page_of is not None and cell.rs > 1:
                counts: dict[int, int] = {}
                for rr in range(r, r + cell.rs):
                    counts[page_of[rr]] = counts.get(page_of[rr], 0) + 1
                # (top-aligned text stays at the top of the cell: on its first part)
                best = min(counts) if self.valign == "top" else max(sorted(counts), key=lambda p: counts[p])
                draw_text = page_of[span[0]] == best
            else:
                draw_text = True
            if self.rules in ("grid", "horizontal"):
                self.hline(x0, x1, y0)
                self.hline(x0, x1, y1)
            if self.rules == "grid":
                self.vline(x0, y0, y1)
                self.vline(x1, y0, y1)
            ls = lines[id(cell)]
            if draw_text and ls:
                block = len(ls) * self.leading
                if self.valign == "top":
                    ty = y0 + self.pad + (self.leading - self.size) / 2
                else:
                    ty = y0 + (y1 - y0 - block) / 2 + (self.leading - self.size) / 2
                for i, ln in enumerate(ls):
                    if cell.align == "center" and self.align == "center":
                        self.text(ln, x0, ty + i * self.leading, self.size, "center", x1 - x0)
                    else:
                        self.text(ln, x0 + self.pad, ty + i * self.leading, self.size, "left")


# ----------------------------------------------------------------------------------- forms


def _header_rows(f: dict) -> list[list[_Cell]]:
    """Six grid columns: label | value | label | value | label | value (values widen to fill)."""
    rows: list[list[_Cell]] = []
    extra = [(k, f.get(v)) for k, v in (("项目性质", "project_nature"), ("项目类别", "project_category")) if f.get(v)]
    first = [_Cell("项目名称"), _Cell(f.get("project_name") or "", 5 - 2 * len(extra), align="left")]
    for k, v in extra:
        first += [_Cell(k), _Cell(v, align="left")]
    rows.append(first)
    if f.get("department"):
        rows.append([_Cell("主管部门"), _Cell(f["department"], align="left"),
                     _Cell("实施单位"), _Cell(f.get("implementing_unit") or "", 3, align="left")])
    else:
        rows.append([_Cell("申报单位名称"), _Cell(f.get("implementing_unit") or "", 5, align="left")])
    if f.get("performance_type"):
        rows.append([_Cell("绩效类型"), _Cell(f["performance_type"], 5, align="left")])
    if f.get("start_date") or f.get("end_date"):
        rows.append([_Cell("计划开始日期"), _Cell(f.get("start_date") or ""),
                     _Cell("计划完成日期"), _Cell(f.get("end_date") or "", 3)])
    return rows


def _normalise_width(rows: list[list[_Cell]], ncols: int) -> list[list[_Cell]]:
    for row in rows:
        total = sum(c.cs for c in row)
        if total < ncols:
            row[-1].cs += ncols - total
    return rows


def _target_funds(f: dict, unit: str) -> list[list[_Cell]]:
    b = f.get("budget") or {}
    m = lambda k: _fmt_money(b.get(k), unit)  # noqa: E731
    return [
        [_Cell(f"项目资金（{unit}）", rs=4), _Cell("项目资金总额"), _Cell(m("total")), _Cell("年度资金申请总额"), _Cell(m("annual_total"))],
        [_Cell("其中：财政资金"), _Cell(""), _Cell("其中：当年财政拨款"), _Cell(m("fiscal"))],
        [_Cell(""), _Cell(""), _Cell("上年结转资金"), _Cell(m("carryover"))],
        [_Cell("其他资金"), _Cell(""), _Cell("其他资金"), _Cell(m("other"))],
    ]


def _self_eval_funds(f: dict, unit: str) -> list[list[_Cell]]:
    b = f.get("budget") or {}
    m = lambda k: _fmt_money(b.get(k), unit)  # noqa: E731
    dash = "—"
    return [
        [_Cell(f"项目资金（{unit}）", rs=5), _Cell(""), _Cell("年初预算数"), _Cell("全年预算数"), _Cell("全年执行数"),
         _Cell("分值"), _Cell("执行率(%)"), _Cell("得分")],
        [_Cell("年度资金总额："), _Cell(m("initial_budget")), _Cell(m("full_year_budget")), _Cell(m("executed")),
         _Cell(_fmt_num(b.get("budget_weight"))), _Cell(_fmt_num(b.get("execution_rate_pct"))),
         _Cell(_fmt_num(b.get("budget_score")))],
        [_Cell("其中：当年财政拨款"), _Cell(dash), _Cell(m("fiscal")), _Cell(dash), _Cell(dash), _Cell(dash), _Cell(dash)],
        [_Cell("上年结转资金"), _Cell(dash), _Cell(m("carryover")), _Cell(dash), _Cell(dash), _Cell(dash), _Cell(dash)],
        [_Cell("其他资金"), _Cell(dash), _Cell(m("other")), _Cell(dash), _Cell(dash), _Cell(dash), _Cell(dash)],
    ]


def _split_one_row(f: dict, self_eval: bool) -> tuple[dict, int | None]:
    """A copy of `f` whose middle-most row with a long enough text is printed as two rows, the
    second with no 三级指标 and the rest of that text; returns it and the second row's index."""
    key = "note" if self_eval else "target_raw"
    inds = f.get("indicators") or []
    order = sorted(range(len(inds)), key=lambda i: abs(i - len(inds) / 2))
    for i in order:
        text = inds[i].get(key) or ""
        if len(text) >= 4 and inds[i].get("level3"):
            head, tail = dict(inds[i]), {k: None for k in inds[i]}
            head[key], tail[key] = text[: len(text) // 2], text[len(text) // 2:]
            tail["level1"], tail["level2"] = inds[i].get("level1"), inds[i].get("level2")
            g = dict(f)
            g["indicators"] = inds[:i] + [head, tail] + inds[i + 1:]
            return g, i + 2  # +1 for the header row
    return f, None


def _indicator_rows(f: dict, self_eval: bool) -> list[list[_Cell]]:
    inds = f.get("indicators") or []
    if self_eval:
        head = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    else:
        head = ["一级指标", "二级指标", "三级指标", "指标目标值"]
    rows: list[list[_Cell]] = [[_Cell(h) for h in head]]
    n = len(inds)
    i = 0
    body: list[list[_Cell]] = [[] for _ in range(n)]
    while i < n:  # level-1 spans
        j = i
        while j + 1 < n and inds[j + 1].get("level1") == inds[i].get("level1"):
            j += 1
        body[i].append(_Cell(inds[i].get("level1") or "", rs=j - i + 1))
        k = i
        while k <= j:  # level-2 spans inside
            m = k
            while m + 1 <= j and inds[m + 1].get("level2") == inds[k].get("level2"):
                m += 1
            body[k].append(_Cell(inds[k].get("level2") or "", rs=m - k + 1))
            k = m + 1
        i = j + 1
    for r, ind in enumerate(inds):
        body[r].append(_Cell(ind.get("level3") or ""))
        body[r].append(_Cell(ind.get("target_raw") or ""))
        if self_eval:
            body[r] += [_Cell(ind.get("actual_raw") or ""), _Cell(_fmt_num(ind.get("weight"))),
                        _Cell(_fmt_num(ind.get("score"))), _Cell(ind.get("note") or "", align="left")]
    rows += body
    if self_eval:
        wsum = sum(ind.get("weight") or 0 for ind in inds) + ((f.get("budget") or {}).get("budget_weight") or 0)
        rows.append([_Cell("总分", cs=5), _Cell(_fmt_num(wsum)), _Cell(_fmt_num(f.get("total_score"))), _Cell("")])
        rows.append([_Cell("评分等级", cs=5), _Cell(f.get("grade") or "", cs=3)])
    return rows


def render_forms(
    forms: list[dict],
    path: str | Path,
    rules: str = "grid",
    *,
    font_size: float = 9.0,
    new_page_per_form: bool = True,
    repeat_header: bool = False,
    year_in_title: bool = False,
    seed: int = 0,
    align: str = "center",
    valign: str = "middle",
    title_every_page: bool = False,
    titles: bool = True,
    borders: str = "line",
    letter_space: float = 0,
    header_text: bool = False,
    landscape: bool = False,
    rotate: int = 0,
    heading: str | None = None,
    orphan_header: bool = False,
    split_row: bool = False,
) -> Path:
    """Write `forms` (form-record dicts) as one PDF at `path`; returns the path."""
    if rules not in ("grid", "horizontal", "none"):
        raise ValueError(f"rules must be 'grid', 'horizontal' or 'none', not {rules!r}")
    path = Path(path)
    w = _Writer(path, rules, font_size, repeat_header, random.Random(seed), align, valign, borders, letter_space,
                landscape, rotate)
    if heading:
        w.text(heading, MARGIN_X, w.y, 14, "center", PAGE_W - 2 * MARGIN_X)
        w.y += 30
    for k, f in enumerate(forms):
        if k and new_page_per_form:
            w.new_page()
        self_eval = f.get("form_type") == "self_evaluation"
        name = "财政项目支出绩效自评表" if self_eval else "财政项目支出绩效目标申报表"
        year = f.get("year")
        title = (f"{year}年度{name}", None) if year_in_title and year else (name, f"（{year}年度）" if year else None)
        w.running_title = None
        if titles:
            w.title(*title)
        else:
            w.fresh = False
        if title_every_page:
            w.running_title = title
        unit = f.get("money_unit_printed") or "元"
        if header_text:
            w.header_lines(f, unit)
        else:
            w.table(_normalise_width(_header_rows(f), 6), [0.13, 0.27, 0.12, 0.18, 0.12, 0.18])
        if self_eval:
            w.table(_self_eval_funds(f, unit), [0.1, 0.2, 0.12, 0.12, 0.12, 0.1, 0.12, 0.12])
            w.orphan = orphan_header
            g, cut = _split_one_row(f, True) if split_row else (f, None)
            w.break_at = {cut} if cut else set()
            w.table(_indicator_rows(g, True), [0.09, 0.1, 0.19, 0.13, 0.13, 0.07, 0.07, 0.22], header_rows=1)
        elif not header_text:
            w.table(_target_funds(f, unit), [0.12, 0.2, 0.2, 0.24, 0.24])
        if not self_eval:
            w.orphan = orphan_header
            g, cut = _split_one_row(f, False) if split_row else (f, None)
            w.break_at = {cut} if cut else set()
            w.table(_indicator_rows(g, False), [0.14, 0.18, 0.4, 0.28], header_rows=1)
        w.orphan = False
        w.break_at = set()
    w.finish()
    return path
