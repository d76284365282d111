"""The text extractor on exports it was not written against: the corpus PDFs (rendered from the gold
records, `grid` and `dense` layouts) as pdftotext prints them (default and -layout mode) and as
tables-only TSV (pdfplumber extract_tables() rows joined with tabs, blank line between tables — the
shape document converters give). Fixtures are committed text, so poppler is not needed here.

Scored with tests/score_extraction.py. LEVELS holds what each fixture reaches today (a floor: a
regression fails, an improvement should raise it). Default-mode pdftotext of these PDFs prints every
cell block in its own reading order (a row's name far from its values, merged level labels in
column or page-foot order, wrapped cells split over lines): rows are rebuilt from the cell streams
(text.cell_pieces / cell_rows / label_rows); the floors record what that reaches.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from pipelines.extract.document import extract_document

HERE = Path(__file__).parent
FIX = HERE / "fixtures"

_spec = importlib.util.spec_from_file_location("score_extraction", HERE / "score_extraction.py")
score_extraction = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score_extraction)

# fixture (relative to tests/fixtures) -> (field_accuracy, row_f1, form_recall) it reaches
LEVELS: dict[str, tuple[float, float, float]] = {
    "tsv/000_55d7bc6e09b5e210.grid.tsv.txt": (1.0, 1.0, 1.0),
    "tsv/000_55d7bc6e09b5e210.dense.tsv.txt": (1.0, 1.0, 1.0),
    "tsv/001_9dca29109af1ba6b.grid.tsv.txt": (1.0, 1.0, 1.0),
    "tsv/001_9dca29109af1ba6b.dense.tsv.txt": (1.0, 1.0, 1.0),
    "tsv/003_a6515d0af07e9517.part1.grid.tsv.txt": (1.0, 1.0, 1.0),
    "tsv/003_a6515d0af07e9517.part1.dense.tsv.txt": (1.0, 1.0, 1.0),
    "pdftotext/000_55d7bc6e09b5e210.grid.layout.txt": (1.0, 1.0, 1.0),
    "pdftotext/000_55d7bc6e09b5e210.dense.layout.txt": (1.0, 1.0, 1.0),
    "pdftotext/001_9dca29109af1ba6b.grid.layout.txt": (0.98, 0.98, 1.0),
    "pdftotext/001_9dca29109af1ba6b.dense.layout.txt": (0.97, 0.98, 1.0),
    "pdftotext/002_da716e0b91d770b9.grid.layout.txt": (0.99, 0.99, 1.0),
    "pdftotext/002_da716e0b91d770b9.dense.layout.txt": (0.97, 0.96, 1.0),
    "pdftotext/003_a6515d0af07e9517.part1.grid.layout.txt": (0.99, 0.99, 1.0),
    "pdftotext/003_a6515d0af07e9517.part1.dense.layout.txt": (0.97, 0.97, 1.0),
    # office-made PDFs (Word / Excel via LibreOffice), both modes
    "pdftotext/000_55d7bc6e09b5e210.docx.layout.txt": (0.99, 1.0, 1.0),
    "pdftotext/000_55d7bc6e09b5e210.docx.txt": (1.0, 0.99, 1.0),
    "pdftotext/000_55d7bc6e09b5e210.xlsx.layout.txt": (0.99, 1.0, 1.0),
    "pdftotext/000_55d7bc6e09b5e210.xlsx.txt": (1.0, 0.99, 1.0),
    "pdftotext/001_9dca29109af1ba6b.docx.layout.txt": (1.0, 1.0, 1.0),
    "pdftotext/001_9dca29109af1ba6b.docx.txt": (0.95, 0.96, 1.0),
    "pdftotext/001_9dca29109af1ba6b.xlsx.layout.txt": (0.98, 0.98, 1.0),
    "pdftotext/001_9dca29109af1ba6b.xlsx.txt": (0.96, 0.98, 1.0),
    "pdftotext/002_da716e0b91d770b9.docx.layout.txt": (1.0, 1.0, 1.0),
    "pdftotext/002_da716e0b91d770b9.docx.txt": (0.96, 0.96, 1.0),
    "pdftotext/002_da716e0b91d770b9.xlsx.layout.txt": (0.99, 1.0, 1.0),
    "pdftotext/002_da716e0b91d770b9.xlsx.txt": (0.91, 0.92, 1.0),
    "pdftotext/003_a6515d0af07e9517.part1.docx.layout.txt": (0.98, 0.98, 1.0),
    "pdftotext/003_a6515d0af07e9517.part1.docx.txt": (0.92, 0.97, 1.0),
    "pdftotext/003_a6515d0af07e9517.part1.xlsx.layout.txt": (0.97, 0.98, 1.0),
    "pdftotext/003_a6515d0af07e9517.part1.xlsx.txt": (0.92, 0.97, 1.0),
    # default mode: cells printed as blocks in pdftotext's reading order; rows rebuilt from the cell streams
    # (text.cell_pieces / cell_rows / label_rows)
    "pdftotext/000_55d7bc6e09b5e210.grid.txt": (1.0, 0.99, 1.0),
    "pdftotext/000_55d7bc6e09b5e210.dense.txt": (0.98, 0.99, 1.0),
    "pdftotext/001_9dca29109af1ba6b.grid.txt": (0.95, 0.94, 1.0),
    "pdftotext/001_9dca29109af1ba6b.dense.txt": (0.92, 0.95, 1.0),
    "pdftotext/002_da716e0b91d770b9.grid.txt": (0.99, 0.99, 1.0),
    "pdftotext/002_da716e0b91d770b9.dense.txt": (0.93, 0.94, 1.0),
    "pdftotext/003_a6515d0af07e9517.part1.grid.txt": (0.97, 0.99, 1.0),
    "pdftotext/003_a6515d0af07e9517.part1.dense.txt": (0.91, 0.96, 1.0),
}


def _gold(path: Path) -> Path:
    return FIX / "gold" / (path.name.split(".")[0] + (".part1" if ".part1." in path.name else "") + ".json")


def _score(path: Path, drop_year: bool = False) -> dict:
    gold = score_extraction.load(str(_gold(path)))
    forms = json.loads(extract_document(path).to_json())["forms"]
    if drop_year:
        for f in gold + forms:
            f["year"] = None
    return score_extraction.score(gold, forms)[0]


def test_every_fixture_has_a_level():
    present = {str(p.relative_to(FIX)) for d in ("tsv", "pdftotext") for p in (FIX / d).glob("*.txt")}
    untitled = {f"tsv/002_da716e0b91d770b9.{lay}.tsv.txt" for lay in ("grid", "dense")}
    assert present == set(LEVELS) | untitled


@pytest.mark.parametrize("name", sorted(LEVELS))
def test_fixture_reaches_its_level(name):
    result = _score(FIX / name)
    fa, f1, recall = LEVELS[name]
    assert result["form_recall"] >= recall, (name, result)
    assert result["field_accuracy"] >= fa, (name, result)
    assert result["row_f1"] >= f1, (name, result)


@pytest.mark.parametrize("layout", ["grid", "dense"])
def test_tables_only_export_without_any_year_keeps_year_null_and_everything_else(layout):
    """The 002 forms print their year only in the title, which a tables-only export drops: the year is
    not invented (null + a doubt) and every other field is still right."""
    path = FIX / "tsv" / f"002_da716e0b91d770b9.{layout}.tsv.txt"
    forms = json.loads(extract_document(path).to_json())["forms"]
    assert forms and all(f["year"] is None and f["doubts"] for f in forms)
    result = _score(path, drop_year=True)
    assert result["form_recall"] == 1.0 and result["field_accuracy"] == 1.0 and result["row_f1"] == 1.0, result


def test_one_cell_per_line_table_reads_rows_in_order():
    """pdftotext default mode on a PDF whose every cell is its own text block."""
    from pipelines.extract.text import extract_text
    text = "\n\n".join([
        "财政项目支出绩效目标表", "（2021年度）", "项目名称", "甲项目", "一级指标", "二级指标", "三级指标", "指标目标值",
        "产出指标", "数量指标", "完成数", "=5(个)", "合格率", ">=95%", "质量指标", "验收率", "=100%",
        "项目类别", "经常性项目",
    ])
    (form,) = extract_text(text, "x.txt")
    got = [(i.level1, i.level2, i.level3, i.target_raw) for i in form.indicators]
    assert got == [("产出指标", "数量指标", "完成数", "=5(个)"), ("产出指标", "数量指标", "合格率", ">=95%"),
                   ("产出指标", "质量指标", "验收率", "=100%")]
    assert any("printed apart from their rows" in d for d in form.doubts)


def test_one_cell_per_line_scored_rows_survive_a_missing_level3():
    from pipelines.extract.text import extract_text
    text = "\n\n".join([
        "财政项目支出绩效自评表", "（2024年度）", "项目名称", "乙项目", "一级指标", "二级指标", "三级指标", "年度指标值",
        "实际完成值", "分值", "得分", "有效", "达成", "10", "10",
        "完成率", "=100%", "100%", "20", "18", "及时率", "及时", "及时", "20", "20",
    ])
    (form,) = extract_text(text, "x.txt")
    got = [(i.level3, i.target_raw, i.actual_raw, i.weight, i.score) for i in form.indicators]
    # the first row's name is not printed: the row keeps its values, its level3 stays null, with a doubt
    assert got == [(None, "有效", "达成", 10, 10), ("完成率", "=100%", "100%", 20, 18), ("及时率", "及时", "及时", 20, 20)]
    assert any("has no indicator name" in d for d in form.doubts)


def test_layout_mode_outer_column_and_wrapped_label_are_not_glued_to_the_name():
    """pdftotext -layout prints the outer '绩效指标' column and a wrapped label ('服务对象满意度指' / '标')
    on lines of their own next to a row: they are labels, not the start of the indicator name."""
    from pipelines.extract.text import extract_text
    text = ("财政项目支出绩效目标表\n（2026年度）\n项目名称   甲\n"
            "      一级指标     二级指标     三级指标                指标目标值\n"
            "      产出指标     数量指标     采购数量                =2(台)\n"
            "绩效指标\n"
            "                   质量指标     合格率                  =100(%)\n"
            "                   服务对象满意度指\n"
            "      满意度指标                 用户满意度              >=90(%)\n"
            "                   标\n")
    (form,) = extract_text(text, "x.txt")
    assert [i.level3 for i in form.indicators] == ["采购数量", "合格率", "用户满意度"]


def test_layout_mode_wrapped_header_value_ends_before_the_next_labels():
    from pipelines.extract.text import extract_text
    text = ("财政项目支出绩效目标表\n（2026年度）\n"
            " 项目名称    某某“行业指标”体系治\n"
            "         理及促进孵化服\n"
            "         务项目                         项目性质     其他经常性项目      项目类别    特定目标类\n"
            " 主管部门    某委员会                     实施单位    某中心\n")
    (form,) = extract_text(text, "x.txt")
    assert (form.project_name, form.project_category, form.department) == \
        ("某某“行业指标”体系治理及促进孵化服务项目", "特定目标类", "某委员会")


def test_layout_mode_labels_side_by_side_on_their_own_line_are_labels():
    from pipelines.extract.text import extract_text
    text = ("财政项目支出绩效自评表\n（2024年度）\n项目名称   乙\n"
            " 一级指标  二级指标   三级指标       年度指标值    实际完成值    分值    得分\n"
            "                 维护工作完成率      =100.00(%)     100.00(%)        10.00     10.00\n"
            "产出指标    质量指标\n"
            "                 系统故障排除率      =100(%)       100.00(%)        10.00     10.00\n")
    (form,) = extract_text(text, "x.txt")
    assert [(i.level1, i.level2, i.level3) for i in form.indicators][-1] == ("产出指标", "质量指标", "系统故障排除率")
