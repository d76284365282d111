"""User SQL reads the warehouse and nothing else (issue 10, item 4): every way out is refused with one sentence.

`jixiao query`, the report, the export and the example questions all open the warehouse through
pipelines/report/warehouse_access.open_read_only; each statement below is tried through `jixiao query`.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.report.warehouse_access import open_read_only


@pytest.fixture
def wh(tmp_path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE fact_indicator AS SELECT 1 AS row_no, 'x' AS level3")
    con.execute("CREATE VIEW v_peek AS SELECT * FROM fact_indicator")
    con.close()
    return path


@pytest.fixture
def other(tmp_path) -> Path:
    """Another DuckDB file a query must not touch (e.g. another team's warehouse)."""
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE precious AS SELECT range AS i FROM range(5)")
    con.close()
    return path


def query(wh: Path, sql: str):
    return CliRunner().invoke(app, ["query", "--warehouse", str(wh), "--format", "csv", sql])


def refused(res, words: str) -> str:
    assert res.exit_code == 1, res.output
    out = " ".join(res.output.split())
    assert out.startswith("error: this query can only read the warehouse's tables and views"), out
    assert words in out, out
    return out


def test_reading_the_warehouse_works(wh):
    res = query(wh, "SELECT level3 FROM v_peek")
    assert res.exit_code == 0 and "x" in res.output


def test_attach_of_another_database_is_refused_and_it_stays_intact(wh, other):
    refused(query(wh, f"ATTACH '{other}' AS o; DELETE FROM o.precious"), "other databases")
    con = duckdb.connect(str(other), read_only=True)
    assert con.execute("SELECT count(*) FROM precious").fetchone()[0] == 5
    con.close()


def test_copy_to_a_file_is_refused(wh, other):
    before = other.read_bytes()
    refused(query(wh, f"COPY fact_indicator TO '{other}' (FORMAT csv)"), "files")
    assert other.read_bytes() == before
    target = wh.with_name("leak.csv")
    refused(query(wh, f"COPY fact_indicator TO '{target}'"), "files")
    assert not target.exists()



@pytest.mark.parametrize("sql", ["SELECT * FROM read_text('/etc/hostname')", "SELECT * FROM read_csv('/etc/passwd')",
                                 "SELECT * FROM glob('/etc/*')"])
def test_reading_other_files_is_refused(wh, sql):
    refused(query(wh, sql), "files")


def test_export_database_is_refused(wh, tmp_path):
    refused(query(wh, f"EXPORT DATABASE '{tmp_path / 'dump'}'"), "files")
    assert not (tmp_path / "dump").exists()


@pytest.mark.parametrize("sql", ["INSTALL httpfs", "LOAD httpfs",
                                 "SELECT * FROM read_parquet('https://example.org/x.parquet')"])
def test_extensions_and_network_are_refused(wh, sql):
    refused(query(wh, sql), "network")


@pytest.mark.parametrize("sql", ["SET enable_external_access = true", "SET lock_configuration = false",
                                 "SET autoload_known_extensions = true"])
def test_the_sandbox_cannot_be_switched_off(wh, sql):
    refused(query(wh, sql), "locked")


@pytest.mark.parametrize("sql", ["DELETE FROM fact_indicator", "CREATE TABLE t (a INTEGER)",
                                 "DROP VIEW v_peek", "UPDATE fact_indicator SET row_no = 2"])
def test_writes_are_refused(wh, sql):
    refused(query(wh, sql), "read-only")
    assert query(wh, "SELECT count(*) AS n FROM v_peek").output.split()[-1] == "1"


def test_a_view_reaching_outside_is_refused_for_every_reader(tmp_path):
    """A warehouse file from elsewhere may hold a view that reads files: report, export and examples refuse it too."""
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE VIEW v_evil AS SELECT * FROM read_text('/etc/hostname')")
    con.close()
    con = open_read_only(path)
    try:
        with pytest.raises(duckdb.PermissionException):
            con.execute("SELECT * FROM v_evil").fetchall()
    finally:
        con.close()
