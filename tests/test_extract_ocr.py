"""OCR source: each step on synthetic images (fast), then scans made from the repo's own PDFs
(skewed, noisy, stamped with a red seal) read end to end and compared with the text layer of
the same pages. Two OCR pages in all (a few seconds each)."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import cv2
import numpy as np
import pytest

from pipelines.extract.document import extract_document
from pipelines.extract.normalize import squash
from pipelines.extract.ocr import (OCR_MODES, cache_version, deskew, doubts, labels, lexicon, marks, rules, seal,
                                   source, specks, twice)
from pipelines.extract.ocr.engine import Line
from pipelines.extract.page import PageModel, Word
from pipelines.extract.record import Budget, ExtractionError, Form, Indicator
from scan_factory import scan_pdf

ROOT = Path(__file__).resolve().parents[1]
GRID = ROOT / "tests" / "fixtures" / "corpus" / "000_55d7bc6e09b5e210.grid.pdf"  # two one-page forms


def _grid_image(angle: float = 0.0, dpi: int = 150) -> np.ndarray:
    """A white page with a 4×3 ruled table and some black 'text' bars, turned by `angle`."""
    img = np.full((1200, 900), 240, np.uint8)
    for y in (200, 300, 400, 500, 600):
        cv2.line(img, (100, y), (800, y), 0, 2)
    for x in (100, 350, 600, 800):
        cv2.line(img, (x, 200), (x, 600), 0, 2)
    for y in (240, 340, 440, 540):
        cv2.rectangle(img, (120, y), (300, y + 18), 30, -1)
    m = cv2.getRotationMatrix2D((450, 600), angle, 1.0)
    return cv2.warpAffine(img, m, (900, 1200), borderValue=240)


def test_deskew_measures_and_undoes_a_turn():
    for angle in (-3.0, 1.2, 4.5):
        img = _grid_image(angle)
        a = deskew.skew_angle(img)
        assert abs(a + angle) < 0.15, (angle, a)
        assert abs(deskew.skew_angle(deskew.rotate(img, a))) < 0.15
    assert deskew.skew_angle(np.full((300, 300), 240, np.uint8)) == 0.0  # a blank page is not turned


def test_rules_are_found_in_pdf_points():
    ink = deskew.ink(_grid_image())
    hrules, vrules, mask = rules.find_rules(ink, dpi=150)
    scale = 72 / 150
    assert sorted(round(r.y / scale) for r in hrules) == [200, 300, 400, 500, 600]
    assert sorted(round(r.x / scale) for r in vrules) == [100, 350, 600, 800]
    assert all(abs(r.x0 - 100 * scale) < 2 and abs(r.x1 - 800 * scale) < 2 for r in hrules)
    assert not mask[245, 200]  # a text bar is not a rule


def test_glyph_strokes_run_together_in_a_cell_are_not_a_rule():
    """A noisy scan binarised runs the bottom strokes of a label's characters into one thin
    horizontal run, longer than the rule kernel, that meets no vertical rule: not a rule (it
    would cut the merged label cell in two, and be painted out of the label)."""
    img = _grid_image()
    cv2.line(img, (400, 350), (470, 350), 0, 2)  # inside the cell between x 350 and 600
    ink = deskew.ink(img)
    hrules, vrules, mask = rules.find_rules(ink, dpi=150)
    scale = 72 / 150
    assert sorted(round(r.y / scale) for r in hrules) == [200, 300, 400, 500, 600]
    assert not mask[350, 430]
    # without vertical rules (a table ruled by horizontal lines only) a long run is still a rule
    bare = np.full((600, 900), 240, np.uint8)
    cv2.line(bare, (100, 300), (800, 300), 0, 2)
    assert [round(r.y / scale) for r in rules.find_rules(deskew.ink(bare), dpi=150)[0]] == [300]


def test_a_glyph_cut_by_the_next_cells_box_is_not_read_twice():
    from pipelines.extract.ocr import words
    from pipelines.extract.page import Word

    page = [Word("效益指", 107.0, 135.8, 534.6, 544.9), Word("旨", 129.6, 135.8, 534.6, 544.9),
            Word("社会效益指标", 144.5, 203.5, 539.4, 549.7), Word("标", 113.0, 123.0, 548.0, 558.0)]
    assert [w.text for w in words.drop_overlaps(page)] == ["效益指", "社会效益指标", "标"]


def test_red_seal_is_dropped_and_black_ink_under_it_kept():
    rgb = np.full((400, 400, 3), 240, np.uint8)
    cv2.putText(rgb, "88", (120, 230), cv2.FONT_HERSHEY_SIMPLEX, 3, (0, 0, 0), 8)
    stamp = np.full_like(rgb, 255)
    cv2.circle(stamp, (200, 200), 120, (215, 45, 50), 10)
    cv2.circle(stamp, (200, 200), 40, (215, 45, 50), -1)
    stamped = (rgb.astype(np.float32) * stamp / 255).astype(np.uint8)
    grey, found = seal.drop_seal(stamped)
    assert found
    assert grey[200, 80] > 200 and grey[200 - 120, 200] > 200  # ring and disc gone (paper)
    text = deskew.ink(grey)
    assert text[:, 120:300].sum() > 0.8 * deskew.ink(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))[:, 120:300].sum()
    grey2, found2 = seal.drop_seal(rgb)
    assert not found2 and grey2.shape == (400, 400)


def test_vocabulary_prefers_a_runner_up_only_when_unsure_and_says_so():
    text, changes = lexicon.choose([[("投", 1.0)], [("人", 0.62), ("入", 0.35)], [("管", 1.0)], [("理", 1.0)]])
    assert (text, changes) == ("投入管理", [(1, "人", "入")])
    sure = [[("投", 1.0)], [("人", 0.99), ("入", 0.01)], [("管", 1.0)], [("理", 1.0)]]
    assert lexicon.choose(sure) == ("投人管理", [])  # a confident reading is kept as read
    # full- and half-width variants of one character are one reading
    assert lexicon.certainty([("（", 0.55), ("(", 0.44)]) > 0.98
    notes = doubts.notes_for_word(3, "投入管理", 0.35, [(1, "人", "入")])
    assert "投人管理" in notes[0].detail and "likelier reading" in notes[0].detail


def test_a_sure_first_choice_yields_only_to_a_far_likelier_word():
    # '上内' (no word) read at 0.91 against '门' at 0.04 making '上门': probability × word weight decides
    assert lexicon.choose([[("上", 1.0)], [("内", 0.912), ("门", 0.037), ("內", 0.027)]])[0] == "上门"
    # the same first choice against a runner-up too weak for the word it would make stays
    assert lexicon.choose([[("上", 1.0)], [("内", 0.975), ("门", 0.012)]])[0] == "上内"
    # both readings make words: the recogniser's choice stands unless the other is far more common
    assert lexicon.choose([[("部", 1.0)], [("分", 0.93), ("门", 0.05)]])[0] == "部分"
    # the value grammar: a value's first 'digit' whose runner-up is a comparison sign
    value = [[("2", 0.71), ("≥", 0.18)]] + [[(c, 0.99)] for c in "5.00(家)"]
    assert lexicon.choose(value) == ("≥5.00(家)", [(0, "2", "≥")])
    assert lexicon.choose([[("2", 0.96), ("≥", 0.03)]] + value[1:])[0] == "25.00(家)"  # a sure digit stays
    assert lexicon.choose([[("K", 0.5), ("<", 0.2)]] + [[(c, 0.99)] for c in "=5%"])[0] == "<=5%"
    assert lexicon.choose([[("《", 0.5), ("<", 0.3)]] + [[(c, 0.99)] for c in "=6小时"])[0] == "<=6小时"
    # an amount's separators: a thousands comma read as a point makes no amount; its runner-up does
    amount = [[(c, 0.99)] for c in "1.196.000"]
    amount[1], amount[5] = [(".", 0.48), (",", 0.37)], [(".", 0.82), (",", 0.11)]
    assert lexicon.choose(amount)[0] == "1,196,000"
    amount[1] = [(",", 0.77), (".", 0.22)]
    assert lexicon.choose(amount)[0] == "1,196,000"  # '1,196.000': grouped, so three decimals are a group
    three = [[(c, 0.99)] for c in "300.000"]
    three[3] = [(".", 0.7), (",", 0.25)]
    assert lexicon.choose(three)[0] == "300,000"  # amounts are not printed with three decimals
    for fine in ("1,196.00", "0.125", "2023-12-31", "3.0"):
        assert lexicon.choose([[(c, 0.6), (",", 0.3)] for c in fine])[0] == fine


def _line(text: str, gaps, probs=None) -> Line:
    chars = [[(ch, (probs or {}).get(i, 0.99))] for i, ch in enumerate(text)]
    return Line(np.zeros((4, 2), np.float32), text, 0.99, chars, [10.0 * (i + 1) for i in range(len(text))], gaps)


def test_a_paired_mark_the_recogniser_outvoted_is_restored_where_it_saw_it():
    # the closing quote had weight 0.3 in the blank between '1' and '签'
    line = _line('改革"1+1签约', [(2, 25.0, [("1", 0.06)]), (6, 57.0, [('"', 0.23), ("“", 0.04), ("”", 0.03)])])
    notes = marks.restore(line)
    assert line.text == '改革"1+1"签约' and len(line.chars) == len(line.text) == len(line.xs)
    assert line.xs[6] == 57.0 and line.chars[6][0] == ('"', pytest.approx(0.30))
    assert len(notes) == 1 and "restored" in notes[0]
    # a directional quote read once: its mate is the other direction
    line = _line("“一网通办改革", [(5, 60.0, [("“", 0.2)])])
    marks.restore(line)
    assert line.text == "“一网通办”改革"
    # the '=' of '>=' outvoted by the blank after '>'; a weak trace is not enough for a valid '>1'
    line = _line(">1个", [(1, 20.0, [("=", 0.43), ("-", 0.01)])])
    assert marks.restore(line) and line.text == ">=1个"
    line = _line(">1个", [(1, 20.0, [("=", 0.12)])])
    assert marks.restore(line) == [] and line.text == ">1个"
    # the sign before a value, outvoted by the blank ('≥' 0.31 and '>' 0.09 before '90.00(%)')
    line = _line("90.00(%)", [(0, 5.0, [("≥", 0.31), ("2", 0.14), (">", 0.09)])])
    assert marks.restore(line) and line.text == "≥90.00(%)"
    line = _line("90.00(%)", [(0, 5.0, [("≥", 0.06), ("2", 0.1)])])  # a weak trace, its '2' counted with it
    assert marks.restore(line) == [] and line.text == "90.00(%)"
    # an amount's decimal point outvoted by the blank ('1196000.00' read '119600000', '.' 0.40 in the gap)
    line = _line("119600000", [(7, 70.0, [(".", 0.40), (" ", 0.12)])])
    assert marks.restore(line) and line.text == "1196000.00" and len(line.chars) == len(line.xs) == 10
    # a weak trace, a trace of something else, a point already there, a short number: untouched
    line = _line("477800000", [(7, 70.0, [(".", 0.22), (" ", 0.20)])])
    assert marks.restore(line) and line.text == "4778000.00"
    for text, gaps in (("119600000", [(7, 70.0, [(".", 0.1)])]), ("119600000", [(7, 70.0, [(" ", 0.3), (".", 0.2)])]),
                       ("1196000.00", [(5, 50.0, [("0", 0.22)])]),
                       ("119600000", [(4, 40.0, [(".", 0.5)])]), ("100", [(1, 10.0, [(".", 0.6)])])):
        line = _line(text, gaps)
        assert marks.restore(line) == [] and line.text == text
    # brackets of two kinds opened and closed: the less certain one takes its mate's kind
    line = _line("（上海市统计制度》", [], {0: 0.6})
    assert marks.restore(line) and line.text == "《上海市统计制度》"
    # curly quotes read in one direction open and close in turn
    line = _line("区”便捷就医”数字化", [])
    marks.restore(line)
    assert line.text == "区“便捷就医”数字化"
    # a pair read half curly, half straight takes the family its readings weigh more for
    line = _line('改革”1+1"签约', [])
    line.chars[2] = [("”", 0.5), ('"', 0.4)]
    marks.restore(line)
    assert line.text == '改革"1+1"签约'
    line = _line('改革”1+1"签约', [])
    line.chars[2], line.chars[6] = [("”", 0.9), ('"', 0.05)], [('"', 0.5), ("”", 0.45)]
    marks.restore(line)
    assert line.text == "改革“1+1”签约"
    # a bracket left open at a wrapped line's end with no trace of its mate stays open, no note
    line = _line("（注：按季度", [(3, 40.0, [("）", 0.02)])])
    assert marks.restore(line) == [] and line.text == "（注：按季度"
    # balanced lines are untouched; '1）' numbering a list item is not an unpaired mark
    line = _line("（汇总）", [(2, 30.0, [("）", 0.5)])])
    assert marks.restore(line) == [] and line.text == "（汇总）"
    assert marks.unbalanced("1）完成建设") is None and marks.unbalanced("改革“1+1签约") == "“"
    assert marks.unbalanced("（一期)") is None  # full- and half-width brackets pair


def test_a_values_sign_read_as_a_digit_or_the_strict_sign_is_read_by_the_value_grammar():
    def value(text: str, first: list[tuple[str, float]]) -> list[list[tuple[str, float]]]:
        return [first] + [[(c, 0.99)] for c in text[1:]]

    # a rate over 100% that is a rate without its first digit, which has a sign runner-up: '≥'
    assert lexicon.choose(value("290%", [("2", 0.77), ("≥", 0.055), (">", 0.012)]))[0] == "≥90%"
    assert lexicon.choose(value("295%", [("2", 0.55), (">", 0.097), ("≥", 0.05)]))[0] == "≥95%"  # a '2' sign is '≥'
    assert lexicon.choose(value("290人", [("2", 0.77), ("≥", 0.055)]))[0] == "290人"  # no rate: the weights decide
    assert lexicon.choose(value("25.00(家)", [("2", 0.81), ("≥", 0.087), (">", 0.018)]))[0] == "≥5.00(家)"
    # a strict sign with the inclusive one close behind: targets print '≥' ten times as often
    assert lexicon.choose(value(">100T", [(">", 0.41), ("≥", 0.30)]))[0] == "≥100T"
    assert lexicon.choose(value(">5.00(件)", [(">", 0.89), ("＞", 0.07), ("≥", 0.003)]))[0] == ">5.00(件)"
    assert lexicon.choose(value(">=90%", [(">", 0.5), ("≥", 0.4)]))[0] == ">=90%"
    # a sign the blank outvoted before a value: a '2' in that gap is '≥' read, with the signs' weight
    line = _line("90%", [(0, 5.0, [("2", 0.30), (">", 0.13), ("≥", 0.08), ("＞", 0.01)])])
    assert marks.restore(line) and line.text == "≥90%"
    line = _line("2000.00(人)", [(0, 5.0, [(">", 0.30), ("≥", 0.17), ("2", 0.06), ("＞", 0.04)])])
    assert marks.restore(line) and line.text == "≥2000.00(人)"
    line = _line("90%", [(0, 5.0, [("2", 0.30), ("#", 0.01)])])  # no sign read at all: a '2' alone is not one
    assert marks.restore(line) == [] and line.text == "90%"


def test_a_number_cells_point_read_as_a_colon_or_a_speck_after_it_is_mended():
    # '10:00' in a score cell (':' 0.51, '.' 0.45): one number, a point among the colon's readings
    ten = [[(c, 0.99)] for c in "10:00"]
    ten[2] = [(":", 0.51), (".", 0.45)]
    assert lexicon.choose(ten) == ("10.00", [(2, ":", ".")])
    for text in ("每日10:00前", "10:00"):  # a time in a sentence; a colon with no point among its readings
        chars = [[(c, 0.99)] for c in text]
        assert lexicon.choose(chars)[0] == text
    # a speck after a number that has its decimals reads as a point or a dash: dropped, with a note
    for text, kept in (("10.00.", "10.00"), ("894.57-", "894.57"), ("≥95.00(%).", "≥95.00(%)"), ("10.", "10."),
                       ("5-10", "5-10"), ("1.2.3", "1.2.3")):
        line = _line(text, [])
        notes = specks.drop(line)
        assert line.text == kept and len(line.chars) == len(line.xs) == len(kept) and bool(notes) == (kept != text)
    # a first choice the recogniser was fairly sure of (0.97) yields to a runner-up making a very common word
    assert lexicon.choose([[("采", 0.97), ("系", 0.02)], [("统", 0.99)], [("运", 0.98)], [("行", 0.99)]])[0] == "系统运行"


def test_one_glyph_read_twice_by_the_decoder_is_read_once():
    """'可持续' read '可持特续': '持' (0.50, '特' 0.31) and '特' (0.46, '持' 0.26) 4 px apart where the
    line's glyphs are 16-20 px apart: one glyph; the vocabulary then chooses '持'."""
    line = _line("可持特续影响", [])
    line.xs = [357.0, 373.0, 377.0, 393.0, 413.0, 433.0]
    line.chars[1], line.chars[2] = [("持", 0.50), ("特", 0.31), ("待", 0.09)], [("特", 0.46), ("持", 0.26), ("待", 0.04)]
    notes = twice.merge(line)
    assert len(notes) == 1 and len(line.text) == len(line.chars) == len(line.xs) == 5
    assert lexicon.choose(line.chars)[0] == "可持续影响"
    # glyphs as far apart as the line's, or readings that are not each other's: two characters
    for xs, second in (([357.0, 373.0, 389.0, 405.0, 421.0, 437.0], [("特", 0.46), ("持", 0.26)]),
                       ([357.0, 373.0, 377.0, 393.0, 413.0, 433.0], [("特", 0.46), ("待", 0.26)])):
        line = _line("可持特续影响", [])
        line.xs, line.chars[1], line.chars[2] = xs, [("持", 0.50), ("特", 0.31)], second
        assert twice.merge(line) == [] and line.text == "可持特续影响"


def test_a_compound_names_hyphen_the_blank_outvoted_is_restored_between_ideographs():
    # '信息化-基于市民…' read without its '-' (0.30 under the blank): another name, no project matches
    line = _line("信息化基于市民", [(3, 35.0, [("-", 0.30), ("·", 0.21)])])
    assert marks.restore(line) and line.text == "信息化-基于市民" and len(line.chars) == len(line.xs) == 8
    # a weak trace, a '·' (as often a label-value gap on one line), a gap beside a digit: untouched
    for text, gaps in (("信息化基于市民", [(3, 35.0, [("-", 0.1)])]), ("实施单位上海市", [(4, 45.0, [("·", 0.28)])]),
                       ("运维2023年", [(2, 25.0, [("-", 0.4)])])):
        line = _line(text, gaps)
        assert marks.restore(line) == [] and line.text == text


def _page(words: list[Word]) -> PageModel:
    return PageModel(3, 595.0, 842.0, words, [], [], "ocr", sum(len(w.text) for w in words), 0)


def test_a_label_read_one_character_off_is_the_label_with_a_doubt():
    """'年度资金申请总额' read '年度资金中请总' + '额' (申 not even a runner-up; the first line's box
    overlapping the second, so the cell's lines were two blocks): one edit from one label, its value
    beside it → the label, one word, and a note on the field it introduces."""
    assert labels.misread("年度资金中请总额", beside=False).label == "年度资金申请总额"
    assert labels.misread("实施单住", beside=True).field == "implementing_unit"
    assert labels.misread("实施单住", beside=False) is None  # a short label needs its value beside it
    # a glyph lost; two edits from a long label with its value beside it (120 dpi); a label's colon kept
    assert labels.misread("年度资金申请总", beside=False).how == "lost"
    assert labels.misread("年度资金请总和", beside=True).label == "年度资金申请总额"
    assert labels.misread("年度资金请总和", beside=False) is None
    assert labels.misread("年度资金申请总和：", beside=False).label == "年度资金申请总额："
    # a caption is no misread label: '项目资金（元）' is two edits from '项目资金总额（元）'
    assert labels.misread("项目资金（元）", beside=True) is None and labels.misread("年度资金总额：", True) is None
    for text in ("年度资金申请总额", "年度贡金中清总额", "服务对象满意率", "年度资金中请总额1", "项目"):
        assert labels.misread(text, beside=True) is None, text  # exact, three edits, a category's neighbour, ...
    assert labels.misread("年度资金中清总额", beside=False) is None  # two edits without the value beside
    words = [Word("年度资金中请总", 322.6, 385.0, 135.0, 149.2, 0.51), Word("额", 349.4, 358.1, 145.3, 155.7),
             Word("300000.00", 400.0, 440.0, 140.0, 150.0), Word("项目资金总额", 100.0, 150.0, 140.0, 150.0)]
    page = _page(words)
    mends = labels.mend_page(page)
    assert [w.text for w in page.words] == ["年度资金申请总额", "300000.00", "项目资金总额"]
    assert len(mends) == 1 and mends[0][1].field == "budget.annual_total" and mends[0][1].how == "replaced"
    form = Form(seq=1, form_type="target", year=2023, project_name="影像云", page_start=3, page_end=3,
                extraction_method="ocr", budget=Budget(annual_total=300000.0))
    note = doubts.Note(3, "年度资金申请总额", "was read '年度资金中请总额' by OCR", 135.0, "budget.annual_total")
    doubts.attach([form], [note])
    assert form.doubts == ["page 3: budget.annual_total: the label '年度资金申请总额' was read '年度资金中请总额' by OCR"]


def test_a_glyph_read_twice_across_a_labels_line_join_is_dropped():
    """A vertical category label '可持\\n续影\\n响指\\n标' whose first glyph of a line the detector
    read again at the start of the next ('可持' / '持续影'): the label, the glyph once."""
    words = [Word("可持", 50.0, 70.0, 100.0, 110.0), Word("持续影", 50.0, 70.0, 111.0, 121.0),
             Word("响指标", 50.0, 70.0, 122.0, 132.0), Word("组织管理完备性", 120.0, 190.0, 111.0, 121.0)]
    page = _page(words)
    mends = labels.mend_page(page)
    assert "".join(w.text for w in page.words[:3]) == "可持续影响指标" and mends[0][1].how == "doubled"
    # a long category label wrapped in its cell that lost a glyph ('服务对满' / '意度指标'); on one line, left
    assert labels.misread("服务对满意度指标", beside=True, joins={0, 4}).label == "服务对象满意度指标"
    assert labels.misread("服务对满意度指标", beside=True, joins={0}) is None
    # a doubled glyph inside a line is the text's own ('常常'), and a free-text name is left as read
    assert labels.misread("可持持续影响指标", beside=True, joins={0, 4}) is None
    page = _page([Word("服务对象满意率", 120.0, 190.0, 111.0, 121.0), Word("≥90%", 220.0, 240.0, 111.0, 121.0)])
    assert labels.mend_page(page) == [] and page.words[0].text == "服务对象满意率"


def test_doubts_name_the_field_the_uncertain_word_went_to():
    form = Form(seq=1, form_type="target", year=2024, project_name="数据中心运维", page_start=2, page_end=2,
                extraction_method="ocr")
    form.indicators.append(Indicator("产出指标", "数量指标", "设备巡检次数", target_raw=">=12次"))
    form.indicators.append(Indicator("产出指标", "质量指标", "故障修复率", target_raw=">=9O%"))
    form.indicators.append(Indicator("产出指标", "时效指标", "故障响应时间", target_raw=">=12次"))
    notes = doubts.notes_for_word(2, ">=12次", 0.41, [], y=300) + doubts.notes_for_word(2, "9O%", 0.99, [], y=320)
    notes += doubts.notes_for_word(2, ">=12次", 0.52, [], y=340)  # the same text on the next row
    notes += doubts.notes_for_word(5, "数据中心运维", 0.3, [])  # another page: not this form's
    doubts.attach([form], notes)
    assert any("设备巡检次数" in d and "0.41" in d for d in form.doubts)
    assert any("故障响应时间" in d and "0.52" in d for d in form.doubts)  # each word's note on its own row
    assert any("故障修复率" in d and "grammar" in d for d in form.doubts)
    assert not any("数据中心运维" in d and "0.30" in d for d in form.doubts)
    form.project_name = "“数据中心运维"  # a quote OCR lost without a trace: the field is unbalanced
    doubts.attach([form], [])
    assert any("project_name" in d and "without its mate" in d for d in form.doubts)
    text_form = Form(seq=1, form_type="target", project_name="数据中心运维", page_start=2, page_end=2)
    doubts.attach([text_form], notes)
    assert text_form.doubts == []  # text-layer forms get no OCR doubts


def test_modes_and_cache_versions():
    assert OCR_MODES == ("never", "auto", "always")
    assert source.needs_ocr("auto", 0) and not source.needs_ocr("auto", 120)
    assert source.needs_ocr("always", 120) and not source.needs_ocr("never", 0)
    versions = {cache_version("0.1.0", m) for m in OCR_MODES}
    assert len(versions) == 3 and all(v.startswith("0.1.0+") for v in versions)
    with pytest.raises(ValueError, match="ocr must be one of"):
        extract_document(GRID, ocr="sometimes")


def _same(value) -> str:
    """A value as compared with its text layer: no whitespace, full- and half-width forms alike
    (a scan cannot tell '（' from '(')."""
    return unicodedata.normalize("NFKC", squash(str(value)) or "")


def _rows(form) -> list[tuple]:
    return [tuple(_same(v) for v in (i.level1, i.level2, i.level3, i.target_raw)) for i in form.indicators]


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> Path:
    """Page 1 of the grid sample as a colour scan: 2.5° skew, noise, blur, a red seal."""
    return scan_pdf(GRID, tmp_path_factory.mktemp("scan") / "scan.pdf", pages=[1], angle=2.5, noise=7,
                    seal=True, seed=3)


def test_a_skewed_stamped_scan_reads_like_its_text_layer(scan):
    truth = extract_document(GRID, ocr="never").forms[0]
    got = extract_document(scan).forms
    assert len(got) == 1
    form = got[0]
    assert form.extraction_method == "ocr" and truth.extraction_method == "text"
    for field in ("form_type", "year", "project_name", "implementing_unit", "project_category", "start_date",
                  "end_date", "performance_type"):
        assert _same(getattr(form, field)) == _same(getattr(truth, field)), field
    assert form.budget.total == truth.budget.total
    assert len(form.indicators) == len(truth.indicators)
    same = sum(a == b for a, b in zip(_rows(form), _rows(truth)))
    assert same >= len(truth.indicators) - 1, list(zip(_rows(form), _rows(truth)))


def test_never_mode_refuses_a_scan_and_names_the_fix(scan):
    with pytest.raises(ExtractionError) as err:
        extract_document(scan, ocr="never")
    assert err.value.kind == "scanned" and "--ocr auto" in str(err.value) and "scan.pdf" in str(err.value)


def test_mixed_document_is_read_page_by_page(tmp_path):
    """Page 1 keeps its text layer, page 2 is a scan: two forms, one from each source."""
    from pypdf import PdfReader, PdfWriter

    scanned = scan_pdf(GRID, tmp_path / "p2.pdf", pages=[2], angle=-1.5, noise=5, seed=5)
    w = PdfWriter()
    w.add_page(PdfReader(GRID).pages[0])
    w.add_page(PdfReader(scanned).pages[0])
    mixed = tmp_path / "mixed.pdf"
    with mixed.open("wb") as fh:
        w.write(fh)
    seen = []
    forms = extract_document(mixed, on_page=lambda n, total, ocred: seen.append((n, total, ocred))).forms
    assert seen == [(1, 2, False), (2, 2, True)]
    assert [f.extraction_method for f in forms] == ["text", "ocr"]
    truth = extract_document(GRID, ocr="never").forms
    assert [_same(f.project_name) for f in forms] == [_same(f.project_name) for f in truth]
    assert sum(a == b for a, b in zip(_rows(forms[1]), _rows(truth[1]))) >= len(truth[1].indicators) - 1


def test_cli_rejects_an_unknown_mode(tmp_path):
    from typer.testing import CliRunner

    from pipelines.cli import app

    res = CliRunner().invoke(app, ["extract", str(GRID), "--ocr", "maybe"])
    assert res.exit_code == 2 and "--ocr must be one of" in res.output
    res = CliRunner().invoke(app, ["load", "--raw", str(tmp_path), "--warehouse", str(tmp_path / "w.duckdb"),
                                   "--ocr", "maybe"])
    assert res.exit_code == 2 and "--ocr must be one of" in res.output


def test_a_harder_scan_of_another_form_scores_against_its_record(tmp_path):
    """Another issuer's target form (perturbed gold record: other names, amounts, values) with a
    quoted project name, printed light grey, scanned with 3° skew, noise, dust and strong JPEG
    artefacts: the record read back scores like the text layer. (Pins the tone stretch, the
    quotes restored from the decoder's gap readings, word boxes not grown by dust, and a row of
    cells ending in '情况' not taken for another table's title.)"""
    import copy
    import random

    from gold_forms import gold_forms, perturb, score_extraction
    from pdf_factory import render_forms

    form = perturb(gold_forms("001_9dca29109af1ba6b.json")[1], random.Random(7), unit="万元")
    form["project_name"] = "“智慧养老”服务平台（二期）运维"
    pdf = render_forms([form], tmp_path / "form.pdf", rules="grid")
    scan = scan_pdf(pdf, tmp_path / "scan.pdf", pages=[1], angle=-3.0, noise=9, seed=8, quality=45, ink=0.6,
                    speckle=0.002)
    got = extract_document(scan).to_dict()["forms"]
    assert got and got[0]["extraction_method"] == "ocr"
    assert _same(got[0]["project_name"]) == _same(form["project_name"])
    result, problems = score_extraction.score([form], copy.deepcopy(got))
    assert result["row_f1"] >= 0.97 and result["field_accuracy"] >= 0.97, problems
