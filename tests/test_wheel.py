"""The built wheel works on its own: installed into a fresh venv, it loads the sample folder (data/raw).

Catches what an editable install hides: files the wheel does not ship (the SQL of sql/, read through
importlib.resources as `pipelines.sql`), imports of the repository's own folders, missing dependencies.
The venv gets the versions the tests run with (this environment's packages as constraints); uv makes
that an install from its cache.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def _uv() -> str:
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if uv is None:
        pytest.fail("uv is missing: it is a dev dependency (make setup installs it)")
    return uv


def _run(cmd: list[str], cwd: Path, env: dict | None = None, timeout: float = 600) -> str:
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert p.returncode == 0, f"{' '.join(map(str, cmd))} failed ({p.returncode}):\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}"
    return p.stdout


def test_the_wheel_installs_into_a_fresh_venv_and_loads_the_sample_folder(tmp_path):
    uv = _uv()
    dist = tmp_path / "dist"
    _run([uv, "build", "--wheel", "--out-dir", str(dist), str(ROOT)], cwd=tmp_path)
    wheel = next(dist.glob("jixiao-*.whl"))

    constraints = tmp_path / "constraints.txt"
    frozen = _run([uv, "pip", "freeze", "--python", sys.executable, "--exclude-editable"], cwd=tmp_path)
    constraints.write_text("\n".join(l for l in frozen.splitlines() if not l.lower().startswith("jixiao")) + "\n")

    venv = tmp_path / "venv"
    _run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], cwd=tmp_path)
    python = venv / "bin" / "python"
    _run([uv, "pip", "install", "--quiet", "--python", str(python), "-c", str(constraints), str(wheel)], cwd=tmp_path)

    # run from a folder that has no pipelines/ or sql/ next to it: only the installed package can answer
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "JIXIAO_", "VIRTUAL_ENV"))}
    origin = _run([str(python), "-c", "import pipelines, pipelines.sql; print(pipelines.__file__)"], cwd=work, env=env)
    assert str(venv) in origin, origin
    warehouse = work / "marts" / "warehouse.duckdb"
    _run([str(venv / "bin" / "jixiao"), "load", "--raw", str(ROOT / "data" / "raw"), "--warehouse", str(warehouse),
          "--cache", str(work / "cache"), "--quiet"], cwd=work, env=env)

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        facts = con.sql("SELECT count(*) FROM fact_indicator").fetchall()[0][0]
        forms = con.sql("SELECT count(*) FROM fact_project_budget").fetchall()[0][0]
        statuses = dict(con.sql("SELECT status, count(*) FROM load_log GROUP BY status").fetchall())
        views = {r[0] for r in con.sql("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    finally:
        con.close()
    n_files = sum(1 for p in (ROOT / "data" / "raw").rglob("*") if p.is_file())
    assert forms > 0 and facts > forms
    assert statuses.get("failed", 0) == 0 and sum(statuses.values()) == n_files
    assert {"v_indicator", "v_form", "v_dq_issue"} <= views
