"""Office-made PDFs of form records: Word (.docx) and Excel (.xlsx) files typed from the records and
exported to PDF by LibreOffice, as issuers make them. The generated PDFs are committed as fixtures
(tests/fixtures/office/), so the tests do not need LibreOffice; this script remakes them:

    python -m tests.office_factory [--out DIR]      (needs python-docx, openpyxl and soffice)

The forms are the gold forms perturbed into other issuers' forms (test_extract_pdf.perturb: other
names, years, amounts, values), a few per file. Each variant is what a real office varies:
cell margins zero (Word's default) or not, 宋体 / 仿宋 (LibreOffice substitutes the CJK fonts it
has), portrait or landscape, wrapped values in narrow columns, the indicator header row repeated on
every page or not, one form per page or several to a page, a page-number line at the top of the
page, and forms inside a whole budget disclosure (收支总表, 财政拨款支出表, 三公经费 … before and after
the performance forms). `build_docx(..., province=True)` lays self-evaluations out as the provinces
print the Ministry of Finance's 项目支出绩效自评表: one table with the 年度总体目标 paragraphs and vertical
labels. Next to each PDF, `<name>.json` holds the forms it prints (the expected
records).
"""
from __future__ import annotations

import argparse
import copy
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from pdf_factory import _Cell, _header_rows, _indicator_rows, _self_eval_funds, _target_funds  # noqa: E402

OUT = HERE / "fixtures" / "office"

# Tables of a department's budget disclosure that are not performance forms.
DISCLOSURE_BEFORE = [
    ("{year}年部门收支总表", ["收入项目", "预算数", "支出项目", "预算数"],
     [["一般公共预算拨款", "1,234.56", "一般公共服务支出", "210.00"],
      ["政府性基金预算拨款", "0.00", "卫生健康支出", "1,024.56"],
      ["收入总计", "1,234.56", "支出总计", "1,234.56"]]),
    ("{year}年财政拨款支出预算表", ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
     [["210", "卫生健康支出", "1,024.56", "624.56", "400.00"],
      ["21001", "卫生健康管理事务", "624.56", "624.56", ""],
      ["", "合计", "1,024.56", "624.56", "400.00"]]),
]
DISCLOSURE_AFTER = [
    ("{year}年“三公”经费财政拨款预算表", ["合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费"],
     [["12.30", "0.00", "10.00", "2.30"]]),
    ("{year}年政府采购预算表", ["项目名称", "采购品目", "数量", "金额"],
     [["办公设备购置", "台式计算机", "10", "6.00"], ["", "合计", "", "6.00"]]),
]


# ------------------------------------------------------------------------------------ rows


def form_tables(f: dict) -> tuple[str, str | None, list[tuple[list[list[_Cell]], int, bool]]]:
    """(title, year line, tables): each table as (rows, columns, is the indicator table)."""
    self_eval = f["form_type"] == "self_evaluation"
    unit = f.get("money_unit_printed") or "元"
    if self_eval:
        title, sub = f"{f['year']}年度项目支出绩效自评表", None
        funds = _self_eval_funds(f, unit)
    else:
        title, sub = "项目支出绩效目标申报表", f"（{f['year']}年度）"
        funds = _target_funds(f, unit)
    head = _header_rows(f)
    ind = _indicator_rows(f, self_eval)
    return title, sub, [(head, 6, False), (funds, 8 if self_eval else 5, False), (ind, 8 if self_eval else 4, True)]


PROVINCE_COLUMNS = 10


def _goal_text(f: dict, done: bool) -> str:
    """A 年度总体目标 paragraph (expected or achieved) made from the form's own names: long enough to wrap."""
    names = "、".join(i.get("level3") or "" for i in (f.get("indicators") or [])[:4])
    verb = "已完成" if done else "计划完成"
    return (f"{verb}{f.get('project_name') or ''}年度各项任务，做好{names}等工作，保障项目按期实施，"
            f"资金使用规范，{'服务对象满意度达到预期' if done else '服务对象满意度不低于预期'}。")


def province_tables(f: dict) -> tuple[str, str | None, list[tuple[list[list[_Cell]], int, bool]]]:
    """A self-evaluation laid out as the Ministry of Finance's 项目支出绩效自评表 that provinces print: one
    ten-column table — header, 项目资金（万元） block, 年度总体目标 (预期目标 / 实际完成情况 paragraphs, the
    label in a one-character column so it prints vertically), then 绩效指标 (also vertical) over the scored
    indicator rows, 总分 and 评分等级."""
    unit = f.get("money_unit_printed") or "元"
    rows: list[list[_Cell]] = [
        [_Cell("项目名称", 2), _Cell(f.get("project_name") or "", 8, align="left")],
        [_Cell("主管部门", 2), _Cell(f.get("department") or "", 3, align="left"),
         _Cell("实施单位", 2), _Cell(f.get("implementing_unit") or "", 3, align="left")]]
    funds = _self_eval_funds(f, unit)
    funds[0][0].cs = 2
    funds[0][1].cs = 2
    for row in funds[1:]:
        row[0].cs = 2
    rows += funds
    rows.append([_Cell("年度总体目标", rs=2), _Cell("预期目标", 4), _Cell("实际完成情况", 5)])
    rows.append([_Cell(_goal_text(f, False), 4, align="left"), _Cell(_goal_text(f, True), 5, align="left")])
    ind = _indicator_rows(f, True)
    ind[0][-1].cs = 2
    for row in ind[1:-2]:
        row[-1].cs = 2
    ind[0].insert(0, _Cell("绩效指标", rs=len(ind) - 2))
    ind[-2][0].cs, ind[-1][0].cs = 6, 6
    ind[-2][-1].cs, ind[-1][-1].cs = 2, 4
    rows += ind
    return "项目支出绩效自评表", f"（{f['year']}年度）", [(rows, PROVINCE_COLUMNS, True)]


def _grid(rows: list[list[_Cell]], ncols: int) -> list[tuple[int, int, _Cell]]:
    """(row, column, cell) of every cell with its place on the grid (row spans occupy columns below)."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, cell))
            for dr in range(cell.rs):
                for dc in range(cell.cs):
                    taken.add((r + dr, c + dc))
            c += cell.cs
        last = out[-1][2] if out and out[-1][0] == r else None
        while last is not None and c < ncols and (r, c) not in taken:  # the last cell fills the row
            taken.add((r, c))
            last.cs += 1
            c += 1
    return out


def _widths(ncols: int, is_ind: bool, total: float) -> list[float]:
    if ncols == PROVINCE_COLUMNS:
        fr = [0.035, 0.09, 0.1, 0.175, 0.12, 0.12, 0.06, 0.06, 0.12, 0.12]
    elif is_ind and ncols == 8:
        fr = [0.08, 0.1, 0.18, 0.13, 0.13, 0.07, 0.07, 0.24]
    elif is_ind:
        fr = [0.14, 0.16, 0.38, 0.32]
    elif ncols == 8:
        fr = [0.1, 0.18, 0.12, 0.12, 0.12, 0.1, 0.13, 0.13]
    elif ncols == 5:
        fr = [0.14, 0.2, 0.2, 0.24, 0.22]
    else:
        fr = [0.14, 0.26, 0.14, 0.18, 0.12, 0.16]
    return [total * x for x in fr]


# ------------------------------------------------------------------------------------ Word


def build_docx(forms: list[dict], path: Path, *, font: str = "宋体", size: float = 10.5, margins: float = 0.0,
               landscape: bool = False, repeat_header: bool = True, per_page: bool = True,
               page_number_top: bool = False, disclosure: bool = False, narrow: bool = False,
               valign: str = "center", province: bool = False) -> Path:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Pt(595.3), Pt(841.9)
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    sec.left_margin = sec.right_margin = Pt(50)
    sec.top_margin = sec.bottom_margin = Pt(56)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(size)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)
    if page_number_top:
        p = sec.header.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run("第 ")
        fld = OxmlElement("w:fldSimple")
        fld.set(qn("w:instr"), "PAGE")
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = "1"
        r.append(t)
        fld.append(r)
        p._p.append(fld)
        p.add_run(" 页")
    width_pt = (sec.page_width - sec.left_margin - sec.right_margin) / 12700
    if narrow:
        width_pt *= 0.8
    year = forms[0].get("year") or 2024

    def para(text: str, pt: float, bold: bool = False, center: bool = True) -> None:
        p = doc.add_paragraph()
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.font.size = Pt(pt)
        run.bold = bold

    def set_margins(table) -> None:
        tblPr = table._tbl.tblPr
        mar = OxmlElement("w:tblCellMar")
        for side in ("top", "left", "bottom", "right"):
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:w"), str(int(margins * 20)) if side in ("top", "bottom") else str(int(max(margins, 1.5) * 20)))
            el.set(qn("w:type"), "dxa")
            mar.append(el)
        tblPr.append(mar)

    def table(rows: list[list[_Cell]], ncols: int, is_ind: bool, header_rows: int = 0) -> None:
        nrows = len(rows)
        t = doc.add_table(rows=nrows, cols=ncols)
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        set_margins(t)
        widths = _widths(ncols, is_ind, width_pt)
        if ncols == PROVINCE_COLUMNS:  # LibreOffice lays columns out by the table grid, not the cell widths
            for col, w in zip(t._tbl.tblGrid.findall(qn("w:gridCol")), widths):
                col.set(qn("w:w"), str(int(w * 20)))
        for row in t.rows:
            for c, cell in enumerate(row.cells):
                cell.width = Pt(widths[c])
        for r, c, cell in _grid(rows, ncols):
            target = t.cell(r, c)
            if cell.rs > 1 or cell.cs > 1:
                target = target.merge(t.cell(r + cell.rs - 1, c + cell.cs - 1))
            target.text = cell.text
            for p in target.paragraphs:
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT if cell.align == "left" else WD_ALIGN_PARAGRAPH.CENTER
            target.vertical_alignment = 1 if valign == "center" else 0  # centre | top
        for k in range(header_rows):
            trPr = t.rows[k]._tr.get_or_add_trPr()
            el = OxmlElement("w:tblHeader")
            el.set(qn("w:val"), "true")
            trPr.append(el)

    def other_table(title: str, head: list[str], body: list[list[str]]) -> None:
        para(title.format(year=year), 14, bold=True)
        para("单位：万元", size, center=False)
        rows = [[_Cell(h) for h in head]] + [[_Cell(x) for x in r] for r in body]
        n = len(head)
        t = doc.add_table(rows=len(rows), cols=n)
        t.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                t.cell(r, c).text = cell.text
        para("", size)

    if disclosure:
        para(f"{year}年度部门预算公开", 18, bold=True)
        for spec in DISCLOSURE_BEFORE:
            other_table(*spec)
        doc.add_page_break()
    for i, f in enumerate(forms):
        if i and per_page:
            doc.add_page_break()
        elif i:
            para("", size)
        title, sub, tables = province_tables(f) if province and f["form_type"] == "self_evaluation" else form_tables(f)
        para(title, 16, bold=True)
        if sub:
            para(sub, 12)
        for rows, ncols, is_ind in tables:
            table(rows, ncols, is_ind, header_rows=1 if is_ind and repeat_header and ncols != PROVINCE_COLUMNS else 0)
    if disclosure:
        doc.add_page_break()
        for spec in DISCLOSURE_AFTER:
            other_table(*spec)
    doc.save(path)
    return path


# ------------------------------------------------------------------------------------ Excel


def build_xlsx(forms: list[dict], path: Path, *, font: str = "宋体", size: float = 10.0, landscape: bool = False,
               repeat_header: bool = True, page_number_top: bool = False, one_sheet: bool = False,
               valign: str = "center") -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    body_font = Font(name=font, size=size)
    col_w = [10, 12, 22, 14, 14, 8, 8, 24]

    def setup(ws) -> None:
        for i, w in enumerate(col_w, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        if page_number_top:
            ws.oddHeader.center.text = "第 &P 页"

    def put(ws, r0: int, rows: list[list[_Cell]], ncols: int) -> int:
        span = 8 // ncols if 8 % ncols == 0 else None
        for r, c, cell in _grid(rows, ncols):
            if span:  # stretch a narrower grid over the sheet's 8 columns
                c0, c1 = c * span, (c + cell.cs) * span - 1
            else:  # 5 or 6 columns: first column as is, the rest share the remaining 7
                edges = [0] + [1 + round(k * 7 / (ncols - 1)) for k in range(ncols)]
                c0, c1 = edges[c], edges[c + cell.cs] - 1
            row0, row1 = r0 + r, r0 + r + cell.rs - 1
            for rr in range(row0, row1 + 1):
                for cc in range(c0, c1 + 1):
                    ws.cell(rr, cc + 1).border = border
            x = ws.cell(row0, c0 + 1, cell.text or None)
            if cell.text.startswith("="):
                x.data_type = "s"  # typed as text ('=100%), not a formula
            x.font = body_font
            x.alignment = Alignment(horizontal="left" if cell.align == "left" else "center", vertical=valign,
                                    wrap_text=True)
            if row1 > row0 or c1 > c0:
                ws.merge_cells(start_row=row0, start_column=c0 + 1, end_row=row1, end_column=c1 + 1)
            if cell.rs == 1 and cell.text:  # the office hand: rows tall enough for their wrapped text
                width = sum(col_w[c0:c1 + 1]) * 5.6 - 4
                chars = sum(1.0 if ord(ch) > 0x2000 else 0.55 for ch in cell.text)
                lines = max(1, -(-int(chars * size) // max(int(width), 1)))
                dim = ws.row_dimensions[row0]
                dim.height = max(dim.height or 0, lines * size * 1.35 + 4)
        return r0 + len(rows)

    ws = None
    r = 1
    for i, f in enumerate(forms):
        if ws is None or not one_sheet:
            ws = wb.create_sheet(f"表{i + 1}")
            setup(ws)
            r = 1
        elif one_sheet:
            r += 2
        title, sub, tables = form_tables(f)
        ws.cell(r, 1, title).font = Font(name=font, size=16, bold=True)
        ws.cell(r, 1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=8)
        r += 1
        if sub:
            ws.cell(r, 1, sub).font = Font(name=font, size=12)
            ws.cell(r, 1).alignment = Alignment(horizontal="center")
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=8)
            r += 1
        for rows, ncols, is_ind in tables:
            if is_ind and repeat_header and not one_sheet:
                ws.print_title_rows = f"{r}:{r}"
            r = put(ws, r, rows, ncols)
    wb.save(path)
    return path


# ------------------------------------------------------------------------------------ variants

VARIANTS: list[tuple[str, str, int, dict]] = [
    # name, gold document, number of forms, builder options ('kind' docx | xlsx); the position in
    # this list seeds the perturbation, so new variants go at the end
    ("word-songti-zero-margins", "002_da716e0b91d770b9.json", 3, {"kind": "docx", "landscape": True}),
    ("word-fangsong-margins-portrait", "002_da716e0b91d770b9.json", 2,
     {"kind": "docx", "font": "仿宋", "margins": 2.5, "repeat_header": False, "narrow": True}),
    ("word-target-two-per-page", "001_9dca29109af1ba6b.json", 3,
     {"kind": "docx", "per_page": False, "page_number_top": True, "size": 9}),
    ("word-2023-disclosure", "003_a6515d0af07e9517.part1.json", 2, {"kind": "docx", "disclosure": True}),
    ("word-2020-landscape", "000_55d7bc6e09b5e210.json", 2, {"kind": "docx", "landscape": True, "font": "仿宋"}),
    ("excel-selfeval-repeat-header", "002_da716e0b91d770b9.json", 2,
     {"kind": "xlsx", "page_number_top": True}),
    ("excel-target-one-sheet", "003_a6515d0af07e9517.part1.json", 3,
     {"kind": "xlsx", "one_sheet": True, "repeat_header": False, "landscape": True, "font": "仿宋"}),
    ("word-selfeval-top-aligned-12pt", "002_da716e0b91d770b9.json", 2,
     {"kind": "docx", "valign": "top", "size": 12, "margins": 4, "font": "仿宋", "landscape": True}),
]


def variant_forms(gold: str, n: int, seed: int) -> list[dict]:
    from gold_forms import gold_forms, perturb

    rng = random.Random(seed)
    forms = gold_forms(gold)
    longest = max(forms, key=lambda f: len(f.get("indicators") or []))
    forms = [longest] + [f for f in forms if f is not longest][:n - 1]
    out = []
    for f in forms[:n]:
        g = perturb(f, rng)
        g["doubts"] = []
        out.append(g)
    return out


def convert(src: Path, outdir: Path) -> Path:
    """LibreOffice headless export to PDF (own profile directory: safe next to other soffice users)."""
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as prof:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{prof}", "--headless", "--convert-to", "pdf",
             "--outdir", str(outdir), str(src)],
            check=True, capture_output=True, timeout=300,
        )
    return outdir / (src.stem + ".pdf")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--only", default=None, help="a variant name")
    args = ap.parse_args(argv)
    if shutil.which("soffice") is None:
        sys.exit("needs LibreOffice: apt-get install libreoffice-writer libreoffice-calc fonts-noto-cjk fonts-wqy-zenhei")
    args.out.mkdir(parents=True, exist_ok=True)
    for seed, (name, gold, n, opts) in enumerate(VARIANTS):
        if args.only and name != args.only:
            continue
        opts = dict(opts)
        kind = opts.pop("kind")
        forms = variant_forms(gold, n, seed)
        with tempfile.TemporaryDirectory(prefix="office-") as d:
            src = Path(d) / f"{name}.{kind}"
            (build_docx if kind == "docx" else build_xlsx)(copy.deepcopy(forms), src, **opts)
            pdf = convert(src, Path(d))
            shutil.copyfile(pdf, args.out / f"{name}.pdf")
        (args.out / f"{name}.json").write_text(
            json.dumps({"source": f"{name}.pdf", "forms": forms}, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        print(f"{name}.pdf  {(args.out / f'{name}.pdf').stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
