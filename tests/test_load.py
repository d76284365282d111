"""The load end to end over gold records (cache pre-filled): keys, incremental changes, dedup, failures, locking."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.load import LoadBlocked, run_load
from pipelines.warehouse.lock import WarehouseBusy, writer_lock
from warehouse_fixtures import gold_reader, gold_records, last_log, put_doc, read, sample_tree

STAR = ["dim_unit", "dim_project", "dim_indicator", "dim_document", "fact_indicator", "fact_project_budget", "dq_issue"]
ROOT = Path(__file__).resolve().parents[1]


def tables(warehouse: Path) -> dict[str, pl.DataFrame]:
    return {t: read(warehouse, f"SELECT * FROM {t}") for t in STAR}


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    """One published load of the gold samples in both layouts (as data/raw has them)."""
    cfg = sample_tree(tmp_path_factory.mktemp("first"))
    return cfg, run_load(cfg)


def test_first_load_publishes_every_form_once(first):
    cfg, s = first
    gold = gold_records()
    n_forms = sum(len(r["forms"]) for r in gold.values())
    n_rows = sum(len(f["indicators"]) for r in gold.values() for f in r["forms"])
    assert s.published and not s.up_to_date
    assert (s.files_total, s.failed) == (2 * len(gold), 0)
    assert s.forms + s.forms_quarantined == n_forms          # the dense/grid duplicate is loaded once
    assert s.forms_superseded == n_forms
    t = tables(cfg.warehouse)
    assert t["fact_project_budget"].height == s.forms
    assert t["fact_indicator"].height == s.indicators <= n_rows
    assert t["dim_document"].height == 2 * n_forms
    assert t["dim_document"]["status"].value_counts().sort("status").to_dicts()[-1]["status"] == "superseded"
    log = last_log(cfg.warehouse)
    # Same mtime, both PDFs: the smaller path (dense < grid) wins; the other file is skipped as superseded.
    for stem in gold:
        assert log[f"{stem}.dense.pdf"]["status"] in ("loaded", "unchanged")
        assert log[f"{stem}.grid.pdf"]["status"] == "skipped"
        assert f"superseded by {stem}.dense.pdf" in log[f"{stem}.grid.pdf"]["note"]


def test_units_get_admin_divisions(first):
    cfg, _ = first
    units = read(cfg.warehouse, "SELECT unit_name, province, city, district, admin_level FROM dim_unit ORDER BY 1")
    by_name = {r["unit_name"]: r for r in units.iter_rows(named=True)}
    minhang = by_name["上海市闵行区卫生健康信息中心"]
    assert (minhang["province"], minhang["district"], minhang["admin_level"]) == ("上海市", "闵行区", "district")
    city_level = by_name["上海市卫生健康信息中心"]
    assert (city_level["province"], city_level["district"], city_level["admin_level"]) == ("上海市", None, "province")


def test_indicator_vocabulary_spans_form_generations(first):
    cfg, _ = first
    d = read(cfg.warehouse, "SELECT DISTINCT level1, level2, level1_std, level2_std, level1_en FROM dim_indicator")
    old = d.filter(pl.col("level1") == "产出目标")
    assert old.height and set(old["level1_std"]) == {"产出指标"} and set(old["level1_en"]) == {"output"}
    assert set(old["level2_std"]) <= {"数量指标", "质量指标", "时效指标", "成本指标"}


def test_facts_standardise_units_and_decide_achievement(first):
    cfg, _ = first
    f = read(cfg.warehouse, "SELECT * FROM fact_indicator")
    money = f.filter(pl.col("target_unit") == "万元")
    assert money.height and (money["target_value_std"] == money["target_value"] * 10000).all()
    assert set(money["target_unit_std"]) == {"元"}
    self_eval = f.filter(pl.col("form_type") == "self_evaluation")
    assert self_eval["achieved"].drop_nulls().len() > 0
    assert f.filter(pl.col("form_type") == "target")["achieved"].null_count() == f.filter(pl.col("form_type") == "target").height
    missed = self_eval.filter((pl.col("target_op") == ">=") & (pl.col("actual_value_std") < pl.col("target_value_std")))
    assert missed.filter(pl.col("achieved") != False).height == 0  # noqa: E712


def test_every_table_and_column_has_a_comment(first):
    cfg, _ = first
    cols = read(cfg.warehouse, "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE NOT internal "
                               "AND table_name IN (SELECT table_name FROM duckdb_tables())")
    missing = cols.filter(pl.col("comment").is_null() | (pl.col("comment") == ""))
    assert missing.height == 0, missing
    t = read(cfg.warehouse, "SELECT table_name, comment FROM duckdb_tables()")
    assert set(t["table_name"]) >= set(STAR) | {"load_log"}
    assert t["comment"].null_count() == 0


def test_duckdb_cli_opens_the_warehouse(first):
    cfg, s = first
    cli = ROOT / ".venv" / "bin" / "duckdb"
    if not cli.exists():
        cli = shutil.which("duckdb")
    if not cli:
        pytest.skip("duckdb CLI not installed")
    out = subprocess.run([str(cli), "-readonly", "-csv", str(cfg.warehouse), "-c",
                          "SELECT count(*) FROM fact_indicator"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == str(s.indicators)


def test_reload_of_same_inputs_is_a_no_op_and_forced_rebuild_is_identical(first, tmp_path, monkeypatch):
    cfg, _ = first
    before = tables(cfg.warehouse)
    again = run_load(cfg)
    assert again.up_to_date and not again.published
    # --force never trusts the cache: every file is extracted again (here by a stand-in reader giving the
    # gold record of its bytes, since the test files are not real PDFs)
    asked = gold_reader(monkeypatch, cfg)
    cfg.force = True
    try:
        forced = run_load(cfg)
    finally:
        cfg.force = False
    assert forced.published and forced.loaded + forced.skipped == forced.files_total
    assert sorted(asked) == sorted(p.name for p in cfg.raw_dir.iterdir())
    after = tables(cfg.warehouse)
    for t in STAR:  # (loaded_at is when each file was extracted: now, for a forced load)
        assert after[t].drop("loaded_at", strict=False).equals(before[t].drop("loaded_at", strict=False)), t
    # A separate warehouse built from a copy of the same inputs gets the same keys.
    other = sample_tree(tmp_path)
    run_load(other)
    for t in STAR:  # (loaded_at is when each copy was extracted, so it differs)
        assert tables(other.warehouse)[t].drop("loaded_at", strict=False).equals(
            before[t].drop("loaded_at", strict=False)), t
    assert read(cfg.warehouse, "SELECT count(DISTINCT load_id) AS n FROM load_log")["n"][0] == 2


def test_changed_and_deleted_files(tmp_path):
    cfg = sample_tree(tmp_path, layouts=("grid",))
    run_load(cfg)
    gold = gold_records()
    stems = list(gold)
    changed, deleted = stems[1], stems[2]
    old_keys = set(read(cfg.warehouse, "SELECT form_key FROM dim_document WHERE source_path = ?",
                        [f"{changed}.grid.pdf"])["form_key"])
    deleted_projects = {f["project_name"] for f in gold[deleted]["forms"]}
    # A corrected file: same name, new content, one form fewer.
    rec = dict(gold[changed])
    rec["forms"] = rec["forms"][:-1]
    put_doc(cfg.raw_dir, cfg.cache(), f"{changed}.grid.pdf", rec, salt="corrected")
    (cfg.raw_dir / f"{deleted}.grid.pdf").unlink()
    s = run_load(cfg)
    assert s.published and s.removed == 1
    docs = read(cfg.warehouse, "SELECT form_key, source_path FROM dim_document")
    now_keys = set(docs.filter(pl.col("source_path") == f"{changed}.grid.pdf")["form_key"])
    assert now_keys and not (now_keys & old_keys) and len(now_keys) == len(rec["forms"])
    assert f"{deleted}.grid.pdf" not in set(docs["source_path"])
    projects = set(read(cfg.warehouse, "SELECT project_name FROM dim_project")["project_name"])
    assert not (projects & deleted_projects)
    facts = read(cfg.warehouse, "SELECT DISTINCT form_key FROM fact_indicator")
    assert not (set(facts["form_key"]) & old_keys)
    assert last_log(cfg.warehouse)[f"{changed}.grid.pdf"]["status"] == "unchanged"  # cached (pre-filled) record


def test_newest_document_wins_and_pdf_beats_text_export(tmp_path):
    cfg = sample_tree(tmp_path, layouts=())
    stem, rec = next(iter(gold_records().items()))
    put_doc(cfg.raw_dir, cfg.cache(), "a/old.pdf", rec, mtime=1_700_000_000)
    put_doc(cfg.raw_dir, cfg.cache(), "b/new.pdf", rec, mtime=1_700_000_500)
    put_doc(cfg.raw_dir, cfg.cache(), "c/new.txt", rec, mtime=1_700_000_500)
    run_load(cfg)
    log = last_log(cfg.warehouse)
    assert log["b/new.pdf"]["forms_published"] == len(rec["forms"]) or log["b/new.pdf"]["forms_published"] > 0
    assert log["a/old.pdf"]["status"] == "skipped" and "superseded by b/new.pdf" in log["a/old.pdf"]["note"]
    assert log["c/new.txt"]["status"] == "skipped" and "superseded by b/new.pdf" in log["c/new.txt"]["note"]
    assert set(read(cfg.warehouse, "SELECT DISTINCT d.source_path FROM fact_indicator f "
                                   "JOIN dim_document d USING (form_key)")["source_path"]) == {"b/new.pdf"}


def test_a_failed_file_is_logged_and_the_others_load(tmp_path):
    cfg = sample_tree(tmp_path, layouts=("grid",))
    (cfg.raw_dir / "broken.pdf").write_bytes(b"")
    s = run_load(cfg)
    assert s.published and s.failed == 1 and s.forms > 0
    row = last_log(cfg.warehouse)["broken.pdf"]
    assert row["status"] == "failed" and "broken.pdf" in row["error"] and row["forms_found"] == 0
    assert read(cfg.warehouse, "SELECT count(*) AS n FROM fact_project_budget")["n"][0] == s.forms


def test_open_reader_keeps_old_warehouse_and_load_succeeds(tmp_path):
    cfg = sample_tree(tmp_path, layouts=("grid",))
    run_load(cfg)
    reader = duckdb.connect(str(cfg.warehouse), read_only=True)
    try:
        old = reader.execute("SELECT count(*) FROM fact_indicator").fetchone()[0]
        stem = next(iter(gold_records()))
        (cfg.raw_dir / f"{stem}.grid.pdf").unlink()
        s = run_load(cfg)
        assert s.published
        # The open connection still sees the complete old warehouse, consistently across tables.
        assert reader.execute("SELECT count(*) FROM fact_indicator").fetchone()[0] == old
        assert reader.execute("SELECT count(*) FROM fact_indicator f JOIN dim_document d USING (form_key)"
                              ).fetchone()[0] == old
    finally:
        reader.close()
    assert read(cfg.warehouse, "SELECT count(*) AS n FROM fact_indicator")["n"][0] == s.indicators < old


def test_stale_temp_files_are_cleaned_and_a_second_writer_is_refused(tmp_path):
    cfg = sample_tree(tmp_path, layouts=("grid",))
    cfg.warehouse.parent.mkdir(parents=True, exist_ok=True)
    stale = cfg.warehouse.with_name(cfg.warehouse.name + ".tmp-999-deadbeef")
    stale.write_bytes(b"half a warehouse")
    with writer_lock(cfg.warehouse):
        with pytest.raises(WarehouseBusy, match="another load is writing"):
            run_load(cfg)
    assert stale.exists() and not cfg.warehouse.exists()
    s = run_load(cfg)
    assert s.published and not stale.exists()
    assert any("temp file" in n for n in s.notes)


def test_sharp_shrink_is_blocked_unless_accepted(tmp_path):
    cfg = sample_tree(tmp_path, layouts=("grid",))
    first = run_load(cfg)
    for stem, rec in gold_records().items():  # every file re-published with one indicator row per form
        small = {"source": rec["source"], "forms": [dict(f, indicators=f["indicators"][:1]) for f in rec["forms"]]}
        put_doc(cfg.raw_dir, cfg.cache(), f"{stem}.grid.pdf", small, salt="shrunk")
    with pytest.raises(LoadBlocked) as blocked:
        run_load(cfg)
    assert "volume_guard" in str(blocked.value)
    assert read(cfg.warehouse, "SELECT count(*) AS n FROM fact_indicator")["n"][0] == first.indicators
    cfg.accept_shrink = True
    assert run_load(cfg).published
    assert read(cfg.warehouse, "SELECT count(*) AS n FROM fact_indicator")["n"][0] < first.indicators


def test_analyst_holding_the_file_read_write_does_not_stop_the_load(tmp_path):
    """A duckdb CLI opened without -readonly locks the file; the load reads a snapshot and still swaps."""
    cli = ROOT / ".venv" / "bin" / "duckdb"
    if not cli.exists():
        pytest.skip("duckdb CLI not installed")
    cfg = sample_tree(tmp_path, layouts=("grid",))
    run_load(cfg)
    analyst = subprocess.Popen([str(cli), str(cfg.warehouse)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        analyst.stdin.write("SELECT 42;\n")
        analyst.stdin.flush()
        assert analyst.stdout.readline()  # the CLI has the file open
        (cfg.raw_dir / f"{next(iter(gold_records()))}.grid.pdf").unlink()
        s = run_load(cfg)
        assert s.published and s.removed == 1, s.notes
    finally:
        analyst.stdin.close()
        analyst.wait(timeout=30)
    assert read(cfg.warehouse, "SELECT count(DISTINCT load_id) AS n FROM load_log")["n"][0] == 2
    assert not list(cfg.warehouse.parent.glob("*.tmp-*"))
