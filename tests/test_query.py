"""`jixiao query` and `jixiao export` against a small warehouse with known answers."""
from __future__ import annotations

import csv
import io
import json

import duckdb
import polars as pl
import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from analyst_warehouse import synthetic_warehouse
from pipelines.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def wh(tmp_path_factory):
    return synthetic_warehouse(tmp_path_factory.mktemp("synthetic"))


def test_query_prints_a_table(wh):
    r = runner.invoke(app, ["query", "--warehouse", str(wh),
                            "SELECT area, execution_rate_pct FROM v_budget_execution WHERE fiscal_year = 2024 ORDER BY area"])
    assert r.exit_code == 0, r.output
    assert "乙区" in r.stdout and "甲区" in r.stdout and "92" in r.stdout and "2 rows" in r.stdout


def test_query_csv_and_json(wh):
    sql = "SELECT project_name, shortfall FROM v_unmet_target ORDER BY project_name"
    r = runner.invoke(app, ["query", "-w", str(wh), "--format", "csv", sql])
    assert r.exit_code == 0, r.output
    assert list(csv.reader(io.StringIO(r.stdout))) == [["project_name", "shortfall"], ["乙区便民服务", "5.0000"],
                                                      ["甲区网络安全", "5.0000"]]
    r = runner.invoke(app, ["query", "-w", str(wh), "--format", "json", sql])
    assert json.loads(r.stdout) == [{"project_name": "乙区便民服务", "shortfall": 5.0},
                                    {"project_name": "甲区网络安全", "shortfall": 5.0}]


def test_wide_results_print_one_field_per_line_piped_or_with_columns(wh):
    for env in ({}, {"COLUMNS": "200"}):
        r = runner.invoke(app, ["query", "-w", str(wh), "SELECT * FROM v_indicator ORDER BY form_key, row_no LIMIT 2"],
                          env=env)
        assert r.exit_code == 0, r.output
        lines = r.stdout.splitlines()
        assert "one field per line" in r.stderr
        # one line per column and row, `name = value`, names right-aligned like duckdb -line
        n_columns = len(duckdb.connect(str(wh), read_only=True).execute("SELECT * FROM v_indicator LIMIT 0").description)
        assert sum(1 for x in lines if " = " in x) == 2 * n_columns
        assert any(x.strip() == "unit_name = 甲区信息中心" for x in lines)
        assert max(len(x) for x in lines) < 120 and lines[-1] == "2 rows"


def test_table_fits_the_width_by_cutting_long_text_never_numbers(wh):
    sql = "SELECT project_name || repeat('很长的名称', 8) AS name, full_year_budget_yuan FROM v_form " \
          "WHERE full_year_budget_yuan IS NOT NULL ORDER BY 2 DESC LIMIT 2"
    r = runner.invoke(app, ["query", "-w", str(wh), sql], env={"COLUMNS": "60"})
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert all(cell_len(x) <= 60 for x in lines[:-1])   # 中文 takes two terminal cells
    assert "400,000.00" in r.stdout and "…" in r.stdout and "cut with …" in r.stderr


def test_line_markdown_formats_and_max_rows(wh):
    sql = "SELECT form_key, full_year_budget_yuan FROM v_form WHERE full_year_budget_yuan IS NOT NULL ORDER BY 1"
    r = runner.invoke(app, ["query", "-w", str(wh), "--format", "line", "--max-rows", "2", sql])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[:3] == ["             form_key = f2", "full_year_budget_yuan = 400,000.00", ""]
    assert "first 2 rows" in r.stderr and r.stdout.splitlines()[-1] == "2 rows"
    r = runner.invoke(app, ["query", "-w", str(wh), "--format", "markdown", sql])
    assert r.stdout.splitlines()[:3] == ["| form_key | full_year_budget_yuan |", "|---|---|", "| f2 | 400000.00 |"]
    r = runner.invoke(app, ["query", "-w", str(wh), "--format", "csv", sql])
    assert r.stdout.splitlines()[1] == "f2,400000.00"     # exact money, all rows for csv
    assert len(r.stdout.splitlines()) == 5 and r.stderr == ""


def test_query_from_file(wh, tmp_path):
    q = tmp_path / "q.sql"
    q.write_text("-- how many forms per type\nSELECT form_type, count(*) AS n FROM v_form GROUP BY 1 ORDER BY 1;\n")
    r = runner.invoke(app, ["query", "-w", str(wh), "--format", "csv", "--file", str(q)])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines() == ["form_type,n", "self_evaluation,4", "target,2"]


def test_wrong_sql_prints_duckdb_error_without_traceback(wh):
    r = runner.invoke(app, ["query", "-w", str(wh), "SELECT nope FROM v_form"])
    assert r.exit_code == 1
    assert "Binder Error" in r.stderr and "nope" in r.stderr
    assert "Traceback" not in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)


def test_query_is_read_only(wh):
    r = runner.invoke(app, ["query", "-w", str(wh), "DELETE FROM fact_indicator"])
    assert r.exit_code == 1 and "read-only" in r.stderr
    assert duckdb.connect(str(wh), read_only=True).execute("SELECT count(*) FROM fact_indicator").fetchone() == (10,)


def test_query_missing_warehouse_and_bad_arguments(tmp_path, wh):
    r = runner.invoke(app, ["query", "-w", str(tmp_path / "none.duckdb"), "SELECT 1"])
    assert r.exit_code == 1 and "jixiao load" in r.stderr
    assert runner.invoke(app, ["query", "-w", str(wh)]).exit_code == 2
    assert runner.invoke(app, ["query", "-w", str(wh), "--format", "xml", "SELECT 1"]).exit_code == 2


def test_export_parquet_writes_every_table(wh, tmp_path):
    out = tmp_path / "export"
    r = runner.invoke(app, ["export", "--format", "parquet", "--warehouse", str(wh), str(out)])
    assert r.exit_code == 0, r.output
    names = sorted(p.stem for p in out.glob("*.parquet"))
    assert names == ["dim_category", "dim_document", "dim_indicator", "dim_project", "dim_unit", "dq_issue", "fact_indicator",
                     "fact_project_budget", "load_log"]
    facts = pl.read_parquet(out / "fact_indicator.parquet")
    assert facts.height == 10 and facts.filter(pl.col("achieved") == False).height == 2  # noqa: E712
    assert pl.read_parquet(out / "dim_unit.parquet")["district"].drop_nulls().sort().to_list() == ["乙区", "甲区"]


def test_export_views_as_csv(wh, tmp_path):
    r = runner.invoke(app, ["export", "--format", "csv", "--views", "-w", str(wh), str(tmp_path)])
    assert r.exit_code == 0, r.output
    raw = (tmp_path / "v_unmet_target.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")   # UTF-8 BOM: Excel and WPS open 中文 correctly by double-click
    rows = list(csv.DictReader(open(tmp_path / "v_unmet_target.csv", encoding="utf-8-sig")))
    assert sorted(r["project_name"] for r in rows) == ["乙区便民服务", "甲区网络安全"]
    budget = list(csv.DictReader(open(tmp_path / "fact_project_budget.csv", encoding="utf-8-sig")))
    assert {r["form_key"]: r["full_year_budget_yuan"] for r in budget}["f2"] == "400000.00"   # exact, not 400000.0


def test_exports_neutralise_formula_like_text_and_keep_it_readable(wh, tmp_path):
    r = runner.invoke(app, ["export", "--format", "csv", "-w", str(wh), str(tmp_path)])
    assert r.exit_code == 0, r.output
    facts = list(csv.DictReader(open(tmp_path / "fact_indicator.csv", encoding="utf-8-sig")))
    f1 = {x["row_no"]: x for x in facts if x["form_key"] == "f1"}
    assert f1["1"]["target_raw"] == "'=100%" and f1["1"]["target_op"] == "'="     # not a live formula
    assert f1["2"]["target_raw"] == ">=90%"                                       # untouched
    assert f1["1"]["target_value"] == "100.0000"                                  # numbers untouched


def test_export_xlsx_one_sheet_per_table_and_view(wh, tmp_path):
    import openpyxl

    r = runner.invoke(app, ["export", "--format", "xlsx", "--views", "-w", str(wh), str(tmp_path)])
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(tmp_path / "jixiao.xlsx")
    assert {"fact_indicator", "dim_unit", "v_indicator", "v_form", "v_project_history"} <= set(wb.sheetnames)
    ws = wb["fact_indicator"]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c for c in row))) for row in ws.iter_rows(min_row=2)]
    assert len(rows) == 10
    cell = next(r["target_raw"] for r in rows if r["form_key"].value == "f1" and r["row_no"].value == 1)
    assert cell.value == "=100%" and cell.data_type == "s" and cell.quotePrefix   # shown as typed, never evaluated
    budget = wb["fact_project_budget"]
    head = [c.value for c in budget[1]]
    f2 = next(row for row in budget.iter_rows(min_row=2) if row[0].value == "f2")
    money = f2[head.index("full_year_budget_yuan")]
    assert money.value == 400000 and money.number_format == "#,##0.00"


def test_query_limit_and_several_statements(wh):
    r = runner.invoke(app, ["query", "-w", str(wh), "--format", "csv", "--limit", "2",
                            "SELECT form_key FROM v_form ORDER BY form_key"])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines() == ["form_key", "f1", "f2"]
    r = runner.invoke(app, ["query", "-w", str(wh), "--format", "csv",
                            "SELECT 42 AS first; SELECT count(*) AS n FROM v_unmet_target"])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines() == ["n", "2"]
