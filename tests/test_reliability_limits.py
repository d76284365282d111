"""Per-document limits (pages, bytes, seconds, memory) on real hostile PDFs, with the real extractor."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bad_inputs.make_corpus import (
    CORPUS,
    write_big_pdf,
    write_bomb_pdf,
    write_encrypted_pdf,
    write_letter_pdf,
    write_scanned_pdf,
    write_slow_pdf,
)
from pipelines.extract.batch import extract_many
from pipelines.extract.guard import Limits
from pipelines.extract.record import DocumentRecord, ExtractionError

GOOD = CORPUS / "000_55d7bc6e09b5e210.grid.pdf"


def _one(path: Path, limits: Limits, ocr: str = "auto") -> DocumentRecord | ExtractionError:
    return extract_many([path], limits, workers=1, ocr=ocr)[0]


def test_hostile_slow_pdf_is_stopped_at_the_time_limit_and_the_next_file_loads(tmp_path):
    slow = tmp_path / "slow.pdf"
    write_slow_pdf(slow)
    good = tmp_path / "good.pdf"
    shutil.copyfile(GOOD, good)
    slow_res, good_res = extract_many([slow, good], Limits(seconds=3), workers=1)
    assert isinstance(slow_res, ExtractionError) and slow_res.kind == "timeout"
    assert "slow.pdf" in str(slow_res) and "3 s limit" in slow_res.problem and "JIXIAO_SECONDS" in slow_res.problem
    assert isinstance(good_res, DocumentRecord) and good_res.forms


def test_page_limit_is_checked_before_reading_pages(tmp_path):
    big = tmp_path / "big.pdf"
    write_big_pdf(big, pages=500, distinct=False)
    err = _one(big, Limits(max_pages=100))
    assert isinstance(err, ExtractionError) and err.kind == "too_large"
    assert "500 pages" in err.problem and "100-page limit" in err.problem and "split" in err.problem


def test_byte_limit(tmp_path):
    err = _one(GOOD, Limits(max_bytes=4096))
    assert isinstance(err, ExtractionError) and err.kind == "too_large" and "limit" in err.problem


def test_decompression_bomb_hits_the_memory_cap_not_the_machine(tmp_path):
    bomb = tmp_path / "bomb.pdf"
    write_bomb_pdf(bomb, inflated_mb=1200)
    assert bomb.stat().st_size < 5 * 2**20
    err = _one(bomb, Limits(max_memory_mb=768, seconds=120))
    assert isinstance(err, ExtractionError) and err.kind == "too_large", err
    assert "768 MiB memory limit" in err.problem and "decompression bomb" in err.problem


@pytest.mark.parametrize(
    "make, kind, words",
    [
        (lambda p: write_encrypted_pdf(GOOD, p), "encrypted", "password"),
        (write_scanned_pdf, "scanned", "OCR"),
        (write_letter_pdf, "not_a_form", "no budget-performance form"),
    ],
    ids=["encrypted", "scanned", "letter"],
)
def test_reader_messages_say_what_to_do(tmp_path, make, kind, words):
    p = tmp_path / "doc.pdf"
    make(p)
    err = _one(p, Limits(seconds=60), ocr="never")  # (by default a scan is OCRed: see test_extract_ocr*.py)
    assert isinstance(err, ExtractionError) and err.kind == kind
    assert str(err).startswith(str(p)) and words in err.problem


def test_owner_password_only_pdf_still_loads(tmp_path):
    """Many official PDFs carry an owner password (printing/copy restrictions) but open without one."""
    p = tmp_path / "restricted.pdf"
    write_encrypted_pdf(GOOD, p, user_password="")
    res = _one(p, Limits(seconds=60))
    assert isinstance(res, DocumentRecord) and res.forms, res


def test_dagster_per_file_extraction_is_time_limited_too(tmp_path, monkeypatch):
    """extract_one (the document_records asset) runs the reader in a worker under the same limits."""
    from pipelines.ingest.cache import RecordCache
    from pipelines.ingest.inventory import scan
    from pipelines.load import extract_one

    raw = tmp_path / "raw"
    raw.mkdir()
    write_slow_pdf(raw / "slow.pdf")
    monkeypatch.setenv("JIXIAO_SECONDS", "2")
    (file,) = scan(raw)
    result = extract_one(raw, file, RecordCache(tmp_path / "cache"))
    assert result.status == "failed" and result.entry.error_kind == "timeout"
    assert "2 s limit" in result.entry.error
