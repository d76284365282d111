"""Shared extraction pieces: normalisation, the label vocabulary, and the FormBuilder."""
from __future__ import annotations

import pytest

from pipelines.extract import vocabulary as labels
from pipelines.extract.assemble import FormBuilder
from pipelines.extract.normalize import normalize_date, parse_number, squash, strip_group_weight


def test_squash_removes_layout_whitespace_and_html():
    assert squash("信息化-基于市民电子健康\n档案的卫生信息化工程项目\n(运维)") == "信息化-基于市民电子健康档案的卫生信息化工程项目(运维)"
    assert squash("<p>数据中心 XC改造</p>") == "数据中心XC改造"
    assert squash(" \n ") is None


@pytest.mark.parametrize("raw, expected", [("16,907,221", 16907221), ("8.04", 8.04), ("0.00", 0), ("-", None), ("—", None), ("", None), ("abc", None)])
def test_parse_number(raw, expected):
    assert parse_number(raw) == expected


def test_dates_and_group_weights():
    assert normalize_date("2020-01-01") == "2020-01-01"
    assert normalize_date("2023/1/5") == "2023-01-05"
    assert normalize_date("2024年12月31日") == "2024-12-31"
    assert normalize_date("2024-13-40") is None
    assert strip_group_weight("产出指标（50分）") == "产出指标"


def test_labels_match_wrapped_and_vertical_text():
    assert labels.column_role("一级\n指标") == "level1"
    assert labels.column_role("年度(/项目)指标值") == "target"
    assert labels.column_role("偏差原因分析\n及改进措施") == "note"
    assert labels.budget_row("其中：当年财政\n拨款") == "fiscal"
    assert labels.budget_row("项目总预算（元）") == "total"
    assert labels.budget_column("执行率(%)") == "execution_rate_pct"
    assert labels.header_field("申报单位名称：") == "implementing_unit"
    # the provinces' names for the two organisations (预算部门 / 项目单位 in place of 主管部门 / 实施单位)
    assert [labels.header_field(k) for k in ("预算部门", "主管部门（单位）", "项目单位", "项目承担单位")] == [
        "department", "department", "implementing_unit", "implementing_unit"]
    assert labels.is_budget_title_piece("全年") and not labels.is_budget_title_piece("全年执行数")
    assert labels.form_type_of("财政项目支出绩效目标申报表") == "target"
    assert labels.form_type_of("财政项目支出绩效自评表") == "self_evaluation"
    assert not labels.is_form_title("上海市卫生健康统计中心 2026 年度项目绩效目标汇总表")
    assert labels.year_of("(2026 年度)") == 2026
    assert labels.money_unit_of("项目资金\n（万元）") == "万元"
    assert labels.level_of("满意\n度指\n标") == 1
    assert labels.level_of("可持续影响指标") == 2
    assert labels.level_of("年度签约学生数") is None


def test_builder_converts_wan_yuan_and_forward_fills_merged_labels():
    b = FormBuilder("self_evaluation", 2024, money_unit="万元")
    b.header("project_name", "闵行区医卫云 PaaS运维\n服务项目")
    b.self_eval_budget_row(
        "annual_total",
        {"initial_budget": "8.04", "full_year_budget": "8.04", "executed": "8.00", "budget_weight": "10.00", "execution_rate_pct": "99.50", "budget_score": "9.95"},
    )
    b.self_eval_budget_row("fiscal", {"full_year_budget": "8.04", "budget_weight": "-"})
    b.row("产出指标", "数量指标", "故障响应服务完成率", "=100.00(%)", "100.00(%)", "10.00", "10.00")
    b.row(None, None, "维护工作完成率", "=100.00(%)", "100.00(%)", "10", "10")
    b.row(None, "质量指标", "运维服务达标率", "≥95%", "97%", "5", "5")
    b.row("效益指标", None, "系统运行情况", "稳定运行", "达成指标", "5", "5")
    f = b.build()
    assert f.project_name == "闵行区医卫云PaaS运维服务项目"
    assert f.budget.annual_total == 80400 and f.budget.executed == 80000 and f.budget.fiscal == 80400
    assert f.budget.execution_rate_pct == 99.5 and f.budget.budget_weight == 10
    levels = [(i.level1, i.level2) for i in f.indicators]
    assert levels == [("产出指标", "数量指标"), ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("效益指标", None)]
    assert f.indicators[2].target.op == ">=" and f.indicators[2].target.value == 95
    assert f.to_dict()["budget"]["annual_total"] == 80400


def test_text_that_only_quotes_form_vocabulary_is_not_a_form(tmp_path):
    from pipelines.extract.document import extract_document
    from pipelines.extract.record import ExtractionError

    manual = tmp_path / "manual.md"
    manual.write_text(
        "# How to read the forms\n\nThe indicator table has columns 一级指标, 二级指标, 三级指标, 年度指标值,\n"
        "实际完成值, 分值 and 得分; 财政项目支出绩效自评表 also prints 总分 and 评分等级.\n",
        encoding="utf-8",
    )
    with pytest.raises(ExtractionError) as exc:
        extract_document(manual)
    assert exc.value.kind == "not_a_form" and "manual.md" in str(exc.value)
