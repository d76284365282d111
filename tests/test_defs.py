"""The Dagster code location: definitions load, the sensor adds partitions, the assets build the warehouse."""
from __future__ import annotations

import json
import os

import dagster as dg
import duckdb
import pytest

from pipelines.defs.definitions import defs
from pipelines.defs.ingest.assets import document_records, raw_documents, raw_inventory
from pipelines.defs.ingest.sensors import raw_files_sensor
from pipelines.defs.quality.checks import asset_checks
from pipelines.defs.resources import JixiaoSettings
from pipelines.defs.transform.assets import staging, star_schema
from pipelines.defs.warehouse.assets import warehouse
from warehouse_fixtures import gold_records, put_doc, sample_tree

ASSETS = {"raw_inventory", "document_records", "staging", "star_schema", "warehouse"}


def settings_for(cfg) -> JixiaoSettings:
    return JixiaoSettings(raw_dir=str(cfg.raw_dir), warehouse=str(cfg.warehouse), cache_dir=str(cfg.cache_dir),
                          workers=0)


def test_definitions_resolve_with_every_asset_check_schedule_and_sensor():
    graph = defs.resolve_asset_graph()
    assert {k.to_user_string() for k in graph.get_all_asset_keys()} == ASSETS
    checks = {k.name for k in graph.asset_check_keys}
    assert {"quarantined_forms", "document_findings"} <= checks
    assert any(k.name.startswith("gate_") for k in graph.asset_check_keys)
    assert all(k.asset_key.to_user_string() == "star_schema" for k in graph.asset_check_keys)
    nightly = defs.resolve_schedule_def("nightly_refresh")
    assert (nightly.cron_schedule, nightly.execution_timezone) == ("0 2 * * *", "Asia/Shanghai")
    assert nightly.job_name == "refresh_warehouse"
    assert defs.resolve_sensor_def("raw_files_sensor").name == "raw_files_sensor"
    refresh = defs.resolve_job_def("refresh_warehouse")
    assert refresh.tags.get("jixiao/warehouse") == "writer"
    assert defs.resolve_job_def("extract_documents").partitions_def == raw_documents
    assert defs.resolve_assets_def("warehouse").op.pool == "jixiao_warehouse"


def test_sensor_adds_partitions_then_notices_changes_and_deletions(tmp_path):
    cfg = sample_tree(tmp_path, layouts=("grid",))
    instance = dg.DagsterInstance.ephemeral()
    res = {"settings": settings_for(cfg)}
    ctx = dg.build_sensor_context(instance=instance, resources=res)
    result = raw_files_sensor(ctx)
    names = sorted(p.name for p in cfg.raw_dir.iterdir())
    adds = [r for r in result.dynamic_partitions_requests if isinstance(r, dg.AddDynamicPartitionsRequest)]
    assert adds and sorted(adds[0].partition_keys) == names
    jobs = [r.job_name for r in result.run_requests]
    assert jobs.count("extract_documents") == len(names) and jobs.count("refresh_warehouse") == 1
    assert sorted(r.partition_key for r in result.run_requests if r.partition_key) == names
    # What the daemon does with the result, then a quiet tick.
    instance.add_dynamic_partitions(raw_documents.name, adds[0].partition_keys)
    quiet = raw_files_sensor(dg.build_sensor_context(instance=instance, cursor=result.cursor, resources=res))
    assert not quiet.run_requests and not quiet.dynamic_partitions_requests
    # One file changes, one disappears.
    stems = list(gold_records())
    changed = cfg.raw_dir / f"{stems[0]}.grid.pdf"
    changed.write_bytes(changed.read_bytes() + b"corrected\n")
    os.utime(changed, (2_000_000_000, 2_000_000_000))
    (cfg.raw_dir / f"{stems[1]}.grid.pdf").unlink()
    tick = raw_files_sensor(dg.build_sensor_context(instance=instance, cursor=quiet.cursor or result.cursor,
                                                    resources=res))
    assert [r.partition_key for r in tick.run_requests if r.job_name == "extract_documents"] == [changed.name]
    assert any(r.job_name == "refresh_warehouse" for r in tick.run_requests)
    deletes = [r for r in tick.dynamic_partitions_requests if isinstance(r, dg.DeleteDynamicPartitionsRequest)]
    assert deletes and deletes[0].partition_keys == [f"{stems[1]}.grid.pdf"]
    assert f"{stems[1]}.grid.pdf" not in json.loads(tick.cursor)


def test_assets_materialize_the_warehouse_in_process(tmp_path):
    cfg = sample_tree(tmp_path, layouts=("grid",))
    instance = dg.DagsterInstance.ephemeral()
    res = {"settings": settings_for(cfg)}
    names = sorted(p.name for p in cfg.raw_dir.iterdir())
    instance.add_dynamic_partitions(raw_documents.name, names)
    one = dg.materialize([document_records], partition_key=names[0], resources=res, instance=instance)
    mat = one.asset_materializations_for_node("document_records")[0]
    assert mat.metadata["status"].value == "unchanged" and mat.metadata["forms"].value > 0
    result = dg.materialize([raw_inventory, staging, star_schema, warehouse, *asset_checks],
                            resources=res, instance=instance)
    assert result.success
    meta = result.asset_materializations_for_node("star_schema")[0].metadata
    assert meta["fact_indicator_rows"].value > 0 and "fact_indicator_preview" in meta
    checks = result.get_asset_check_evaluations()
    assert checks and all(c.passed for c in checks if c.check_name.startswith("gate_"))
    con = duckdb.connect(str(cfg.warehouse), read_only=True)
    try:
        n = con.sql("SELECT count(*) FROM fact_indicator").fetchall()[0][0]
    finally:
        con.close()
    assert n == meta["fact_indicator_rows"].value


@pytest.mark.parametrize("name", ["raw_inventory", "staging", "star_schema", "warehouse", "document_records"])
def test_assets_have_descriptions(name):
    assert defs.resolve_assets_def(name).descriptions_by_key[dg.AssetKey(name)]
