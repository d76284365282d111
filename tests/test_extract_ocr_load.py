"""A load over a raw folder holding a mixed document (one text page, one scanned page): per-page
OCR progress, dim_document.extraction_method, OCR doubts as dq_issue warnings, the record cache
keyed by the OCR mode. One OCR page."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.load import run_load
from pipelines.settings import Settings
from scan_factory import scan_pdf

ROOT = Path(__file__).resolve().parents[1]
GRID = ROOT / "tests" / "fixtures" / "corpus" / "000_55d7bc6e09b5e210.grid.pdf"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    from pypdf import PdfReader, PdfWriter

    tmp = tmp_path_factory.mktemp("ocrload")
    raw = tmp / "raw"
    raw.mkdir()
    scanned = scan_pdf(GRID, tmp / "p2.pdf", pages=[2], angle=1.0, noise=5, seal=True, seed=7)
    w = PdfWriter()
    w.add_page(PdfReader(GRID).pages[0])
    w.add_page(PdfReader(scanned).pages[0])
    with (raw / "mixed.pdf").open("wb") as fh:
        w.write(fh)
    settings = Settings(raw_dir=raw, warehouse=tmp / "w.duckdb", cache_dir=tmp / "cache", workers=1)
    seen: list[tuple[str, str]] = []
    summary = run_load(settings, lambda stage, done, total, detail: seen.append((stage, detail)))
    return settings, summary, seen


def test_a_load_reads_the_scanned_page_and_says_so(loaded):
    settings, summary, seen = loaded
    assert summary.published and summary.failed == 0 and summary.forms == 2
    assert ("extract", "mixed.pdf: OCR page 2/2") in seen  # per-page progress for pages read by OCR
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        methods = dict(con.execute("SELECT form_seq, extraction_method FROM dim_document ORDER BY form_seq").fetchall())
        comment = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'dim_document' "
                              "AND column_name = 'extraction_method'").fetchall()[0][0]
    finally:
        con.close()
    assert methods == {1: "text", 2: "ocr"}
    assert comment and "ocr" in comment


def test_the_cache_is_kept_per_ocr_mode(loaded):
    settings, _, _ = loaded
    auto = settings.cache()
    never = Settings(raw_dir=settings.raw_dir, warehouse=settings.warehouse, cache_dir=settings.cache_dir,
                     ocr="never").cache()
    from pipelines.ingest.inventory import sha256_file

    sha = sha256_file(settings.raw_dir / "mixed.pdf")
    assert auto.get(sha) is not None and auto.get(sha).ok
    assert never.get(sha) is None  # a load with another OCR mode extracts again
