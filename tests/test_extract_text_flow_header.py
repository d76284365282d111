"""The header zone of flowing pdftotext text printed in block order (issue 14): values after other
labels, labels broken around a value or another label's piece, the self-evaluation funds numbers
placed by the table's known shape, and a doubt where the numbers fit two ways."""
from __future__ import annotations

from pipelines.extract.text import extract_text
from pipelines.extract.text.broken import rejoin_broken_labels
from pipelines.extract.text.funds_cells import place_funds


def test_funds_numbers_one_per_line_after_all_labels():
    rows = ["annual_total", "fiscal", "carryover", "other"]
    nums = ("8.04 8.04 8.00 10 99.50 9.95 8.04 8.04 8.00 — 99.50 — 0.00 0.00 0.00 — 0.00 — "
            "0.00 0.00 0.00 — 0.00 —").split()
    placed = place_funds(rows, nums, ["initial_budget", "full_year_budget", "executed"])
    assert [r for r, _ in placed.rows] == rows
    total = placed.rows[0][1]
    assert (total["executed"], total["budget_weight"], total["execution_rate_pct"], total["budget_score"]) == (
        "8.00", "10", "99.50", "9.95")
    assert placed.rows[1][1]["full_year_budget"] == "8.04" and not placed.doubts


def test_funds_rows_whose_blank_cells_are_not_printed():
    """The 其中 rows print amounts and rate only; the rate (executed / full-year) tells where a row ends."""
    nums = "100 120 90 10 75 7.5 100 120 90 75 0 0 0 0".split()
    placed = place_funds(["annual_total", "fiscal", "carryover"], nums, [])
    assert placed.rows[1][1] == {"initial_budget": "100", "full_year_budget": "120", "executed": "90",
                                 "execution_rate_pct": "75"}
    assert placed.rows[2][1]["full_year_budget"] == "0"


def test_funds_numbers_that_split_two_ways_are_a_doubt():
    # the 其中 rows' 7 numbers split 4+3 or 3+4 equally well (all zero: no rate to check): the text does not decide
    nums = "5 5 5 10 100 10 0 0 0 0 0 0 0".split()
    placed = place_funds(["annual_total", "fiscal", "carryover"], nums, [])
    assert placed.doubts


def test_label_broken_around_its_value_or_a_piece_of_the_label_beside_it():
    lines = ["计划开始", "2023-01-01", "日期", "年度资金总额：", "项目", "其中：当年财政拨", "资金", "款", "(万元)"]
    out = [x for x in rejoin_broken_labels(lines) if x]
    assert out == ["计划开始日期", "2023-01-01", "年度资金总额：", "项目", "其中：当年财政拨款", "资金", "(万元)"]


def test_values_printed_after_other_labels_go_by_their_kind():
    """Word/Excel renders in pdftotext's block order: '实施单位 / 2026-01-01 / 计划完成日期 / 计划开始日期 /
    项目性质 / 某中心 / 2026-12-31', and a class value printed before its own label."""
    text = "\n".join(["财政项目支出绩效目标表", "（2026年度）", "项目名称", "甲项目", "主管部门", "某委员会",
                      "项目资金", "（元）", "项目性质", "其他经常性项目", "实施单位", "2026-01-01", "特定目标类",
                      "某中心", "计划完成日期", "2026-12-31", "计划开始日期", "项目类别",
                      "一级指标 二级指标 三级指标 指标目标值", "产出指标 数量指标 完成数 =5(个)"])
    (form,) = extract_text(text, "x.txt")
    assert (form.department, form.implementing_unit, form.project_nature, form.project_category) == (
        "某委员会", "某中心", "其他经常性项目", "特定目标类")
    assert (form.start_date, form.end_date) == ("2026-01-01", "2026-12-31")
    assert any("before its label" in d for d in form.doubts)


def test_target_amount_printed_after_other_labels_and_whole_labels_stay_apart():
    """'项目资金总额 / 项目资金（ / 元） / 项目类别 / … / 5,201,000': the amount goes to the fund label closed
    just before without one; '计划开始日 / 期' is joined, the unit label after it stays its own."""
    text = "\n".join(["财政项目支出绩效目标申报表", "（2025年度）", "项目名称", "甲项目", "主管部门", "某局",
                      "计划开始日", "期", "项目资金（", "元）", "2025-01-01", "项目资金总额", "项目资金（", "元）",
                      "项目类别", "实施单位", "某院", "计划完成日期", "5,201,000", "2025-12-31", "年度资金申请总额",
                      "5,201,000", "其他资金", "一级指标", "经常性项目", "二级指标", "三级指标", "指标目标值",
                      "产出指标", "数量指标", "完成数", "=5(个)"])
    (form,) = extract_text(text, "x.txt")
    assert (form.implementing_unit, form.project_category, form.start_date, form.end_date) == (
        "某院", "经常性项目", "2025-01-01", "2025-12-31")
    assert (form.budget.total, form.budget.annual_total, form.budget.other) == (5201000, 5201000, None)


def _late_form(unit: str, extra_unit: str | None = None):
    """A self-evaluation form in pdftotext block order whose 实施单位 value, 项目类别 label and value and
    计划完成日期 label are printed after the indicator table (among its leftover label blocks)."""
    tail = ["社会效益指标", "效益指标", unit, "年初预算数", "一级指标", "产出指标", "实施单位", "特定目标类",
            "计划完成日期", "项目类别", "-1-"]
    if extra_unit:
        tail.insert(3, extra_unit)
    lines = ["财政项目支出绩效目标表", "（2026年度）", "项目名称", "乙项目", "主管部门", "某某区卫生健康委员会",
             "计划开始日期", "项目性质", "其他经常性项目", "2026-01-01", "2026-12-31",
             "一级指标", "二级指标", "三级指标", "指标目标值", "完成数", "=5(个)", "合格率", "=100(%)",
             "数量指标", "质量指标", *tail]
    return extract_text("\n\n".join(lines), "x.txt")[0]


def test_header_cells_printed_after_the_table_complete_the_header():
    form = _late_form("某某区卫生健康数据中心")
    assert (form.implementing_unit, form.project_category, form.project_nature) == (
        "某某区卫生健康数据中心", "特定目标类", "其他经常性项目")
    assert (form.start_date, form.end_date) == ("2026-01-01", "2026-12-31")
    assert [r.level3 for r in form.indicators] == ["完成数", "合格率"]  # the unit is no row
    assert any("after the indicator table" in d for d in form.doubts)


def test_two_organisation_names_after_the_table_are_a_doubt_not_a_guess():
    form = _late_form("某某区卫生健康数据中心", "某某区第二人民医院")
    assert form.implementing_unit is None
    assert any("does not say" in d for d in form.doubts)


def _scored_form(tail: list[str], before_table: list[str] = ()):
    """A self-evaluation form printed one cell per line, whose last blocks are `tail`."""
    lines = ["财政项目支出绩效自评表", "（2024年度）", "项目名称", "丙项目", "主管部门", "某某区卫生健康委员会",
             *before_table, "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
             "完成数", "=5(个)", "5(个)", "50", "50", "合格率", "=100(%)", "100(%)", "50", "48",
             "100", "98", "产出指标", "数量指标", "质量指标", *tail]
    return extract_text("\n\n".join(lines), "x.txt")[0]


def test_grade_printed_after_the_note_title_and_before_the_page_number():
    """'总分 / 评分等级 / 偏差原因分析及改 / 进措施 / 良 / 1': the grade is the scale's word, the note title's
    wrapped tail and the page number are neither the grade nor a row."""
    form = _scored_form(["总分", "评分等级", "偏差原因分析及改\n进措施", "良", "1"])
    assert form.grade == "良" and form.total_score == 98
    assert [r.level3 for r in form.indicators] == ["完成数", "合格率"]


def test_a_sentence_is_no_header_value_and_goal_titles_are_no_rows():
    """The unit's name printed before its label, then the goal's summary sentence: the sentence is prose,
    the name goes to the label; the goal block's column titles (预期目标 / 实际完成情况) are no cells."""
    form = _scored_form(["总分", "评分等级", "优"],
                        ["预期目标", "实际完成情况", "保障项目按计划实施。", "效益指标", "某某区卫生健康信息中心", "一级指标",
                         "实施单位", "项目已按计划实施，年度目标基本完成。"])
    assert form.implementing_unit == "某某区卫生健康信息中心"
    form = _scored_form(["实际完成情况", "总分", "评分等级", "优"])
    assert [r.level3 for r in form.indicators] == ["完成数", "合格率"] and form.grade == "优"


def test_a_column_of_labels_then_its_values_keep_their_order_by_grammar():
    """'项目名称 / 申报单位名称 / 绩效类型 / 计划开始日期', then the values: the project's name goes to 项目名称
    (not to the latest label that takes a name), the organisation's name printed after a blank funds cell goes to
    the unit, the class value waits for 项目类别, printed later."""
    text = "\n".join(["财政项目支出绩效目标申报表", "（2022年度）", "项目名称", "申报单位名称", "绩效类型", "计划开始日期",
                      "", "智慧平台3.0二期", "", "事业/专业类", "2022-01-01", "", "计划完成日期", "2022-12-31",
                      "其他资金", "", "其他一次性项目", "", "某市某区社会福利院", "", "项目类别", "",
                      "一级指标 二级指标 三级指标 指标目标值", "产出指标 数量指标 完成数 =5(个)"])
    (form,) = extract_text(text, "x.txt")
    assert (form.project_name, form.implementing_unit, form.performance_type, form.project_category) == (
        "智慧平台3.0二期", "某市某区社会福利院", "事业/专业类", "其他一次性项目")


def test_a_broken_unit_label_is_not_joined_with_the_value_after_it():
    lines = ["项目资", "金（元", "）", "一次性项目", "某某中心"]
    assert [x for x in rejoin_broken_labels(lines) if x] == ["项目资金（元）", "一次性项目", "某某中心"]


def test_funds_row_labels_printed_after_the_table_keep_the_funds_table_order():
    """Excel via LibreOffice: the funds numbers come right after the column titles, 上年结转 / 其他 labels
    after their numbers, and 年度资金总额 / 其中：当年财政拨款 / the unit label ('项目资金（万' … '元）') only after
    the indicator table. The rows are the funds table's own (年度资金总额 first), the unit is 万元, and the
    label pieces are no rows."""
    nums = ["56.28", "56.28", "56.00", "10.00", "99.50", "9.95", "—", "56.28", "—", "—", "—", "—"]
    lines = ["2026年度项目支出绩效自评表", "项目名称", "丁项目", "主管部门", "某某区民政局", "实施单位", "某某区福利院",
             "年初预算数", "全年预算数", "全年执行数", "分值", "执行率(%)", "得分", *nums,
             "上年结转资金", "—", "0.00", "—", "—", "—", "—", "其他资金", "—", "0.00", "—", "—", "—", "—",
             "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
             "完成数", "=5(个)", "5(个)", "50", "50", "合格率", "=100(%)", "100(%)", "40", "40",
             "年度资金总额：", "项目资金（万", "其中：当年财政拨", "元）", "款", "产出指标", "数量指标", "质量指标",
             "总分", "评分等级", "优"]
    (form,) = extract_text("\n\n".join(lines), "x.txt")
    bud = form.budget
    assert form.money_unit_printed == "万元"
    assert (bud.initial_budget, bud.full_year_budget, bud.executed, bud.execution_rate_pct, bud.budget_score) == (
        562800, 562800, 560000, 99.5, 9.95)
    assert bud.fiscal == 562800 and bud.carryover == 0 and bud.other == 0
    assert [r.level3 for r in form.indicators] == ["完成数", "合格率"]
    assert any("usual order" in d for d in form.doubts)


def test_column_titles_that_end_the_form_still_make_the_table():
    """'一级指标 / 二级指标 / <the rows> / 三级指标 / -6- / 指标目标值' and then the next form: the titles are the
    table's though nothing follows the last of them."""
    lines = ["财政项目支出绩效目标申报表", "（2026年度）", "项目名称", "戊项目", "主管部门", "某委员会",
             "一级指标", "二级指标", "成本指标", "经济成本指标", "项目总成本", "≤190.00(万元)", "数量指标",
             "完成项目数量", "≥1.00(个)", "质量指标", "项目验收合格率", "=100(%)", "效益指标", "社会效益指标",
             "服务覆盖人数", "≥1000(人)", "满意度指标", "服务对象满意度指标", "满意度", "≥90.00(%)", "产出指标",
             "三级指标", "-6-", "指标目标值"]
    (form,) = extract_text("\n\n".join(lines), "x.txt")
    assert [r.level3 for r in form.indicators][:2] == ["项目总成本", "完成项目数量"]
    assert len(form.indicators) == 5


def test_scored_table_whose_name_and_value_titles_are_printed_after_its_rows():
    """Word via LibreOffice: the funds block, then '二级指标 / 分值 / 得分' and the rows; 三级指标 / 年度指标值 /
    实际完成值 only after the rows. The table is read from the category and score titles."""
    lines = ["2024 年度项目支出绩效自评表", "项目名称", "己项目", "主管部门", "某委员会", "年初预算数", "一级",
             "指标", "全年预算数", "分值", "执行率", "得分", "10.00", "10.00", "10.00", "10", "100.00%", "10",
             "其中：当年财政拨款", "10.00", "10.00", "10.00", "—", "100.00%", "—",
             "二级指标", "分值", "得分", "完成数", "=5(个)", "5(个)", "50", "50", "合格率", "=100(%)", "100(%)",
             "40", "38", "100", "98", "年度资金总额：", "项目资金（万元）", "产出指标", "数量指标", "质量指标", "三级指标", "年度指标值", "实际完成值",
             "总分", "评分等级", "优"]
    (form,) = extract_text("\n\n".join(lines), "x.txt")
    assert [(r.level3, r.target_raw, r.weight, r.score) for r in form.indicators] == [
        ("完成数", "=5(个)", 50, 50), ("合格率", "=100(%)", 40, 38)]
    assert form.budget.full_year_budget == 100000 and form.budget.budget_score == 10
    assert (form.total_score, form.grade) == (98, "优")


def _funds(labels, amounts):
    """place_fund_amounts on (label, token, read at label index | None) triples in printed order."""
    from pipelines.extract.normalize import parse_number
    from pipelines.extract.text.fund_amounts import Amount, place_fund_amounts
    from pipelines.extract.text.tokens import budget_row
    got, doubts = place_fund_amounts([(budget_row(x), x) for x in labels],
                                     [Amount(t, parse_number(t), at, lab) for t, at, lab in amounts])
    return {k: v for k, (v, _) in got.items()}, doubts


def test_amounts_printed_away_from_their_fund_labels_follow_the_funds_block_shape():
    from pipelines.extract.text.fund_amounts import money_like
    assert money_like("743000.00") and money_like("1,007,375") and not money_like("3") and not money_like("=100")
    annual = ["年度资金申请总额", "其中：当年财政拨款", "上年结转资金"]
    got, doubts = _funds(annual, [("743000.00", 10, None), ("743000.00", 11, None)])
    assert got == {"annual_total": 743000, "fiscal": 743000} and doubts
    got, doubts = _funds(annual[:1], [("100.00", 10, None), ("300.00", 20, None)])
    assert got == {} and "outnumber" in doubts[0]  # more amounts than labels: none placed
    # the funds identity chooses the label: 年度资金申请总额 2,000,000 with 财政拨款 and 上年结转 at 0 → 其他资金
    labels = ["项目资金总额", "其中：财政资金", "年度资金申请总额", "其中：当年财政拨款", "上年结转资金", "其他资金"]
    got, _ = _funds(labels, [("2,000,000", 3, 2), ("0", 5, 3), ("0", 7, 4), ("2,000,000", 30, None)])
    assert got["other"] == 2000000 and got["annual_total"] == 2000000
    # no placement adds up (the parts cannot exceed the annual total): nothing placed
    got, _ = _funds(["年度资金申请总额", "上年结转资金", "其他资金"], [("100", 1, 0), ("300.00", 9, None)])
    assert got == {"annual_total": 100}


def test_a_run_of_amounts_printed_away_is_one_column_of_the_funds_block():
    """Word: every fund label first, then '91.70 / 91.70 / 0.00 / 0.00' after the table's names: four amounts in a
    run are the annual column's four cells (the project column has three), not 项目资金总额 and 财政资金."""
    labels = ["项目资金总额", "其中：财政资金", "其他资金", "年度资金申请总额", "其中：当年财政拨款", "上年结转资金", "其他资金"]
    run = [("91.70", 40, None), ("91.70", 41, None), ("0.00", 42, None), ("0.00", 43, None)]
    got, _ = _funds(labels, run)
    assert got == {"annual_total": 91.7, "fiscal": 91.7, "carryover": 0, "other": 0}
    # a run is placed whole: a total read at its label leaves the annual column three cells, the run goes to the
    # project's total, the annual column's and no cell is left out
    labels = ["项目资金总额", "年度资金申请总额", "其中：财政资金", "其中：当年财政拨款", "上年结转资金", "其他资金", "其他资金"]
    got, _ = _funds(labels, [("12,683,000", 2, 1)] + [(t, 50 + k, None) for k, t in enumerate(
        ["12,683,000", "12,683,000", "0", "0"])])
    assert got == {"total": 12683000, "annual_total": 12683000, "fiscal": 12683000, "carryover": 0, "other": 0}


def test_an_amount_beside_the_wrong_label_goes_to_the_total_the_block_wants():
    """Excel: '项目资金总额 / 2,467,000 / … 当年财政拨款 2,467,000 / 上年结转 0 / … 0', 年度资金申请总额 printed after the
    table: the annual side's parts are printed, so its total is; the amount beside 项目资金总额 is the year's."""
    labels = ["项目资金总额", "其中：财政资金", "当年财政拨款", "上年结转资金", "其他资金", "其他资金", "年度资金申请总额"]
    got, doubts = _funds(labels, [("2,467,000", 1, 0), ("2,467,000", 4, 2), ("0", 6, 3), ("0", 9, None)])
    assert got == {"annual_total": 2467000, "fiscal": 2467000, "carryover": 0, "other": 0}
    assert any("read as 年度资金申请总额" in d for d in doubts)


def test_target_form_amounts_printed_after_the_indicator_table():
    """Word via LibreOffice: the annual side's amounts printed after the whole table, money by their shape."""
    lines = ["2023 年度项目支出绩效目标表", "项目名称", "庚项目", "主管部门", "某委员会", "项目资金总额", "743000.00",
             "其中：财政资金", "743000.00", "年度资金申请总额", "其中：当年财政拨款", "上年结转资金", "其他资金",
             "一级指标", "二级指标", "三级指标", "指标值", "完成数", "3", "合格率", "=100%", "产出指标", "数量指标",
             "质量指标", "1", "743000.00", "743000.00"]
    (form,) = extract_text("\n\n".join(lines), "x.txt")
    assert (form.budget.total, form.budget.annual_total, form.budget.fiscal) == (743000, 743000, 743000)
    assert [(r.level3, r.target_raw) for r in form.indicators] == [("完成数", "3"), ("合格率", "=100%")]


def test_dates_printed_among_the_table_titles_are_the_plans_and_no_rows():
    """'计划开始日期 … 计划完成日期 / 2023-01-01' in the header, '2023-12-31' among the table's titles after a
    heading: the plan starts before it ends; neither date is an indicator row."""
    lines = ["2023 年度项目支出绩效目标表", "项目名称", "辛项目", "主管部门", "某委员会", "计划开始日期", "项目类别",
             "实施单位", "某某中心", "计划完成日期", "2023-01-01", "项目绩效目标", "一级指标", "二级指标",
             "2023-12-31", "数量指标", "三级指标", "指标值", "完成数", "=5(个)", "合格率", "=100%"]
    (form,) = extract_text("\n\n".join(lines), "x.txt")
    assert (form.start_date, form.end_date) == ("2023-01-01", "2023-12-31")
    assert [r.level3 for r in form.indicators] == ["完成数", "合格率"]


def test_a_header_label_whose_value_is_read_does_not_swallow_the_first_row_name():
    """Excel via LibreOffice: '绩效类型' (its value printed earlier) right before the 三级目标 title, and the first
    row's name between 三级目标 and 指标目标值: the name is the first row's, not 绩效类型's value."""
    lines = ["2020年度项目支出绩效目标表", "项目名称", "壬项目", "计划开始日期", "一级目标", "财务管理", "事业/专业类",
             "2020-01-01", "计划完成日期", "2020-12-31", "二级目标", "投入管理", "投入与管理", "绩效类型", "三级目标",
             "预算编制合理性", "指标目标值", "合理", "预算执行率", ">=95%"]
    (form,) = extract_text("\n\n".join(lines), "x.txt")
    assert [(r.level3, r.target_raw) for r in form.indicators] == [("预算编制合理性", "合理"), ("预算执行率", ">=95%")]


def test_target_form_amounts_printed_among_the_table_titles_are_no_rows():
    """Word via LibreOffice: every fund label first, their amounts only after the 二级指标 title: the amounts
    go to the labels in printed order and are not the first row's target."""
    lines = ["2026 年度项目支出绩效目标表", "项目名称", "癸项目", "主管部门", "某委员会", "年度资金申请总额",
             "其中：当年财政拨款", "项目资金总额", "项目资金（元）", "其中：财政资金", "一级指标", "成本指标", "产出指标",
             "二级指标", "1,007,375", "1,007,375", "上年结转资金", "0", "三级指标", "指标值", "建设成本",
             "≤1007375.00(元)", "在线用户数", "≥2000.00(人)"]
    (form,) = extract_text("\n\n".join(lines), "x.txt")
    assert (form.budget.annual_total, form.budget.fiscal) == (1007375, 1007375)
    assert [(r.level3, r.target_raw) for r in form.indicators] == [
        ("建设成本", "≤1007375.00(元)"), ("在线用户数", "≥2000.00(人)")]


def test_total_row_cell_printed_after_the_table_under_its_column_title():
    """Excel via LibreOffice: the total row prints five cells with the others; '全年预算数' is printed after the
    table with a number beside it (after the unit's name): that number is the cell the row left out."""
    lines = ["2024年度项目支出绩效自评表", "项目名称", "子项目", "主管部门", "某委员会", "年初预算数", "年度资金总额：",
             "项目资金（万元）", "其中：当年财政拨款", "上年结转资金", "分值", "执行率", "得分",
             "900.00", "899.10", "10", "99.90%", "9.99", "900.00", "900.00", "899.10", "—", "99.90%", "—",
             "0.00", "0.00", "0.00", "—", "0.00%", "—",
             "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
             "完成数", "=5(个)", "5(个)", "50", "50", "合格率", "=100(%)", "100(%)", "40", "40", "100", "99.99",
             "产出指标", "数量指标", "质量指标", "全年执行数", "全年预算数", "某某信息中心", "905.00", "实施单位",
             "总分", "评分等级", "优"]
    (form,) = extract_text("\n\n".join(lines), "x.txt")
    bud = form.budget
    assert (bud.initial_budget, bud.full_year_budget, bud.executed, bud.execution_rate_pct) == (
        9050000, 9000000, 8991000, 99.9)
    assert form.implementing_unit == "某某信息中心"
    assert [r.level3 for r in form.indicators] == ["完成数", "合格率"]


def test_a_name_split_where_its_script_changes_is_one_value():
    """pdftotext puts a space where a name changes script: the pieces are one name, but a date or an amount
    beside a name stays its own value, and labels are never joined."""
    from pipelines.extract.text.header_values import join_name_pieces
    assert join_name_pieces(["智慧数据平台", "3.0“一网通办”二期"]) == ["智慧数据平台3.0“一网通办”二期"]
    assert join_name_pieces(["校园", "3.0(2025", "运维)"]) == ["校园3.0(2025运维)"]
    assert join_name_pieces(["（第二年）数据平台", "ERP", "升级", "3.0"]) == ["（第二年）数据平台ERP升级3.0"]
    assert join_name_pieces(["某某项目", "2025-01-01"]) == ["某某项目", "2025-01-01"]
    assert join_name_pieces(["某某项目", "5,201,000"]) == ["某某项目", "5,201,000"]
    assert join_name_pieces(["项目名称", "ERP", "升级"]) == ["项目名称", "ERP升级"]


def test_name_values_wrapped_around_their_labels_are_read_whole():
    """Word via LibreOffice, narrow value columns: a value's first line is printed before its label, the line
    on the label's baseline after it, the line below after the row's other cells ('四川省成都市武 / 主管部门 /
    实施单位 / 成都市武侯区社会福利院 / 侯区民政局'); a line wider than the first is another cell."""
    from pipelines.extract.text.wrapped_values import join_wrapped
    lines = [["智慧数据平台"], ["项目名称"], ["3.0“一网通办”二"], ["项目性质"], ["期"], ["四川省成都市武"], ["主管部门"],
             ["实施单位"], ["成都市武侯区社会福利院"], ["侯区民政局"], ["计划开始日期"]]
    assert join_wrapped(lines) == [["项目名称"], ["智慧数据平台3.0“一网通办”二期"], ["项目性质"],
                                   ["主管部门", "四川省成都市武侯区民政局"], ["实施单位"], ["成都市武侯区社会福利院"],
                                   ["计划开始日期"]]
    # a whole organisation's name before a label, or a name after a name label, is no first line
    lines = [["项目名称"], ["甲项目"], ["主管部门"], ["某某区卫生健康委员会"], ["实施单位"], ["某中心"]]
    assert join_wrapped(lines) == lines
    # the label's own one-line value on its baseline: the name before it is not its first line
    lines = [["甲项目"], ["主管部门"], ["某某区民政局"], ["实施单位"], ["侯区民政局"]]
    assert join_wrapped(lines) == lines


def test_wrapped_organisation_names_in_a_word_export_go_to_their_labels():
    lines = ["项目支出绩效目标申报表", "（2028 年度）", "智慧补助资金", "项目名称", "项目性质", "ERP 升级", "北京市朝阳区教",
             "主管部门", "实施单位", "育委员会", "计划开始日期", "计划完成日期", "2028-01-01", "其他经常性项目", "项目类别",
             "北京市朝阳区第一实验小学", "2028-12-31", "一级指标", "二级指标", "三级指标", "指标目标值", "产出指标",
             "数量指标", "完成数", "=5(个)"]
    (form,) = extract_text("\n".join(lines), "x.txt")
    assert (form.project_name, form.department, form.implementing_unit, form.project_nature) == (
        "智慧补助资金ERP升级", "北京市朝阳区教育委员会", "北京市朝阳区第一实验小学", "其他经常性项目")


def test_a_category_label_after_a_wrapped_name_is_no_piece_of_it():
    """Excel via LibreOffice: '主管部门 / 四川省成都市武侯 / 区民政局 / 产出指标 / …': the level-1 label printed after
    the name's two lines is the table's, not a third line of the name."""
    lines = ["2027年度项目支出绩效自评表", "项目名称", "甲项目", "主管部门", "四川省成都市武侯", "区民政局", "产出指标",
             "效益指标", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率(%)", "得分", "10.00", "10.00", "9.00",
             "10.00", "90.00", "9.00", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
             "数量指标", "完成数", "=5(个)", "5(个)", "50", "50"]
    (form,) = extract_text("\n".join(lines), "x.txt")
    assert form.department == "四川省成都市武侯区民政局"


def test_funds_row_labels_broken_around_their_cells_are_joined():
    """Word, narrow label cells: '年度资金总 / 56.28 … / 额：', '其中：当年 / — 56.28 … / （万元） / 财政拨款'."""
    from pipelines.extract.text.funds_labels import join_row_labels
    lines = [["年度资金总"], ["56.28"], ["56.28"], ["56.00"], ["10.00"], ["额："], ["项目资金", "其中：当年"], ["—"],
             ["56.28"], ["—"], ["（万元）"], ["财政拨款"], ["上年结转资"], ["—"], ["0.00"], ["金"], ["其他资金"], ["—"]]
    assert [t for t in join_row_labels(lines) if t] == [
        ["年度资金总额："], ["56.28"], ["56.28"], ["56.00"], ["10.00"], ["项目资金", "其中：当年财政拨款"], ["—"], ["56.28"],
        ["—"], ["（万元）"], ["上年结转资金"], ["—"], ["0.00"], ["其他资金"], ["—"]]
    # pieces that join into no row label stay as printed
    lines = [["某某"], ["10.00"], ["其他资金"]]
    assert join_row_labels(lines) == lines


def test_funds_table_printed_in_column_blocks():
    """Word: the titles of the first four columns, their cells row by row (a dash where blank); 执行率 and 得分
    row by row right after them, or after their own title elsewhere; a reading whose rate is not executed /
    budget is not taken."""
    from pipelines.extract.text.funds_cells import place_blocks
    rows = ["annual_total", "fiscal", "carryover", "other"]
    first = ["initial_budget", "full_year_budget", "executed", "budget_weight"]
    block = "56.28 56.28 56.00 10.00 — 56.28 — — — 0.00 — — — 0.00 — —".split()
    later = "99.50 9.95 — — — — — —".split()
    placed = place_blocks(rows, block + later, first, [])
    total = dict(placed.rows)["annual_total"]
    assert (total["executed"], total["execution_rate_pct"], total["budget_score"]) == ("56.00", "99.50", "9.95")
    assert dict(placed.rows)["fiscal"]["full_year_budget"] == "56.28"
    # the last columns printed after the indicator table, after their titles; indicator cells after the block
    placed = place_blocks(rows, block + ["2.00", "2.00"], first, [(["budget_score"], ["5.00", "4.00"]),
                                                               (["execution_rate_pct", "budget_score"], later)])
    assert dict(placed.rows)["annual_total"]["budget_score"] == "9.95"
    assert place_blocks(rows, block[:4] + block[4:12], first, []) is None  # counts do not fit the rows
    wrong = "56.28 56.28 56.00 10.00".split() + block[4:]
    assert place_blocks(rows, wrong + "80.00 9.95 — — — — — —".split(), first, []).rows[0][1].get(
        "execution_rate_pct") is None  # a rate that is not executed / budget: the block read alone


def test_funds_columns_printed_apart_after_the_table_are_runs_after_their_titles():
    from pipelines.extract.text.late_header import scan_late
    late = scan_late(["完成数", "执行率(%)", "得分", "99.55", "9.96", "—", "—", "偏差原因分析及改进措施", "分值", "得分", "达成"])
    assert late.fund_runs == [(["execution_rate_pct", "budget_score"], ["99.55", "9.96", "—", "—"])]


def test_funds_columns_printed_apart_in_a_run_without_their_titles():
    """Word: the 执行率/得分 cells printed after a category label, their titles elsewhere: the run whose total rate is
    executed / budget and whose 其中 cells are dashes is theirs; a run of indicator cells is not."""
    from pipelines.extract.text.funds_cells import place_blocks
    rows = ["annual_total", "fiscal", "carryover", "other"]
    first = ["initial_budget", "full_year_budget", "executed", "budget_weight"]
    block = "6.60 7.35 7.32 10.00 — 7.35 — — — 0.00 — — — 0.00 — —".split()
    runs = [([], "2.00 2.00 2.00 1.50 2.00 1.00 5.00 4.50".split()), ([], "99.59 9.96 — — — — — —".split())]
    total = dict(place_blocks(rows, block, first, runs).rows)["annual_total"]
    assert (total["execution_rate_pct"], total["budget_score"]) == ("99.59", "9.96")


def test_a_page_number_among_the_header_cells_is_no_value_and_a_project_is_no_kind_of_work():
    """'实施单位 / 计划完成日 / 期 / - 10 - / 某某中心': the page number is not the unit; '其他一次性项目' read for 绩效类型
    (its value printed away) is the 项目类别's, '事业/专业类' the 绩效类型's."""
    lines = ["财政项目支出绩效目标申报表", "（2024年度）", "项目名称", "甲项目", "绩效类型", "实施单位", "计划完成日期",
             "- 10 -", "某某区卫生健康信息中心", "项目类别", "事业/专业类", "2024-12-31", "其他一次性项目",
             "一级指标", "二级指标", "三级指标", "指标目标值", "产出指标", "数量指标", "完成数", "=5(个)"]
    (form,) = extract_text("\n".join(lines), "x.txt")
    assert form.implementing_unit == "某某区卫生健康信息中心"
    assert (form.project_category, form.performance_type) == ("其他一次性项目", "事业/专业类")


def test_a_wrapped_name_around_its_label_in_flowing_rows():
    """Flowing text, one table row per line: the department's first line above the row, its rest on the next line
    ('某某省交通运 / 主管部门 实施单位 某某省公路事务中心 / 输厅'); a heading before a label is no first line."""
    from pipelines.extract.text.wrapped_values import join_wrapped
    lines = [["项目名称", "省级智慧交通平台运维"], ["某某省交通运"], ["主管部门", "实施单位", "某某省公路事务中心"], ["输厅"],
             ["项目资金（万元）", "年初预算数"]]
    assert join_wrapped(lines) == [["项目名称", "省级智慧交通平台运维"], ["主管部门", "某某省交通运输厅", "实施单位",
                                                                         "某某省公路事务中心"], ["项目资金（万元）", "年初预算数"]]
    lines = [["年度总体目标"], ["项目名称", "甲项目"], ["工作内容"]]
    assert join_wrapped(lines) == lines


def test_amounts_read_at_their_labels_that_do_not_add_up_are_kept_with_a_doubt():
    got, doubts = _funds(["项目资金总额", "年度资金申请总额", "其中：当年财政拨款"],
                         [("80.00", 1, 0), ("100.00", 3, 1), ("100.00", 5, 2)])
    assert got == {"total": 80, "annual_total": 100, "fiscal": 100}
    assert any("do not add up" in d for d in doubts)


def test_a_column_of_labels_before_their_values_in_a_word_table():
    """A Word table's label column printed before its values ('项目名称 / 主管部门 / 名称 / 名称续 / 某委员会'): the
    open label (主管部门) does not take the project's name; a line after the name that is no organisation's is its
    wrapped rest; the first line of a broken funds column title ('全年' of '全年 / 执行 / 数') is no piece of the
    unit's name."""
    text = "\n".join(["项目支出绩效自评表", "（2024年度）", "项目名称", "主管部门", "", "某某区卫生健康信息化", "建设项目",
                      "某某区卫生健康委员会", "", "实施单位", "某某区卫生健康信息中心", "全年",
                      "年初预算数 全年预算数 执行 分值 执行率(%)", "得分", "数", "项目资金", "年度资金总额：",
                      "10.00", "10.00", "9.00 10", "90.00", "9.00", "（万元）",
                      "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                      "完成数", "=5(个)", "5(个)", "90", "90", "产出指标", "数量指标", "总分", "100", "99", "评分等级", "优"])
    (form,) = extract_text(text, "x.txt")
    assert (form.project_name, form.department, form.implementing_unit) == (
        "某某区卫生健康信息化建设项目", "某某区卫生健康委员会", "某某区卫生健康信息中心")
    assert form.budget.executed == 90000 and form.budget.full_year_budget == 100000
