"""Text exports in the broken shapes real exports come in, written from the gold records
(tests/text_shapes.py) and read back: the reader must get every field the shape still carries.

Shapes (issue 14): a provincial self-evaluation as pdftotext prints it (title split over two lines,
header pairs on one line, '项目资金（万\\n元）', funds column titles broken inside words with each
row's amounts on one line, the goal label one character per line before two goal paragraphs) with
its table one row per line, one cell per line, or with wrapped names; pdftotext -layout text with
labels broken inside their cells, wrapped names beside their values, rows whose target is blank.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from pipelines.extract.text import extract_text
from pipelines.extract.text.broken import rejoin_broken_labels
from text_shapes import provincial_self_evaluation

HERE = Path(__file__).parent
_spec = importlib.util.spec_from_file_location("score_extraction", HERE / "score_extraction.py")
score_extraction = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score_extraction)

SELF_EVALUATIONS = json.loads((HERE / "fixtures" / "gold" / "002_da716e0b91d770b9.json").read_text("utf-8"))["forms"]


def _score(gold: dict, text: str) -> dict:
    forms = extract_text(text, "x.txt")
    for i, f in enumerate(forms, 1):
        f.seq = i
    return score_extraction.score([gold], [f.to_dict() for f in forms])[0]


@pytest.mark.parametrize("cells,wrap,floor", [("row", 0, 1.0), ("wrapped", 6, 1.0), ("cell", 0, 0.99)])
def test_provincial_self_evaluation_reads_every_field(cells, wrap, floor):
    results = [_score(g, provincial_self_evaluation(g, cells, wrap)) for g in SELF_EVALUATIONS]
    assert all(r["form_recall"] == 1.0 and r["row_f1"] == 1.0 for r in results), results
    assert min(r["field_accuracy"] for r in results) >= floor, [r["field_accuracy"] for r in results]


@pytest.mark.parametrize("unit,funds,blanks", [("元", "row", 0), ("万元", "column", 1), ("元", "column", 2),
                                               ("万元", "after", 1), ("元", "after", 0), ("万元", "bare", 2)])
def test_provincial_funds_block_variants(unit, funds, blanks):
    """Other money units, a row's numbers one per line, all labels before all numbers (pdftotext's
    block order), the 其中 rows' blank cells not printed, blank lines anywhere: the header and funds
    fields all read back."""
    for g in SELF_EVALUATIONS:
        text = provincial_self_evaluation(g, "row", unit=unit, funds=funds, blanks=blanks)
        (form,) = extract_text(text, "x.txt")
        got = form.to_dict()
        want = {k: g[k] for k in ("year", "project_name", "department", "implementing_unit")}
        assert {k: got[k] for k in want} == want
        assert form.money_unit_printed == unit
        for k in ("annual_total", "fiscal", "carryover", "other", "initial_budget", "full_year_budget", "executed",
                  "execution_rate_pct", "budget_weight", "budget_score"):
            assert got["budget"][k] == pytest.approx(g["budget"][k], abs=0.01), (g["project_name"], k, text[:600])


def test_provincial_header_funds_and_goal():
    g = SELF_EVALUATIONS[0]
    (form,) = extract_text(provincial_self_evaluation(g, "row"), "x.txt")
    assert form.form_type == "self_evaluation" and form.year == g["year"]
    assert (form.department, form.implementing_unit) == (g["department"], g["implementing_unit"])
    assert form.money_unit_printed == "万元"
    b = form.budget
    assert (b.initial_budget, b.full_year_budget, b.executed, b.execution_rate_pct, b.budget_weight, b.budget_score) == (
        g["budget"]["initial_budget"], g["budget"]["full_year_budget"], g["budget"]["executed"],
        g["budget"]["execution_rate_pct"], g["budget"]["budget_weight"], g["budget"]["budget_score"])
    assert (form.total_score, form.grade) == (g["total_score"], g["grade"])
    assert not any("目标" in (i.level3 or "") for i in form.indicators[:1])  # the goal paragraphs are no row


def test_broken_labels_are_joined_and_nothing_else():
    lines = ["2024年度项目支出绩效自", "评表", "项目资金（万", "元）", "年初预算", "数", "全年执行", "", "数",
             "分值", "年", "度", "总", "体", "目", "标", "项目名称", "某", "计划开始", "日期"]
    out = [x for x in rejoin_broken_labels(lines) if x]
    assert out == ["2024年度项目支出绩效自评表", "项目资金（万元）", "年初预算数", "全年执行数", "分值", "年度总体目标",
                   "项目名称", "某", "计划开始日期"]


def test_layout_header_labels_broken_inside_their_cells():
    text = ("                 财政项目支出绩效目标表\n                      (2020年度)\n\n"
            "申报单位\n     某某中心\n 名称\n项目名称 某项目\n"
            "计划开始                          计划完成\n     2020-01-01                    2020-12-31\n"
            " 日期                            日期\n"
            "                                  项目当年预算\n项目总预算（元） 1,000.00                      900.00\n"
            "                                    （元）\n"
            "一级 二级\n            三级目标                     指标目标值\n目标 目标\n"
            "产出 数量  采购数量                          =2(台)\n目标 指标\n")
    (form,) = extract_text(text, "x.txt")
    assert (form.implementing_unit, form.start_date, form.end_date) == ("某某中心", "2020-01-01", "2020-12-31")
    assert (form.budget.total, form.budget.annual_total) == (1000, 900)


def test_layout_table_wrapped_names_blank_targets_and_centred_labels():
    text = ("财政项目支出绩效目标表\n（2026年度）\n项目名称   甲\n"
            "      一级 二级\n                   三级指标                   指标目标值\n      指标 指标\n"
            "         数量  交换机采购数量                      =2.00(台)\n"
            "         指标 网络安全巡检服务次\n"
            "                数                         =7.00(次)\n"
            "      产出\n"
            "      指标 质量       验收合格率\n"
            "         指标       工作完成合格率                 =100.00(%)\n"
            "         服务\n"
            "      满意 对象\n"
            "      度指 满意       资源使用满意度                 =100.00(%)\n"
            "       标 度指\n"
            "          标\n")
    (form,) = extract_text(text, "x.txt")
    got = [(i.level1, i.level2, i.level3, i.target_raw) for i in form.indicators]
    assert got == [("产出指标", "数量指标", "交换机采购数量", "=2.00(台)"),
                   ("产出指标", "数量指标", "网络安全巡检服务次数", "=7.00(次)"),
                   ("产出指标", "质量指标", "验收合格率", None),
                   ("产出指标", "质量指标", "工作完成合格率", "=100.00(%)"),
                   ("满意度指标", "服务对象满意度指标", "资源使用满意度", "=100.00(%)")]
    assert any("验收合格率" in d and "no target" in d for d in form.doubts)


def test_dates_printed_away_from_their_labels_go_to_the_empty_date_fields_with_a_doubt():
    """pdftotext default mode may print header cells out of order: '实施单位 / 2026-01-01 / 计划完成日期 /
    2026-12-31 / 计划开始日期'. A date is never a unit's name; the plan starts before it ends."""
    text = "\n\n".join(["财政项目支出绩效目标表", "（2026年度）", "项目名称", "甲项目", "实施单位", "某中心",
                        "2026-01-01", "计划完成日期", "2026-12-31", "计划开始日期",
                        "一级指标 二级指标 三级指标 指标目标值", "产出指标 数量指标 完成数 =5(个)"])
    (form,) = extract_text(text, "x.txt")
    assert (form.implementing_unit, form.start_date, form.end_date) == ("某中心", "2026-01-01", "2026-12-31")
    assert any("away from their labels" in d for d in form.doubts)


def test_layout_lines_or_labels_that_fit_two_rows_equally_are_doubts():
    """pdftotext -layout of the dense render: where a wrapped line or a merged label fits the row above
    and the row below equally well, the reading is kept and the form says so."""
    from pipelines.extract.document import extract_document
    doc = extract_document(HERE / "fixtures" / "pdftotext" / "002_da716e0b91d770b9.dense.layout.txt")
    doubts = [d for f in doc.forms for d in f.doubts]
    assert any("could belong to the row above or below" in d or "fit them equally well" in d for d in doubts)


def test_layout_labels_cover_the_rows_their_pieces_share_and_nest():
    """pdftotext -layout of a dense render gives every baseline its own line, so a label may print on
    lines between two rows. A piece printed on a row's line puts that row under the label (时效 / 指标
    beside 维护工作及时性), and a 一级 label ends where a 二级 label ends (产出 above 效益)."""
    text = ("                         财政项目支出绩效自评表\n                                    (2024年度)\n\n"
            "项目名称 甲项目\n"
            "一级 二级                                                                偏差原因分析及改进措\n"
            "             三级指标           年度指标值        实际完成值        分值     得分\n"
            "指标 指标                                                                     施\n"
            "     数量 设备采购完成率 =100.00(%)             100.00(%)    10        10\n"
            "     指标  巡检完成率  =100.00(%)             100.00(%)    10        10\n"
            "产出 时效 故障响应解决及时率              及时         达成指标        10        10\n"
            "指标 指标  维护工作及时性               及时         达成指标         5         5\n"
            "     社会\n     效益\n"
            "     指标     系统运行情况          运维保障系\n"
            "                            统稳定运行         达成指标         5         5\n"
            "效益\n指标       医疗工作效率提高              提高         达成指标         5         5\n")
    (form,) = extract_text(text, "x.txt")
    got = {i.level3: (i.level1, i.level2) for i in form.indicators}
    assert got["故障响应解决及时率"] == got["维护工作及时性"] == ("产出指标", "时效指标")
    assert got["系统运行情况"] == ("效益指标", "社会效益指标")
    assert [i.target_raw for i in form.indicators][-2:] == ["运维保障系统稳定运行", "提高"]


def test_layout_page_continued_without_titles_or_the_outer_column():
    """The outer row-header column ('绩效 / 指标') prints on the titled page only: its pieces are no
    labels, and on the next page the label columns start further left than their titles; pieces printed
    one under the other are one column, the line holding both columns' pieces says which."""
    text = ("                      财政项目支出绩效目标表\n                            (2023年度)\n\n项目名称 乙项目\n"
            "      一级 二级\n                   三级指标                   指标目标值\n      指标 指标\n"
            "         数量 统计报告完成率                  =100(%)\n"
            "         指标 督导检查次数                     ≥1(次)\n"
            "绩效    产出 质量 数据准确率                   ≥95(%)\n"
            "指标    指标 指标 差错次数                      =0(次)\n"
            "      效益 社会\n      指标 效益 开放统计指标数                 ≥15(份)\n         指标\n\n\n\n"
            "                              -7-\n"
            "  可持\n  续影\n  响指\n   标 统计制度健全性              健全\n"
            "   服务\n满意 对象\n度指 满意      投诉率            ≤0.01(%)\n 标 度指\n    标\n")
    (form,) = extract_text(text, "x.txt")
    got = [(i.level1, i.level2, i.level3, i.target_raw) for i in form.indicators]
    assert got == [("产出指标", "数量指标", "统计报告完成率", "=100(%)"), ("产出指标", "数量指标", "督导检查次数", "≥1(次)"),
                   ("产出指标", "质量指标", "数据准确率", "≥95(%)"), ("产出指标", "质量指标", "差错次数", "=0(次)"),
                   ("效益指标", "社会效益指标", "开放统计指标数", "≥15(份)"),
                   ("效益指标", "可持续影响指标", "统计制度健全性", "健全"),
                   ("满意度指标", "服务对象满意度指标", "投诉率", "≤0.01(%)")]


def test_layout_column_titles_printed_again_are_no_row():
    """Titles printed again at the top of a page wrap above their line ('一级指' / '二级指标 …' / '标'):
    none of their pieces is read as a row."""
    text = ("财政项目支出绩效自评表\n（2024年度）\n项目名称   甲\n"
            "一级指                                                           偏差原因分析及改\n"
            "      二级指标   三级指标          年度指标值   实际完成值    分值    得分\n"
            " 标                                                                  进措施\n"
            "      数量指标 完成数                =5(个)        5(个)         10      10\n"
            "产出指\n"
            " 标    质量指标 合格率                =100(%)       100(%)        10      10\n\n"
            "                                11\n"
            "一级指                                                           偏差原因分析及改\n"
            "      二级指标   三级指标          年度指标值   实际完成值    分值    得分\n"
            " 标                                                                  进措施\n"
            "效益指 社会效益 覆盖率                =90(%)        95(%)         10      10\n"
            " 标    指标\n")
    (form,) = extract_text(text, "x.txt")
    assert [i.level3 for i in form.indicators] == ["完成数", "合格率", "覆盖率"]
    assert form.indicators[-1].level1 == "效益指标" and form.indicators[-1].weight == 10


def test_layout_names_wrapped_around_the_lines_of_other_columns():
    """A tall cell's lines interleave with the lines of its neighbours (pdftotext gives every baseline its
    own line): a three-line name printed around a two-line target, or around a label's piece, is one
    name, as long as its row's values print inside it; single-line names either side of a label line
    stay rows of their own."""
    text = ("                        财政项目支出绩效自评表\n                                    （2027年度）\n\n"
            "项目名称     甲项目\n\n"
            "一级指\n       二级指标      三级指标           年度指标值              实际完成值       分值          得分\n"
            " 标\n\n"
            "       数量指标   故障响应服务完成率         提高               100.00(%)   10.00       10.00\n"
            "              运维服务达标率情况\n"
            "                                运维保障系统\n"
            "              （含系统运行维护及                            100.00(%)   10.00       10.00\n"
            "                                 稳定运行\n"
            "产出指           数据安全保障服务）\n"
            " 标     质量指标\n"
            "              系统故障排除率            及时               100.00(%)   2.00           1.50\n"
            "效益指\n"
            "              医疗工作效率提高（\n"
            " 标\n"
            "              年度）及配套设施建          建立健全              达成指标        2.00           1.50\n"
            "       可持续影     设完成情况\n"
            "        响指标\n")
    (form,) = extract_text(text, "x.txt")
    got = [(i.level1, i.level2, i.level3, i.target_raw, i.weight) for i in form.indicators]
    assert got == [("产出指标", "数量指标", "故障响应服务完成率", "提高", 10),
                   ("产出指标", "质量指标", "运维服务达标率情况（含系统运行维护及数据安全保障服务）", "运维保障系统稳定运行", 10),
                   ("产出指标", "质量指标", "系统故障排除率", "及时", 2),
                   ("效益指标", "可持续影响指标", "医疗工作效率提高（年度）及配套设施建设完成情况", "建立健全", 2)]


def test_layout_header_value_wrapped_above_and_below_its_label():
    """A header value in a tall cell wraps into one line above and one below its label's line."""
    text = ("                      财政项目支出绩效目标申报表\n                               （2027年度）\n\n"
            "         “一网通办”专项ERP升级校园\n"
            " 项目名称                         项目性质      其他经常性项目       项目类别         其他运转类\n"
            "         养老服务\n\n"
            " 主管部门    北京市朝阳区教育委员会          实施单位      北京市朝阳区第一实验小学\n\n"
            "一级指标    二级指标       三级指标             指标值\n"
            "产出指标    数量指标       采购数量              =2(台)\n"
            "            质量指标       验收合格率            =100(%)\n")
    (form,) = extract_text(text, "x.txt")
    assert form.project_name == "“一网通办”专项ERP升级校园养老服务"
    assert (form.department, form.implementing_unit) == ("北京市朝阳区教育委员会", "北京市朝阳区第一实验小学")
    assert [i.level3 for i in form.indicators] == ["采购数量", "验收合格率"]


def test_layout_titles_and_total_wrapped_in_narrow_columns():
    """Narrow columns wrap the value column's title around the title line ('年度指标' / '值') and the total
    score around the 总分 line ('99.9' / '5'): the table is still found and the total read whole."""
    text = ("                   财政项目支出绩效自评表\n                                  （2026年度）\n\n"
            "项目名称    甲项目\n\n"
            "一级指    二级指                    年度指标                                         偏差原因分析及改\n"
            "              三级指标                          实际完成值       分值      得分\n"
            " 标      标                      值                                              进措施\n\n"
            "成本指    经济成   成本控制有效性\n"
            "                              =100.00(%)    达成指标        2.00       1.00   已按计划完成\n"
            " 标     本指标      情况\n\n"
            "产出指   数量指   密码应用适配完\n"
            "                              =100.00(%)    100.00(%)   10.00      9.00\n"
            " 标      标        成率\n\n"
            "                                                                99.9\n"
            "                总分                                12.00\n"
            "                                                                 5\n")
    (form,) = extract_text(text, "x.txt")
    got = [(i.level1, i.level2, i.level3, i.target_raw, i.weight, i.score) for i in form.indicators]
    assert got == [("成本指标", "经济成本指标", "成本控制有效性情况", "=100.00(%)", 2, 1),
                   ("产出指标", "数量指标", "密码应用适配完成率", "=100.00(%)", 10, 9)]
    assert form.total_score == 99.95


def test_layout_top_aligned_header_values_and_label_tails_on_the_next_line():
    """Top-aligned header cells wrap downwards: the value's second line prints alone under its start, a
    label's last glyph alone on the next line wherever pdftotext puts a lone word ('计划完成日' / '期')."""
    text = ("                     财政项目支出绩效目标申报表\n                               （2028年度）\n\n"
            "项目名称    专项“一网通办”二期公路养护      项目性质         其他经常性项目      项目类别             特定目标类\n"
            "        养老服务\n\n"
            "主管部门    浙江省杭州市财政局(汇总)       实施单位         杭州市政府采购中心\n\n"
            "计划开始日期   2028-01-01          计划完成日       2028-12-31\n"
            "                             期\n\n"
            "一级指标    二级指标       三级指标             指标值\n"
            "产出指标    数量指标       采购数量              =2(台)\n"
            "            质量指标       验收合格率            =100(%)\n")
    (form,) = extract_text(text, "x.txt")
    assert form.project_name == "专项“一网通办”二期公路养护养老服务"
    assert (form.start_date, form.end_date) == ("2028-01-01", "2028-12-31")
    assert form.implementing_unit == "杭州市政府采购中心"


def test_layout_weight_and_score_wrapped_in_narrow_columns_are_one_number():
    """Large fonts in narrow columns wrap a weight ('10.0' / '0') around the row's line, or both weight and
    score above and below it: each is one number on the row's line; rows whose numbers print whole on
    their own lines are never joined."""
    from pipelines.extract.text.layout_rows import join_wrapped_numbers
    cells = {5: {"level3": "成本控制有效性", "weight": "10.0"}, 6: {"target": "及时", "score": "9.00"},
             7: {"level3": "率", "weight": "0"},
             9: {"weight": "10.0", "score": "10.0"}, 10: {"level3": "保障网络畅通"}, 11: {"weight": "0", "score": "0"},
             13: {"weight": "2.00", "score": "2.00"}, 14: {"weight": "10", "score": "5"},
             # the score wraps, its lone tail printed nearer the weight column
             16: {"score": "10.0"}, 17: {"weight": "5.00"}, 18: {"weight": "0"}}
    join_wrapped_numbers(cells)
    numbers = {n: (c.get("weight"), c.get("score")) for n, c in cells.items() if c.get("weight") or c.get("score")}
    assert numbers == {6: ("10.00", "9.00"), 10: ("10.00", "10.00"), 13: ("2.00", "2.00"), 14: ("10", "5"),
                       17: ("5.00", "10.00")}


def test_layout_wrapped_weights_and_totals_read_whole():
    text = ("财政项目支出绩效自评表\n（2026年度）\n项目名称    甲项目\n\n"
            "一级指    二级指                    年度指标          实际完成        分                   偏差原因分析及改进\n"
            "                三级指标                                               得分\n"
            " 标      标                       值             值         值                       措施\n\n"
            "成本指    经济成   成本控制有效性                                    10.0\n"
            "                                及时          达成指标                   9.00     已按计划完成\n"
            " 标     本指标      率                                        0\n\n"
            "       数量指   保障网络畅通月                                    10.0       10.0\n"
            "                              有效保障          12.00(月)\n"
            "        标       份率                                       0           0\n\n"
            "       时效指\n        标                                             10.0\n"
            "               运维及时完成率          =100.00(%)        达成指标           9.00\n"
            "                                                        0\n\n"
            "                                                        30.0       100.0\n"
            "                  总分\n"
            "                                                         0           0\n")
    (form,) = extract_text(text, "x.txt")
    got = [(i.level3, i.target_raw, i.weight, i.score) for i in form.indicators]
    assert got == [("成本控制有效性率", "及时", 10, 9), ("保障网络畅通月份率", "有效保障", 10, 10),
                   ("运维及时完成率", "=100.00(%)", 10, 9)]  # a lone '0' is no page number
    assert form.total_score == 100


def test_layout_funds_titles_wrapped_around_a_line_of_other_titles_keep_their_order():
    """Funds column titles wrapped in narrow cells ('年初预算' / '数') print around the line of the titles
    that fit ('分值', '得分'): every title goes on that line, in printed order, so each amount keeps its column."""
    from pipelines.extract.text.layout_header import rejoin_labels
    lines = ["                  年初预算         全年预算            全年执行                        执行率(%",
             "                                                            分值                      得分",
             "                    数            数               数                           )"]
    assert [t for toks in rejoin_labels(lines) for t in toks] == \
        ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率(%)", "得分"]
    assert rejoin_labels(lines)[1] == ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率(%)", "得分"]


def test_layout_funds_title_broken_over_a_line_of_titles_a_space_apart_and_a_wrapped_amount():
    """A narrow funds cell in a Word table: '全年' over '年初预算数 全年预算数 执行 分值 执行率(%)' over '数' —
    the first piece alone on its line sits at the display place of '执行', not its character place — goes
    whole in its place on the titles' line; an amount the cell wraps ('358.8' / '9') around its row's line
    is joined in its place there."""
    from pipelines.extract.text.layout_header import rejoin_labels
    lines = ["                                               全年",
             "                          年初预算数 全年预算数 执行 分值 执行率(%)                 得分",
             "                                                数",
             " 项目资金                                          358.8",
             "             年度资金总额：        360.50     360.50        10.00   99.55 9.96",
             " （万元）                                            9"]
    got = rejoin_labels(lines)
    assert [t for toks in got[:3] for t in toks] == ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率(%)", "得分"]
    assert got[4] == ["年度资金总额：", "360.50", "360.50", "358.89", "10.00", "99.55", "9.96"]


def test_layout_funds_row_labels_broken_around_their_numbers_in_narrow_word_cells():
    """'年度资金总' / numbers / '额：': a piece that ends in a colon is no label of its own; '其中：当年' / numbers /
    '财政拨款': a piece that is a label alone ('财政拨款') still ends a piece that is none. Each row label goes on
    its numbers' line."""
    from pipelines.extract.text.layout_header import rejoin_labels
    lines = ["      年度资金总",
             "              56.28    56.28   56.00 10.00             99.50    9.95",
             "       额：",
             "项目资金 其中：当年",
             "               —       56.28    —     —                 —        —",
             "（万元）  财政拨款"]
    got = rejoin_labels(lines)
    assert got[1] == ["年度资金总额：", "56.28", "56.28", "56.00", "10.00", "99.50", "9.95"]
    assert got[4] == ["项目资金（万元）", "其中：", "当年财政拨款", "—", "56.28", "—", "—", "—", "—"]
    assert not any(got[k] for k in (0, 2, 3, 5))


def test_layout_header_values_wrapped_over_three_lines_around_their_label():
    """Word and Excel centre a tall value on its label's line: a three-line value prints a line above, its
    middle line beside the label and a line below (words of a line kept apart by a space included); the
    line below the next label's value is that label's, as many lines on each side."""
    from pipelines.extract.text.layout_header import rejoin_labels
    lines = ["       (2025 运维)ERP",
             " 项目名称  升级养老服务数        项目性质    其他经常性项目      项目类别       特定目标类",
             "       据平台公路养护",
             "       广东省交通运输",
             " 主管部门                 实施单位    广东省公路事务中心",
             "       厅",
             "计划开始日期    2029-01-01 计划完成日期             2029-12-31"]
    got = [toks for toks in rejoin_labels(lines) if toks]
    assert got[0][:2] == ["项目名称", "(2025运维)ERP升级养老服务数据平台公路养护"]
    assert got[1][:2] == ["主管部门", "广东省交通运输厅"]
    assert got[2] == ["计划开始日期", "2029-01-01", "计划完成日期", "2029-12-31"]


def test_layout_top_aligned_labels_over_one_line_rows():
    """One-line rows fit centred and top-aligned cells alike: merged labels each printed on the first row
    of their group (top-aligned cells) cover the rows from there down to the next label."""
    text = ("财政项目支出绩效目标申报表\n（2022年度）\n项目名称   甲项目\n\n"
            "一级指标     二级指标         三级指标                                 指标目标值\n\n"
            "投入与管理    投入管理         预算编制合理性                              建立、执行\n\n"
            "                      预算执行率情况                              及时有效\n\n"
            "         财务管理         财务管理制度健全性                            >=52次.周\n\n"
            "                      财务监控有效性                              合规\n\n"
            "                      资金使用规范性                              >=52次.周\n\n"
            "         实施管理         项目管理制度健全性情况                          >=52次.周\n\n"
            "                      政府采购规范性（年度）                          建立、执行\n\n"
            "                      对服务单位考核机制健全性情况                       >=52次.周\n\n"
            "产出目标     数量           基础设施定期维护计划完成率情况                      共享\n\n"
            "         质量           定期保养主动发现解决问题及时性率                     及时\n\n"
            "效果目标     社会效益         保障公共系统运维安全性                  合规\n\n"
            "         满意度          使用对象满意度                              合规\n")
    (form,) = extract_text(text, "x.txt")
    got = [(i.level1, i.level2) for i in form.indicators]
    assert got == [("投入与管理", "投入管理")] * 2 + [("投入与管理", "财务管理")] * 3 + [("投入与管理", "实施管理")] * 3 + \
        [("产出目标", "数量"), ("产出目标", "质量"), ("效果目标", "社会效益"), ("效果目标", "满意度")]


def test_layout_name_glued_to_a_value_by_one_space_does_not_widen_the_name_column():
    """Cramped Word tables print a name's line and the next cell's text one space apart ('维护工作及 运维保障系'):
    that line is no measure of the name column, whose wrapped names fill their one-word lines."""
    text = ("2026 年度项目支出绩效自评表\n 项目名称   甲项目\n"
            "一级指标    二级指标   三级指标   年度指标值 实际完成值             分值       得分\n"
            "              故障响应服\n"
            "              务完成率    =100(%)     100.00(%)   10.00    10.00\n"
            "              （年度）\n"
            "            维护工作及 运维保障系\n"
            "                                  达成指标        2.00     2.00\n"
            "             时性   统稳定运行\n")
    (form,) = extract_text(text, "x.txt")
    names = [i.level3 for i in form.indicators]
    assert len(names) == 2 and names[0] == "故障响应服务完成率（年度）"  # one row per weight/score pair
    assert names[1].startswith("维护工作及") and names[1].endswith("时性")  # the glued target stays (known)
