"""Scale-out figures: a backfill of every file of a folder on 1 and on 2 Celery workers (local Redis), the way
`make cluster` runs it (pipelines/defs/cluster.py): Redis, N `dagster-celery` workers (solo pool), the Dagster
daemon launching one run per file, each run's step sent to a worker; then the refresh the sensor starts.

Printed per worker count: files and pages, extraction phase (backfill submitted → last extraction run
finished) as files/s and pages/s, the refresh, and how many steps each worker ran. The extraction phase
includes Dagster's per-run overhead (a run process per file), which is what a backfill pays; the pure
extraction rate is bench_extract's. docs/scale.md projects from these figures.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.bench_extract import CORPUS, _pages

COPIES = int(os.environ.get("JIXIAO_BENCH_CELERY_COPIES", "1"))   # corpus copies: 8 PDFs, 93 pages each


def run() -> None:
    from pipelines.defs.cluster import redis_server, run_backfill

    if redis_server() is None:
        print("skipped: redis-server is not installed (`make redis`)")
        return
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-celery-") as d:
        raw = Path(d) / "raw"
        raw.mkdir()
        pages = 0
        for c in range(COPIES):
            for p in sorted(CORPUS.glob("*.pdf")):
                shutil.copyfile(p, raw / f"c{c}_{p.name}")
                pages += _pages(p)
        files = len(list(raw.iterdir()))
        print(f"files {files}, pages {pages} (corpus x{COPIES}); Redis {shutil.which('redis-server')}")
        rates = {}
        for workers in (1, 2):
            work = Path(d) / f"w{workers}"
            env = {"JIXIAO_RAW_DIR": str(raw), "JIXIAO_WAREHOUSE": str(work / "warehouse.duckdb"),
                   "JIXIAO_CACHE_DIR": str(work / "cache"), "JIXIAO_WORKERS": "0", "JIXIAO_SENSOR_SECONDS": "5"}
            old = os.environ.get("DAGSTER_HOME")
            t0 = time.perf_counter()
            try:
                r = run_backfill(work, workers, str(raw), env_extra=env)
            finally:
                if old is None:
                    os.environ.pop("DAGSTER_HOME", None)
                else:
                    os.environ["DAGSTER_HOME"] = old
            total = time.perf_counter() - t0
            if r["failed_runs"]:
                raise RuntimeError(f"{len(r['failed_runs'])} runs failed with {workers} worker(s)")
            rates[workers] = r["extract_s"]
            print(f"{workers} worker(s): extraction {r['extract_s']:6.1f} s = {files / r['extract_s']:5.2f} files/s, "
                  f"{pages / r['extract_s']:5.1f} pages/s; refresh {r['refresh_s']:5.1f} s; cluster start "
                  f"{r['startup_s']:4.1f} s; total {total:5.1f} s; steps per worker {r['tasks_per_worker']}")
        print(f"speed-up 2 vs 1 worker: {rates[1] / rates[2]:.2f}x (extraction phase)")
