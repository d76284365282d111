"""The text-export extractor: segmentation, header/funds, row assembly on small synthetic snippets of
both shapes (flowing pdftotext text, tab/pipe-separated converter rows), and the seed-level scores."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.extract.document import extract_document
from pipelines.extract.text import extract_text
from pipelines.extract.text.segments import find_forms as _segments
from pipelines.extract.text.tokens import merge_tokens as _merge_tokens
from pipelines.extract.text.label_pieces import fill_open, segment
from pipelines.extract.text.rows import Label, RowRec, assign_levels, label_level

FIXTURES = Path(__file__).parent / "fixtures"


def rows_of(form):
    return [(i.level1, i.level2, i.level3, i.target_raw) for i in form.indicators]


# --- segmentation ------------------------------------------------------------------------------------


def test_segments_cut_at_titles_and_skip_document_heading():
    text = "某中心 2026 年度项目绩效目标汇总表\n\n财政项目支出绩效目标表\n（2020年度）\n项目名称： 甲\n\n" \
           " 财政项目支出绩效自评表\n(2024 年度)\n项目名称 乙\n"
    segs = _segments(text.split("\n"))
    assert [(t, y) for t, y, _, _ in segs] == [("target", 2020), ("self_evaluation", 2024)]
    assert any("甲" in ln for ln in segs[0][2]) and not any("乙" in ln for ln in segs[0][2])


def test_title_repeated_on_a_continuation_page_is_not_a_new_form():
    text = "财政项目支出绩效目标表\n（2020年度）\n项目名称： 甲\n一级目标 二级目标 三级目标 指标目标值\n" \
           "产出目标\n数量 完成率 =100%\n\n财政项目支出绩效目标表\n（2020年度）\n质量 合格率 >=95%\n"
    forms = extract_text(text, "x.txt")
    assert len(forms) == 1
    assert [i.level3 for i in forms[0].indicators] == ["完成率", "合格率"]
    assert any("continuation page" in d for d in forms[0].doubts)


def test_no_title_falls_back_to_the_table_columns():
    text = "项目名称\t甲\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t完成率\t=100%\n"
    forms = extract_text(text, "x.txt")
    assert forms[0].form_type == "target" and rows_of(forms[0]) == [("产出指标", "数量指标", "完成率", "=100%")]
    assert forms[0].doubts


# --- flowing text (pdftotext) ------------------------------------------------------------------------

FLOW_TARGET = """
财政项目支出绩效目标表
（2020年度）

申报单位名称：某某信息中心

项目名称：
信息化-基于市民电子健康
档案的卫生信息化工程项目

(运维)
项目类别： 其他一次性项目

计划开始日期： 2020-01-01 计划完成日期： 2020-12-31

是否含有政府购买服务： 否 绩效类型： 事业/专业类

项目概况：
一段说明文字，包含 2020年 的数字和“项目名称”字样。

本项目上年度市级财政资金使用情况
项目总预算（元）： 1,200,000 项目当年预算（元）： 1,000,000

同名项目上年预算额（元）： 同名项目上年预算执行数（元）：
 2020年绩效目标
一级目标 二级目标 三级目标 指标目标值

投入与管理

投入管理
预算执行率 >=95%

财务管理

资金使用规范性 规范

产出目标

数量 维护计划完成率 >=52次.周

效果目标 满意度 使用者满意度 ≥ 90%

影响力目标
信息共享 信息共享部门数 大于 2 个
"""


def test_flowing_target_form():
    (form,) = extract_text(FLOW_TARGET, "x.txt")
    assert form.form_type == "target" and form.year == 2020
    assert form.project_name == "信息化-基于市民电子健康档案的卫生信息化工程项目(运维)"
    assert form.implementing_unit == "某某信息中心" and form.department is None
    assert (form.project_category, form.performance_type) == ("其他一次性项目", "事业/专业类")
    assert (form.start_date, form.end_date) == ("2020-01-01", "2020-12-31")
    assert form.money_unit_printed == "元"
    assert (form.budget.total, form.budget.annual_total, form.budget.fiscal) == (1200000, 1000000, None)
    assert rows_of(form) == [
        ("投入与管理", "投入管理", "预算执行率", ">=95%"),
        ("投入与管理", "财务管理", "资金使用规范性", "规范"),
        ("产出目标", "数量", "维护计划完成率", ">=52次.周"),
        ("效果目标", "满意度", "使用者满意度", "≥90%"),
        ("影响力目标", "信息共享", "信息共享部门数", "大于2个"),
    ]
    assert form.indicators[-1].target.op == ">" and form.indicators[-1].target.value == 2


FLOW_SELF_EVAL = """
财政项目支出绩效自评表

（2024年度）

项目名称 某区医卫云 PaaS运维服务项目

主管部门 某区卫生健康委员会(汇总) 实施单位
某区卫生健康信息中

心

项目资金

（万元）

年初预算数 全年预算数 全年执行数 分数 执行率(%) 得分

年度资金总额： 8.04 8.00 7.96 10.00 99.50 9.95

其中：当年财政

拨款
8.04 8.00 7.96 - 99.50 -

上年结转资金 0.00 0.00 0.00 - 0.00 -

其他资金 0.00 0.00 0.00 - 0.00 -

年度

总体

目标

预期目标 实际完成情况

完成运维服务 完成运维服务

一级

指标

二级

指标
三级指标 年度指标值 实际完成值 分值 得分

偏差原因分析

及改进措施

成本

指标

经济

成本

指标

成本控制有效性 有效 达成指标 10.00 10.00

产出

指标

数量

指标

等保 3级测评完成率 =100.00(%) 100.00(%) 10.00 10.00

系统重大故障发生数 =0.00(个) 0.00(个) 5.00 5.00 年度指标值=100.00

效益

指标

社会

效益

指标

系统运行情况
运维保障系

统稳定运行
达成指标 5.00 5.00

可持

续影

长效管理机制健全性 建立健全 达成指标 5.00 5.00



响指

标

满意 服务 部门单位满意度 ≥95.00(%) 97.00(%) 5.00 5.00



度指

标

对象

满意

度指

标

总分 100.00 99.95

评分等级 优
"""


def test_flowing_self_evaluation_form():
    (form,) = extract_text(FLOW_SELF_EVAL, "x.txt")
    assert form.form_type == "self_evaluation" and form.year == 2024
    assert form.project_name == "某区医卫云PaaS运维服务项目"
    assert form.department == "某区卫生健康委员会(汇总)"
    assert form.implementing_unit == "某区卫生健康信息中心"
    b = form.budget
    assert form.money_unit_printed == "万元"
    assert (b.initial_budget, b.full_year_budget, b.annual_total, b.executed) == (80400, 80000, 80000, 79600)
    assert (b.fiscal, b.carryover, b.other) == (80000, 0, 0)
    assert (b.budget_weight, b.execution_rate_pct, b.budget_score) == (10, 99.5, 9.95)
    assert (form.total_score, form.grade) == (99.95, "优")
    assert rows_of(form) == [
        ("成本指标", "经济成本指标", "成本控制有效性", "有效"),
        ("产出指标", "数量指标", "等保3级测评完成率", "=100.00(%)"),
        ("产出指标", "数量指标", "系统重大故障发生数", "=0.00(个)"),
        ("效益指标", "社会效益指标", "系统运行情况", "运维保障系统稳定运行"),  # wrapped target
        ("效益指标", "可持续影响指标", "长效管理机制健全性", "建立健全"),  # label split by a page break
        ("满意度指标", "服务对象满意度指标", "部门单位满意度", "≥95.00(%)"),  # two labels interleaved
    ]
    first = form.indicators[0]
    assert (first.actual_raw, first.weight, first.score, first.note) == ("达成指标", 10, 10, None)
    assert form.indicators[2].note == "年度指标值=100.00"
    assert form.indicators[-1].actual_raw == "97.00(%)"


def test_flowing_wrapped_cells_of_one_row():
    text = FLOW_SELF_EVAL.split("成本\n\n指标\n\n经济")[0] + (
        "产出\n\n指标\n\n数量\n\n指标\n\n应用系统软件维保服务完成数\n\n=9.00(小时/\n天（一周 5\n天）)\n\n"
        "9.00(小时/\n天（一周 5\n天）)\n\n10.00 10.00\n\n“园区门户”群众知晓度提升情\n\n况\n\n提升 达成指标 5.00 5.00\n"
    )
    (form,) = extract_text(text, "x.txt")
    a, c = form.indicators
    assert (a.level3, a.target_raw, a.actual_raw) == ("应用系统软件维保服务完成数", "=9.00(小时/天（一周5天）)",
                                                      "9.00(小时/天（一周5天）)")
    assert a.target.value == 9 and a.target.unit == "小时/天（一周5天）"
    assert (c.level2, c.level3, c.target_raw) == ("数量指标", "“园区门户”群众知晓度提升情况", "提升")


def test_label_tail_after_a_page_break_completes_the_label():
    text = FLOW_SELF_EVAL.split("成本\n\n指标\n\n经济")[0] + (
        "效益\n\n指标\n\n社会\n\n效益\n\n系统使用率 =100.00(%) 100.00(%) 5.00 5.00\n\n\n\n指标\n\n"
        "数据共享率 =100.00(%) 100.00(%) 5.00 5.00\n"
    )
    (form,) = extract_text(text, "x.txt")
    assert [(i.level1, i.level2) for i in form.indicators] == [("效益指标", "社会效益指标")] * 2
    assert any("completed" in d for d in form.doubts)


def test_merge_tokens_undoes_layout_spaces():
    assert _merge_tokens(["等保", "3级测评完成率", "=100%"]) == ["等保3级测评完成率", "=100%"]
    assert _merge_tokens(["数据中心", "XC改造完成率"]) == ["数据中心XC改造完成率"]
    assert _merge_tokens(["有效", "达成指标", "10.00", "10.00"]) == ["有效", "达成指标", "10.00", "10.00"]
    assert _merge_tokens(["申诉处理", "少于", "5", "件"]) == ["申诉处理", "少于5件"]
    assert _merge_tokens(["满意度", "≥", "90", "%"]) == ["满意度", "≥90%"]
    assert _merge_tokens(["2023年", "12月"]) == ["2023年12月"]
    # a Latin word set apart on both sides inside a name (Word prints 'XC' in another font)
    assert _merge_tokens(["数据中心", "XC", "改造"]) == ["数据中心XC改造"]
    assert _merge_tokens(["数据中心", "XC", "≥95%"]) == ["数据中心", "XC", "≥95%"]  # not between two CJK words


def test_merge_tokens_keeps_a_target_and_its_actual_apart():
    # two whole values of one measure are two cells, not a cell broken by layout spaces
    assert _merge_tokens(["系统运维次数", "≥12次", "12次", "20", "20"]) == ["系统运维次数", "≥12次", "12次", "20", "20"]


def test_flowing_self_evaluation_row_whose_target_and_actual_share_a_unit():
    text = (
        "2024年度项目支出绩效自评表\n项目名称 某平台运维\n主管部门 某省交通运输厅 实施单位 某省公路事务中心\n"
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施\n"
        "产出指标 数量指标 系统运维次数 ≥12次 12次 20 20\n"
        "效益指标 社会效益指标 平台可用率 ≥99% 99.5% 30 30\n总分 100 95\n"
    )
    (form,) = extract_text(text, "x.txt")
    first = form.indicators[0]
    assert (first.level1, first.level2, first.level3) == ("产出指标", "数量指标", "系统运维次数")
    assert (first.target_raw, first.actual_raw, first.weight, first.score) == ("≥12次", "12次", 20, 20)


# --- tab-separated / pipe tables -----------------------------------------------------------------------

TSV_TARGET = "\n".join([
    "财政项目支出绩效目标申报表\t\t\t\t\t",
    "(2026 年度)\t\t\t\t\t",
    "项目名称\t某 服务项目\t项目性质\t其他经常性项目\t项目类别\t特定目标类",
    "主管部门\t某委员会\t实施单位\t某中心\t\t",
    "计划开始日期\t2026-01-01\t计划完成日期\t2026-12-31\t\t",
    "项目资金 (元)\t项目资金总额:\t\t年度资金申请总额:\t131,000.00\t",
    "\t其中: 财政资金\t\t其中: 当年财政拨款\t131,000.00\t",
    "\t\t\t上年结转资金\t0.00\t",
    "\t其他资金\t\t其他资金\t0.00\t",
    "项目 绩效 目标\t项目总目标\t\t年度总体目标\t\t",
    "\t\t\t<p>增加网络安全建设</p>\t\t",
    "\t一级指标\t二级指标\t三级指标\t年度(/项目)指标值\t",
    "绩效 指标\t成本指标\t经济成本指标\t网络安全保障成本\t≤13.10(万元)\t",
    "\t产出指标\t数量指标\t交换机采购数量\t=2.00(台)\t",
    "\t时效指标\t工作完成及时率\t=100.00(%)\t\t",          # level2 drifted into the level-1 column
    "\t\t\t质量指标\t验收合格率",                          # level2 drifted right, no target printed
    "\t效益指标\t时效指标\t各项工作完成及时率\t=100.00(%)",  # level1 label one row early
    "\t\t经济效益指标\t数据治理结果应用率\t>80.00(%)",
    "\t\t生态效益\t云资源使用率\t>50.00(%)",
    "",
    "\t\t指标\t云资源使用率\t>50.00(%)",                      # page break repeats the row, label tail
    "满意度指标\t服务对象满意度指标\t满意度\t$\\geq 90\\%$\t\t",  # level3 that looks like a label
    "\t\t医生满意度\t",
    "--\t--\t-------\t--",
    "",
    "\t\t\t>=85%",                                          # its target in a separate fragment
])


def test_tsv_target_form_with_converter_artefacts():
    (form,) = extract_text(TSV_TARGET, "x.txt")
    assert (form.project_name, form.department, form.implementing_unit) == ("某服务项目", "某委员会", "某中心")
    assert (form.project_nature, form.project_category) == ("其他经常性项目", "特定目标类")
    b = form.budget
    assert (b.total, b.annual_total, b.fiscal, b.carryover, b.other) == (None, 131000, 131000, 0, 0)
    assert rows_of(form) == [
        ("成本指标", "经济成本指标", "网络安全保障成本", "≤13.10(万元)"),
        ("产出指标", "数量指标", "交换机采购数量", "=2.00(台)"),
        ("产出指标", "时效指标", "工作完成及时率", "=100.00(%)"),
        ("产出指标", "质量指标", "验收合格率", None),
        ("产出指标", "时效指标", "各项工作完成及时率", "=100.00(%)"),
        ("效益指标", "经济效益指标", "数据治理结果应用率", ">80.00(%)"),
        ("效益指标", "生态效益指标", "云资源使用率", ">50.00(%)"),
        ("满意度指标", "服务对象满意度指标", "满意度", "≥90%"),
        ("满意度指标", "服务对象满意度指标", "医生满意度", ">=85%"),
    ]
    assert form.indicators[7].target.op == ">=" and form.indicators[7].target.value == 90
    doubts = " ".join(form.doubts)
    assert "printed twice across a page break" in doubts and "label on the wrong row" in doubts
    assert "outside their column" in doubts and "line of its own" in doubts


def test_tsv_cost_label_alone_is_a_level2_under_output():
    text = "\n".join([
        "财政项目支出绩效目标申报表", "(2023年度)", "项目名称\t甲\t项目类别\t经常性项目",
        "项目资金 (元)\t项目资金总额\t743,000\t年度资金申请总额\t743,000",
        "\t其中：财政资金\t743,000\t其中：当年财政拨款\t743,000",
        "\t\t\t上年结转资金\t", "绩效 指标\t一级指标\t二级指标\t三级指标\t指标目标值",
        "\t产出指标\t数量指标\t年度签约学生数\t<=15",
        "\t成本指标\t成本控制数\t控制在预算范围内\t",
        "\t效益指标\t社会效益指标\t履约率\t=100%",
    ])
    (form,) = extract_text(text, "x.txt")
    assert (form.budget.total, form.budget.fiscal, form.budget.carryover) == (743000, 743000, None)
    assert rows_of(form)[1] == ("产出指标", "成本指标", "成本控制数", "控制在预算范围内")
    assert rows_of(form)[2][:2] == ("效益指标", "社会效益指标")


def test_tsv_self_evaluation_form():
    text = "\n".join([
        "财政项目支出绩效自评表", "（2024年度）", "项目名称\t甲项目", "主管部门\t某委\t实施单位\t某中心",
        "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
        "\t年度资金总额\t10.00\t12.00\t11.00\t10\t91.67\t9.17",
        "\t其中：当年财政拨款\t10.00\t12.00\t11.00\t-\t91.67\t-",
        "\t上年结转资金\t0\t0\t0\t-\t-\t-",
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
        "产出指标\t数量指标\t完成率\t=100%\t95%\t20\t18\t进度滞后",
        "\t\t合格率\t≥90%\t92%\t20\t20\t",
        "满意度指标\t服务对象满意度指标\t满意度\t≥90%\t95%\t10\t10\t",
        "总分\t\t\t\t\t100\t88.17\t",
        "评分等级\t良",
    ])
    (form,) = extract_text(text, "x.txt")
    b = form.budget
    assert form.money_unit_printed == "万元"
    assert (b.initial_budget, b.full_year_budget, b.annual_total, b.executed) == (100000, 120000, 120000, 110000)
    assert (b.fiscal, b.carryover, b.budget_weight, b.execution_rate_pct, b.budget_score) == (120000, 0, 10, 91.67, 9.17)
    first = form.indicators[0]
    assert (first.target_raw, first.actual_raw, first.weight, first.score, first.note) == ("=100%", "95%", 20, 18, "进度滞后")
    assert [(i.level1, i.level2, i.level3) for i in form.indicators] == [
        ("产出指标", "数量指标", "完成率"), ("产出指标", "数量指标", "合格率"),
        ("满意度指标", "服务对象满意度指标", "满意度")]
    assert (form.total_score, form.grade) == (88.17, "良")


def test_markdown_pipe_table():
    text = "\n".join([
        "## 财政项目支出绩效目标表", "（2022年度）", "| **项目名称** | 甲 | 项目类别 | 经常性项目 |", "|---|---|---|---|",
        "| 一级指标 | 二级指标 | 三级指标 | 指标值 |", "|--|--|--|--|",
        "| 产出指标 | 数量指标 | 完成率 | =100% |", "| | 质量指标 | 合格率 | ≥95% |",
    ])
    (form,) = extract_text(text, "x.md")
    assert form.project_name == "甲" and form.year == 2022
    assert rows_of(form) == [("产出指标", "数量指标", "完成率", "=100%"), ("产出指标", "质量指标", "合格率", "≥95%")]


# --- label pieces and level assignment -----------------------------------------------------------------


def test_segment_prefers_whole_labels_and_leaves_a_split_label_open():
    assert segment(("成本", "指标", "经济", "成本", "指标"), None).groups == ["成本指标", "经济成本指标"]
    assert segment(("效益", "指标", "社会", "效益", "指标"), None).groups == ["效益指标", "社会效益指标"]
    plan = segment(("满意", "度指", "标", "服务", "对象", "满意", "度指"), None)
    assert plan.groups == ["满意度指标"] and plan.incomplete == "服务对象满意度指"
    assert segment(("指标",), "社会效益").extension == "指标"
    assert segment(("及改进措施", "数量", "指标"), None).dropped == ["及改进措施"]
    assert label_level("效益指标社会效益指标") is None


def test_fill_open_completes_labels_in_order():
    a, b = Label("满意"), Label("服务")
    assert fill_open([a, b], ["度指", "标", "对象", "满意", "度指", "标", "x"]) == 6
    assert (a.text, b.text) == ("满意度指标", "服务对象满意度指标")


def test_assign_levels_forward_fills_and_keeps_a_row_listed_twice():
    rows = [RowRec([Label("产出指标"), Label("数量指标")], "甲", "1"), RowRec([], "乙", "2"),
            RowRec([], "乙", "2"), RowRec([Label("质量指标")], "丙", "3")]
    doubts: list[str] = []
    out = assign_levels(rows, doubts.append)
    assert [(l1, l2, r.level3) for l1, l2, r in out] == [
        ("产出指标", "数量指标", "甲"), ("产出指标", "数量指标", "乙"), ("产出指标", "数量指标", "乙"),
        ("产出指标", "质量指标", "丙")]
    rows[2].after_break = True
    assert len(assign_levels(rows, doubts.append)) == 3 and doubts


# --- seeds against their gold records ------------------------------------------------------------------

_spec = importlib.util.spec_from_file_location("score_extraction", Path(__file__).parent / "score_extraction.py")
score_extraction = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score_extraction)

# Measured: 000, 001, 002 reproduce their gold exactly; 003 loses 16 label fields that the hand-checker
# restored by meaning (comparison with sibling forms), which the printed structure does not support.
SEEDS = {
    "000_55d7bc6e09b5e210": (1.0, 1.0),
    "001_9dca29109af1ba6b": (1.0, 1.0),
    "002_da716e0b91d770b9": (1.0, 1.0),
    "003_a6515d0af07e9517.part1": (0.99, 1.0),
}


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_scores(seed):
    record = extract_document(FIXTURES / "seeds" / f"{seed}.txt")
    gold = json.loads((FIXTURES / "gold" / f"{seed}.json").read_text(encoding="utf-8"))["forms"]
    result, problems = score_extraction.score(gold, json.loads(record.to_json())["forms"])
    min_fields, min_rows = SEEDS[seed]
    assert result["row_f1"] >= min_rows, problems
    assert result["field_accuracy"] >= min_fields, problems


def test_funds_unit_printed_after_the_rows_and_labels_glued_to_the_block_title():
    text = "\n".join([
        "财政项目支出绩效自评表", "（2024年度）", "项目名称 甲",
        "年初预算数 全年预算数 全年执行数 分值 执行率(%) 得分",
        "年度资金总额： 8.04 8.04 8.00 10.00 99.50 9.95",
        "项目资金", "其中：当年财政拨款 8.04 8.04 8.00 - 99.50 -", "（万元）",
        "上年结转资金 0.00 0.00 0.00 - 0.00 -",
        "偏差原因分析及", "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分", "改进措施",
        "成本指标 经济成本指标 成本控制有效性 有效 达成指标 10.00 10.00",
    ])
    (form,) = extract_text(text, "x.txt")
    b = form.budget
    assert form.money_unit_printed == "万元"
    assert (b.annual_total, b.fiscal, b.carryover, b.executed) == (80400, 80400, 0, 80000)
    assert rows_of(form) == [("成本指标", "经济成本指标", "成本控制有效性", "有效")]


def test_title_with_year_cell_and_fake_bold_title():
    text = "财政项目支出绩效目标表\t(2026年度)\n项目名称\t甲\n" \
           "财财政政项项目目支支出出绩绩效效自自评评表表\n（2024年度）\n项目名称 乙\n"
    forms = extract_text(text, "x.txt")
    assert [(f.form_type, f.year, f.project_name) for f in forms] == [
        ("target", 2026, "甲"), ("self_evaluation", 2024, "乙")]


def test_segment_is_linear_on_a_long_run_of_stray_pieces():
    plan = segment(tuple(["某某"] * 5000), None)
    assert len(plan.dropped) + len(plan.incomplete or "") // 2 == 5000


def test_tsv_label_and_value_in_one_cell_and_blank_cells_under_their_columns():
    text = "\n".join([
        "财政项目支出绩效自评表", "（2024年度）", "项目名称：甲项目\t主管部门：某委",
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
        "产出指标\t数量指标\t完成率\t=100%\t\t20\t18\t未报实际值",
    ])
    (form,) = extract_text(text, "x.txt")
    assert (form.project_name, form.department) == ("甲项目", "某委")
    i = form.indicators[0]
    assert (i.target_raw, i.actual_raw, i.weight, i.score, i.note) == ("=100%", None, 20, 18, "未报实际值")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(
    [ln for p in sorted((FIXTURES / "seeds").glob("*.txt")) for ln in p.read_text(encoding="utf-8").split("\n")]
    + ["\f", "", "--|--", "$\\geq 90\\%$", "可持", "标", "总分 100 99", "| a | b |"]), max_size=120))
def test_any_mix_of_export_lines_extracts_without_raising(lines):
    for form in extract_text("\n".join(lines), "x.txt"):
        assert form.form_type in ("target", "self_evaluation")
        assert all(i.level3 is None or i.level3 == i.level3.strip() for i in form.indicators)


FLOW_TARGET_2022 = """
财政项目支出绩效目标申报表

（2022年度）

项目名称 某区卫生信息平台运维

主管部门 某区卫生健康委员会 实施单位 某区卫生健康
信息中心

项目资金

（万元）

项目资金总额 120.00 年度资金申请总额 100.00

其中：财政资金 120.00 其中：当年财政拨款 100.00

上年结转资金 0.00

其他资金 0.00 其他资金 0.00

年度

总体

目标

保障系统稳定运行。

一级

指标

二级

指标
三级指标 指标值

产出

指标

数量

指标

运维工作完成率 =100%

巡检次数 ≥12次

质量

指标
系统故障排除率 ≥ 95%

效益

指标

社会

效益

指标

系统运行情况
运维保障系

统稳定运行

可持

续影

响指

标
长效管理机制健全性 健全

满意

度指

标

服务

对象

满意

度指

标
用户满意度 ≥90%
"""


def test_flowing_target_form_with_vertical_labels_and_a_target_printed_only_as_wrapped_lines():
    (form,) = extract_text(FLOW_TARGET_2022, "x.txt")
    assert (form.project_name, form.implementing_unit, form.money_unit_printed) == (
        "某区卫生信息平台运维", "某区卫生健康信息中心", "万元")
    b = form.budget
    assert (b.total, b.annual_total, b.fiscal, b.carryover, b.other) == (1200000, 1000000, 1000000, 0, 0)
    assert rows_of(form) == [
        ("产出指标", "数量指标", "运维工作完成率", "=100%"),
        ("产出指标", "数量指标", "巡检次数", "≥12次"),
        ("产出指标", "质量指标", "系统故障排除率", "≥95%"),
        ("效益指标", "社会效益指标", "系统运行情况", "运维保障系统稳定运行"),
        ("效益指标", "可持续影响指标", "长效管理机制健全性", "健全"),
        ("满意度指标", "服务对象满意度指标", "用户满意度", "≥90%"),
    ]
    assert any("财政资金" in d and "当年财政拨款" in d for d in form.doubts)


def test_flowing_funds_amount_on_the_line_after_its_label():
    text = "财政项目支出绩效目标表\n（2021年度）\n项目名称： 甲\n项目总预算（元）：\n16,907,221\n" \
           "项目当年预算（元）： 1,000\n同名项目上年预算额（元）： 同名项目上年预算执行数（元）：\n" \
           "一级目标 二级目标 三级目标 指标目标值\n产出目标\n数量 完成率 =100%\n"
    (form,) = extract_text(text, "x.txt")
    assert (form.budget.total, form.budget.annual_total) == (16907221, 1000)


# --- gold records re-printed as flowing text with other column widths ------------------------------------


def _wrap(s: str, w: int) -> list[str]:
    return [s[i:i + w] for i in range(0, len(s), w)] or [""]


def _render_self_evaluation(form: dict, rnd) -> str:
    """A self-evaluation record printed the way pdftotext prints the 002 seed, with random column widths:
    labels broken into pieces of w1/w2 characters, names wrapped at w3, text values at wt."""
    w1, w2, w3, wt = rnd.choice([2, 3, 4]), rnd.choice([2, 3, 4]), rnd.randint(8, 16), rnd.randint(5, 9)
    b = form["budget"]

    def m(v):
        return f"{v / 10000:.2f}"

    def n(v):
        return "-" if v is None else f"{v:.2f}"

    out = ["财政项目支出绩效自评表", "", f"（{form['year']}年度）", "", f"项目名称 {form['project_name']}", "",
           f"主管部门 {form['department']} 实施单位", *_wrap(form["implementing_unit"], rnd.randint(6, 14)), "",
           "项目资金", "", "（万元）", "", "年初预算数 全年预算数 全年执行数 分数 执行率(%) 得分", "",
           f"年度资金总额： {m(b['initial_budget'])} {m(b['full_year_budget'])} {m(b['executed'])} "
           f"{n(b['budget_weight'])} {n(b['execution_rate_pct'])} {n(b['budget_score'])}", "",
           f"其中：当年财政\n\n拨款\n{m(b['fiscal'])} {m(b['fiscal'])} {m(b['fiscal'])} - 0.00 -", "",
           f"上年结转资金 {m(b['carryover'])} {m(b['carryover'])} 0.00 - 0.00 -", "",
           f"其他资金 {m(b['other'])} {m(b['other'])} 0.00 - 0.00 -", "",
           "一级", "", "指标", "", "二级", "", "指标", "三级指标 年度指标值 实际完成值 分值 得分", "", "偏差原因分析", "",
           "及改进措施", ""]
    prev1 = prev2 = None
    for r in form["indicators"]:
        if r["level1"] != prev1:
            out += [x for p in _wrap(r["level1"], w1) for x in (p, "")]
            prev1, prev2 = r["level1"], None
        held: list[str] = []
        if r["level2"] != prev2:
            pieces = _wrap(r["level2"], w2)
            if len(pieces) > 2 and rnd.random() < 0.4:  # a page break cuts the vertical label after this row
                cut = rnd.randint(1, len(pieces) - 1)
                pieces, held = pieces[:cut], pieces[cut:]
            out += [x for p in pieces for x in (p, "")]
            prev2 = r["level2"]
        t = r["target_raw"]
        tail = " ".join([r["actual_raw"], n(r["weight"]), n(r["score"])] + ([r["note"]] if r["note"] else []))
        if t[0] in "=<>≥≤0123456789" or len(t) <= wt:  # one-line cells share a line
            name = _wrap(r["level3"], w3)
            out += name[:-1] + [f"{name[-1]} {t} {tail}", ""] if len(name) == 1 else name + [f"{t} {tail}", ""]
        else:
            out += _wrap(r["level3"], w3) + _wrap(t, wt) + [tail, ""]
        if held:
            out += ["", "", ""] + [x for p in held for x in (p, "")]
    out += [f"总分 100.00 {n(form['total_score'])}", "", f"评分等级 {form['grade']}", ""]
    return "\n".join(out)


@pytest.mark.parametrize("seed", range(8))
def test_self_evaluation_gold_reprinted_with_other_column_widths(seed):
    import random

    gold = json.loads((FIXTURES / "gold" / "002_da716e0b91d770b9.json").read_text(encoding="utf-8"))["forms"]
    rnd = random.Random(seed)
    text = "\n".join(_render_self_evaluation(f, rnd) for f in gold)
    forms = [f.to_dict() for f in extract_text(text, "x.txt")]
    result, problems = score_extraction.score(gold, forms)
    assert result["row_f1"] == 1.0 and result["field_accuracy"] >= 0.99, [p for p in problems if "row" in p][:10]


def test_header_values_end_at_labels_the_record_does_not_keep():
    flowing = "财政项目支出绩效目标表\n（2021年度）\n项目名称：\n某区 卫生项目\n主管部门 某委 实施单位 某中心\n" \
              "项目负责人 张三 联系电话 12345678\n"
    tsv = "财政项目支出绩效目标表\n（2021年度）\n项目名称\t甲\t\t项目负责人\t张三\n实施单位\t某中心\t联系电话\t123\n\t\n"
    a, = extract_text(flowing, "x.txt")
    b, = extract_text(tsv, "x.txt")
    assert (a.project_name, a.department, a.implementing_unit) == ("某区卫生项目", "某委", "某中心")
    assert (b.project_name, b.implementing_unit) == ("甲", "某中心")
