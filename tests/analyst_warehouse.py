"""Warehouses for the analyst-facing tests (views, example queries, query/export/report commands).

- `synthetic_warehouse(dir)`: a small hand-made warehouse with known edge cases the sample data lacks
  (a missed target, a target form next to a self-evaluation of the same project and year, a score
  anomaly in dq_issue). Tables come from sql/ddl/*.sql, then every sql/views/*.sql runs, as in the real build.
- `sample_warehouse(tmp_path_factory)`: the real warehouse built from tests/fixtures/corpus by the
  project's load, built once per test session.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from pipelines.warehouse.build import create_views

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"

def run_sql_dir(con: duckdb.DuckDBPyConnection, folder: Path) -> list[Path]:
    files = sorted(folder.glob("*.sql"))
    for f in files:
        con.execute(f.read_text(encoding="utf-8"))
    return files


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    assert run_sql_dir(con, ROOT / "sql" / "ddl"), "sql/ddl/*.sql missing"


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    cols = list(rows[0])
    for row in rows:
        con.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                    [row[c] for c in cols])


SAT = ("满意度指标", "服务对象满意度指标", "用户满意度", "满意度指标", "服务对象满意度指标", "satisfaction", "service recipient satisfaction")
OUT = ("产出指标", "数量指标", "任务完成率", "产出指标", "数量指标", "output", "quantity")
EFF = ("效益指标", "社会效益指标", "系统稳定运行", "效益指标", "社会效益指标", "outcome", "social benefit")


def synthetic_warehouse(folder: Path) -> Path:
    """Write a small warehouse with known answers (see the module docstring) and return its path."""
    path = folder / "synthetic.duckdb"
    con = duckdb.connect(str(path))
    create_tables(con)
    _insert(con, "dim_unit", [
        dict(unit_key="u_city", unit_name="市数据中心", unit_code="100001", department_name="市卫生委",
             province="上海市", city="上海市", district=None, admin_level="municipal"),
        dict(unit_key="u_a", unit_name="甲区信息中心", unit_code=None, department_name="甲区卫生委",
             province="上海市", city="上海市", district="甲区", admin_level="district"),
        dict(unit_key="u_b", unit_name="乙区事务中心", unit_code=None, department_name="乙区卫生委",
             province="上海市", city="上海市", district="乙区", admin_level="district"),
    ])
    _insert(con, "dim_project", [
        dict(project_key="p1", unit_key="u_a", project_name="甲区平台运维", project_category="经常性项目",
             project_nature=None, performance_type=None, first_year=2023, last_year=2024),
        dict(project_key="p2", unit_key="u_a", project_name="甲区网络安全", project_category="经常性项目",
             project_nature=None, performance_type=None, first_year=2024, last_year=2024),
        dict(project_key="p3", unit_key="u_b", project_name="乙区便民服务", project_category="一次性项目",
             project_nature=None, performance_type=None, first_year=2024, last_year=2024),
        dict(project_key="p4", unit_key="u_city", project_name="市级统计", project_category="经常性项目",
             project_nature=None, performance_type=None, first_year=2023, last_year=2023),
    ])
    _insert(con, "dim_indicator", [
        dict(zip(("indicator_key", "level1", "level2", "level3", "level1_std", "level2_std", "level1_en", "level2_en"),
                 (key, *labels)))
        for key, labels in (("i_out", OUT), ("i_sat", SAT), ("i_eff", EFF))
    ])
    docs = [  # form_key, project, unit, year, type, file, seq, page
        ("f1", "p1", "u_a", 2024, "target", "a_2024_targets.pdf", 1, 1),
        ("f2", "p1", "u_a", 2024, "self_evaluation", "a_2024_self.pdf", 1, 1),
        ("f3", "p2", "u_a", 2024, "self_evaluation", "a_2024_self.pdf", 2, 3),
        ("f4", "p3", "u_b", 2024, "self_evaluation", "b_2024_self.pdf", 1, 1),
        ("f5", "p4", "u_city", 2023, "target", "city_2023.pdf", 1, 2),
        ("f6", "p1", "u_a", 2023, "self_evaluation", "a_2023_self.pdf", 1, 1),
    ]
    now = dt.datetime(2025, 1, 1)
    _insert(con, "dim_document", [
        dict(form_key=k, source_path=src, sha256="0" * 64, form_seq=seq, page_start=page, page_end=page + 1,
             form_type=ft, fiscal_year=y, extractor_version="test", loaded_at=now, project_key=p, unit_key=u,
             status="published")
        for k, p, u, y, ft, src, seq, page in docs
    ])
    budgets = {  # form_key: (fiscal/annual, full_year, executed, rate, budget_score, total_score, grade)
        "f1": (500000, None, None, None, None, None, None),
        "f2": (None, 400000, 380000, 95.0, 9.5, 99.5, "优"),
        "f3": (None, 100000, 80000, 80.0, 8.0, 88.0, "良"),
        "f4": (None, 200000, 200000, 100.0, 10.0, 95.0, "优"),
        "f5": (1000000, None, None, None, None, None, None),
        "f6": (None, 300000, 300000, 100.0, 10.0, 100.0, "优"),
    }
    _insert(con, "fact_project_budget", [
        dict(form_key=k, project_key=p, unit_key=u, fiscal_year=y, form_type=ft,
             total_yuan=b[0], annual_total_yuan=b[0] or b[1], fiscal_yuan=b[0] or b[1], carryover_yuan=0.0,
             other_yuan=0.0, initial_budget_yuan=b[1], full_year_budget_yuan=b[1], executed_yuan=b[2],
             execution_rate_pct=b[3], budget_weight=None if b[4] is None else 10.0, budget_score=b[4],
             total_score=b[5], grade=b[6], start_date=dt.date(y, 1, 1), end_date=dt.date(y, 12, 31))
        for (k, p, u, y, ft, *_), b in ((d, budgets[d[0]]) for d in docs)
    ])
    # indicator rows: (form, row, indicator, op, value, unit, text, actual_value, actual_unit, actual_text, weight, score, achieved)
    facts = [
        ("f1", 1, "i_out", "=", 100.0, "%", None, None, None, None, None, None, None),
        ("f1", 2, "i_sat", ">=", 90.0, "%", None, None, None, None, None, None, None),
        ("f2", 1, "i_out", "=", 100.0, "%", None, 100.0, "%", None, 50.0, 50.0, True),
        ("f2", 2, "i_sat", ">=", 90.0, "%", None, 95.0, "%", None, 40.0, 40.0, True),
        ("f3", 1, "i_out", "=", 100.0, "%", None, 95.0, "%", None, 50.0, 45.0, False),
        ("f3", 2, "i_eff", None, None, None, "稳定", None, None, "达成", 40.0, 40.0, True),
        ("f4", 1, "i_sat", ">=", 90.0, "%", None, 85.0, "%", None, 50.0, 45.0, False),
        ("f4", 2, "i_eff", None, None, None, "稳定", None, None, None, 40.0, 40.0, None),
        ("f5", 1, "i_sat", ">=", 85.0, "%", None, None, None, None, None, None, None),
        ("f6", 1, "i_sat", ">=", 80.0, "%", None, 90.0, "%", None, 90.0, 90.0, True),
    ]
    meta = {d[0]: d for d in docs}
    _insert(con, "fact_indicator", [
        dict(form_key=f, project_key=meta[f][1], unit_key=meta[f][2], indicator_key=ind, fiscal_year=meta[f][3],
             form_type=meta[f][4], row_no=row,
             target_raw=text or f"{op}{value:g}{unit}", target_op=op, target_value=value, target_unit=unit,
             target_text=text, target_value_std=value, target_unit_std=unit,
             actual_raw=None if av is None and at is None else (at or f"{av:g}{au}"), actual_value=av,
             actual_unit=au, actual_text=at, actual_value_std=av, actual_unit_std=au, weight=w, score=s, achieved=ach,
             note="未达预期" if ach is False else None)
        for f, row, ind, op, value, unit, text, av, au, at, w, s, ach in facts
    ])
    _insert(con, "dq_issue", [
        dict(rule="indicator_score_below_weight_without_note", severity="warning", form_key="f3", row_no=1,
             message="row 1 lost 5 points but gives no reason", source_path="a_2024_self.pdf"),
        dict(rule="unit_missing_district", severity="warning", form_key="f5", row_no=None,
             message="unit has no district", source_path="city_2023.pdf"),
    ])
    _insert(con, "load_log", [
        dict(load_id="2025-01-01T00:00:00", path=src, sha256="0" * 64, status="loaded", forms_found=1, error=None, started_at=now, finished_at=now)
        for src in sorted({d[5] for d in docs})
    ])
    create_views(con)   # as the build does: views, then inherited COMMENTs
    con.close()
    return path


_SAMPLE: dict[str, Path] = {}


def sample_warehouse(tmp_path_factory) -> Path:
    """The warehouse `jixiao load` builds from the sample PDFs, once per test session.

    tests/fixtures/corpus holds every document in two layouts (grid, dense) with the same forms; a load
    publishes one copy of each form, so loading one layout gives the same facts in half the time.
    """
    if "path" not in _SAMPLE:
        import shutil

        from pipelines.load import LoadConfig, run_load

        tmp = tmp_path_factory.mktemp("sample_warehouse")
        raw = tmp / "raw"
        raw.mkdir()
        for pdf in sorted((FIXTURES / "corpus").glob("*.grid.pdf")):
            shutil.copy2(pdf, raw / pdf.name)
        cfg = LoadConfig(raw_dir=raw, warehouse=tmp / "warehouse.duckdb", cache_dir=tmp / "cache")
        summary = run_load(cfg)
        assert summary.published, summary
        _SAMPLE["path"] = cfg.warehouse
    return _SAMPLE["path"]
