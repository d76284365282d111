"""The cell-stream reader of pdftotext default-mode tables (text.cell_pieces, cell_rows, label_rows,
label_runs): interleaved vertical labels, rows whose cells pdftotext prints in separate blocks, the
total row of a scored table, and labels placed by where they are printed."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from pipelines.extract.text import extract_text
from pipelines.extract.text.cell_pieces import Piece
from pipelines.extract.text.column_blocks import name_cells, wraps
from pipelines.extract.text.name_tails import joined_tails
from pipelines.extract.text.label_runs import solve_labels

_spec = importlib.util.spec_from_file_location("score_extraction", Path(__file__).parent / "score_extraction.py")
score_extraction = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score_extraction)


def _labels(pieces: list[str]) -> list[str | None]:
    return [h.text for h in solve_labels(pieces, list(range(len(pieces))))]


def test_interleaved_vertical_labels_are_reassembled():
    # 一级 and 二级 printed vertically side by side: pdftotext interleaves their line pieces
    assert sorted(_labels(["经济", "成本", "成本", "指标", "指标"])) == ["成本指标", "经济成本指标"]
    assert sorted(_labels(["服务", "满意", "对象", "度指", "满意", "标", "度指", "标"])) == sorted([
        "满意度指标", "服务对象满意度指标"])


def test_piece_no_label_takes_is_handed_back():
    hits = solve_labels(["数", "绩效", "指标"], [0, 1, 2])
    assert hits[0].text is None  # the tail of a wrapped name, not a label
    assert all(h.level is None for h in hits)  # 绩效指标: the outer column, dropped



SCORED = """财政项目支出绩效自评表
(2024年度)
项目名称 某某信息系统运维
主管部门 某区卫生健康委员会

实施单位 某区卫生健康信息中心

一级 二级
指标 指标

三级指标

年度指标值

实际完成值

分值

得分

经济
成本
成本
指标
指标

运维成本控制率

≤80(%)

75(%)

20

20

30(%)

30

28

12(次)

30

30

数量 巡检完成率 =100(%)
指标
备份次数
≥12(次)
产出 质量
指标 指标

工单办结率

=100(%)

100(%)

20

20

100

98

满意度
指标
服务 用户满意度
对象
满意
度指
标
总分
"""


def test_scored_rows_from_separate_blocks():
    form = extract_text(SCORED, "x.txt")[0]
    rows = [(i.level1, i.level2, i.level3, i.target_raw, i.actual_raw, i.weight, i.score) for i in form.indicators]
    assert [r[2] for r in rows] == ["运维成本控制率", "巡检完成率", "备份次数", "工单办结率"]
    assert rows[0] == ("成本指标", "经济成本指标", "运维成本控制率", "≤80(%)", "75(%)", 20, 20)
    assert rows[1][3:] == ("=100(%)", "30(%)", 30, 28)  # actual/weight/score printed before the name
    assert rows[2][3:] == ("≥12(次)", "12(次)", 30, 30)
    assert rows[1][:2] == ("产出指标", "数量指标")
    assert form.total_score == 98  # the last pair is the sum of the rows: the total row
    assert any("printed away from their rows" in d for d in form.doubts)


TARGET = """财政项目支出绩效目标申报表
(2026年度)
项目名称 某某项目
主管部门 某委员会

一级 二级
指标 指标

三级指标

指标目标值

经济
成本
成本
指标
指标

项目建设成本

≤13.10(万元)

设备采购数量

数量
指标 巡检服务次
数
=2.00(台)
=7.00(次)
产出 质量
指标 指标
验收合格率
=100(%)
"""


def test_target_rows_pair_names_and_targets_in_order():
    form = extract_text(TARGET, "x.txt")[0]
    rows = [(i.level1, i.level2, i.level3, i.target_raw) for i in form.indicators]
    assert rows == [
        ("成本指标", "经济成本指标", "项目建设成本", "≤13.10(万元)"),
        ("产出指标", "数量指标", "设备采购数量", "=2.00(台)"),
        ("产出指标", "数量指标", "巡检服务次数", "=7.00(次)"),
        ("产出指标", "质量指标", "验收合格率", "=100(%)"),
    ]


# pdftotext default mode of PDFs rendered from mutated gold records (other issuers, names, values, row
# counts; tests/fixtures/pdftotext/README.md): the reader on documents it was not written against.
GENERATED = Path(__file__).parent / "fixtures" / "pdftotext" / "generated"
# text export -> (field_accuracy, row_f1) it reaches (a floor)
GENERATED_LEVELS = {
    "002.202.dense.txt": (0.96, 1.0),
    "002.7.docx.txt": (0.63, 0.77),  # a Word table in narrow columns: names wrapped every five glyphs
    "003.101.grid.txt": (0.97, 1.0),
    "001.202.horiz-top.txt": (0.97, 1.0),
    "000.202.none-mid.txt": (0.97, 1.0),
    # the provinces' one-table 自评表 from Word (default mode: rows printed in bands; -layout)
    "002.303.docx-prov.txt": (0.98, 1.0),
    "002.303.docx-prov.layout.txt": (0.91, 0.90),
}


@pytest.mark.parametrize("name", sorted(GENERATED_LEVELS))
def test_generated_exports_reach_their_level(name):
    truth = GENERATED / (".".join(name.split(".")[:2]) + ".json")
    gold = json.loads(truth.read_text("utf-8"))["forms"]
    forms = extract_text((GENERATED / name).read_text("utf-8"), name)
    for i, f in enumerate(forms, 1):
        f.seq = i
    result, problems = score_extraction.score(gold, [f.to_dict() for f in forms])
    fa, f1 = GENERATED_LEVELS[name]
    assert result["form_recall"] == 1.0, problems
    assert result["row_f1"] >= f1 and result["field_accuracy"] >= fa, (result, problems[:20])


# A grid PDF's target table as pdftotext prints it: every one-row 二级 label printed right before its
# row, the 一级 labels (but the first) in a cluster after the rows, the name / value titles last, and
# qualitative targets ('是', '及时') as bare text.
LATE_TITLES = """财政项目支出绩效目标申报表
（2026年度）
项目名称

某某平台建设项目

主管部门

某市某某委员会

一级指标

二级指标

成本指标

经济成本指标

平台建设成本

≤500000.00(元)

数量指标

接入机构数

≥40.00(家)

质量指标

是否通过等级保护测评

是

时效指标

上线完成及时性

及时

社会效益指标

数据共享是否加强

是

服务对象满意度指

标

机构满意度

产出指标

绩效指标

效益指标

满意度指标

三级指标

指标目标值

≥85.00(%)
"""


def test_one_row_labels_before_their_rows_and_level1_from_the_vocabulary():
    form = extract_text(LATE_TITLES, "late.txt")[0]
    got = [(r.level1, r.level2, r.level3, r.target_raw) for r in form.indicators]
    assert got == [
        ("成本指标", "经济成本指标", "平台建设成本", "≤500000.00(元)"),
        ("产出指标", "数量指标", "接入机构数", "≥40.00(家)"),
        ("产出指标", "质量指标", "是否通过等级保护测评", "是"),  # a bare 是 is a target in the target column
        ("产出指标", "时效指标", "上线完成及时性", "及时"),
        ("效益指标", "社会效益指标", "数据共享是否加强", "是"),
        ("满意度指标", "服务对象满意度指标", "机构满意度", "≥85.00(%)"),
    ], form.doubts


def test_cost_label_level_comes_from_the_other_labels():
    from pipelines.extract.text.label_levels import resolve_levels
    # 2023 era: 成本指标 a 二级 under 产出指标 (no 经济成本 / 社会成本 printed)
    assert resolve_levels([("产出指标", 1), ("数量指标", 2), ("成本指标", 1), ("效益指标", 1)]) == [1, 2, 2, 1]
    # 2024 era: 成本指标 a 一级 over 经济成本指标
    assert resolve_levels([("成本指标", 1), ("经济成本指标", 2), ("产出指标", 1)]) == [1, 2, 1]
    # nothing says otherwise: the vocabulary's reading stays
    assert resolve_levels([("成本指标", 1), ("数量指标", 2)]) == [1, 2]


def test_clustered_labels_give_satisfaction_rows_to_the_satisfaction_label():
    from pipelines.extract.text.label_rows import _spread
    names = ["甲", "乙", "丙", "丁", "戊", "己", "某某对象满意度"]
    # three labels over seven rows, no other sign: the only row speaking of satisfaction is the last one's,
    # the others keep their even places
    assert _spread(["社会效益指标", "可持续影响指标", "服务对象满意度指标"], 0, 7, names) == [0, 2, 6]
    assert _spread(["社会效益指标", "服务对象满意度指标"], 0, 6, ["a", "b", "c", "d", "某满意度", "某满意率"]) == [0, 4]
    # no satisfaction label among them: an even spread
    assert _spread(["数量指标", "质量指标"], 0, 4, ["a", "b", "c", "d"]) == [0, 2]
    # one satisfaction label after an anchored one: the rows before the satisfaction rows stay with that one
    assert _spread(["服务对象满意度指标"], 4, 6, ["a", "b", "c", "d", "e", "某满意度"], "可持续影响指标") == [5]
    assert _spread(["服务对象满意度指标"], 4, 6, ["a", "b", "c", "d", "e", "某满意度"]) == [4]  # no label before


def test_level1_spans_whole_level2_groups_in_the_templates_order():
    from pipelines.extract.text.label_rows import _level1_from_level2
    doubts: list[str] = []
    # a 2020-era target table: the 一级 labels printed in a cluster (here out of order), the 二级 groups known
    starts2 = [("投入管理", 0), ("财务管理", 2), ("实施管理", 5), ("数量", 8), ("质量", 9), ("时效", 10),
               ("社会效益", 11), ("满意度", 12), ("长效管理", 13), ("信息共享", 14)]
    got = _level1_from_level2(["效果目标", "影响力目标", "投入与管理", "产出目标"], starts2, doubts.append)
    assert got == [("投入与管理", 0), ("产出目标", 8), ("效果目标", 11), ("影响力目标", 13)]
    # a 二级 no printed 一级 can hold: the placement by printed position is kept
    assert _level1_from_level2(["产出指标"], [("数量指标", 0), ("社会效益指标", 3)], doubts.append) is None


# A spreadsheet's self-evaluation table as pdftotext prints it: the category titles and the vertical
# labels come among the header's cells (the first row's name beside its label's pieces), the name /
# value titles and the rows after them.
LABELS_IN_HEADER = """2024年度项目支出绩效自评表
项目名称
某区某某平台运维服务
主管部门
某区某某委员会
年初预算数
其他资金
一级指
标
二级指标
成本指
标
经济成本
设备维护成本控制
指标
数量指标
产出指
标
质量指标
效益指
标
满意度
指标
实施单位
全年预算数
全年执行数
某区某某中心
分值
执行率
得分
12.50
12.50
12.00
10
96.00%
9.60
—
0.00
0.00
三级指标
年度指标值
实际完成值
分值
得分
有效
达成指标
10
10
巡检完成率
=100.00(%)
100.00(%)
20
20
系统可用率
≥99.00(%)
99.50(%)
20
19
社会效益 服务运行情况
指标
服务对象
满意度指 用户满意度
标
稳定运行
达成指标
30
30
≥90.00(%)
95.00(%)
20
20
"""


def test_labels_printed_among_the_header_cells_are_read():
    form = extract_text(LABELS_IN_HEADER, "labels-in-header.txt")[0]
    got = [(r.level1, r.level2, r.level3) for r in form.indicators]
    assert got == [
        ("成本指标", "经济成本指标", "设备维护成本控制"),
        ("产出指标", "数量指标", "巡检完成率"),
        ("产出指标", "质量指标", "系统可用率"),
        ("效益指标", "社会效益指标", "服务运行情况"),
        ("满意度指标", "服务对象满意度指标", "用户满意度"),
    ], form.doubts
    assert [r.target_raw for r in form.indicators][:3] == ["有效", "=100.00(%)", "≥99.00(%)"]


def test_a_quantity_the_value_grammar_does_not_parse_is_a_target_not_a_name():
    from pipelines.extract.assemble import FormBuilder
    from pipelines.extract.text.cell_pieces import Piece, Zone
    from pipelines.extract.text.cell_rows import target_rows
    cells = [("故障响应时间", "text"), ("运行维护保障时间", "text"), ("7*24小时", "text"), ("成本控制数", "text"),
             ("控制在预算范围内", "text"), ("系统正常运行天数", "text"), ("=365天", "value")]
    zone = Zone([Piece(t, 2 * k, k, True, True, kind) for k, (t, kind) in enumerate(cells)])
    rows, _ = target_rows(FormBuilder("target", 2023), zone)
    # the first row's target is not printed: '7*24小时' is a target, never a row of its own
    assert "7*24小时" not in [r.level3 for r in rows]
    assert "7*24小时" in [r.target for r in rows]


def test_a_product_and_its_time_unit_printed_apart_are_one_value():
    from pipelines.extract.text.cell_pieces import _units_joined
    assert _units_joined(["7*24", "小时"]) == ["7*24小时"]  # a Word export's '7*24 小时'
    assert _units_joined(["7*24", "运维"]) == ["7*24", "运维"]  # no unit: two cells


def test_first_rows_printed_after_the_later_categories_go_first():
    from pipelines.extract.assemble import FormBuilder
    from pipelines.extract.text.cell_pieces import Piece, Zone
    from pipelines.extract.text.cell_rows import target_rows
    # a Word export: the first row's target '是' printed first, its name late beside its label, which
    # comes after the labels of the later categories
    cells = [("是", "text", None), ("接入机构覆盖率", "text", None), ("=100(%)", "value", None),
             ("巡检次数", "text", None), ("≥4(次)", "value", None), ("质量指标", "label", 2),
             ("时效指标", "label", 2), ("经济成本指标", "label", 2), ("是否在预算内完成", "text", None)]
    zone = Zone([Piece(t, k, k, True, True, kind, level) for k, (t, kind, level) in enumerate(cells)])
    b = FormBuilder("target", 2024)
    rows, _ = target_rows(b, zone)
    assert [(r.level3, r.target) for r in rows] == [
        ("是否在预算内完成", "是"), ("接入机构覆盖率", "=100(%)"), ("巡检次数", "≥4(次)")]
    assert any("first rows" in d for d in b.form.doubts)


def _target_zone(cells: list[tuple[str, str]]):
    from pipelines.extract.text.cell_pieces import Piece, Zone
    return Zone([Piece(t, 2 * k, k, True, True, kind) for k, (t, kind) in enumerate(cells)])


def test_a_cell_worded_as_a_measure_is_a_name_and_a_state_word_a_target():
    from pipelines.extract.assemble import FormBuilder
    from pipelines.extract.text.cell_rows import target_rows
    from pipelines.extract.vocabulary import names_a_measure
    assert names_a_measure("资料归档完整性") and names_a_measure("群众投诉情况") and names_a_measure("设备完好率")
    assert not names_a_measure("及时") and not names_a_measure("符合规定标准") and not names_a_measure(">=95%")
    # a Word export: names printed as a column, three and three, ahead of their targets; the targets that
    # are state words ('健全', '及时') must not become rows, nor the names worded as measures targets
    names = ["设备完好率", "巡检覆盖率", "群众投诉情况", "制度健全性", "资料归档完整性", "数据更新时效性"]
    cells = [(names[0], "text"), (names[1], "text"), (names[2], "text"), ("=98%", "value"),
             (names[3], "text"), (names[4], "text"), (names[5], "text"), ("健全", "text"),
             ("95%", "value"), ("减少", "text"), ("及时", "text"), ("完整", "text")]
    rows, _ = target_rows(FormBuilder("target", 2023), _target_zone(cells))
    assert [r.level3 for r in rows] == names
    assert sorted(r.target for r in rows) == sorted(["=98%", "健全", "95%", "减少", "及时", "完整"])


def test_a_cell_worded_as_the_standard_a_target_meets_is_no_name():
    from pipelines.extract.assemble import FormBuilder
    from pipelines.extract.text.cell_rows import target_rows
    from pipelines.extract.vocabulary import states_a_target
    assert states_a_target("符合规定标准") and states_a_target("控制在预算范围内") and states_a_target("较去年提升")
    assert states_a_target("及时") and not states_a_target("各项补贴费用标准") and not states_a_target("控制成本数")
    assert not states_a_target("学生考试及格率") and not states_a_target("按时完成率")
    # an Excel export: a row printed on its line, then two rows whose targets come before their names;
    # alternation alone reads as well with the standard as a name and the last rate as a target
    cells = [("各项补贴费用标准", "text"), ("符合规定标准", "text"), ("=100%", "value"), ("定向培养毕业生履约率", "text"),
             ("100%", "value"), ("学生考试及格率", "text"), ("人才紧缺情况", "text"), ("缓解", "text")]
    rows, _ = target_rows(FormBuilder("target", 2023), _target_zone(cells))
    assert [(r.level3, r.target) for r in rows] == [
        ("各项补贴费用标准", "符合规定标准"), ("定向培养毕业生履约率", "=100%"), ("学生考试及格率", "100%"),
        ("人才紧缺情况", "缓解")]


def test_a_name_closed_by_a_rate_and_a_name_under_it_are_two_rows_not_a_wrap():
    from pipelines.extract.text.cell_pieces import _join_wraps
    from pipelines.extract.vocabulary import two_names
    assert two_names("建设计划完成率", "验收合格率") and two_names("建设计划完成率（年度）", "云安全服务等保要求情况")
    assert not two_names("信息化管理制度", "建设情况") and not two_names("卫生统计业务数", "据上报率")

    def joined(a: str, b: str) -> list[str]:  # two lines of one block, the first as wide as the block
        return [p.text for p in _join_wraps([Piece(a, 1, 0, True, True), Piece(b, 2, 0, True, True)])]

    # an Excel export prints a row with no target in one block with the next row's name
    assert joined("建设计划完成率", "验收合格率") == ["建设计划完成率", "验收合格率"]
    assert joined("信息化管理制度", "建设情况") == ["信息化管理制度建设情况"]  # …度 runs on: a wrap
    assert joined("卫生统计业务数", "据上报率") == ["卫生统计业务数据上报率"]


def test_a_long_block_of_names_before_its_targets_keeps_every_name():
    from pipelines.extract.assemble import FormBuilder
    from pipelines.extract.text.cell_rows import target_rows
    # an Excel export: six rows' names in one block, then their targets and the next row's target before
    # its name; running six names ahead costs its steps once, so no name is read as a target to keep up
    # and no state word ('完备') as a name
    names = ["“挂号难、缴费慢、排队长”的就医现象", "医疗服务智慧化水平", "对减少硬件能耗支出的影响程度", "组织管理完备性",
             "信息共享时效性", "档案管理完备性"]
    printed = ["缓解", "提升", "显著", "完备", "100%", "完备", "≥90%"]
    rows, _ = target_rows(FormBuilder("target", 2023), _target_zone(
        [(t, "text") for t in names] + [(t, "value" if "%" in t else "text") for t in printed] + [("患者满意度", "text")]))
    assert [(r.level3, r.target) for r in rows] == [*zip(names, printed[:6]), ("患者满意度", "≥90%")]


def test_names_printed_after_every_target_take_the_targets_no_name_awaited():
    from pipelines.extract.assemble import FormBuilder
    from pipelines.extract.text.cell_rows import target_rows
    # an Excel export: the second and third rows' names are printed after the whole table
    cells = [("是否按预算完成", "text"), ("≥95(%)", "value"), ("≥12(份)", "value"), ("=100(%)", "value"),
             ("培训计划完成率", "text"), ("=100(%)", "value"), ("数据差错次数", "text"), ("≤1(次)", "value"),
             ("报表上报率", "text"), ("督导检查覆盖率", "text")]
    b = FormBuilder("target", 2024)
    rows, _ = target_rows(b, _target_zone(cells))
    assert [(r.level3, r.target) for r in rows] == [
        ("是否按预算完成", "≥95(%)"), ("报表上报率", "≥12(份)"), ("督导检查覆盖率", "=100(%)"),
        ("培训计划完成率", "=100(%)"), ("数据差错次数", "≤1(次)")]
    assert any("printed after every target" in d for d in b.form.doubts)
    # a satisfaction name printed last closes the table: it stays last
    cells = [("是否按预算完成", "text"), ("≥95(%)", "value"), ("≥90(%)", "value"),
             ("培训计划完成率", "text"), ("=100(%)", "value"), ("学员满意度", "text")]
    rows, _ = target_rows(FormBuilder("target", 2024), _target_zone(cells))
    assert [r.level3 for r in rows][-1] == "学员满意度"


def test_a_name_block_holds_as_many_wraps_as_it_has_lines_more_than_targets():
    # a word processor's narrow name column: lines that fill the column, bracketed qualifiers and glyphs
    # no line starts with are wraps; a line worded as a whole name before another name is not
    lines = ["网络安全保障成本", "巡检服务次数情况（年", "度）", "重大网络安全事故发生数", "资源使用满意度率",
             "保障公共系统运维安全", "性、稳定性", "是否达到行业服务标准", "（年度）"]
    groups, doubt = name_cells(lines, 6)
    assert ["".join(lines[i] for i in g) for g in groups] == [
        "网络安全保障成本", "巡检服务次数情况（年度）", "重大网络安全事故发生数", "资源使用满意度率",
        "保障公共系统运维安全性、稳定性", "是否达到行业服务标准（年度）"]
    assert doubt is None


def test_a_break_between_two_whole_names_is_no_wrap():
    # one row printed without a target: the count says one join, but no break reads as a wrap
    assert name_cells(["组织管理完备性", "信息数据平台使用率", "档案管理完备性"], 2) is None
    assert name_cells(["工作完成及时率", "用户满意度"], 3) is None  # fewer lines than targets


def test_a_wrap_is_read_from_the_lines_width_and_the_breaks_wording():
    # line breaking moved '估' on with the '、' no line starts with: one ideograph short of the widest line
    assert wraps("开展各项评选、评", "估、督导、调研次数", 18)
    # a quote prints narrower than an ideograph, so the block's widest line overstates the column; the
    # break reads as a wrap ('用时间' is no name on its own)
    assert wraps("竣工验收后可投入使", "用时间", 20)
    assert not wraps("竣工验收后可投入使", "医生诊疗效率", 20)  # one glyph short and no wrap in the wording
    # two lines worded as whole names are two cells where the later is as wide as the earlier
    assert not wraps("患者就医便捷度提升情况", "开放数据信息共享率", 22)
    assert not wraps("系统开发完成及时性", "综合管理水平提升情况", 20)
    assert wraps("患者就医开票便捷度", "提升情况", 18)
    assert wraps("患者就医开票便捷度", "提升情况（年度）", 18)  # the qualifier does not count
    assert wraps("30分钟内响应，", "2小时内上门", 16)  # no cell ends with '，'
    # a name closed by its qualifier ends there: the next line is its target
    assert not wraps("组织管理完备性（年度）", "完备", 22)
    assert not wraps("采购工作完成及时率（年度）", "完备", 22, 22)  # its tail '度）' printed below the target
    # a tail printed elsewhere joined to a line leaves its printed width the column's
    assert wraps("竣工验收后可投入使", "用时间", 20, 18)


def _block(lines: list[str], start: int = 1, para: int = 0) -> list[Piece]:
    return [Piece(t, start + i, para, True, True) for i, t in enumerate(lines)]


def test_wrapped_lines_of_a_block_are_joined_and_whole_cells_kept():
    from pipelines.extract.text.cell_pieces import _join_wraps
    got = _join_wraps(_block(["开展各项评选、评", "估、督导、调研次数"]) + _block(["不少于3次"], 4, 1)
                      + _block(["对减少硬件能耗支", "出，实现节能减排的", "影响程度"], 6, 2)
                      + _block(["患者就医便捷度提升情况", "开放数据信息共享率"], 10, 3))
    assert [p.text for p in got] == ["开展各项评选、评估、督导、调研次数", "不少于3次", "对减少硬件能耗支出，实现节能减排的影响程度",
                                     "患者就医便捷度提升情况", "开放数据信息共享率"]


WORD_COLUMNS = """项目支出绩效目标申报表
（2022 年度）
项目名称
某某平台运维
项目资金总额
年度资金申请总额
其中：当年财政拨款
一级指标
产出指标

二级指标
数量指标
质量指标
三级指标
网络安全保障成本
巡检服务次数情况（年
度）
保障公共系统运维安全
性、稳定性
用户满意度

5,000
5,000
0
指标目标值
=1(次)
=4(次)
≥95%
≥90%
"""


def test_a_table_printed_column_by_column_pairs_its_blocks():
    form = extract_text(WORD_COLUMNS, "x.txt")[0]
    assert [(i.level3, i.target_raw) for i in form.indicators] == [
        ("网络安全保障成本", "=1(次)"), ("巡检服务次数情况（年度）", "=4(次)"),
        ("保障公共系统运维安全性、稳定性", "≥95%"), ("用户满意度", "≥90%")]
    assert any("column by column" in d for d in form.doubts)


def test_targets_printed_apart_from_their_names_go_by_kind():
    from pipelines.extract.assemble import FormBuilder
    from pipelines.extract.text.cell_rows import target_rows
    from pipelines.extract.text.target_kinds import name_kinds, target_kind
    assert target_kind("≥95(%)") == "pct" and target_kind("=365天") == "count" and target_kind("及时") == "state"
    assert name_kinds("巡检覆盖率") == {"pct"} and name_kinds("某某满意度") == {"pct"}
    # a Word export: a block of names, then their targets in pdftotext's block order, not the rows' order
    names = ["设备完好率", "群众投诉情况", "巡检覆盖率", "资料归档完整性", "数据更新时效性", "制度健全性"]
    printed = ["=98%", "完整", "95%", "减少", "及时", "健全"]
    b = FormBuilder("target", 2023)
    rows, _ = target_rows(b, _target_zone([(t, "text") for t in names] + [
        (t, "value" if "%" in t else "text") for t in printed]))
    assert [(r.level3, r.target) for r in rows] == [
        ("设备完好率", "=98%"), ("群众投诉情况", "减少"), ("巡检覆盖率", "95%"), ("资料归档完整性", "完整"),
        ("数据更新时效性", "及时"), ("制度健全性", "健全")]
    assert any("given by their kind" in d for d in b.form.doubts)
    # two rates and one percentage: the kinds do not decide, the printed order stays
    b = FormBuilder("target", 2023)
    rows, _ = target_rows(b, _target_zone([("设备完好率", "text"), ("巡检覆盖率", "text"), ("按期完成", "text"),
                                           ("=98%", "value")]))
    assert [(r.level3, r.target) for r in rows] == [("设备完好率", "按期完成"), ("巡检覆盖率", "=98%")]
    assert not any("given by their kind" in d for d in b.form.doubts)


def test_labels_printed_among_later_categories_rows_count_as_printed_apart():
    from pipelines.extract.text.label_order import in_template_order
    # (anchor row, template rank): 数量 (rank 0) printed among the rows after 成本 (rank 3)
    assert in_template_order([(2, 1), (3, 2), (4, 3), (5, 0), (6, 4), None]) == [True, True, True, False, True, False]
    assert in_template_order([(0, 0), (2, 1), None]) == [True, True, False]  # in order: all kept
    assert in_template_order([(3, 1), (5, 0)]) is None  # two labels swapped: either may be the stray one


def test_a_satisfaction_name_under_another_category_counts_against_a_label_reading():
    from pipelines.extract.text.label_rows import _conflicts
    names = ["甲", "乙", "某某满意度"]
    l1 = [("效益指标", 0), ("满意度指标", 2)]
    assert _conflicts(l1, [("社会效益指标", 0), ("服务对象满意度指标", 2)], 3, names) == 0
    # the satisfaction label's group starting a row early puts '乙' under it
    assert _conflicts([("效益指标", 0), ("满意度指标", 1)], [("社会效益指标", 0), ("服务对象满意度指标", 1)], 3, names) == 1


def _piece(text: str, line: int, kind: str = "text") -> Piece:
    return Piece(text, line, 0, True, True, kind)


def test_the_last_line_of_a_wrapped_name_printed_after_its_row_cells_ends_that_name():
    # '各项补贴费用标准（年' / label / target / '度）': the tail closes the bracket its head left open;
    # a bracketed qualifier follows the name ending in its measure, not the state-word target between
    pieces = [_piece("各项补贴费用标准（年", 1), _piece("成本指标", 2, "label"), _piece(">=90%", 3, "value"),
              _piece("度）", 4), _piece("人才紧缺情况", 5), _piece("建立健全", 6), _piece("（年度）", 7)]
    doubts: list[str] = []
    got = joined_tails(pieces, doubts.append)
    assert [p.text for p in got] == ["各项补贴费用标准（年度）", "成本指标", ">=90%", "人才紧缺情况（年度）", "建立健全"]
    assert len(doubts) == 2


def test_a_tail_past_the_labels_beside_it_closes_its_quote_or_completes_its_measure():
    # '“挂号难、缴费慢、排' / five labels / a target / '队长”的就医现象': the tail closes the quote its head
    # opened; the labels printed beside the rows take none of the reach
    pieces = [_piece("“挂号难、缴费慢、排", 1)] + [_piece(t, 2 + i, "label") for i, t in enumerate(
        ["效益指标", "生态效益指标", "可持续影响指标", "满意度指标", "服务对象满意度指标"])] + [
        _piece("至少3年", 8, "value"), _piece("提升", 9), _piece("队长”的就医现象", 10), _piece("缓解", 11)]
    got = [p.text for p in joined_tails(pieces, lambda _: None)]
    assert got[0] == "“挂号难、缴费慢、排队长”的就医现象" and got[-1] == "缓解" and len(got) == len(pieces) - 1
    # '况' is no cell: the name its measure completes takes it; a state word or a whole name takes no glyph
    pieces = [_piece("公共卫生人才紧缺情", 1), _piece("=100%", 2, "value"), _piece("100%", 3, "value"),
              _piece("况", 4), _piece("缓解", 5)]
    assert [p.text for p in joined_tails(pieces, lambda _: None)] == ["公共卫生人才紧缺情况", "=100%", "100%", "缓解"]
    # a short piece that is a measure of its own ('全性') completes no name broken before it: any text
    # would end in it ('已按计划完成全性')
    pieces = [_piece("长效管理机制健", 1), _piece("已按计划完成", 2), _piece("全性", 3)]
    assert [p.text for p in joined_tails(pieces, lambda _: None)] == ["长效管理机制健", "已按计划完成", "全性"]
    pieces = [_piece("组织管理完备性", 1), _piece("完备", 2), _piece("是", 3)]
    assert [p.text for p in joined_tails(pieces, lambda _: None)] == ["组织管理完备性", "完备", "是"]
    # a short piece right below a line of its block is that line's (the block's wrap joining decides)
    # ('…完成率' / '率': a name ending in a measure already is not completed by it, '达成指标' above is not its)
    pieces = [_piece("达成指标", 1), _piece("5.00", 2, "num"), _piece("故障响应服务完成率", 3), _piece("率", 4)]
    assert [p.text for p in joined_tails(pieces, lambda _: None)] == ["达成指标", "5.00", "故障响应服务完成率", "率"]


def test_a_qualifier_no_name_awaits_stays_a_cell():
    pieces = [_piece("建立健全", 1), _piece("（年度）", 2)]  # a state word takes no qualifier
    assert [p.text for p in joined_tails(pieces, lambda _: None)] == ["建立健全", "（年度）"]


def test_a_wrapped_tail_with_its_qualifier_is_no_name():
    # '…动态数' reads as a whole name, but '量（年度）' is one glyph and a qualifier: the count needs the join
    groups, _ = name_cells(["公开发布研制工作动态数", "量（年度）", "专业影响力率"], 2)
    assert groups == [[0, 1], [2]]


def _paired(cells: list[tuple[str, str]]) -> tuple[list[tuple[str | None, str | None]], list[str]]:
    """(name, target) rows of a (name, target) table printed as these cells, and the doubts."""
    from pipelines.extract.assemble import FormBuilder
    from pipelines.extract.text.cell_rows import target_rows
    b = FormBuilder("target", 2023)
    rows, _ = target_rows(b, _target_zone(cells))
    return [(r.level3, r.target) for r in rows], b.form.doubts


def test_a_name_printed_with_the_next_name_before_one_target_has_no_target():
    # a grid export: two rows' targets are empty, so their names share a block with the next row's name;
    # '预算执行数' (worded as a measure) must be a name, not the target of the row before it
    cells = [("巡检完成率", "text"), ("=100%", "value"), ("应急处置响应", "text"), ("设备保障时间", "text"),
             ("5*8小时", "text"), ("预算执行数", "text"), ("平台在线天数", "text"), ("=300天", "value"),
             ("用户满意度", "text"), (">=90%", "value")]
    rows, doubts = _paired(cells)
    assert rows == [("巡检完成率", "=100%"), ("应急处置响应", None), ("设备保障时间", "5*8小时"), ("预算执行数", None),
                    ("平台在线天数", "=300天"), ("用户满意度", ">=90%")]
    assert any("no target printed" in d for d in doubts)


def test_a_bare_amount_printed_before_any_name_is_no_target():
    # a spreadsheet export: the header's last funds amount is printed after the category titles, before
    # the first row's name; it must not become the first row's target and shift the others
    rows, doubts = _paired([("0.00", "num"), ("平台建设完成率", "text"), ("100%", "value"), ("接入机构数", "text"),
                            ("=12家", "value"), ("上线及时率", "text"), ("按期完成", "text"), ("成本控制数", "text"),
                            ("控制在预算内", "text"), ("用户满意度", "text"), (">=90%", "value")])
    assert rows == [("平台建设完成率", "100%"), ("接入机构数", "=12家"), ("上线及时率", "按期完成"),
                    ("成本控制数", "控制在预算内"), ("用户满意度", ">=90%")]
    assert any("'0.00'" in d for d in doubts)


def test_labels_printed_apart_from_every_row_span_the_rows_their_names_point_to():
    from pipelines.extract.text.name_categories import spans_by_wording
    names = ["网络安全保障成本", "交换机采购数量", "巡检服务次数情况", "工作完成合格率", "工作完成及时率",
             "重大网络安全事故发生数", "资源使用满意度"]
    labels = ["经济成本指标", "数量指标", "质量指标", "时效指标", "社会效益指标", "服务对象满意度指标"]
    # six labels over seven rows: the two rows worded as counts share 数量指标 (an even split gives 质量 one)
    assert spans_by_wording(labels, 0, 7, names) == [0, 1, 3, 4, 5, 6]
    assert spans_by_wording(labels, 1, 7, names) is None  # labels anchored among the rows bound these
    assert spans_by_wording(["数量指标", "质量指标"], 0, 3, ["甲乙丙丁", "戊己庚辛", "壬癸子丑"]) is None  # no wording


def test_labels_printed_among_the_header_cells_before_the_category_titles_are_read():
    from pipelines.extract.assemble import FormBuilder
    from pipelines.extract.text.cell_pieces import labels_before
    # a Word export: the category labels come among the header's cells, before 二级指标 / 一级指标
    before = ["项目名称", "某某平台运维", "实施单位", "产出指", "标", "", "质量指标", "", "效益指", "标", "", "0.00", "",
              "二级指标", "数量指标", "", "某某中心"]
    got = [p.text for p in labels_before(FormBuilder("target", 2023), before, {"某某平台运维"}) if p.kind == "label"]
    assert got == ["产出指标", "质量指标", "效益指标", "数量指标"]


def test_scored_header_with_titles_broken_over_lines_and_side_by_side():
    """The provinces' one-table 项目支出绩效自评表 as Word prints it: the narrow 一级指标 title broken ('一级指' …
    '标', its tail after the other titles) and the value titles side by side on one line."""
    from pipelines.extract.text.cells import cell_header

    body = ["预期目标", "实际完成情况", "一级指", "二级指标", "三级指标",
            "年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施", "标", "成本指 经济成本 成本控制有效性"]
    start, after, roles, _ = cell_header(body)
    assert (start, after) == (2, 7)
    assert roles == ["level1", "level2", "level3", "target", "actual", "weight", "score", "note"]


def test_total_row_whose_weights_add_up_though_its_score_does_not():
    """总分 printed, and the last pair's first number is the rows' weights with the funds row's: the total
    row, though the scores do not add up to its second number (a doubt says so)."""
    from pipelines.extract.assemble import FormBuilder
    from pipelines.extract.text.cell_rows import _total_pair

    b = FormBuilder("self_evaluation", 2025)
    b.number("budget_weight", "10")
    b.number("budget_score", "9.95")
    nums = ["40.00", "38.00", "50.00", "41.00", "100.00", "99.95"]  # rows 40 + 50, funds 10: weights 100
    ps = [Piece(t, k, 0, True, True, "num") for k, t in enumerate(nums)]
    pairs = [(0, 1), (2, 3), (4, 5)]
    assert _total_pair(b, ps, pairs, True) == (4, 5)
    assert b.form.total_score == 99.95
    assert _total_pair(FormBuilder("self_evaluation", 2025), ps, pairs, False) is None  # 总分 not printed


# --- the provinces' one-table self-evaluation, printed by Word in row bands --------------------------------

PROVINCE_ROWS = """一级指
二级指标
三级指标
年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
标
成本指 经济成本 成本控制有效性
达成指标 2.00 2.00 已按计划完成
≥95.00(%)
标
指标
率
故障响应服务完
=100(%)
100.00(%) 10.00 10.00 已按计划完成
成率（年度）
数量指标
维护工作完成率
受疫情影响进度滞后，下
建立健全
100.00(%) 5.00 5.00
（年度）
年度加强管理
产出指
运维保障系
标
系统运行情况率
达成指标 2.00 1.00
统稳定运行
绩
效
信息化管理制度
建设情况（年
达成指标 2.00 1.50
≥95.00(%)
度）
指
标
总分
31.00 21.50
评分等级
优
"""


def _province_rows(text: str):
    from pipelines.extract.assemble import FormBuilder
    from pipelines.extract.text.cells import cell_form, cell_header

    body = text.splitlines()
    b = FormBuilder("self_evaluation", 2025)
    form = cell_form(b, body, *cell_header(body))
    return form


def test_rows_printed_in_bands_read_around_their_weight_and_score_lines():
    """Every cell centred in its row: a wrapped cell's lines straddle the row's 分值/得分 line, as many above
    as below; one-line cells at the row's middle printed on that line or just before or after it."""
    form = _province_rows(PROVINCE_ROWS)
    got = [(i.level3, i.target_raw, i.actual_raw, i.weight, i.score, i.note) for i in form.indicators]
    assert got == [
        ("成本控制有效性率", "≥95.00(%)", "达成指标", 2, 2, "已按计划完成"),
        ("故障响应服务完成率（年度）", "=100(%)", "100.00(%)", 10, 10, "已按计划完成"),
        ("维护工作完成率（年度）", "建立健全", "100.00(%)", 5, 5, "受疫情影响进度滞后，下年度加强管理"),
        ("系统运行情况率", "运维保障系统稳定运行", "达成指标", 2, 1, None),
        ("信息化管理制度建设情况（年度）", "≥95.00(%)", "达成指标", 2, 1.5, None),
    ]
    assert [(i.level1, i.level2) for i in form.indicators] == [
        ("成本指标", "经济成本指标"), ("产出指标", "数量指标"), ("产出指标", "数量指标"), ("产出指标", "数量指标"),
        ("产出指标", "数量指标")]
    assert (form.total_score, form.grade) == (21.5, "优")


def test_a_wrapped_total_score_is_one_number():
    """'100.00' too wide for the narrow 得分 column: '100.0' printed before 总分, '0' after the weights."""
    text = PROVINCE_ROWS.replace("总分\n31.00 21.50\n", "100.0\n总分\n31.00\n0\n")
    assert _province_rows(text).total_score == 100.0


def test_one_row_of_a_band_reads_each_wrapped_cell_around_the_anchor():
    from pipelines.extract.text.row_bands import _Anchor, _row_cost
    from pipelines.extract.text.rows import value_like

    texts = ["故障响应服务完", "受疫情影响进度滞后，下", "及时", "100.00(%)", "5.00", "5.00", "成率（年度）", "年度加强管理"]
    ps = [Piece(t, k, 0, True, True, "num" if k in (4, 5) else "value" if value_like(t) else "text")
          for k, t in enumerate(texts)]
    _, cells = _row_cost(ps, [0, 1, 2], _Anchor(4, 5, [3], []), [6, 7])
    assert cells == {"level3": [0, 6], "target": [2], "actual": [3], "note": [1, 7]}


def test_pieces_printed_on_one_line_stand_at_one_level_of_their_row():
    """'故障响应解决及 运维保障系' / anchor / '时性（年度） 统稳定运行': the name's and the target's first lines share
    a line, so the target is wrapped like the name — not a one-line target with its rest in the note."""
    from pipelines.extract.text.row_bands import _Anchor, _row_cost

    texts = ["故障响应解决及", "运维保障系", "达成指标", "5.00", "5.00", "已按计划完成", "时性（年度）", "统稳定运行"]
    lines = [0, 0, 1, 1, 1, 1, 2, 2]
    ps = [Piece(t, ln, 0, True, True, "num" if k in (3, 4) else "text") for k, (t, ln) in enumerate(zip(texts, lines))]
    _, cells = _row_cost(ps, [0, 1], _Anchor(3, 4, [2], [5]), [6, 7])
    assert cells == {"level3": [0, 6], "target": [1, 7], "actual": [2], "note": [5]}


def test_vertical_outer_label_spelled_one_character_a_line():
    from pipelines.extract.text.spelled_labels import spelled

    texts = ["标", "系统运行情况率", "绩", "故障响应解决及", "效", "达成指标", "率", "指", "时效指标", "标"]
    lines = list(range(len(texts)))
    # the first '标' ends a category label broken above; the '率' is a name's tail, no label's
    assert spelled(texts, lines, [True] * len(texts)) == {2, 4, 7, 9}
    assert spelled(["率", "况"], [0, 1], [True, True]) == set()


def test_label_tail_printed_after_the_rows_lines_at_its_head():
    from pipelines.extract.text.cell_pieces import _label_tails

    texts = ["效益指", "0.00(个)", "=100.00(%)", "生数", "标", "可持续影", "达成指标", "响指标"]
    ps = [Piece(t, k, 0, True, True) for k, t in enumerate(texts)]
    got = _label_tails(ps)
    assert [p.text for p in got] == ["效益指标", "0.00(个)", "=100.00(%)", "生数", "可持续影响指标", "达成指标"]
    assert (got[0].end_line, got[4].end_line) == (4, 7)


def test_label_runs_start_no_label_with_the_tail_of_another():
    texts = ["标", "可持续影", "响指标"]
    hits = solve_labels(texts, [0, 1, 2])
    assert [h.text for h in hits] == [None, "可持续影响指标"]


def test_band_labels_centred_on_the_rows_they_span():
    from pipelines.extract.text.band_labels import place_band_labels
    from pipelines.extract.text.rows import RowRec

    rows = [RowRec([], f"r{k}") for k in range(5)]
    spans = [(0, 2), (3, 5), (6, 8), (9, 11), (12, 14)]
    # 数量 over rows 0-1 (their middle line 2.5), 质量 over rows 2-4 (10); 产出 over all (7)
    place_band_labels([("数量指标", 2, 3.0), ("产出指标", 1, 7.0), ("质量指标", 2, 10.0)], spans, rows, lambda _: None)
    assert [[lab.text for lab in r.labels] for r in rows] == [["产出指标", "数量指标"], [], ["质量指标"], [], []]


def test_layout_rows_in_bands_are_read_as_their_words_stream():
    """-layout packs the narrow value columns a space apart ('=100(%) 100.00(%) 10.00 10.00'): the column
    positions cannot separate them, the row bands can; the 总分 score wrapped in its narrow column
    ('100.0' / '总分 31.00' / '0') is one number."""
    from pipelines.extract.text.layout_bands import _packed, _total_unwrapped

    lines = ["  成本指 经济成本 成本控制有效性", "                =100(%) 达成指标 2.00 2.00 已按计划完成",
             "    标    指标         率", "  故障响应服务完", "       =100(%) 100.00(%) 10.00 10.00"]
    assert _packed(lines)
    assert not _packed(["成本控制有效性   有效   达成指标   10.00    10.00", "维护工作完成率  =100%  100%  10  10"])
    assert _total_unwrapped(["标", "100.0", "总分 31.00", "0", "评分等级 优"]) == ["标", "", "总分 31.00 100.00", "",
                                                                               "评分等级 优"]
    assert _total_unwrapped(["标", "总分 31.00 99.50", "评分等级 优"]) == ["标", "总分 31.00 99.50", "评分等级 优"]


def _fit(labels, n: int, names: list[str], model: str):
    from pipelines.extract.text.label_spans import fit_spans
    from pipelines.extract.text.name_categories import row_costs
    return fit_spans(labels, n, row_costs([p.text for p in labels], names[:n]), model)


def test_a_label_over_two_lines_printed_between_names_stands_at_the_middle_of_its_rows():
    from pipelines.extract.text.label_spans import Placed
    names = ["补贴费用标准", "履约率", "考试及格率", "人才紧缺情况", "组织管理完备性", "档案管理完备性"]
    # '成本指标' on the row of the name after it; '社会效益指' / '标' with a name printed between its lines
    # (rows after: 2 and 3); '可持续影响指' / '标' both before the name of row 5
    labels = [Placed("成本指标", 0, 0, False, True), Placed("社会效益指标", 2, 3, True, True),
              Placed("可持续影响指标", 5, 5, True, True)]
    assert _fit(labels, 6, names, "middle") == ([0, 1, 4], 0.0)
    # read as printed at the top of their cells the same places say other groups
    assert _fit(labels, 6, names, "top") == ([0, 2, 5], 0.0)
    # a label over two lines with one name between (rows after: 8 and 9) stands on row 8: three rows
    # around it (7..9), not two (7..8), when both fit what follows
    names = ["甲甲"] * 13
    labels = [Placed("成本指标", 6, 6, False, True), Placed("社会效益指标", 8, 9, True, True),
              Placed("可持续影响指标", 11, 12, True, True)]
    assert _fit([Placed("数量指标", 0, 0, False, False)] + labels, 13, names, "middle") == ([0, 6, 7, 10], 0.0)


def test_labels_printed_at_the_top_of_their_cells_do_not_fit_a_centred_reading():
    from pipelines.extract.text.label_spans import Placed
    names = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬"]
    labels = [Placed("数量指标", 0, 0, False, True), Placed("质量指标", 3, 3, False, True),
              Placed("时效指标", 6, 6, False, True)]
    assert _fit(labels, 9, names, "top") == ([0, 3, 6], 0.0)
    assert _fit(labels, 9, names, "middle")[1] > 0  # three rows each: no split centres all three


def test_labels_printed_apart_between_two_anchored_ones_span_the_rows_their_names_point_to():
    from pipelines.extract.text.label_spans import Placed
    names = ["大数据分析报告", "调研次数", "编制书籍", "排版印刷准确率", "评估流程规范性", "项目完成及时率",
             "成本控制数", "书籍发放率"]
    # 数量 / 质量 / 成本 printed in a cluster (spread at rows 0, 1, 2), 社会效益 on the last row: the counts
    # stay with 数量, the accuracy with 质量, and 成本 takes the row that names a cost
    labels = [Placed("数量指标", 0, 0, False, False), Placed("质量指标", 1, 1, False, False),
              Placed("成本指标", 2, 2, False, False), Placed("社会效益指标", 7, 7, False, True)]
    assert _fit(labels, 8, names, "middle") == ([0, 2, 6, 7], 0.0)
    assert _fit(labels, 3, names, "middle") is None  # more labels than rows


def test_a_label_is_as_long_as_the_names_printed_among_its_lines():
    from pipelines.extract.text.label_rows import place_labels
    from pipelines.extract.text.rows import RowRec
    # rows 1..3 printed before the first row's name (pdftotext's block order); '经济成本指' / name of row 0 /
    # '标', then labels printed apart and the later rows: the label stands on row 0 alone, not over the
    # rows up to the next name printed after it
    pieces = [_piece("甲甲甲甲", 2), _piece("乙乙乙乙", 3), _piece("丙丙丙丙", 4),
              _piece("经济成本指标", 10, "label"), _piece("成本控制数", 11), _piece("数量指标", 13, "label"),
              _piece("社会效益指标", 16, "label"), _piece("丁丁丁丁", 17), _piece("戊戊戊戊", 19)]
    for k, end in ((3, 12), (5, 13), (6, 18)):
        pieces[k].level, pieces[k].end_line = 2, end
    rows = [RowRec([], t) for t in ("成本控制数", "甲甲甲甲", "乙乙乙乙", "丙丙丙丙", "丁丁丁丁", "戊戊戊戊")]
    place_labels(pieces, {4: 0, 0: 1, 1: 2, 2: 3, 7: 4, 8: 5}, rows, lambda m: None)
    assert [[lab.text for lab in r.labels] for r in rows][:2] == [["经济成本指标"], ["数量指标"]]


def test_a_label_printed_on_one_line_with_a_name_stands_on_that_row():
    from pipelines.extract.text.label_spans import Placed
    names = ["成本控制有效性", "故障响应服务完成率", "维护工作完成率", "运维服务达标率"]
    # '数量 故障响应服务完成率' / '指标' / '维护工作完成率': its middle between rows 1 and 2, not on row 1
    labels = [Placed("经济成本指标", 0, 0, False, True), Placed("数量指标", 1, 2, True, True, True),
              Placed("质量指标", 3, 3, False, True)]
    assert _fit(labels, 4, names, "middle") == ([0, 1, 3], 0.0)
    # printed before the name of row 1 instead, its lines fall between rows 0..2: a row of its own fits
    assert _fit([labels[0], Placed("数量指标", 1, 2, True, True), labels[2]], 4, names, "middle") == ([0, 1, 2], 0.0)


def test_a_cost_label_takes_the_names_that_name_a_cost():
    from pipelines.extract.text.name_categories import row_costs
    names = ["成本控制数", "是否在预算金额内完成", "系统正常运行天数", "医生诊疗效率", ""]
    cost, social = row_costs(["成本指标", "社会效益指标"], names)
    # a name that points nowhere fits under 社会效益 and, less well, under 成本; one worded for a count
    # (数量 is none of these labels' categories) fits either
    assert cost == [0.0, 0.0, 0.5, 0.5, 0.0]
    assert social == [1.0, 1.0, 0.0, 0.0, 0.0]


# A Word self-evaluation in narrow columns, pdftotext default mode: names wrapped every five glyphs with
# targets and labels printed among their lines, the (actual, 分值, 得分) tuples after them, the total row
# and grade after the rows, a note under 评分等级.
NARROW_SCORED = """2026 年度项目支出绩效自评表
项目名称
某某平台运维项目
主管部门
实施单位
某某市卫生健康委员会
某某市卫生信息中心
一级指标
二级指标
三级指标
年度指标值 实际完成值

分值

得分

偏差原因分
析及改进措
施

成本指标
经济成本指 成本控制有
标
效性率
=12.00(月)
产出指标
数量指标
保障网络畅
通月份（年 ≥85.00(%)
度）
质量指标
保障工作完
成合格率
=100.00(%)
（年度）
时效指标
保障工作完
成及时率情 有效保障
况
总分
评分等级

达成指标
2.00
2.00
12.00(月)
5.00
4.00
100.00(%)
10.00
9.00
达成指标
5.00
5.00
22.00
20.00
优

已按计划完
成
"""


def test_a_scored_table_in_narrow_columns_reads_its_rows_from_the_weight_score_pairs():
    (form,) = extract_text(NARROW_SCORED, "x.txt")
    got = [(i.level1, i.level2, i.level3, i.target_raw, i.actual_raw, i.weight, i.score) for i in form.indicators]
    assert got == [
        ("成本指标", "经济成本指标", "成本控制有效性率", "=12.00(月)", "达成指标", 2, 2),
        ("产出指标", "数量指标", "保障网络畅通月份（年度）", "≥85.00(%)", "12.00(月)", 5, 4),
        ("产出指标", "质量指标", "保障工作完成合格率（年度）", "=100.00(%)", "100.00(%)", 10, 9),
        ("产出指标", "时效指标", "保障工作完成及时率情况", "有效保障", "达成指标", 5, 5)]
    assert form.total_score == 20 and form.grade == "优"
    assert any("printed column by column with wrapped names" in d for d in form.doubts)


def test_scored_column_cells_cut_names_where_a_line_fills_its_column():
    from pipelines.extract.text.scored_columns import _names

    def piece(text, line, kind="text"):
        return Piece(text, line, 0, True, True, kind)

    # a full line goes on, a state word between a name's lines is no line of it, '度）' ends the bracket
    texts = ["运维服务达", "标率（年", "及时", "度）", "系统故障排", "≥95.00(%)", "除率", "故障响应解", "决及时率",
             "=100(%)", "（年度）"]
    ps = [piece(t, n, "value" if t[0] in "≥=" else "text") for n, t in enumerate(texts)]
    names, tie = _names(ps, list(range(len(ps))), 3, 10)
    assert ["".join(texts[i] for i in g) for g in names] == ["运维服务达标率（年度）", "系统故障排除率", "故障响应解决及时率（年度）"]
    assert not tie
    # a cell printed right of another on its line is no name's: the name column comes first
    texts = ["维护工作及", "运维保障系", "时性", "系统运行情", "况"]
    ps = [piece(t, n) for n, t in zip([0, 0, 1, 2, 3], texts)]
    names, _ = _names(ps, list(range(len(ps))), 2, 10)
    assert ["".join(texts[i] for i in g) for g in names] == ["维护工作及时性", "系统运行情况"]
    # notes' lines are no names' lines however wide
    texts = ["已按计划完", "成", "受疫情影响", "进度滞后，", "加强管理", "保障网络畅", "通月份"]
    ps = [piece(t, n) for n, t in enumerate(texts)]
    for p in ps[:4]:
        p.under = "note"
    names, _ = _names(ps, list(range(len(ps))), 1, 10)
    assert ["".join(texts[i] for i in g) for g in names] == ["保障网络畅通月份"]


def test_a_note_title_wrapped_over_three_lines_is_one_title():
    from pipelines.extract.text.tokens import note_title_tail, note_title_whole
    assert note_title_tail("偏差原因分", "析及改进措") and not note_title_whole("偏差原因分析及改进措")
    assert note_title_tail("偏差原因分析及改进措", "施") and note_title_whole("偏差原因分析及改进措施")
    assert not note_title_tail("偏差原因分析及改进措施", "已按计划完")


def test_value_titles_printed_after_every_row_still_head_the_table():
    # a word processor's column blocks: the names (wrapped, five glyphs a line) come between 三级指标 and
    # the value titles, which pdftotext prints after the rows and 总分; the table is found all the same
    from pipelines.extract.text.cells import cell_header
    names = ["保障网络畅", "通月份（年", "度）", "保障工作完", "成合格率"] * 10
    body = ["一级指标", "二级指标", "三级指标", *names, "总分", "评分等级", "年度指标值 实际完成值", "分值", "得分"]
    got = cell_header(body)
    assert got is not None and got[0] == 0 and {"level3", "target"} <= set(got[2])


def test_the_full_width_of_narrow_columns_is_the_one_many_broken_lines_reach():
    from pipelines.extract.text.scored_columns import _full_width
    # five lines broken inside a word at ten half-width places; a cell printed beside another on its line
    # ('“一户一档”群众知晓') is wider, once, and sets nothing; whole names ending in their measure count not
    texts = ["成本控制有", "故障响应服", "维护工作完", "运维服务考", "系统故障排", "“一户一档”群众知晓", "系统投入使用率"]
    ps = [Piece(t, n, 0, True, True) for n, t in enumerate(texts)]
    assert _full_width(ps, list(range(len(ps))), 6) == 10
    assert _full_width(ps[4:], [0, 1, 2], 6) is None  # lines of every width: no narrow column


def test_the_lines_of_a_sentence_cell_are_no_names_lines():
    from pipelines.extract.text.scored_columns import _sentence_lines
    # a note wrapped in its narrow cell ('受疫情影响' / '进度滞后，' / '下年度加强' / '管理'): the full line
    # before the comma's line and the lines going on from it are the note's; a name after it is not
    texts = ["系统投入使", "用率", "受疫情影响", "进度滞后，", "下年度加强", "管理", "已按计划完"]
    ps = [Piece(t, n, 0, True, True) for n, t in enumerate(texts)]
    assert _sentence_lines(ps, list(range(len(ps))), 10) == {2, 3, 4, 5}


def test_rows_printed_between_the_category_titles_and_a_late_name_title_are_the_tables():
    # the category titles first, then every row's wrapped name (well over 80 lines), 三级指标 and the value
    # titles after them: the table starts at the category titles, its rows not left out as header text
    from pipelines.extract.text.cells import cell_header
    names = ["保障网络畅", "通月份（年", "度）", "保障工作完", "成合格率"] * 20
    body = ["一级指标", "二级指标", *names, "三级指标", "总分", "评分等级", "年度指标值 实际完成值", "分值", "得分"]
    got = cell_header(body)
    assert got is not None and got[0] == 0 and {"level3", "target"} <= set(got[2])
