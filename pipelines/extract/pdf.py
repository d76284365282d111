"""PDF → form records: pdfplumber's text layer and ruling lines, read by table structure.

One pass per page: characters (fake-bold duplicates dropped) → words → cell blocks,
plus the page's ruling segments; the page is closed before the next one is read, so
memory stays flat on long files. A small state machine walks the pages:

- a form title (绩效目标表 / 目标申报表 / 绩效自评表) starts a form; the year comes from
  the title line or the line under it;
- everything between the title and the indicator table header is the header zone:
  label cells (项目名称, 主管部门, 实施单位 …, fund rows) take the value cells to their right;
  the self-evaluation funds table is read by its column headers (年初预算数 … 得分);
- the indicator table header is found by column-role labels (一级指标 … 偏差原因分析), which
  give the column x-ranges; rows are cut by rules or by the level-3 cells
  (pdf_layout); the table continues on later pages with or without a repeated header;
- 总分 / 评分等级 rows close a self-evaluation table.

Labels and values go through the shared vocabulary (labels.py) and FormBuilder
(assemble.py), exactly as the text extractor does.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import guard, labels
from .assemble import FormBuilder
from .normalize import parse_number, squash
from .pdf_layout import (
    Box,
    Column,
    LabelCell,
    PageData,
    Row,
    column_of,
    cut_rows,
    dedupe_chars,
    join_text,
    label_cells,
    unruled_label_cells,
    make_columns,
    page_data,
    rules_from_edges,
    same_row,
)
from .page import PageModel, Word
from .record import ExtractionError, Form

ROW_ROLES = {"level3", "target", "actual", "weight", "score", "note"}
VALUE_ROLES = ("target", "actual", "weight", "score", "note")
LABEL_ROLES = ("level1", "level2")
_PAGE_NO = re.compile(r"^(?:[-—–_\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*/\s*(?:共\s*)?\d{1,4}\s*页?)?[-—–_\s]*|[-—–_]+)$")
_INLINE = re.compile(r"^([^:：]{2,12})[:：](.+)$")
_YEAR_CELL = re.compile(r"(?:(?:预算|所属)?年度[:：]?)?[（(]?(?:19|20)\d{2}年度?[)）]?")
# Header-zone captions that are neither header fields nor fund rows but end a value run.
_CAPTION = re.compile(
    r"^(?:项目资金|资金|项目绩效目标|绩效目标|年度总体目标|总体目标|项目总目标|总目标|预期目标|实际完成情况|"
    r"总目标及阶段性目标|年度绩效目标|\d{4}年(?:度)?绩效目标|绩效指标|其中|金额|项目资金[(（]万?元[)）]|[(（]万?元[)）])[:：]?$"
)


def extract_pdf(path: Path, limits: guard.Limits) -> list[Form]:
    """Every form of a PDF, in page order. Raises ExtractionError for files that cannot be read."""
    import pdfplumber

    path = Path(path)
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfplumber wraps pdfminer's errors
        raise _open_error(path, exc) from None
    with pdf:
        try:
            pages = pdf.pages
        except Exception as exc:
            raise _open_error(path, exc) from None
        if not pages:
            raise ExtractionError(path, "damaged PDF: no pages could be read; re-download or re-export it", "damaged")
        if len(pages) > limits.max_pages:
            raise ExtractionError(
                path, f"{len(pages)} pages, over the {limits.max_pages}-page limit; split the file", "too_large"
            )
        reader = DocumentReader(path.name)
        chars = unmapped = 0
        t0 = time.monotonic()
        for i, page in enumerate(pages, start=1):
            try:
                data = harvest_page(page, i)
            except ExtractionError:
                raise
            except Exception as exc:
                raise ExtractionError(
                    path, f"damaged PDF: page {i} cannot be parsed ({_short(exc)}); re-download or re-export it", "damaged"
                ) from None
            finally:
                page.close()
            chars += data.n_chars
            unmapped += data.n_unmapped
            reader.feed(data)
            if time.monotonic() - t0 > limits.seconds:
                raise ExtractionError(
                    path, f"extraction took over {limits.seconds:.0f} s (stopped at page {i}); split the file", "timeout"
                )
        if chars == 0:
            raise ExtractionError(path, "no text layer: scanned PDF, needs OCR", "scanned")
        forms = reader.finish()
        if not forms and unmapped > 0.3 * chars:
            raise ExtractionError(
                path, "text layer unreadable (fonts without a Unicode map): treat as scanned, needs OCR", "scanned"
            )
        return forms


def _short(exc: Exception) -> str:
    msg = str(exc) or type(exc).__name__
    return msg.splitlines()[0][:120]


def _open_error(path: Path, exc: Exception) -> ExtractionError:
    chain, e = [], exc
    while e is not None and len(chain) < 5:
        chain.append(e)
        e = e.__cause__ or e.__context__ or (e.args[0] if e.args and isinstance(e.args[0], Exception) else None)
    names = " ".join(type(e).__name__ + " " + str(e) for e in chain).lower()
    if "password" in names or "encrypt" in names:
        return ExtractionError(path, "encrypted PDF: needs the password / an unencrypted copy", "encrypted")
    return ExtractionError(
        path, f"damaged PDF: cannot be opened ({_short(chain[-1])}); re-download or re-export it", "damaged"
    )


def harvest_page(page, number: int) -> PageData:
    """One page's cell blocks and ruling segments (the only pass over its characters)."""
    return page_data(page_model(page, number))


def page_model(page, number: int) -> PageModel:
    """A pdfplumber page as the page model: text-layer words (fake-bold duplicates dropped) and
    ruling segments."""
    from pdfplumber.utils import extract_words

    raw = page.chars
    chars = dedupe_chars(raw)
    unmapped = sum(1 for c in chars if c["text"].startswith("(cid:"))
    words = [
        Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"])
        for w in extract_words(chars, x_tolerance=3, y_tolerance=3, keep_blank_chars=True)
    ]
    hrules, vrules = rules_from_edges(page.edges)
    width, height = float(page.width), float(page.height)
    if (page.rotation or 0) % 180 == 90:  # /Rotate 90: pdfminer's coordinates are the turned page's
        width, height = height, width
    return PageModel(number, width, height, words, hrules, vrules, "text", len(raw), unmapped)


# ------------------------------------------------------------------------------------ reading


@dataclass
class Part:
    """The indicator rows of one form on one page."""

    page: int
    rows: list[Row]
    cells: dict[str, list[LabelCell]]
    continuation: bool


@dataclass
class FormState:
    builder: FormBuilder
    first_page: int
    last_page: int
    columns: list[Column] | None = None
    parts: list[Part] = field(default_factory=list)
    closed: bool = False  # 总分 / 评分等级 seen: the table is over
    fund_columns: list[Column] | None = None  # self-evaluation funds table (may run over a page break)
    fund_ops: list[tuple] = field(default_factory=list)  # applied at the end, once the money unit is known


class DocumentReader:
    """Feed pages in order; `finish()` returns the forms."""

    def __init__(self, source_name: str = "") -> None:
        self.forms: list[Form] = []
        self.state: FormState | None = None
        self.label_style: list[str] = []  # how unruled tables of this document place merged labels
        self.source_name = source_name
        self.heading_year: int | None = None  # '2026 年度项目绩效目标汇总表' over the forms

    def feed(self, page: PageData) -> None:
        furniture = _page_furniture(page.blocks, page)
        blocks = [b for b in page.blocks if id(b) not in furniture]
        titles = _titles(blocks)
        cuts = [t.top - 1 for t, _ in titles]
        bounds = [0.0] + cuts + [page.height + 1]
        segs = []
        for k in range(len(bounds) - 1):
            title = titles[k - 1] if k > 0 else None
            segs.append((bounds[k], bounds[k + 1], title))
        self._heading_year([b for b in blocks if b.cy < bounds[1]] if self.state is None or titles else [])
        for y0, y1, title in segs:
            seg = [b for b in blocks if y0 <= b.cy < y1]
            if title is not None and self._is_running_title(title, seg):
                seg = [b for b in seg if b.top > title[0].bottom + 3 * title[0].size or not _is_title_or_year(b)]
                title = None
            if title is not None:
                self._start_form(title, seg, page)
            elif seg and (self.state is None or self.state.columns is not None):
                title = self._untitled_form(seg, page)  # a 项目名称 cell over a new table: a new form
            if self.state is None or not seg:
                continue
            self._read_segment(seg, page, y0, y1, title is not None)

    def _heading_year(self, top: list[Box]) -> None:
        """A document heading with a year (not a form title, not a header cell) above the first
        form of a page: the year of the forms under it that print none."""
        for b in sorted(top, key=lambda b: b.top):
            t = squash(b.text) or ""
            if (labels.year_of(t) and 4 < len(t) <= 40 and not labels.is_form_title(t)
                    and (t.endswith("表") or "绩效" in t or "预算" in t) and not _INLINE.match(t)):
                self.heading_year = labels.year_of(t)
                return

    def finish(self) -> list[Form]:
        self._close_form()
        return self.forms

    def _is_running_title(self, title: tuple[Box, str], seg: list[Box]) -> bool:
        """A form title repeated on top of a continuation page: the same kind of form, and no
        header field, fund row or money unit under it before any table header."""
        st = self.state
        if st is None or labels.form_type_of(title[1]) != st.builder.form.form_type:
            return False
        head = _find_table_header(seg)
        zone = [b for b in seg if b.cy < (head[1][0] if head else float("inf"))]
        if any(labels.header_field(b.text) for b in zone):
            return False
        if st.columns is None:  # the open form's header zone (funds) runs on under the repeated title
            return st.builder.form.project_name is not None
        return not any(labels.budget_row(b.text) or labels.money_unit_of(b.text) for b in zone)

    # --- forms ---------------------------------------------------------------------------------
    def _untitled_form(self, seg: list[Box], page: PageData) -> tuple[Box, str] | None:
        """A form printed without its title (or with the title as an image): a 项目名称 cell above an
        indicator table. Its type is read from the table's columns (实际完成值 / 得分: self-evaluation)."""
        head = _find_table_header(seg)
        if head is None:
            return None
        names = [b for b in seg if labels.header_field(b.text) == "project_name" and b.cy < head[1][0]]
        if not names:
            return None
        roles = {r for r, _ in head[0]}
        form_type = "self_evaluation" if roles & {"actual", "score"} else "target"
        top = min(b.top for b in seg if b.cy < head[1][0])
        box = Box("", 0.0, 0.0, top - 2, top - 1, 1.0)
        self._start_form((box, ""), [], page)
        assert self.state is not None
        self.state.builder.form.form_type = form_type
        self.state.builder.doubt(f"no form title printed; read as a {form_type} form from its table columns")
        return box, ""

    def _start_form(self, title: tuple[Box, str], seg: list[Box], page: PageData) -> None:
        self._close_form()
        box, text = title
        form_type = labels.form_type_of(text)
        year = labels.year_of(text)
        if year is None:
            for b in sorted(seg, key=lambda b: b.top):
                if b.top > box.bottom - 1 and b.top < box.bottom + 3 * box.size and labels.year_of(b.text):
                    year = labels.year_of(b.text)
                    break
        builder = FormBuilder(form_type, year, money_unit=None, page_start=page.number)
        self.state = FormState(builder, page.number, page.number)
        self._title_bottom = box.bottom + 0.5
        self._year_zone = box.bottom + 3 * box.size

    def _close_form(self) -> None:
        st = self.state
        if st is None:
            return
        self.state = None
        b = st.builder
        _emit_rows(st, b)
        if b.form.year is None:
            self._fallback_year(b)
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
                return  # a document heading that reads like a form title, not a form
            b.doubt("no indicator table found under this form title")
        b.set_pages(st.first_page, st.last_page)
        self.forms.append(b.build())

    def _fallback_year(self, b: FormBuilder) -> None:
        """No year with the title or among the header cells: the planned dates (when they fall in
        one year), else a document heading, else a 20xx in the file name, else the start date."""
        years = [int(d[:4]) for d in (b.form.start_date, b.form.end_date) if d and re.match(r"(?:19|20)\d{2}", d)]
        name_years = re.findall(r"(?<!\d)(20\d{2})(?!\d)", Path(self.source_name).stem)
        if years and len(set(years)) == 1:
            year, why = years[0], "the planned start/end dates"
        elif self.heading_year:
            year, why = self.heading_year, "the document heading"
        elif name_years:
            year, why = int(name_years[0]), f"the file name '{self.source_name}'"
        elif years:
            year, why = years[0], "the planned start date"
        else:
            b.doubt("no year printed with the form title or in its header; year left empty")
            return
        b.form.year = year
        b.doubt(f"no year printed with the form title or in its header; year {year} taken from {why}")

    # --- one segment of a page -----------------------------------------------------------------
    def _read_segment(self, seg: list[Box], page: PageData, y0: float, y1: float, is_start: bool) -> None:
        st = self.state
        assert st is not None
        head = _find_table_header(seg)
        if st.columns is None:  # still in the header zone (it may run over a page break)
            zone_bottom = head[1][0] if head else y1
            zone = [
                b for b in seg
                if b.cy < zone_bottom and (not is_start or b.top >= self._title_bottom and not _is_year_line(b, self._year_zone))
            ]
            st.fund_columns = _read_header_zone(zone, page, st.builder, st.fund_columns, st.fund_ops)
            if st.builder.form.year is None:  # '年度 | 2024' among the header cells
                years = [labels.year_of(b.text) for b in sorted(zone, key=lambda b: b.top) if _YEAR_CELL.fullmatch(squash(b.text) or "")]
                if years:
                    st.builder.form.year = years[0]
                    st.builder.doubt(f"year {years[0]} taken from the header cells (none printed with the title)")
        if head is not None:
            heads, band = head
            st.columns = make_columns(heads, page.vrules, [r for r in page.hrules if r.y > band[0] - 2], band)
            body_top = band[1]
        elif st.columns is not None and not is_start:
            body_top = y0
        else:
            return
        body = [b for b in seg if b.cy > body_top]
        if not body:
            return
        if st.closed:  # only a 总分 / 评分等级 row may follow the end of the table
            if any(labels.is_total_score_label(b.text) or labels.is_grade_label(b.text) for b in body):
                _read_totals(body, st)
                st.last_page = page.number
            return
        st.last_page = page.number
        body = _read_totals(_above_footer(body), st)
        self._read_rows(body, page, st, continuation=head is None or not is_start)

    def _read_rows(self, body: list[Box], page: PageData, st: FormState, continuation: bool) -> None:
        cols = st.columns or []
        placed = []
        for b in body:
            c = column_of(b, cols)
            if c is not None and not c.role.startswith("?"):
                placed.append((c, b))
        by_role = {c.role: c for c in cols}
        anchor = by_role.get("level3") or by_role.get("target")
        if anchor is None:
            return
        rows, ruled = cut_rows(placed, page.hrules, anchor, ROW_ROLES)
        if not rows:
            return
        lbs = {
            role: [b for c, b in placed if c is by_role[role] and b.top <= rows[-1].bottom + 2 and b.bottom >= rows[0].top - 2]
            for role in LABEL_ROLES
            if role in by_role
        }
        if ruled:
            cells = {role: label_cells(by_role[role], lbs[role], rows, page.hrules, True, continuation) for role in lbs}
        else:
            cells = unruled_label_cells(lbs, rows, continuation, self.label_style)
        st.parts.append(Part(page.number, rows, cells, continuation))


# ------------------------------------------------------------------------------------ page pieces


def _page_furniture(blocks: list[Box], page: PageData) -> set[int]:
    """Page numbers ('- 3 -', '第3页', '3/12'): number-like text on the page's last (or first) text
    line, in the bottom (top) margin — a '0' in the last table row is not one."""
    cands = [b for b in blocks if _PAGE_NO.match(b.text) and (b.top > 0.85 * page.height or b.bottom < 0.08 * page.height)]
    if not cands:
        return set()
    ids = {id(b) for b in cands}
    others = [b for b in blocks if id(b) not in ids]
    out = set()
    for b in cands:
        if b.top > 0.5 * page.height:
            if not any(o.bottom > b.top + 0.5 for o in others):
                out.add(id(b))
        elif not any(o.top < b.bottom - 0.5 for o in others):
            out.add(id(b))
    return out


def _titles(blocks: list[Box]) -> list[tuple[Box, str]]:
    """Form titles on a page, top to bottom (a title split into several words is rejoined)."""
    lines: list[list[Box]] = []
    for b in sorted(blocks, key=lambda b: (b.top, b.x0)):
        for ln in lines:
            if same_row(ln[0], b, 0.6) and abs(ln[0].size - b.size) < 1.5:
                ln.append(b)
                break
        else:
            lines.append([b])
    out = []
    for ln in lines:
        ln.sort(key=lambda b: b.x0)
        text = "".join(b.text for b in ln)
        if labels.is_form_title(text) and len(squash(text) or "") <= 40:
            box = Box(text, ln[0].x0, ln[-1].x1, min(b.top for b in ln), max(b.bottom for b in ln), max(b.size for b in ln))
            out.append((box, text))
    out.sort(key=lambda t: t[0].top)
    return out


def _is_title_or_year(b: Box) -> bool:
    t = squash(b.text) or ""
    return labels.is_form_title(t) or (labels.year_of(t) is not None and len(t) <= 12)


def _is_year_line(b: Box, year_zone: float) -> bool:
    t = squash(b.text) or ""
    return b.top < year_zone and labels.year_of(t) is not None and len(t) <= 12


def _find_table_header(seg: list[Box]) -> tuple[list[tuple[str, Box]], tuple[float, float]] | None:
    """The indicator table's header row: the band of column-role labels around a 三级指标 cell."""
    roles = [(labels.column_role(b.text), b) for b in seg]
    roles = [(r, b) for r, b in roles if r]
    anchors = [b for r, b in roles if r == "level3"] or [b for r, b in roles if r == "target"]
    best = None
    for a in anchors:
        band = [(r, b) for r, b in roles if same_row(a, b, 0.3)]
        grown = True
        while grown:  # header cells stacked in two levels: role labels just above or below the band
            t, btm = min(b.top for _, b in band), max(b.bottom for _, b in band)
            more = [(r, b) for r, b in roles if (r, b) not in band and -b.size < b.top - btm < 0.8 * b.size
                    or (r, b) not in band and -b.size < t - b.bottom < 0.8 * b.size]
            band += more
            grown = bool(more)
        kinds = {r for r, _ in band}
        if len(kinds) < 3 or not ({"level3", "target"} & kinds) or not ({"level1", "level2", "level3"} & kinds):
            continue
        if best is None or len(kinds) > len({r for r, _ in best}):
            best = band
    if best is None:
        return None
    top = min(b.top for _, b in best)
    bottom = max(b.bottom for _, b in best)
    cands = list(best)
    # unlabelled header cells of the same band are columns too (their text is not read)
    for b in seg:
        if labels.column_role(b.text) is None and top - 1 <= b.cy <= bottom + 1 and b.bottom - b.top < 3 * (bottom - top + 1):
            if all(not same_row(b, h) or b.x1 < h.x0 or b.x0 > h.x1 for _, h in best):
                cands.append(("?", b))
    # a two-level header: a parent cell ('指标值' over 年度指标值 | 实际完成值) is not a column
    def is_parent(b: Box) -> bool:
        return any(
            h is not b and r != "?" and h.top >= b.bottom - 1 and min(h.x1, b.x1) > max(h.x0, b.x0) for r, h in cands
        )

    heads: list[tuple[str, Box]] = []
    seen: set[str] = set()
    for r, b in sorted(cands, key=lambda rb: rb[1].x0):
        if is_parent(b):
            continue
        if r == "?":
            heads.append((f"?{b.text[:6]}", b))
            continue
        heads.append((r if r not in seen else f"?{r}", b))
        seen.add(r)
    return heads, (top, bottom)


_FOOTER = re.compile(r"^(?:填报人|填表人|联系人|联系电话|审核人|单位负责人|负责人|填报日期|填表日期|注[:：]|说明[:：]|备注[:：])")


def _above_footer(body: list[Box]) -> list[Box]:
    """The body blocks above a footer line under the table (填报人, 联系电话, 注： …)."""
    stops = [b.top for b in body if _FOOTER.match(b.text)]
    if not stops:
        return body
    end = min(stops)
    return [b for b in body if b.cy < end - 0.5]


def _read_totals(body: list[Box], st: FormState) -> list[Box]:
    """Read 总分 / 评分等级 rows; return the body blocks above them (the indicator rows)."""
    marks = [b for b in body if labels.is_total_score_label(b.text) or labels.is_grade_label(b.text)]
    if not marks:
        return body
    end = min(b.top for b in marks)
    cols = st.columns or []
    for m in marks:
        others = sorted((b for b in body if b is not m and same_row(m, b) and b.x0 > m.x0), key=lambda b: b.x0)
        if labels.is_total_score_label(m.text):
            score = None
            for b in others:
                c = column_of(b, cols)
                if c is not None and c.role == "score":
                    score = b.text
            if score is None:
                nums = [b.text for b in others if parse_number(b.text) is not None]
                score = nums[-1] if nums else None
            st.builder.number("total_score", score)
        else:
            text = ""
            for b in others:
                text = join_text(text, b.text) if text else b.text
            if text:
                st.builder.grade(text)
    st.closed = True
    return [b for b in body if b.cy < end - 0.5]


def _label_kind(b: Box) -> str | None:
    t = b.text
    if labels.header_field(t):
        return "header"
    if labels.budget_row(t):
        return "budget_row"
    if labels.budget_column(t):
        return "budget_column"
    k = re.sub(r"\s+", "", t)
    if _CAPTION.match(k) or labels.money_unit_of(t) and len(k) <= 12 and not _inline_pairs(t):
        return "caption"
    return None


_INLINE_LABEL = re.compile(r"([^\s:：，,;；。0-9]{2,16})\s*[:：]")


def _inline_pairs(text: str) -> list[tuple[str, str | None]]:
    """'label：value' pairs of one text line, several to a line ('计划开始日期：2020-01-01 计划完成日期：
    2020-12-31', '项目总预算（元）：16,907,221 项目当年预算（元）：…'): a pair starts at a header-field or
    fund label followed by a colon; its value runs to the next such label."""
    hits = []
    for m in _INLINE_LABEL.finditer(text):
        lab = m.group(1)
        for k in range(len(lab) - 1):  # the label is the longest known tail of the text before the colon
            if labels.header_field(lab[k:]) or labels.budget_row(lab[k:]):
                hits.append((m.end(1) - (len(lab) - k), m.end(), lab[k:]))
                break
    out = []
    for i, (start, end, lab) in enumerate(hits):
        stop = hits[i + 1][0] if i + 1 < len(hits) else len(text)
        out.append((lab, squash(text[end:stop]) or None))
    return out


def _read_header_zone(
    zone: list[Box], page: PageData, builder: FormBuilder, fund_cols: list[Column] | None, fund_ops: list[tuple]
) -> list[Column] | None:
    """Header fields and funds of one form (one page's part of its header zone); returns the
    self-evaluation funds columns, if any, for a funds table continued on the next page."""
    kinds = {id(b): _label_kind(b) for b in zone}
    for b in zone:
        unit = labels.money_unit_of(b.text)
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
            builder.header(labels.header_field(b.text), text_of(right_values(b)))
        elif kinds[id(b)] is None:  # 'label：value' in one cell or text line (may hold several)
            for lab, value in _inline_pairs(b.text):
                if labels.header_field(lab):
                    builder.header(labels.header_field(lab), value)
                else:
                    fund_ops.append(("money", labels.budget_row(lab), value))
                    unit = labels.money_unit_of(lab)
                    if unit and builder.form.money_unit_printed is None:
                        builder.set_money_unit(unit)

    col_heads = [(labels.budget_column(b.text), b) for b in zone if kinds[id(b)] == "budget_column"]
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
            fund_ops.append(("row", labels.budget_row(lab.text), cells))
        return fund_cols

    # label | value pairs (target forms): where a field is printed twice (project side and
    # annual side), the annual side (当年财政拨款, the column of 年度资金申请总额) wins
    cands: dict[str, list[tuple[Box, str | None]]] = {}
    for lab in fund_rows:
        vals = right_values(lab)
        raw = vals[0].text if vals else None
        cands.setdefault(labels.budget_row(lab.text), []).append((lab, raw))
    annual = cands.get("annual_total") or []
    ax = annual[0][0].cx if annual else None
    for fld, lst in cands.items():
        filled = [(lab, raw) for lab, raw in lst if parse_number(raw) is not None]
        if not filled:
            continue
        if fld == "fiscal" and any(labels.is_annual_fiscal(lab.text) for lab, _ in filled):
            filled = [(lab, raw) for lab, raw in filled if labels.is_annual_fiscal(lab.text)]
        if ax is not None:
            filled.sort(key=lambda lr: abs(lr[0].cx - ax))
        fund_ops.append(("money", fld, filled[0][1]))
    return None


# ------------------------------------------------------------------------------------ rows out


def _emit_rows(st: FormState, b: FormBuilder) -> None:
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
                if (labels.level_of(last.text) is None or labels.level_of(first.text) is None) and labels.level_of(joined):
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
    # merged-label cells that start a row carry its label; the builder forward-fills the rest
    for d in rows:
        if not squash(d.get("level3")):
            b.doubt(f"a row without a 三级指标 label (target '{squash(d.get('target'))}') is kept with level3 empty")
        l1, l2 = d.get("level1"), d.get("level2")
        if l1 and not l2 and labels.level_of(l1) == 2 and not labels.is_level1_only(l1) and labels.level_of(l1) != 1:
            b.doubt(f"row '{squash(d.get('level3'))}': '{squash(l1)}' printed in the 一级指标 column; read as 二级指标")
            l1, l2 = None, l1
        b.row(l1, l2, d.get("level3"), d.get("target"), d.get("actual"), d.get("weight"), d.get("score"), d.get("note"))
