"""The layout engine's entry: page models in, form records out.

Decides where forms start and end while walking the pages in order. A form title
(绩效目标表 / 目标申报表 / 绩效自评表) starts a form, its year from the title line or the line
under it; a 项目名称 cell over an indicator table starts an untitled one; a title repeated on a
continuation page is a running title. Each page segment under a form is its header zone
(header_zone) until the indicator table header (indicator_table) gives the columns; rows and
merged label cells come from rows / label_fit, and continue on later pages with or without a
repeated header (continuation). 总分 / 评分等级 rows close a self-evaluation table.
"""
from __future__ import annotations

from collections.abc import Iterable

from .. import vocabulary
from ..assemble import FormBuilder
from ..normalize import squash
from ..page import PageModel
from ..record import Form
from .columns import column_of, make_columns
from .finish import finish_form
from .geometry import Box, PageData, page_data
from .header_zone import INLINE_PAIR, YEAR_CELL, read_header_zone
from .indicator_table import above_footer, find_table_header, read_totals
from .label_fit import label_cells, unruled_label_cells
from .rows import cut_rows
from .state import LABEL_ROLES, ROW_ROLES, FormState, Part
from .titles import form_titles, is_title_or_year, is_year_line, other_table_titles, page_furniture


def read_pages(models: Iterable[PageModel], source_name: str = "") -> list[Form]:
    """Every form of a document whose pages (in order) are given as page models, from any source."""
    reader = DocumentReader(source_name)
    for model in models:
        reader.feed(page_data(model))
    return reader.finish()


class DocumentReader:
    """Feed pages in order; `finish()` returns the forms."""

    def __init__(self, source_name: str = "") -> None:
        self.forms: list[Form] = []
        self.state: FormState | None = None
        self.label_style: list[str] = []  # how unruled tables of this document place merged labels
        self.source_name = source_name
        self.heading_year: int | None = None  # '2026 年度项目绩效目标汇总表' over the forms

    def feed(self, page: PageData) -> None:
        furniture = page_furniture(page.blocks, page)
        blocks = [b for b in page.blocks if id(b) not in furniture]
        titles = form_titles(blocks)
        ends = other_table_titles(blocks, page.source, page.vrules)  # another table of a disclosure: the form above it is over
        starts = sorted([(t, True) for t in titles] + [(t, False) for t in ends], key=lambda tk: tk[0][0].top)
        cuts = [t.top - 1 for (t, _), _ in starts]
        bounds = [0.0] + cuts + [page.height + 1]
        segs = []
        for k in range(len(bounds) - 1):
            start = starts[k - 1] if k > 0 else None
            segs.append((bounds[k], bounds[k + 1], start))
        self._heading_year([b for b in blocks if b.cy < bounds[1]] if self.state is None or titles else [])
        for y0, y1, start in segs:
            if start is not None and not start[1]:
                self._close_form()
                continue
            title = start[0] if start is not None else None
            seg = [b for b in blocks if y0 <= b.cy < y1]
            if title is not None and self._is_running_title(title, seg):
                seg = [b for b in seg if b.top > title[0].bottom + 3 * title[0].size or not is_title_or_year(b)]
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
            if (vocabulary.year_of(t) and 4 < len(t) <= 40 and not vocabulary.is_form_title(t)
                    and (t.endswith("表") or "绩效" in t or "预算" in t) and not INLINE_PAIR.match(t)):
                self.heading_year = vocabulary.year_of(t)
                return

    def finish(self) -> list[Form]:
        self._close_form()
        return self.forms

    def _is_running_title(self, title: tuple[Box, str], seg: list[Box]) -> bool:
        """A form title repeated on top of a continuation page: the same kind of form, and no
        header field, fund row or money unit under it before any table header."""
        st = self.state
        if st is None or vocabulary.form_type_of(title[1]) != st.builder.form.form_type:
            return False
        head = find_table_header(seg)
        zone = [b for b in seg if b.cy < (head[1][0] if head else float("inf"))]
        if any(vocabulary.header_field(b.text) for b in zone):
            return False
        if st.columns is None:  # the open form's header zone (funds) runs on under the repeated title
            return st.builder.form.project_name is not None
        return not any(vocabulary.budget_row(b.text) or vocabulary.money_unit_of(b.text) for b in zone)

    # --- forms ---------------------------------------------------------------------------------
    def _untitled_form(self, seg: list[Box], page: PageData) -> tuple[Box, str] | None:
        """A form printed without its title (or with the title as an image): a 项目名称 cell above an
        indicator table. Its type is read from the table's columns (实际完成值 / 得分: self-evaluation)."""
        head = find_table_header(seg)
        if head is None:
            return None
        names = [b for b in seg if vocabulary.header_field(b.text) == "project_name" and b.cy < head[1][0]]
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
        form_type = vocabulary.form_type_of(text)
        year = vocabulary.year_of(text)
        if year is None:
            for b in sorted(seg, key=lambda b: b.top):
                if b.top > box.bottom - 1 and b.top < box.bottom + 3 * box.size and vocabulary.year_of(b.text):
                    year = vocabulary.year_of(b.text)
                    break
        builder = FormBuilder(form_type, year, money_unit=None, page_start=page.number)
        self.state = FormState(builder, page.number, page.number)
        self._title_bottom = box.bottom + 0.5
        self._year_zone = box.bottom + 3 * box.size

    def _close_form(self) -> None:
        st, self.state = self.state, None
        if st is not None:
            form = finish_form(st, self.source_name, self.heading_year)
            if form is not None:
                self.forms.append(form)

    # --- one segment of a page -----------------------------------------------------------------
    def _read_segment(self, seg: list[Box], page: PageData, y0: float, y1: float, is_start: bool) -> None:
        st = self.state
        assert st is not None
        head = find_table_header(seg)
        if st.columns is None:  # still in the header zone (it may run over a page break)
            zone_bottom = head[1][0] if head else y1
            zone = [
                b for b in seg
                if b.cy < zone_bottom and (not is_start or b.top >= self._title_bottom and not is_year_line(b, self._year_zone))
            ]
            st.fund_columns = read_header_zone(zone, page, st.builder, st.fund_columns, st.fund_ops, st.header_cut)
            if st.builder.form.year is None:  # '年度 | 2024' among the header cells
                years = [vocabulary.year_of(b.text) for b in sorted(zone, key=lambda b: b.top) if YEAR_CELL.fullmatch(squash(b.text) or "")]
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
            if any(vocabulary.is_total_score_label(b.text) or vocabulary.is_grade_label(b.text) for b in body):
                read_totals(body, st)
                st.last_page = page.number
            return
        st.last_page = page.number
        body = read_totals(above_footer(body), st)
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
