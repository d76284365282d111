"""The load over the bad-input corpus: it finishes, logs one actionable row per file, loses nothing.

Every test builds its own raw folder (tests/bad_inputs/make_corpus.py) and warehouse in tmp_path;
the warehouse is read back through read-only DuckDB connections with parameters only.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from bad_inputs.make_corpus import (
    SQL_NAME,
    make_corpus,
    make_outside_symlink,
    make_vanishing,
)
from pipelines.ingest import inventory
from pipelines.load import LoadConfig, run_load

# What a person must be told for each failure kind (besides the file name): words of the message.
ADVICE = {
    "empty": ["0 bytes", "fetch it again"],
    "truncated": ["truncated", "fetch it again"],
    "encrypted": ["password"],
    "scanned": ["OCR"],
    "not_a_form": ["no budget-performance form"],
    "not_pdf": ["not a PDF"],
    "encoding": ["UTF-8"],
    "missing": ["not found"],
}


def load_log(warehouse: Path) -> dict[str, dict]:
    """The latest load's load_log rows by path."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cur = con.execute(
            "SELECT path, status, forms_found, forms_published, error, note FROM load_log "
            "WHERE load_id = (SELECT max(load_id) FROM load_log)"
        )
        cols = [d[0] for d in cur.description]
        return {row[0]: dict(zip(cols, row)) for row in cur.fetchall()}
    finally:
        con.close()


@pytest.fixture(scope="module")
def corpus_load(tmp_path_factory):
    pytest.importorskip("pipelines.extract.pdf")
    root = tmp_path_factory.mktemp("corpus_load")
    raw = root / "raw"
    cases = make_corpus(raw)
    cfg = LoadConfig(raw_dir=raw, warehouse=root / "marts" / "warehouse.duckdb", cache_dir=root / "cache")
    summary = run_load(cfg)
    return cases, cfg, summary, load_log(cfg.warehouse)


def test_bad_corpus_load_completes_with_one_actionable_row_per_file(corpus_load):
    cases, cfg, summary, log = corpus_load
    assert summary.published
    assert sorted(log) == sorted(c.name for c in cases)
    for case in cases:
        row = log[case.name]
        if case.expect == "ok":
            assert row["status"] == "loaded", (case.name, row)
            assert row["forms_found"] > 0 and row["error"] is None
        elif case.expect == "repaired":  # read from a rebuilt copy (the same document as dup_original.pdf)
            assert row["status"] in ("loaded", "skipped") and row["error"] is None and row["forms_found"] > 0, row
        elif case.expect == "duplicate":
            assert row["status"] == "duplicate" and "same content as" in row["note"], row
        elif case.expect in ADVICE:
            assert row["status"] == "failed", (case.name, row)
            assert case.name in row["error"], row
            for words in ADVICE[case.expect]:
                assert words in row["error"], (case.name, row["error"])


def test_every_good_file_beside_the_bad_ones_is_in_the_warehouse(corpus_load):
    cases, cfg, summary, log = corpus_load
    good = [c.name for c in cases if c.expect == "ok"]
    con = duckdb.connect(str(cfg.warehouse), read_only=True)
    try:
        per_file = dict(con.execute(
            "SELECT d.source_path, count(*) FROM fact_project_budget f JOIN dim_document d USING (form_key) "
            "GROUP BY ALL").fetchall())
    finally:
        con.close()
    published = {name: log[name]["forms_published"] for name in good}
    assert all(n > 0 for n in published.values()), published
    for name in good:
        assert per_file.get(name, 0) == published[name], name
    assert set(per_file) == set(good)  # nothing from a bad file, nothing twice


def test_duplicate_is_loaded_once_and_logged_as_duplicate(corpus_load):
    cases, cfg, summary, log = corpus_load
    pair = [log["dup_original.pdf"], log["dup_original（副本）.pdf"]]
    assert sorted(r["status"] for r in pair) == ["duplicate", "loaded"], pair
    kept = next(r for r in pair if r["status"] == "loaded")
    dropped = next(r for r in pair if r["status"] == "duplicate")
    assert kept["path"] in (dropped["note"] or ""), dropped  # says which file it duplicates
    assert dropped["forms_published"] == 0


def test_pdf_with_wrong_xref_offsets_is_read_from_a_repaired_copy(tmp_path):
    from bad_inputs.make_corpus import GOOD_PDF, write_bad_xref_pdf

    from pipelines.extract.document import extract_document
    from pipelines.extract.pdf import extract_pdf
    from pipelines.extract.guard import Limits
    from pipelines.extract.record import ExtractionError
    from pipelines.extract.repair import REPAIRED_DOUBT

    bad = tmp_path / "bad_xref.pdf"
    write_bad_xref_pdf(GOOD_PDF, bad)
    with pytest.raises(ExtractionError, match="no pages could be read"):  # the plain reader gives up
        extract_pdf(bad, Limits())
    record = extract_document(bad)
    good = extract_document(GOOD_PDF)
    assert [f.project_name for f in record.forms] == [f.project_name for f in good.forms]
    assert all(REPAIRED_DOUBT in f.doubts for f in record.forms)


def test_file_name_with_quotes_and_sql_is_stored_verbatim(corpus_load):
    cases, cfg, summary, log = corpus_load
    assert log[SQL_NAME]["status"] == "loaded"
    con = duckdb.connect(str(cfg.warehouse), read_only=True)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert {"load_log", "fact_project_budget", "fact_indicator"} <= tables
        hits = con.execute("SELECT count(*) FROM load_log WHERE path = ?", [SQL_NAME]).fetchone()[0]
        assert hits == 1
    finally:
        con.close()


def test_second_load_of_the_same_corpus_changes_nothing(corpus_load):
    cases, cfg, summary, log = corpus_load
    assert run_load(cfg).up_to_date  # nothing changed: nothing rebuilt
    again = run_load(replace(cfg, force=True))  # rebuilt, every file read again (--force never trusts the cache)
    assert again.published and again.forms == summary.forms and again.indicators == summary.indicators
    log2 = load_log(cfg.warehouse)
    assert {k: v["status"] for k, v in log2.items()} == {k: v["status"] for k, v in log.items()}


# --------------------------------------------------------------------------- files that move under the load


def _good_raw(root: Path) -> Path:
    raw = root / "raw"
    raw.mkdir(parents=True)
    shutil.copyfile(Path(__file__).parent / "fixtures" / "corpus" / "000_55d7bc6e09b5e210.grid.pdf", raw / "good.pdf")
    return raw


def test_file_vanishing_between_inventory_and_extraction(tmp_path, monkeypatch):
    raw = _good_raw(tmp_path)
    gone = make_vanishing(raw)
    kept_bytes = gone.read_bytes()
    real_inventory = inventory.take

    def inventory_then_delete(raw_dir, *args):
        files = real_inventory(raw_dir, *args)
        gone.unlink()
        return files

    monkeypatch.setattr(inventory, "take", inventory_then_delete)
    cfg = LoadConfig(raw_dir=raw, warehouse=tmp_path / "w.duckdb", cache_dir=tmp_path / "cache")
    summary = run_load(cfg)
    assert summary.published
    log = load_log(cfg.warehouse)
    assert log[gone.name]["status"] == "failed"
    assert gone.name in log[gone.name]["error"] and "not found" in log[gone.name]["error"]
    assert log["good.pdf"]["status"] == "loaded"

    # the file comes back: the next load reads it (a vanished file is not remembered as broken)
    monkeypatch.setattr(inventory, "take", real_inventory)
    gone.write_bytes(kept_bytes)
    run_load(cfg)
    assert load_log(cfg.warehouse)[gone.name]["status"] == "loaded"


def test_symlink_leaving_the_raw_folder_is_not_read(tmp_path):
    raw = _good_raw(tmp_path)
    link = make_outside_symlink(raw, tmp_path / "elsewhere")
    cfg = LoadConfig(raw_dir=raw, warehouse=tmp_path / "w.duckdb", cache_dir=tmp_path / "cache")
    summary = run_load(cfg)
    assert summary.published
    log = load_log(cfg.warehouse)
    assert log["good.pdf"]["status"] == "loaded"
    row = log.get(link.name)
    assert row is not None, "the refused symlink must have its load_log row"
    assert row["status"] == "failed" and row["forms_published"] == 0
    assert "outside" in row["error"] and link.name in row["error"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_fifo_symlink_loop_and_folder_named_pdf_do_not_hang_or_crash_the_load(tmp_path):
    raw = _good_raw(tmp_path)
    os.mkfifo(raw / "pipe.pdf")  # opening it would block forever
    (raw / "loop.pdf").symlink_to(raw / "loop.pdf")
    (raw / "folder.pdf").mkdir()
    cfg = LoadConfig(raw_dir=raw, warehouse=tmp_path / "w.duckdb", cache_dir=tmp_path / "cache")
    summary = run_load(cfg)
    assert summary.published
    log = load_log(cfg.warehouse)
    assert log["good.pdf"]["status"] == "loaded"
    for name in ("pipe.pdf", "loop.pdf"):
        assert log[name]["status"] == "failed" and name in log[name]["error"], log.get(name)


def test_file_name_in_gbk_is_logged_not_a_crash(tmp_path):
    """Zips made on Chinese Windows give names in GBK: the load must log them, not die encoding them."""
    raw = _good_raw(tmp_path)
    gbk = os.fsencode(raw) + b"/" + "绩效目标表".encode("gbk") + b".pdf"
    try:
        with open(gbk, "wb") as fh:
            fh.write((Path(__file__).parent / "fixtures" / "corpus" / "001_9dca29109af1ba6b.grid.pdf").read_bytes())
    except OSError:
        pytest.skip("this file system accepts only UTF-8 names")
    cfg = LoadConfig(raw_dir=raw, warehouse=tmp_path / "w.duckdb", cache_dir=tmp_path / "cache")
    assert run_load(cfg).published
    log = load_log(cfg.warehouse)
    assert log["good.pdf"]["status"] == "loaded"
    row = log["绩效目标表.pdf"]  # shown decoded
    assert row["status"] == "failed" and "not UTF-8" in row["error"] and "rename" in row["error"]


def test_unreadable_file_is_listed_with_a_reason(tmp_path, monkeypatch):
    from pipelines.ingest import inventory

    raw = _good_raw(tmp_path)
    locked = raw / "locked.pdf"
    shutil.copyfile(Path(__file__).parent / "fixtures" / "corpus" / "001_9dca29109af1ba6b.grid.pdf", locked)
    real_hash = inventory.sha256_file

    def no_permission(p, *a, **k):
        if Path(p).name == "locked.pdf":
            raise PermissionError(13, "Permission denied", str(p))
        return real_hash(p, *a, **k)

    monkeypatch.setattr(inventory, "sha256_file", no_permission)
    assert [f.path for f in inventory.scan(raw)] == ["good.pdf", "locked.pdf"]  # listed, not dropped
    if os.geteuid() != 0:  # root reads anything: the guard's own message is only visible to other users
        locked.chmod(0)
        cfg = LoadConfig(raw_dir=raw, warehouse=tmp_path / "w.duckdb", cache_dir=tmp_path / "cache")
        assert run_load(cfg).published
        row = load_log(cfg.warehouse)["locked.pdf"]
        assert row["status"] == "failed" and "permission" in row["error"].lower()


INJECTION = "x');DROP(fact_indicator);--"  # quote, parenthesis, semicolon, comment; no spaces or markdown


def test_document_text_with_sql_reaches_the_warehouse_verbatim(tmp_path):
    """Document text that looks like SQL is data: it is stored as written and executes nothing."""
    from bad_inputs.make_corpus import seed_variant

    raw = tmp_path / "raw"
    raw.mkdir()
    lines = seed_variant("002_da716e0b91d770b9", 10).splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("项目名称") and len(line) > 6)
    lines[first] += INJECTION  # the first project's name now ends with SQL
    (raw / "export.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    cfg = LoadConfig(raw_dir=raw, warehouse=tmp_path / "w.duckdb", cache_dir=tmp_path / "cache")
    assert run_load(cfg).published
    con = duckdb.connect(str(cfg.warehouse), read_only=True)
    try:
        names = [r[0] for r in con.execute(
            "SELECT project_name FROM dim_project WHERE contains(project_name, ?)", [INJECTION]).fetchall()]
        facts = con.execute("SELECT count(*) FROM fact_indicator").fetchone()[0]
    finally:
        con.close()
    assert len(names) == 1 and names[0].endswith(INJECTION)
    assert facts > 0
