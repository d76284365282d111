"""The PDF extractor on layouts other issuers use: a fast subset of tests/generalisation_sweep.py.

Perturbed gold forms (other names, years, amounts: see test_extract_pdf.perturb) rendered one
form per PDF with cell borders drawn as filled rectangles or outlines, letter-spaced labels,
'label：value' header lines, no form title (year from the dates, a heading or the file name),
landscape and /Rotate 90 pages, the table header alone at the foot of a page, and a row cut by
a page break (its text continuing under no new label).
"""
from __future__ import annotations

import copy
import random

import pytest

from pdf_factory import render_forms
from pipelines.extract.document import extract_document
from pipelines.extract.layout.header_zone import inline_pairs as _inline_pairs
from pipelines.extract.layout.geometry import join_letter_spaced
from gold_forms import gold_forms, perturb, score_extraction


def _two_forms(seed: int) -> list[dict]:
    """A target form and a self-evaluation, perturbed."""
    rng = random.Random(seed)
    target = gold_forms("001_9dca29109af1ba6b.json")[1]
    self_eval = gold_forms("000_55d7bc6e09b5e210.json")[0]
    return [perturb(target, rng, unit="万元"), perturb(self_eval, rng)]


def _check(forms: list[dict], pdf) -> list[dict]:
    got = extract_document(pdf).to_dict()["forms"]
    result, problems = score_extraction.score(forms, copy.deepcopy(got))
    assert result["form_recall"] == 1.0 and result["form_precision"] == 1.0, problems
    assert result["row_f1"] == 1.0, problems
    assert result["field_accuracy"] == 1.0, problems
    return got


CASES = {
    "rect-borders": {"rules": "horizontal", "borders": "rect"},
    "outline-borders": {"rules": "grid", "borders": "outline"},
    "letter-spaced-grid": {"rules": "grid", "letter_space": 6},
    "letter-spaced-unruled": {"rules": "none", "letter_space": 3},
    "header-lines": {"rules": "horizontal", "header_text": True},
    "landscape": {"rules": "horizontal", "landscape": True, "font_size": 10.5},
    "rotate90": {"rules": "grid", "rotate": 90},
    "header-alone-on-page": {"rules": "horizontal", "orphan_header": True},
    "row-cut-by-page-break-ruled": {"rules": "horizontal", "split_row": True},
    "row-cut-by-page-break-unruled": {"rules": "none", "split_row": True},
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_one_form_per_pdf_other_layouts(tmp_path, case):
    for k, form in enumerate(_two_forms(11)):
        _check([form], render_forms([form], tmp_path / f"{case}{k}.pdf", seed=k, **CASES[case]))


def test_row_cut_by_page_break_is_joined_with_a_doubt(tmp_path):
    for k, form in enumerate(_two_forms(3)):
        got = _check([form], render_forms([form], tmp_path / f"cut{k}.pdf", rules="none", split_row=True))
        assert any("cut by the page break" in d for d in got[0]["doubts"]), got[0]["doubts"]


def test_year_without_title_from_dates_heading_or_file_name(tmp_path):
    target, self_eval = _two_forms(5)
    # planned dates in one year: the year comes from them, with a doubt
    got = _check([self_eval], render_forms([self_eval], tmp_path / "a.pdf", titles=False))
    assert any("year" in d for d in got[0]["doubts"])
    # no dates: a document heading, else the file name
    for f in (target, self_eval):
        f["start_date"] = f["end_date"] = None
    _check([target], render_forms([target], tmp_path / "b.pdf", titles=False, heading=f"{target['year']}年度项目绩效目标汇总表"))
    _check([target], render_forms([target], tmp_path / f"{target['year']}年部门项目.pdf", titles=False))
    got = extract_document(render_forms([target], tmp_path / "c.pdf", titles=False)).to_dict()["forms"]
    assert got[0]["year"] is None and any("year" in d for d in got[0]["doubts"])


def _word(text, x0, size=9.0, top=100.0, x1=None):
    from pipelines.extract.page import Word

    return Word(text, x0, x0 + size * len(text) if x1 is None else x1, top, top + size)


def test_letter_spaced_words_are_rejoined_but_not_separate_cells():
    # glyphs 6 pt apart, and pieces already joined by pdfplumber that are spaced the same way
    spaced = [_word("项", 50), _word("目", 65), _word("名", 80), _word("称", 95)]
    assert [w.text for w in join_letter_spaced(spaced, [])] == ["项目名称"]
    pieces = [_word("一", 50), _word("级指标", 62, 9, x1=62 + 27 + 6)]
    assert [w.text for w in join_letter_spaced(pieces, [])] == ["一级指标"]
    # plain words a cell apart, or one word either side of a vertical rule, stay apart
    plain = [_word("健全", 50), _word("及时", 80)]
    assert [w.text for w in join_letter_spaced(plain, [])] == ["健全", "及时"]
    from pipelines.extract.page import VRule
    ruled = [_word("是", 50), _word("否", 65)]
    assert len(join_letter_spaced(ruled, [VRule(62.0, 90.0, 120.0)])) == 2


def test_inline_pairs_split_a_header_line():
    assert _inline_pairs("项目总预算（万元）：1,690.72 项目当年预算（万元）：300") == [
        ("项目总预算（万元）", "1,690.72"), ("项目当年预算（万元）", "300")]
    assert _inline_pairs("计划开始日期：2021-01-01  计划完成日期：2021-12-31") == [
        ("计划开始日期", "2021-01-01"), ("计划完成日期", "2021-12-31")]
    assert _inline_pairs("总体目标：完成系统运维") == []
