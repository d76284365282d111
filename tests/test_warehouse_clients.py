"""Older DuckDB clients read the warehouse: a DuckDB 1.1.3 client in its own venv opens the file that
`jixiao load` writes (storage version v1.0.0) and reads every table and view with the same rows and the
exact DECIMAL money.

The client lives in .venv-duckdb11 (git-ignored; `make duckdb11` or this test creates it with pip). The test is
skipped, with the reason, only when that venv cannot be made (no network and no cached wheel).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from analyst_warehouse import ROOT, sample_warehouse

CLIENT_VENV = ROOT / ".venv-duckdb11"
CLIENT_VERSION = "1.1.3"

READ_ALL = r"""
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
out = {"version": duckdb.__version__, "relations": {}, "types": {}}
names = con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT internal UNION ALL "
                    "SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
for (name,) in names:
    rows = con.execute(f'SELECT * FROM "{name}"').fetchall()   # every column of every row is decoded
    out["relations"][name] = len(rows)
out["types"] = dict(con.execute("SELECT column_name, data_type FROM duckdb_columns() "
                                "WHERE table_name = 'fact_project_budget'").fetchall())
out["comments"] = con.execute("SELECT count(*) FROM duckdb_columns() WHERE comment IS NOT NULL").fetchone()[0]
out["sum_executed"] = str(con.execute("SELECT sum(executed_yuan) FROM fact_project_budget").fetchone()[0])
print(json.dumps(out))
"""


def _client_python() -> Path:
    py = CLIENT_VENV / "bin" / "python"
    probe = [str(py), "-c", "import duckdb, pytz; print(duckdb.__version__)"]
    if py.exists() and subprocess.run(probe, capture_output=True, text=True).stdout.strip() == CLIENT_VERSION:
        return py
    try:
        if not py.exists():
            subprocess.run([sys.executable, "-m", "venv", str(CLIENT_VENV)], check=True, capture_output=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", f"duckdb=={CLIENT_VERSION}", "pytz"], check=True,
                       capture_output=True, text=True, timeout=600)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        pytest.skip(f"cannot install duckdb=={CLIENT_VERSION} into {CLIENT_VENV}: {detail.strip()[-300:]}")
    return py


def test_duckdb_1_1_client_reads_every_table_and_view(tmp_path_factory):
    wh = sample_warehouse(tmp_path_factory)
    py = _client_python()
    r = subprocess.run([str(py), "-c", READ_ALL, str(wh)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    old = json.loads(r.stdout)
    assert old["version"] == CLIENT_VERSION
    con = duckdb.connect(str(wh), read_only=True)
    try:
        views = {v for (v,) in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
        expected = {name: con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in old["relations"]}
        comments = con.execute("SELECT count(*) FROM duckdb_columns() WHERE comment IS NOT NULL").fetchone()[0]
        total = str(con.execute("SELECT sum(executed_yuan) FROM fact_project_budget").fetchone()[0])
    finally:
        con.close()
    assert views and views <= set(old["relations"]), "the old client does not see every view"
    assert old["relations"] == expected
    assert old["types"]["executed_yuan"] == "DECIMAL(38,2)" and old["types"]["total_score"] == "DECIMAL(18,2)"
    assert old["comments"] == comments and old["sum_executed"] == total


def test_the_warehouse_is_written_in_the_oldest_storage_version_that_holds_it(tmp_path_factory):
    from pipelines.warehouse.build import STORAGE_VERSION

    assert STORAGE_VERSION == "v1.0.0"
    wh = sample_warehouse(tmp_path_factory)
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{wh}' AS w (READ_ONLY)")
        (version,) = con.execute("SELECT tags['storage_version'] FROM duckdb_databases() "
                                 "WHERE database_name = 'w'").fetchone()
    finally:
        con.close()
    assert version == "v1.0.0+", version
