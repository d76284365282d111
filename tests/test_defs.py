"""The Dagster code location: an asset per published table and view, sensors, one extraction per file, the gate."""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import dagster as dg
import duckdb
import pytest

from pipelines.defs.definitions import build_defs, defs
from pipelines.defs.ingest.assets import raw_documents
from pipelines.defs.ingest.sensors import raw_files_sensor, refresh_after_extraction
from pipelines.defs.resources import JixiaoSettings
from pipelines.ingest.cache import RecordCache
from pipelines.ingest.inventory import sha256_file
from pipelines.load import LoadConfig
from pipelines.warehouse.build import TABLES
from warehouse_fixtures import gold_records, put_doc, sample_tree

SQL = Path(__file__).resolve().parents[1] / "sql"


def published_views() -> set[str]:
    return {m for f in (SQL / "views").glob("*.sql")
            for m in re.findall(r"CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+(\w+)", f.read_text(encoding="utf-8"), re.I)}


def settings_for(cfg, **kw) -> JixiaoSettings:
    return JixiaoSettings(raw_dir=str(cfg.raw_dir), warehouse=str(cfg.warehouse), cache_dir=str(cfg.cache_dir),
                          workers=0, **kw)


def test_one_asset_per_published_table_and_view_with_column_schema_checks_and_lineage():
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    published = set(TABLES) | published_views()
    assert keys == published | {"document_records"}
    con = duckdb.connect()
    for f in sorted((SQL / "ddl").glob("*.sql")):
        con.execute(f.read_text(encoding="utf-8"))
    ddl_columns = {t: [r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                                                 "ORDER BY column_index", [t]).fetchall()] for t in TABLES}
    for name in published:
        node = graph.get(dg.AssetKey(name))
        schema = node.metadata["dagster/column_schema"]
        assert schema.columns and node.description, name
        if name in TABLES:
            assert [c.name for c in schema.columns] == ddl_columns[name]
            assert all(c.description for c in schema.columns), f"{name}: a column without COMMENT"
            assert dg.AssetKey("document_records") in node.parent_keys
        else:
            assert node.parent_keys and node.parent_keys <= {dg.AssetKey(n) for n in published}
    assert {p.to_user_string() for p in graph.get(dg.AssetKey("v_form")).parent_keys} >= {"fact_project_budget",
                                                                                           "dim_unit"}
    checks = {(k.asset_key.to_user_string(), k.name) for k in graph.asset_check_keys}
    assert ("fact_indicator", "gate_volume_guard") in checks and ("dim_project", "gate_key_unique_not_null") in checks
    assert ("dim_document", "quarantined_forms") in checks and ("dq_issue", "document_findings") in checks
    nightly = defs.resolve_schedule_def("nightly_refresh")
    assert (nightly.cron_schedule, nightly.execution_timezone) == ("0 2 * * *", "Asia/Shanghai")
    refresh = defs.resolve_job_def("refresh_warehouse")
    assert refresh.tags.get("jixiao/warehouse") == "writer"
    assert defs.resolve_job_def("extract_documents").partitions_def == raw_documents
    assert defs.resolve_assets_def("fact_indicator").op.pool == "jixiao_warehouse"
    for s in ("raw_files_sensor", "refresh_after_extraction", "report_failed_runs", "report_published"):
        assert defs.resolve_sensor_def(s).name == s


def test_first_tick_asks_for_one_explained_refresh_then_per_file_extractions(tmp_path):
    cfg = sample_tree(tmp_path, layouts=("grid",))
    instance = dg.DagsterInstance.ephemeral()
    res = {"settings": settings_for(cfg)}
    result = raw_files_sensor(dg.build_sensor_context(instance=instance, resources=res))
    names = sorted(p.name for p in cfg.raw_dir.iterdir())
    adds = [r for r in result.dynamic_partitions_requests if isinstance(r, dg.AddDynamicPartitionsRequest)]
    assert adds and sorted(adds[0].partition_keys) == names
    assert [r.job_name for r in result.run_requests] == ["refresh_warehouse"]
    assert "first look" in result.run_requests[0].tags["jixiao/trigger"]
    instance.add_dynamic_partitions(raw_documents.name, adds[0].partition_keys)
    quiet = raw_files_sensor(dg.build_sensor_context(instance=instance, cursor=result.cursor, resources=res))
    assert not quiet.run_requests and not quiet.dynamic_partitions_requests
    stems = list(gold_records())
    changed = cfg.raw_dir / f"{stems[0]}.grid.pdf"
    changed.write_bytes(changed.read_bytes() + b"corrected\n")
    os.utime(changed, (2_000_000_000, 2_000_000_000))
    (cfg.raw_dir / f"{stems[1]}.grid.pdf").unlink()
    tick = raw_files_sensor(dg.build_sensor_context(instance=instance, cursor=result.cursor, resources=res))
    assert [(r.job_name, r.partition_key) for r in tick.run_requests] == [("extract_documents", changed.name)]
    deletes = [r for r in tick.dynamic_partitions_requests if isinstance(r, dg.DeleteDynamicPartitionsRequest)]
    assert deletes and deletes[0].partition_keys == [f"{stems[1]}.grid.pdf"]
    assert f"{stems[1]}.grid.pdf" not in json.loads(tick.cursor)
    # A deletion alone needs no extraction: the refresh is asked for directly.
    instance.delete_dynamic_partition(raw_documents.name, f"{stems[1]}.grid.pdf")
    (cfg.raw_dir / f"{stems[2]}.grid.pdf").unlink()
    gone = raw_files_sensor(dg.build_sensor_context(instance=instance, cursor=tick.cursor, resources=res))
    assert [r.job_name for r in gone.run_requests] == ["refresh_warehouse"]


def _raw_tree_without_cache(tmp_path: Path) -> tuple[LoadConfig, dict[str, dict]]:
    """Raw files whose records are NOT in the load's cache (so every one must be extracted); sha256 → record."""
    cfg = LoadConfig(raw_dir=tmp_path / "raw", warehouse=tmp_path / "marts" / "warehouse.duckdb",
                     cache_dir=tmp_path / "cache", workers=0)
    elsewhere = RecordCache(tmp_path / "elsewhere", "x")
    by_sha = {}
    for i, (stem, rec) in enumerate(list(gold_records().items())[:3]):
        p = put_doc(cfg.raw_dir, elsewhere, f"{stem}.grid.pdf", rec, mtime=1_700_000_000 + i)
        by_sha[sha256_file(p)] = rec
    return cfg, by_sha


def test_sensor_driven_refresh_extracts_each_file_once(tmp_path, monkeypatch):
    import pipelines.extract.batch as batch

    cfg, by_sha = _raw_tree_without_cache(tmp_path)
    calls: Counter = Counter()

    def fake_extract_many(paths, limits=None, workers=2, progress=None, **kw):
        out = []
        for i, p in enumerate(paths):
            sha = sha256_file(Path(p))
            calls[(Path(p).name, sha)] += 1
            rec = by_sha[sha]
            out.append(SimpleNamespace(to_dict=lambda rec=rec: rec))
            if progress:
                progress(Path(p), out[-1], i + 1, len(paths))
        return out

    monkeypatch.setattr(batch, "extract_many", fake_extract_many)
    d = build_defs(settings_for(cfg))
    res = {"settings": settings_for(cfg)}
    instance = dg.DagsterInstance.ephemeral()
    refresh, extract = d.resolve_job_def("refresh_warehouse"), d.resolve_job_def("extract_documents")

    def tick(cursor=None):
        r = raw_files_sensor(dg.build_sensor_context(instance=instance, cursor=cursor, resources=res))
        for req in r.dynamic_partitions_requests:
            if isinstance(req, dg.AddDynamicPartitionsRequest):
                instance.add_dynamic_partitions(raw_documents.name, req.partition_keys)
        return r

    first = tick()
    assert [r.job_name for r in first.run_requests] == ["refresh_warehouse"]
    assert refresh.execute_in_process(instance=instance).success
    assert sorted(calls.values()) == [1, 1, 1]
    # A new file and a changed one: one extraction run each, then the refresh the run-status sensor asks for.
    stems = list(gold_records())
    new = put_doc(cfg.raw_dir, RecordCache(tmp_path / "elsewhere", "x"), f"{stems[3]}.grid.pdf", gold_records()[stems[3]])
    by_sha[sha256_file(new)] = gold_records()[stems[3]]
    changed = cfg.raw_dir / f"{stems[0]}.grid.pdf"
    changed.write_bytes(changed.read_bytes() + b"v2\n")
    os.utime(changed, (2_000_000_000, 2_000_000_000))
    by_sha[sha256_file(changed)] = gold_records()[stems[0]]
    second = tick(first.cursor)
    assert sorted(r.partition_key for r in second.run_requests) == sorted([new.name, changed.name])
    assert all(r.job_name == "extract_documents" for r in second.run_requests)
    last = None
    for req in second.run_requests:
        last = extract.execute_in_process(instance=instance, partition_key=req.partition_key)
        assert last.success
    ctx = dg.build_run_status_sensor_context(sensor_name="refresh_after_extraction", dagster_instance=instance,
                                             dagster_run=last.dagster_run, dagster_event=last.get_run_success_event())
    ask = refresh_after_extraction(ctx)
    assert isinstance(ask, dg.RunRequest) and ask.run_key == f"after-extraction:{last.run_id}"
    assert refresh.execute_in_process(instance=instance).success
    # every version of every file went through the extractor exactly once
    assert len(calls) == 5 and set(calls.values()) == {1}, calls
    con = duckdb.connect(str(cfg.warehouse), read_only=True)
    try:
        assert con.sql("SELECT count(DISTINCT source_path) FROM dim_document").fetchall()[0][0] == 4
    finally:
        con.close()


def test_publish_materializes_every_table_and_view_with_row_count_and_checks(tmp_path):
    cfg = sample_tree(tmp_path, layouts=("grid",))
    d = build_defs(settings_for(cfg))
    result = d.resolve_job_def("refresh_warehouse").execute_in_process(instance=dg.DagsterInstance.ephemeral())
    assert result.success
    mats = {m.asset_key.to_user_string(): m for m in result.asset_materializations_for_node("publish_warehouse")}
    assert set(mats) == set(TABLES) | published_views()
    con = duckdb.connect(str(cfg.warehouse), read_only=True)
    try:
        for name, m in mats.items():
            assert m.metadata["dagster/row_count"].value == con.sql(f"SELECT count(*) FROM {name}").fetchall()[0][0]
            assert m.metadata["dagster/column_schema"].schema.columns
    finally:
        con.close()
    assert mats["fact_indicator"].metadata["dagster/row_count"].value > 0
    evals = result.get_asset_check_evaluations()
    assert {e.asset_key.to_user_string() for e in evals} >= {"fact_indicator", "dim_document", "dq_issue"}
    assert all(e.passed for e in evals if e.check_name.startswith("gate_"))


def test_blocked_gate_reports_its_checks_names_rule_and_files_and_keeps_the_live_warehouse(tmp_path):
    cfg = sample_tree(tmp_path, layouts=("grid",))
    d = build_defs(settings_for(cfg))
    assert d.resolve_job_def("refresh_warehouse").execute_in_process(instance=dg.DagsterInstance.ephemeral()).success
    before = cfg.warehouse.read_bytes()
    # every file now yields a form with a single indicator row: the fact table shrinks, no file was removed
    cache = cfg.cache()
    for p in sorted(cfg.raw_dir.iterdir()):
        rec = json.loads(json.dumps(gold_records()[p.name.rsplit(".", 2)[0]]))
        for f in rec["forms"]:
            f["indicators"] = f["indicators"][:1]
        p.write_bytes(p.read_bytes() + b"shrunk\n")
        cache.put(cache.new_entry(sha256_file(p), record=rec))
    instance = dg.DagsterInstance.ephemeral()
    result = d.resolve_job_def("refresh_warehouse").execute_in_process(instance=instance, raise_on_error=False)
    assert not result.success
    guard = {(e.asset_key.to_user_string(), e.check_name): e for e in result.get_asset_check_evaluations()}
    vg = guard[("fact_indicator", "gate_volume_guard")]
    assert not vg.passed and "BLOCKED by rule volume_guard" in vg.description
    assert guard[("dim_unit", "gate_key_unique_not_null")].passed
    failure = result.get_step_failure_events()[0].step_failure_data.user_failure_data
    assert failure.metadata["rules"].value == ["volume_guard"]
    files = {p.name for p in cfg.raw_dir.iterdir()}
    assert set(failure.metadata["files"].value) == files
    assert cfg.warehouse.read_bytes() == before
    # the failure sensor writes the outcome line and posts it to the webhook
    from pipelines.defs.notify.sensors import report_failed_runs
    from webhook_server import Hook

    log = tmp_path / "outcomes.log"
    with Hook() as hook:
        ctx = dg.build_run_status_sensor_context(
            sensor_name="report_failed_runs", dagster_instance=instance, dagster_run=result.dagster_run,
            dagster_event=result.get_run_failure_event(),
            resources={"settings": settings_for(cfg, outcome_log=str(log), webhook_url=hook.url)},
        ).for_run_failure()
        report_failed_runs(ctx)
    line = log.read_text(encoding="utf-8").strip()
    assert " BLOCKED refresh_warehouse run " in line and "volume_guard" in line and min(files) in line
    assert len(hook.received) == 1
    sent = hook.received[0]
    assert sent["outcome"] == "blocked" and sent["rules"] == ["volume_guard"] and set(sent["files"]) == files


def test_prune_run_history_deletes_finished_runs_older_than_the_retention(monkeypatch):
    from pipelines.defs.housekeeping import prune_run_history

    instance = dg.DagsterInstance.ephemeral()
    old = prune_run_history.execute_in_process(instance=instance)
    monkeypatch.setenv("JIXIAO_RUN_RETENTION_DAYS", "30")
    assert prune_run_history.execute_in_process(instance=instance).output_for_node("prune_runs") == 0
    monkeypatch.setenv("JIXIAO_RUN_RETENTION_DAYS", "0")
    now = prune_run_history.execute_in_process(instance=instance)
    assert now.output_for_node("prune_runs") == 2
    assert instance.get_run_by_id(old.run_id) is None and instance.get_run_by_id(now.run_id) is not None


def test_the_documented_command_builds_the_whole_warehouse(tmp_path):
    """`dagster asset materialize --select '*'` mixes per-file partitions with the tables; the refresh job is the
    one command (pipelines/defs/warehouse/jobs.py, docs/operations.md)."""
    import subprocess
    import sys

    cfg = sample_tree(tmp_path, layouts=("grid",))
    env = {**os.environ, "JIXIAO_RAW_DIR": str(cfg.raw_dir), "JIXIAO_WAREHOUSE": str(cfg.warehouse),
           "JIXIAO_CACHE_DIR": str(cfg.cache_dir), "JIXIAO_WORKERS": "0", "DAGSTER_HOME": str(tmp_path / "home"),
           "JIXIAO_EXECUTOR": "in_process"}
    env.pop("JIXIAO_CELERY_BROKER", None)
    (tmp_path / "home").mkdir()
    dagster = Path(sys.executable).with_name("dagster")
    out = subprocess.run([str(dagster), "job", "execute", "-m", "pipelines.defs.definitions", "-j", "refresh_warehouse"],
                         env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    con = duckdb.connect(str(cfg.warehouse), read_only=True)
    try:
        assert con.sql("SELECT count(*) FROM v_form").fetchall()[0][0] > 0
    finally:
        con.close()


def test_dagster_definitions_validate_passes_for_the_jixiao_location():
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "JIXIAO_CELERY_BROKER")}
    out = subprocess.run([str(Path(sys.executable).with_name("dagster")), "definitions", "validate", "-w",
                          str(SQL.parent / "deploy" / "workspace.yaml")], env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "Validation successful for code location jixiao" in out.stderr + out.stdout
