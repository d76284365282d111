"""Office-made PDFs: forms typed into Word and Excel files and exported by LibreOffice
(tests/office_factory.py made the fixtures in tests/fixtures/office; the forms are perturbed gold
forms, so names, years, amounts and values are not the shared documents').

Each fixture varies what a real office varies: zero or non-zero cell margins, 宋体 / 仿宋, portrait
or landscape, wrapped values, the indicator header repeated on each page or not, several forms to
a page with rows and header cells broken across pages, a page-number line at the top, and forms
inside a whole budget disclosure whose other tables must be skipped.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.extract.document import extract_document
from gold_forms import score_extraction

OFFICE = Path(__file__).parent / "fixtures" / "office"
FIXTURES = sorted(p.stem for p in OFFICE.glob("*.pdf"))


def _read(name: str) -> tuple[list[dict], list[dict]]:
    expected = json.loads((OFFICE / f"{name}.json").read_text(encoding="utf-8"))["forms"]
    got = extract_document(OFFICE / f"{name}.pdf").to_dict()["forms"]
    return expected, got


def test_the_office_corpus_is_present():
    assert {n.split("-")[0] for n in FIXTURES} == {"word", "excel"}
    assert len(FIXTURES) >= 6


@pytest.mark.parametrize("name", FIXTURES)
def test_office_pdf_reads_as_its_forms(name):
    expected, got = _read(name)
    result, problems = score_extraction.score(expected, got)
    assert result["form_recall"] == 1.0 and result["form_precision"] == 1.0, problems
    assert result["field_accuracy"] >= 0.99, problems[:10]
    assert result["row_f1"] >= 0.99, problems[:10]


def test_other_tables_of_a_disclosure_are_skipped_without_doubts():
    """收支总表 and 财政拨款支出表 before the forms, 三公经费 and 政府采购 tables (with 合计 rows) after
    them: only the performance forms become records, and nothing about the other tables is doubted."""
    expected, got = _read("word-2023-disclosure")
    assert [f["project_name"] for f in got] == [f["project_name"] for f in expected]
    assert all(f["total_score"] is None for f in got)
    assert not [d for f in got for d in f["doubts"]]


def test_rows_and_header_cells_broken_across_pages_are_joined():
    """Word lets a table row break across pages: a 三级指标 cell and a 项目名称 cell continue at the
    top of the next page, under no new label; each is joined (with a doubt saying so)."""
    for name in ("word-fangsong-margins-portrait", "word-target-two-per-page"):
        expected, got = _read(name)
        assert [f["project_name"] for f in got] == [f["project_name"] for f in expected]
        assert any("cut by the page break" in d for f in got for d in f["doubts"]), name


def test_a_page_number_line_at_the_top_of_a_page_is_not_content():
    from pipelines.extract.layout.geometry import Box, PageData
    from pipelines.extract.layout.titles import page_furniture

    number = Box("第 2 页", 280, 312, 35.4, 44.4, 9.0)
    rest = Box("金设备购置", 134, 179, 55.9, 64.9, 9.0)  # the rest of a cell cut by the page break
    page = PageData(2, 595.3, 841.9, [number, rest], [], [])
    assert page_furniture(page.blocks, page) == {id(number)}


def test_the_layout_engine_reads_page_models_from_any_source():
    """read_pages takes page models (what the PDF text layer, OCR or any later source produce)."""
    import pdfplumber

    from pipelines.extract.layout import read_pages
    from pipelines.extract.pdf import page_model

    name = "word-2020-landscape"
    with pdfplumber.open(OFFICE / f"{name}.pdf") as pdf:
        models = [page_model(p, i) for i, p in enumerate(pdf.pages, start=1)]
    forms = read_pages(models, f"{name}.pdf")
    expected, _ = _read(name)
    assert [f.project_name for f in forms] == [f["project_name"] for f in expected]
    assert [len(f.indicators) for f in forms] == [len(f["indicators"]) for f in expected]
