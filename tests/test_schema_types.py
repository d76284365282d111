"""Exact money: amounts in 元 are DECIMAL(38,2), percentages, weights and scores DECIMAL(18,2), printed numbers of
indicators DECIMAL(38,4); sums are exact and the quality gate's type contract agrees with the DDL."""
from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from analyst_warehouse import sample_warehouse
from pipelines.quality import rules as R
from pipelines.report.dictionary import schema_connection


@pytest.fixture(scope="module")
def schema():
    con = schema_connection()
    yield {(t, c): typ for t, c, typ in con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE NOT internal").fetchall()}
    con.close()


def test_money_percent_and_score_columns_are_decimal(schema):
    for (table, col), typ in schema.items():
        if col.endswith("_yuan"):
            assert typ == "DECIMAL(38,2)", (table, col, typ)
        if col in ("min_level_pct", "max_level_pct"):   # printed indicator targets, as printed
            assert typ == "DECIMAL(38,4)", (table, col, typ)
        elif col.endswith("_pct") or col in ("weight", "score", "budget_weight", "budget_score", "total_score",
                                           "points_lost"):
            assert typ == "DECIMAL(18,2)", (table, col, typ)
    assert not [k for k, typ in schema.items() if typ in ("DOUBLE", "FLOAT")], "a binary float column is left"


def test_quality_contract_matches_the_ddl(schema):
    family = {"str": ("VARCHAR",), "int": ("INTEGER", "BIGINT"), "num": ("DECIMAL", "INTEGER", "BIGINT"),
              "date": ("DATE",), "datetime": ("TIMESTAMP WITH TIME ZONE", "TIMESTAMP"), "bool": ("BOOLEAN",)}
    for table, cols in R.contract().items():
        for col, fam in cols.items():
            typ = schema[(table, col)]
            assert typ.startswith(family[fam]), (table, col, typ, fam)


def test_sums_are_exact_and_csv_prints_two_places(tmp_path_factory):
    con = duckdb.connect(str(sample_warehouse(tmp_path_factory)), read_only=True)
    try:
        total, rates = con.execute("SELECT sum(executed_yuan), sum(execution_rate_pct) FROM fact_project_budget "
                                   "WHERE form_type = 'self_evaluation'").fetchone()
        one = con.execute("SELECT annual_total_yuan::VARCHAR FROM fact_project_budget "
                          "WHERE annual_total_yuan IS NOT NULL ORDER BY annual_total_yuan DESC LIMIT 1").fetchone()[0]
    finally:
        con.close()
    assert isinstance(total, Decimal) and total == Decimal("36755400.00")
    assert isinstance(rates, Decimal) and rates.as_tuple().exponent == -2   # no 1697.6000000000001
    assert one.endswith(".00") or one[-3] == "."
