"""Fixtures shared by several test files (instead of test files importing each other)."""
from __future__ import annotations

import polars as pl
import pytest

from pipelines.warehouse.contract import table_schema


def _frame(table: str, rows: list[dict]) -> pl.DataFrame:
    """Rows of a warehouse table, with every column of its DDL (missing values null)."""
    return pl.DataFrame(rows, schema=table_schema(table))


def _star(n_facts: int = 4) -> dict[str, pl.DataFrame]:
    facts = [{"form_key": f"f{i % 2}", "project_key": "p1", "unit_key": "u1", "indicator_key": f"i{i % 2}",
              "row_no": i, "fiscal_year": 2024, "form_type": "target"} for i in range(1, n_facts + 1)]
    return {
        "dim_unit": _frame("dim_unit", [{"unit_key": "u1", "unit_name": "单位"}]),
        "dim_project": _frame("dim_project", [{"project_key": "p1", "unit_key": "u1"}]),
        "dim_indicator": _frame("dim_indicator", [{"indicator_key": "i0"}, {"indicator_key": "i1"}]),
        "dim_category": _frame("dim_category", [{"category_key": "cost", "level": 1}]),
        "dim_document": _frame("dim_document", [{"form_key": "f0"}, {"form_key": "f1"}]),
        "fact_indicator": _frame("fact_indicator", facts),
        "fact_project_budget": _frame("fact_project_budget", [
            {"form_key": "f0", "project_key": "p1", "unit_key": "u1"},
            {"form_key": "f1", "project_key": "p1", "unit_key": "u1"}]),
        "load_log": _frame("load_log", [{"load_id": "L1", "path": "a.txt"}, {"load_id": "L1", "path": "b.txt"}]),
        "dq_issue": _frame("dq_issue", []),
    }


@pytest.fixture
def make_star():
    """make_star(n_facts=4): a minimal consistent star (one unit, one project, two indicators, two forms),
    every table with its sql/ddl columns."""
    return _star
