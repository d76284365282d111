"""Nothing already published is lost when the inputs misbehave (issue 10, items 1–3):
an emptied or mostly vanished raw folder, a folder that cannot be read, a file rewritten mid-load,
and a poisoned record cache under --force."""
from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.extract import batch
from pipelines.extract.record import ExtractionError
from pipelines.ingest.inventory import sha256_file
from pipelines.load import LoadBlocked, LoadFailed, run_load, unpublished_report_path
from warehouse_fixtures import _Record, gold_records, sample_tree


def count(warehouse: Path, sql: str, params: list | None = None):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def facts(warehouse: Path) -> int:
    return count(warehouse, "SELECT count(*) FROM fact_indicator")[0][0]


def last_log(warehouse: Path) -> dict[str, tuple]:
    rows = count(warehouse, "SELECT path, status, error, note, sha256 FROM load_log "
                            "WHERE load_id = (SELECT max(load_id) FROM load_log)")
    return {r[0]: r[1:] for r in rows}


def cli(cfg, *extra: str):
    return CliRunner().invoke(app, ["load", "--raw", str(cfg.raw_dir), "--warehouse", str(cfg.warehouse), "--cache",
                                    str(cfg.cache_dir), "--workers", "0", "--quiet", *extra], terminal_width=200)


# ------------------------------------------------------------------ 1. empty or vanished raw folder
def test_empty_raw_folder_is_blocked_and_the_returning_files_rebuild(tmp_path):
    cfg = sample_tree(tmp_path, layouts=("grid",))
    assert cli(cfg).exit_code == 0
    n = facts(cfg.warehouse)
    before = cfg.warehouse.read_bytes()
    away = tmp_path / "away"
    cfg.raw_dir.rename(away)
    cfg.raw_dir.mkdir()                                  # the folder is there, its files are not
    res = cli(cfg)
    out = " ".join(res.output.split())
    assert res.exit_code == 1, res.output
    assert "inputs_vanished" in out and "no input files" in out and "--accept-shrink" in out
    assert cfg.warehouse.read_bytes() == before          # nothing published
    assert "BLOCKED" in unpublished_report_path(cfg.warehouse).read_text(encoding="utf-8")

    assert cli(cfg, "--accept-shrink").exit_code == 0    # told: the warehouse is emptied
    assert facts(cfg.warehouse) == 0
    cfg.raw_dir.rmdir()
    away.rename(cfg.raw_dir)                             # the files come back (same bytes, same mtimes)
    s = run_load(cfg)
    assert s.published and not s.up_to_date             # decided against the published warehouse
    assert facts(cfg.warehouse) == n


def test_losing_most_published_documents_at_once_is_blocked(tmp_path):
    cfg = sample_tree(tmp_path, layouts=("grid",))
    run_load(cfg)
    n = facts(cfg.warehouse)
    files = sorted(cfg.raw_dir.glob("*.pdf"))
    for p in files[: len(files) // 2 + 1]:               # more than half of them
        p.unlink()
    with pytest.raises(LoadBlocked, match="inputs_vanished") as blocked:
        run_load(cfg)
    assert f"of the {len(files)} files" in str(blocked.value)
    assert facts(cfg.warehouse) == n
    cfg.accept_shrink = True
    assert run_load(cfg).published and facts(cfg.warehouse) < n


# ------------------------------------------------------------------ 2. a folder that cannot be read
@pytest.fixture
def split_tree(tmp_path):
    """Two gold documents at the top, the others in sub/, published once."""
    cfg = sample_tree(tmp_path, layouts=("grid",))
    sub = cfg.raw_dir / "sub"
    sub.mkdir()
    for p in sorted(cfg.raw_dir.glob("*.pdf"))[2:]:
        os.utime(p, (1_700_000_000, 1_700_000_000))
        p.rename(sub / p.name)
    run_load(cfg)
    return cfg, sub


def deny(monkeypatch, folder: Path) -> None:
    """Make `folder` unlistable, as chmod 000 does for another user (tests run as root, who reads anything)."""
    real = os.scandir

    def scandir(path="."):
        if Path(os.fsdecode(path)) == folder:
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_unreadable_folder_is_an_error_and_its_files_facts_stay(split_tree, monkeypatch):
    cfg, sub = split_tree
    n = facts(cfg.warehouse)
    sub_docs = count(cfg.warehouse, "SELECT count(*) FROM dim_document WHERE source_path LIKE 'sub/%'")[0][0]
    assert sub_docs > 0
    deny(monkeypatch, sub)
    res = cli(cfg)
    out = " ".join(res.output.split())
    assert res.exit_code == 4, res.output
    assert "could not be read" in out and "sub" in out
    assert facts(cfg.warehouse) == n                      # published again, the folder's facts included
    log = last_log(cfg.warehouse)
    status, error, _, _ = log["sub/"]
    assert status == "failed" and "sub: the folder cannot be read" in error and "Permission denied" in error
    kept = [p for p in log if p.startswith("sub/") and p != "sub/"]
    assert kept and all("kept as last loaded" in log[p][2] for p in kept)
    assert count(cfg.warehouse, "SELECT count(*) FROM dim_document WHERE source_path LIKE 'sub/%'")[0][0] == sub_docs


def test_unreadable_folder_whose_records_are_not_cached_publishes_nothing(split_tree, monkeypatch):
    import shutil

    cfg, sub = split_tree
    before = cfg.warehouse.read_bytes()
    shutil.rmtree(cfg.cache_dir)
    deny(monkeypatch, sub)
    with pytest.raises(LoadFailed, match="no longer in the record cache"):
        run_load(cfg)
    assert cfg.warehouse.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 folder")
def test_chmod_000_folder_keeps_its_facts(split_tree):
    cfg, sub = split_tree
    n = facts(cfg.warehouse)
    sub.chmod(0)
    try:
        assert cli(cfg).exit_code == 4
    finally:
        sub.chmod(0o755)
    assert facts(cfg.warehouse) == n


# ------------------------------------------------------------------ 3. a file rewritten mid-load; --force
A = b"jixiao test document: version A\n"
B = b"jixiao test document: version B (a letter, no form)\n"


def reader_by_content(monkeypatch, cfg, record: dict, rewrite: Path | None = None, times: int = 1) -> list[bytes]:
    """A stand-in reader: version A holds `record`, the sample files their gold records, anything else is not a
    form. It rewrites `rewrite` to B just before reading it, `times` times (a sync job writing it meanwhile)."""
    seen: list[bytes] = []
    gold = {sha256_file(p): cfg.cache().get(sha256_file(p)) for p in cfg.raw_dir.glob("0*.pdf")}
    left = [times]

    def read(path, limits):
        if rewrite is not None and Path(path) == rewrite and left[0] > 0:
            left[0] -= 1
            rewrite.write_bytes(B + str(left[0]).encode())
        data = Path(path).read_bytes()
        seen.append(data)
        if data == A:
            return _Record(record)
        if sha256_file(Path(path)) in gold:
            return _Record(gold[sha256_file(Path(path))].record)
        raise ExtractionError(path, "no budget-performance form found", "not_a_form")

    monkeypatch.setattr(batch, "_default_extract", read)
    return seen


@pytest.fixture
def one_doc(tmp_path):
    cfg = sample_tree(tmp_path, layouts=("grid",))
    run_load(cfg)
    return cfg, cfg.raw_dir / "new.pdf", next(iter(gold_records().values()))


def test_file_rewritten_after_the_inventory_is_not_cached_under_the_old_hash(one_doc, monkeypatch):
    cfg, doc, record = one_doc
    doc.write_bytes(A)
    sha_a = sha256_file(doc)
    reader_by_content(monkeypatch, cfg, record, rewrite=doc)
    run_load(cfg)
    status, error, _, sha = last_log(cfg.warehouse)["new.pdf"]
    assert sha == sha256_file(doc) != sha_a               # logged with the bytes that were read
    assert status == "failed" and "no budget-performance form" in error
    assert cfg.cache().get(sha_a) is None                 # nothing cached under the hash of A
    doc.write_bytes(A)                                    # the original comes back
    run_load(cfg)
    assert last_log(cfg.warehouse)["new.pdf"][0] == "loaded"


def test_file_that_keeps_changing_fails_and_is_retried_next_time(one_doc, monkeypatch):
    cfg, doc, record = one_doc
    doc.write_bytes(A)
    reader_by_content(monkeypatch, cfg, record, rewrite=doc, times=2)
    run_load(cfg)
    status, error, _, _ = last_log(cfg.warehouse)["new.pdf"]
    assert status == "failed" and "changed while it was being read" in error
    doc.write_bytes(A)
    run_load(cfg)
    assert last_log(cfg.warehouse)["new.pdf"][0] == "loaded"


def test_force_re_extracts_and_never_trusts_the_cache(one_doc, monkeypatch):
    cfg, doc, record = one_doc
    doc.write_bytes(A)
    cache = cfg.cache()
    poisoned = cache.new_entry(sha256_file(doc), error="no budget-performance form found", error_kind="not_a_form")
    cache.put(poisoned)
    seen = reader_by_content(monkeypatch, cfg, record)
    assert last_log(cfg.warehouse).get("new.pdf") is None
    run_load(cfg)
    assert last_log(cfg.warehouse)["new.pdf"][0] == "failed" and not seen   # the cache answered
    cfg.force = True
    run_load(cfg)
    assert A in seen and last_log(cfg.warehouse)["new.pdf"][0] == "loaded"
    assert cache.get(sha256_file(doc)).ok                 # and the cache now holds the right record
