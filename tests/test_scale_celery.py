"""Scale-out: a backfill of every raw file on two Celery workers (local Redis) gives the warehouse a
single-process load gives. Starts Redis, two workers and the Dagster daemon; stops them all."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.defs.cluster import redis_server, run_backfill
from pipelines.load import LoadConfig, run_load
from pipelines.warehouse.build import TABLES

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
# what legitimately differs between two loads of the same files
VOLATILE = {"load_log": {"load_id", "status", "started_at", "finished_at"}, "dim_document": {"loaded_at"}}

pytestmark = pytest.mark.skipif(redis_server() is None,
                                reason="redis-server is not installed (Debian package redis-server; `make redis`)")


def contents(path: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for t in TABLES:
            cols = [r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                                              "ORDER BY column_index", [t]).fetchall()
                    if r[0] not in VOLATILE.get(t, set())]
            out[t] = sorted(con.sql(f"SELECT {', '.join(cols)} FROM {t}").fetchall(), key=repr)
        return out
    finally:
        con.close()


@pytest.mark.slow
def test_backfill_on_two_celery_workers_equals_a_single_process_load(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    for p in sorted(CORPUS.glob("*.grid.pdf"))[:3]:
        shutil.copy2(p, raw / p.name)
    single = tmp_path / "single" / "warehouse.duckdb"
    run_load(LoadConfig(raw_dir=raw, warehouse=single, cache_dir=tmp_path / "cache_single", workers=0))

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))  # the helpers point DAGSTER_HOME at the cluster's
    cluster_wh = tmp_path / "cluster" / "warehouse.duckdb"
    env = {"JIXIAO_RAW_DIR": str(raw), "JIXIAO_WAREHOUSE": str(cluster_wh), "JIXIAO_CACHE_DIR": str(tmp_path / "cache"),
           "JIXIAO_WORKERS": "0", "JIXIAO_SENSOR_SECONDS": "5"}
    result = run_backfill(tmp_path / "cluster_run", 2, str(raw), env_extra=env)

    assert result["files"] == 3 and not result["failed_runs"], result
    tasks = result["tasks_per_worker"]
    assert sum(tasks.values()) == 4, tasks          # 3 extraction steps + the publish
    # Both workers answered Celery's ping before the backfill (Cluster.start waits for them); which of them
    # takes each step depends on timing (on a busy machine one may take all four), so it is not asserted.
    assert sorted(tasks) == ["worker1", "worker2"], tasks
    assert contents(cluster_wh) == contents(single)


def test_every_worker_takes_extraction_steps_and_worker_one_the_publish():
    from pipelines.defs.cluster import worker_queues
    from pipelines.defs.warehouse.assets import PUBLISH_QUEUE

    assert worker_queues(1).split(",") == ["dagster", PUBLISH_QUEUE]
    assert worker_queues(2).split(",") == ["dagster"]

