"""The warehouse contract is sql/ddl: schemas, keys and foreign keys are read from it (pipelines/warehouse/contract.py)."""
from __future__ import annotations

import duckdb
import polars as pl
import pytest

from pipelines.quality import rules as R
from pipelines.warehouse import contract as C
from pipelines.warehouse.build import TABLES, write_new
from pipelines.warehouse.sql_files import sql_files


def test_tables_come_from_the_ddl_files_in_creation_order():
    tables = C.tables()
    assert tables[:8] == ["dim_unit", "dim_project", "dim_indicator", "dim_document", "fact_indicator",
                          "fact_project_budget", "load_log", "dq_issue"]
    assert list(TABLES) == tables
    assert [f.name for f in sql_files("ddl")][0] == "01_dim_unit.sql"
    for fk in C.foreign_keys():   # rows are inserted in this order: a parent before its children
        assert tables.index(fk.parent) < tables.index(fk.table), fk


def test_polars_schemas_follow_the_ddl_types():
    log = C.table_schema("load_log")
    assert list(log)[:4] == ["load_id", "path", "sha256", "status"]
    assert log["forms_found"] == pl.Int32 and log["started_at"] == pl.Datetime("us", "UTC")
    assert C.table_schema("dq_issue") == {"rule": pl.String, "severity": pl.String, "form_key": pl.String,
                                          "row_no": pl.Int32, "message": pl.String, "source_path": pl.String}
    assert C.table_schema("fact_project_budget")["start_date"] == pl.Date
    assert C.table_schema("fact_indicator")["achieved"] == pl.Boolean


@pytest.mark.parametrize("dtype,family", [
    (pl.Decimal(38, 2), "num"), (pl.Float64, "num"), (pl.Int64, "int"), (pl.Int32, "int"), (pl.String, "str"),
    (pl.Date, "date"), (pl.Datetime("us", "UTC"), "datetime"), (pl.Boolean, "bool"),
])
def test_type_families(dtype, family):
    assert C.type_family(dtype) == family


def test_conform_gives_exactly_the_ddl_columns():
    df = C.conform(pl.DataFrame({"message": ["m"], "extra": [1], "row_no": [3]}), "dq_issue")
    assert df.columns == list(C.table_schema("dq_issue")) and df["row_no"].dtype == pl.Int32
    assert df.row(0, named=True)["rule"] is None


def test_keys_and_foreign_keys_are_the_ddl_constraints():
    assert C.primary_key("fact_indicator") == ["form_key", "row_no"]
    assert C.primary_key("load_log") == ["load_id", "path"]
    assert C.primary_key("dq_issue") == []
    assert ("fact_indicator", "indicator_key", "dim_indicator", "indicator_key") in R.foreign_keys()
    assert R.keys()["dim_unit"] == ["unit_key"] and "dq_issue" not in R.keys()
    assert set(R.contract()) == set(C.tables())
    assert R.contract()["fact_project_budget"]["total_yuan"] == "num"
    with pytest.raises(KeyError, match="no table 'nope' in sql/ddl"):
        C.table_schema("nope")


def test_the_published_file_enforces_the_keys(tmp_path):
    """The gate checks keys before publish; the warehouse file itself refuses a duplicate key too."""
    path = tmp_path / "w.duckdb"
    write_new({"dim_unit": pl.DataFrame({"unit_key": ["u1"], "unit_name": ["单位"]})}, path)
    con = duckdb.connect(str(path))
    try:
        with pytest.raises(duckdb.ConstraintException):
            con.execute("INSERT INTO dim_unit (unit_key) VALUES ('u1')")
        with pytest.raises(duckdb.ConstraintException):
            con.execute("INSERT INTO dim_project (project_key, unit_key) VALUES ('p1', 'no-such-unit')")
    finally:
        con.close()
