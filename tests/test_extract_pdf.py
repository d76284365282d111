"""The PDF extractor: layout pieces, round trips through rendered PDFs, and clear errors.

Round trips render form records (gold records with names, years, amounts, units and
values perturbed: other issuers, other years) into PDFs with every cell ruled, with
horizontal rules only, and with no rules at all, then check that extraction gives the
records back field for field (scored with tests/score_extraction.py's rules).
"""
from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest

from gold_forms import gold_forms, perturb, score_extraction
from pdf_factory import render_forms
from pipelines.extract.document import extract_document
from pipelines.extract.guard import Limits
from pipelines.extract.pdf import extract_pdf
from pipelines.extract.page import HRule, VRule
from pipelines.extract.layout.columns import Column, make_columns
from pipelines.extract.layout.geometry import Box, build_blocks
from pipelines.extract.layout.label_fit import _centred_cells, label_cells
from pipelines.extract.layout.rows import Row
from pipelines.extract.pdf import dedupe_chars
from pipelines.extract.record import ExtractionError

HERE = Path(__file__).parent
CORPUS = HERE / "fixtures" / "corpus"

def roundtrip(forms: list[dict], tmp_path: Path, rules: str, **opts) -> tuple[dict, list[str], list[dict]]:
    pdf = render_forms(forms, tmp_path / f"rt_{rules}.pdf", rules=rules, **opts)
    got = extract_document(pdf).to_dict()["forms"]
    result, problems = score_extraction.score(forms, copy.deepcopy(got))
    return result, problems, got


def _sample(rng: random.Random) -> list[dict]:
    """Two target forms (2026 style, 2023 style), one 2020-era form and two self-evaluations."""
    f001, f002, f003, f000 = (gold_forms(n) for n in (
        "001_9dca29109af1ba6b.json", "002_da716e0b91d770b9.json", "003_a6515d0af07e9517.part1.json",
        "000_55d7bc6e09b5e210.json"))
    picks = [f001[7], f003[3], f000[0], f002[6], f002[14]]
    return [perturb(f, rng, unit=rng.choice(["元", "万元"])) for f in picks]


# ------------------------------------------------------------------------------ round trips


@pytest.mark.parametrize("rules", ["grid", "horizontal", "none"])
def test_roundtrip_perturbed_forms(tmp_path, rules):
    forms = _sample(random.Random(7))
    result, problems, got = roundtrip(forms, tmp_path, rules, font_size=9, seed=1)
    assert result["form_recall"] == 1.0 and result["form_precision"] == 1.0, problems
    assert result["row_f1"] == 1.0, problems
    assert result["field_accuracy"] >= 0.995, problems
    assert [g["page_start"] for g in got] == sorted(g["page_start"] for g in got)


@pytest.mark.parametrize("rules", ["grid", "horizontal", "none"])
def test_roundtrip_dense_pages_repeated_headers_and_split_cells(tmp_path, rules):
    """Several forms per page, titles with the year inside, bigger type: tables run over page
    breaks (merged label cells cut in two, the label drawn on one side), header repeated."""
    forms = _sample(random.Random(11))
    result, problems, got = roundtrip(
        forms, tmp_path, rules, font_size=10.5, new_page_per_form=False, repeat_header=True, year_in_title=True, seed=5
    )
    assert any(g["page_end"] > g["page_start"] for g in got), "expected a table running over a page break"
    assert result["row_f1"] == 1.0, problems
    assert result["field_accuracy"] >= 0.995, problems


@pytest.mark.parametrize("rules", ["horizontal", "none"])
def test_roundtrip_top_aligned_left_aligned_cells(tmp_path, rules):
    """Word-style tables: text at the top-left of every cell, merged labels on their first row."""
    forms = _sample(random.Random(23))[:3]
    result, problems, _ = roundtrip(forms, tmp_path, rules, new_page_per_form=False, valign="top", align="left", seed=2)
    assert result["row_f1"] == 1.0, problems
    assert result["field_accuracy"] >= 0.995, problems


def test_roundtrip_title_repeated_on_every_page(tmp_path):
    """A running title on continuation pages is not a new form (its header zone has no fields)."""
    forms = _sample(random.Random(5))[:3]
    result, problems, got = roundtrip(
        forms, tmp_path, "horizontal", new_page_per_form=False, title_every_page=True, repeat_header=True, seed=9
    )
    assert len(got) == len(forms), problems
    assert result["field_accuracy"] >= 0.995, problems


def test_roundtrip_one_form_per_pdf(tmp_path):
    form = gold_forms("002_da716e0b91d770b9.json")[1]
    result, problems, got = roundtrip([form], tmp_path, "horizontal")
    assert len(got) == 1 and got[0]["seq"] == 1
    assert result["field_accuracy"] == 1.0, problems


def test_money_in_wanyuan_is_converted_to_yuan(tmp_path):
    form = perturb(gold_forms("001_9dca29109af1ba6b.json")[6], random.Random(3), unit="万元")
    _, problems, got = roundtrip([form], tmp_path, "grid")
    assert got[0]["money_unit_printed"] == "万元"
    assert got[0]["budget"]["annual_total"] == form["budget"]["annual_total"]
    assert not problems


# ------------------------------------------------------------------------------ errors


def _two_page_pdf(tmp_path: Path) -> Path:
    return render_forms(gold_forms("000_55d7bc6e09b5e210.json"), tmp_path / "two.pdf")


def test_encrypted_pdf_is_a_clear_error(tmp_path):
    from pypdf import PdfWriter

    w = PdfWriter(clone_from=_two_page_pdf(tmp_path))
    w.encrypt("secret")
    out = tmp_path / "locked.pdf"
    w.write(out)
    with pytest.raises(ExtractionError) as ei:
        extract_pdf(out, Limits())
    assert ei.value.kind == "encrypted"
    assert "locked.pdf" in str(ei.value) and "password" in str(ei.value)


def test_pdf_with_empty_user_password_is_read(tmp_path):
    from pypdf import PdfWriter

    w = PdfWriter(clone_from=_two_page_pdf(tmp_path))
    w.encrypt("", "owner-only")
    out = tmp_path / "owner.pdf"
    w.write(out)
    assert len(extract_pdf(out, Limits())) == 2


def test_truncated_pdf_is_damaged(tmp_path):
    data = _two_page_pdf(tmp_path).read_bytes()
    out = tmp_path / "cut.pdf"
    out.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(ExtractionError) as ei:
        extract_pdf(out, Limits())
    assert ei.value.kind == "damaged" and "cut.pdf" in str(ei.value)


def test_pdf_without_text_layer_is_scanned(tmp_path):
    from reportlab.pdfgen import canvas

    out = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(out))
    c.rect(50, 50, 300, 300, fill=1)
    c.showPage()
    c.rect(60, 60, 100, 100)
    c.save()
    with pytest.raises(ExtractionError) as ei:
        extract_pdf(out, Limits(), ocr="never")
    assert ei.value.kind == "scanned"
    assert str(ei.value).endswith("no text layer: scanned PDF, needs OCR (run with --ocr auto)")
    with pytest.raises(ExtractionError) as ei:  # by default the pages are OCRed: there is no text on them
        extract_pdf(out, Limits())
    assert ei.value.kind == "scanned" and "OCR found no text" in str(ei.value)


def test_too_many_pages(tmp_path):
    with pytest.raises(ExtractionError) as ei:
        extract_pdf(_two_page_pdf(tmp_path), Limits(max_pages=1))
    assert ei.value.kind == "too_large" and "2 pages" in str(ei.value)


def test_pdf_without_forms_is_not_a_form(tmp_path):
    from reportlab.pdfgen import canvas

    out = tmp_path / "letter.pdf"
    c = canvas.Canvas(str(out))
    c.drawString(72, 720, "Dear reader, this is a letter.")
    c.save()
    with pytest.raises(ExtractionError) as ei:
        extract_document(out)
    assert ei.value.kind == "not_a_form"


# ------------------------------------------------------------------------------ layout pieces


def _char(text, x, y, size=10.0):
    return {"text": text, "x0": x, "x1": x + size, "top": y, "bottom": y + size, "size": size}


def test_dedupe_chars_drops_fake_bold_copies_only():
    chars = [_char("财", 10, 10), _char("财", 10.4, 10.3), _char("政", 20, 10), _char("财", 40, 10)]
    assert [(c["text"], c["x0"]) for c in dedupe_chars(chars)] == [("财", 10), ("政", 20), ("财", 40)]


def _box(text, x0, top, size=10.0, width=None):
    w = width if width is not None else size * len(text)
    return Box(text, x0, x0 + w, top, top + size, size, 1, x0, x0 + w)


def test_blocks_join_wrapped_and_vertical_labels_but_not_rows():
    words = [_box("可持", 90, 100), _box("续影", 90, 113), _box("响指", 90, 126), _box("标", 95, 139),
             _box("数量", 90, 170)]  # a new cell: 21 pt below the last line
    texts = sorted(b.text for b in build_blocks(words, []))
    assert texts == ["可持续影响指标", "数量"]


def test_blocks_do_not_cross_a_rule():
    words = [_box("一级", 60, 100), _box("指标", 60, 113)]
    assert len(build_blocks(words, [HRule(111.5, 50, 120)])) == 2
    assert len(build_blocks(words, [])) == 1


@pytest.mark.parametrize("size", [7.5, 10.5, 14.0])
def test_a_glyph_belongs_to_the_cell_holding_its_centre(size):
    """Word exports with zero cell margins put a cell's first line a little above the row's top
    border: the glyph box straddles the rule, its centre is below it (one cell per side)."""
    pitch = 1.25 * size
    rule = 100 + pitch + 0.06 * size  # the next row's border, under the top of its first glyph box
    words = [_box("一级", 60, 100, size), _box("指标", 60, 100 + pitch, size), _box("成本指标", 60, 100 + 2 * pitch, size)]
    assert sorted(b.text for b in build_blocks(words, [HRule(rule + pitch, 50, 120)])) == ["一级指标", "成本指标"]
    # and a rule through the lower half of a line's box does not cut it from the line above
    words = [_box("一级", 60, 100, size), _box("指标", 60, 100 + pitch, size)]
    assert [b.text for b in build_blocks(words, [HRule(100 + pitch + 0.8 * size, 50, 120)])] == ["一级指标"]


def test_centred_labels_partition_rows():
    rows = [Row(100 + 20 * i, 110 + 20 * i) for i in range(6)]
    # label A centred on rows 0-1, label B centred on rows 2-5
    labels = [_box("产出指标", 10, 110), _box("效益指标", 10, 170)]
    cells = _centred_cells(labels, rows, continuation=False)
    assert [(c.text, c.rows) for c in cells] == [("产出指标", [0, 1]), ("效益指标", [2, 3, 4, 5])]


def test_ruled_label_cells_follow_the_rules():
    rows = [Row(100, 120), Row(120, 140), Row(140, 160)]
    col = Column("level1", 0, 50)
    rules = [HRule(100, 0, 300), HRule(140, 0, 300), HRule(160, 0, 300), HRule(120, 50, 300)]
    cells = label_cells(col, [_box("产出", 5, 115, 8)], rows, rules, ruled=True, continuation=False)
    assert [(c.text, c.rows) for c in cells] == [("产出", [0, 1]), (None, [2])]


def _part(page, rows, l1, l2=None, continuation=False):
    """A page part: rows given as dicts of role -> text; l1/l2 as [(text, [row indices])]."""
    from pipelines.extract.layout.state import Part
    from pipelines.extract.layout.label_fit import LabelCell

    out = []
    for i, cells in enumerate(rows):
        r = Row(100 + 20 * i, 110 + 20 * i)
        for role, text in cells.items():
            r.cells[role] = [_box(text, 200, r.top)]
        out.append(r)
    lab = {}
    for role, spec in (("level1", l1), ("level2", l2)):
        if spec:
            cells = [LabelCell(t, rs, False, False) for t, rs in spec]
            cells[0].at_top, cells[-1].at_bottom = True, True
            lab[role] = cells
    return Part(page, out, lab, continuation)


def _emit(parts):
    from pipelines.extract.assemble import FormBuilder
    from pipelines.extract.layout.continuation import emit_rows as _emit_rows
    from pipelines.extract.layout.state import FormState

    st = FormState(FormBuilder("self_evaluation", 2024), parts[0].page, parts[-1].page)
    st.parts = parts
    _emit_rows(st, st.builder)
    return st.builder.build()


def test_row_cut_by_a_page_break_is_one_row():
    p1 = _part(3, [{"level3": "故障响应率", "target": "=100%", "actual": "100%", "weight": "5", "score": "5"},
                   {"level3": "系统运行维护"}], [("产出指标", [0, 1])], [("质量指标", [0, 1])])
    p2 = _part(4, [{"level3": "完成率", "target": "=100%", "actual": "98%", "weight": "5", "score": "4"},
                   {"level3": "用户满意度", "target": ">=90%", "weight": "5", "score": "5"}],
               [(None, [0]), ("满意度指标", [1])], [(None, [0]), ("服务对象满意度指标", [1])], continuation=True)
    p2.rows[0].cells.pop("level3")  # the cut row continues with its values only
    form = _emit([p1, p2])
    assert [i.level3 for i in form.indicators] == ["故障响应率", "系统运行维护", "用户满意度"]
    assert form.indicators[1].target_raw == "=100%" and form.indicators[1].score == 4
    assert (form.indicators[1].level1, form.indicators[1].level2) == ("产出指标", "质量指标")
    assert any("page break" in d for d in form.doubts)


def test_label_split_by_a_page_break_is_joined_and_backfilled():
    p1 = _part(1, [{"level3": "a", "target": "1"}, {"level3": "b", "target": "2"}],
               [("效益指标", [0, 1])], [("社会效益指标", [0]), ("可持续", [1])])
    p2 = _part(2, [{"level3": "c", "target": "3"}, {"level3": "d", "target": "4"}],
               [(None, [0]), ("满意度指标", [1])], [("影响指标", [0]), ("服务对象满意度指标", [1])], continuation=True)
    form = _emit([p1, p2])
    assert [i.level2 for i in form.indicators] == ["社会效益指标", "可持续影响指标", "可持续影响指标", "服务对象满意度指标"]
    assert [i.level1 for i in form.indicators] == ["效益指标", "效益指标", "效益指标", "满意度指标"]

    p1 = _part(1, [{"level3": "a", "target": "1"}, {"level3": "b", "target": "2"}],
               [("产出指标", [0]), (None, [1])], [("数量指标", [0]), (None, [1])])
    p2 = _part(2, [{"level3": "c", "target": "3"}], [("效益指标", [0])], [("社会效益指标", [0])], continuation=True)
    form = _emit([p1, p2])  # an empty cell at the foot of a page takes the label printed after the break
    assert [(i.level1, i.level2) for i in form.indicators] == [
        ("产出指标", "数量指标"), ("效益指标", "社会效益指标"), ("效益指标", "社会效益指标")]


def test_scored_row_without_values_continues_after_the_break():
    """Self-evaluation: '系统运行维护' has no value on page 3; page 4 opens with '完成率' and its values
    under no new label: one row whose name wraps over the break."""
    p1 = _part(3, [{"level3": "故障响应率", "target": "=100%", "weight": "5", "score": "5"}, {"level3": "系统运行维护"}],
               [("产出指标", [0, 1])], [("质量指标", [0, 1])])
    p2 = _part(4, [{"level3": "完成率", "target": "=100%", "weight": "5", "score": "4"}],
               [(None, [0])], [(None, [0])], continuation=True)
    form = _emit([p1, p2])
    assert [i.level3 for i in form.indicators] == ["故障响应率", "系统运行维护完成率"]
    assert form.indicators[1].score == 4


def test_header_cells_with_label_and_value_in_one_cell():
    from pipelines.extract.assemble import FormBuilder
    from pipelines.extract.layout.header_zone import read_header_zone as _read_header_zone
    from pipelines.extract.layout.geometry import PageData

    zone = [_box("项目名称：城乡道路养护", 50, 100), _box("主管部门：某县交通运输局", 300, 100),
            _box("项目资金（万元）", 50, 130), _box("年度资金总额", 150, 130), _box("12.50", 300, 130)]
    page = PageData(1, 595, 842, zone, [], [])
    b = FormBuilder("target", 2025, money_unit=None)
    ops: list = []
    _read_header_zone(zone, page, b, None, ops)
    assert (b.form.project_name, b.form.department) == ("城乡道路养护", "某县交通运输局")
    assert b.form.money_unit_printed == "万元" and ops == [("money", "annual_total", "12.50")]


@pytest.mark.parametrize("size", [7.5, 10.5])
def test_column_boundaries_come_from_the_header_rows_own_rules(size):
    """A border of the funds table above that reaches a point into the header row does not move a
    column boundary; the header's own rules (through its text lines) do."""
    top = 200.0
    heads = [("level1", _box("一级指标", 52, top, size)), ("level2", _box("二级指标", 52 + 6 * size, top, size)),
             ("level3", _box("三级指标", 52 + 12 * size, top, size))]
    own = [VRule(50, top - 3, top + size + 3), VRule(51 + 5.9 * size, top - 3, top + size + 3),
           VRule(51 + 11.9 * size, top - 3, top + size + 3)]
    stray = [VRule(52 + 5 * size, top - 40, top + 0.8)]  # the funds block's border, mid-gap
    cols = make_columns(heads, own + stray, [], (top, top + size))
    assert [round(c.left, 1) for c in cols[1:]] == [round(51 + 5.9 * size, 1), round(51 + 11.9 * size, 1)]


def test_two_level_table_header_keeps_the_leaf_columns():
    from pipelines.extract.layout.indicator_table import find_table_header as _find_table_header

    seg = [_box("一级指标", 50, 100, width=40), _box("二级指标", 110, 100, width=40), _box("三级指标", 170, 100, width=40),
           _box("指标值", 260, 95, width=30), _box("年度指标值", 225, 108, width=45), _box("实际完成值", 280, 108, width=45),
           _box("分值", 340, 100, width=20), _box("得分", 370, 100, width=20)]
    heads, band = _find_table_header(seg)
    assert [r for r, _ in heads] == ["level1", "level2", "level3", "target", "actual", "weight", "score"]
    assert band == (95, 118)


def test_form_without_a_title_is_read_from_its_table(tmp_path):
    form, other = gold_forms("002_da716e0b91d770b9.json")[3], gold_forms("001_9dca29109af1ba6b.json")[0]
    out = render_forms([form, other], tmp_path / "untitled.pdf", rules="grid", titles=False)
    got = extract_document(out).to_dict()["forms"]
    assert [g["form_type"] for g in got] == ["self_evaluation", "target"]
    assert got[1]["project_name"] == other["project_name"] and len(got[1]["indicators"]) == len(other["indicators"])
    assert got[0]["project_name"] == form["project_name"]
    assert len(got[0]["indicators"]) == len(form["indicators"])
    assert any("no form title" in d for d in got[0]["doubts"])
