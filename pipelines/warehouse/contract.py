"""The warehouse contract, read from sql/ddl: tables, column types, keys and foreign keys.

sql/ddl is the analysts' contract and the one declaration of every table. Everything else that needs a
table's shape (the polars frames of load_log and dq_issue, the quality gate's contract / key / foreign-key
rules) derives it from here: the DDL is run once per process in a scratch in-memory DuckDB and read back
from its catalog (duckdb_columns, duckdb_constraints; polars types as DuckDB itself converts them), so a
type change in the DDL (DOUBLE → DECIMAL(38,2)) reaches every user without a second edit.

    table_schema("load_log")       # {"load_id": pl.String, ..., "started_at": pl.Datetime("us", "UTC"), ...}
    conform(df, "dq_issue")        # df with exactly the DDL's columns, in order and type
    primary_key("fact_indicator")  # ["form_key", "row_no"]
    foreign_keys()                 # [ForeignKey("dim_project", "unit_key", "dim_unit", "unit_key"), ...]
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import polars as pl

from pipelines.warehouse.sql_files import sql_files


class ForeignKey(NamedTuple):
    table: str
    column: str
    parent: str
    parent_column: str


@dataclass(frozen=True)
class Catalog:
    schemas: dict[str, dict[str, pl.DataType]]   # table → column → polars type (tables in DDL creation order)
    keys: dict[str, tuple[str, ...]]              # table → primary-key columns
    foreign_keys: tuple[ForeignKey, ...]


@cache
def catalog() -> Catalog:
    """The tables of sql/ddl as DuckDB sees them (computed once per process)."""
    import duckdb

    con = duckdb.connect(":memory:")
    try:
        con.execute("SET TimeZone = 'UTC'")   # TIMESTAMPTZ columns become UTC datetimes
        order: list[str] = []
        for f in sql_files("ddl"):   # creation order: a parent table's file comes before its children's
            con.execute(f.read_text(encoding="utf-8"))
            order += [t for (t,) in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY table_name").fetchall()
                if t not in order]
        schemas = {t: dict(con.table(t).limit(0).pl().schema) for t in order}
        keys: dict[str, tuple[str, ...]] = {}
        fks: list[ForeignKey] = []
        for table, kind, names, parent, parent_names in con.execute(
                "SELECT table_name, constraint_type, constraint_column_names, referenced_table, "
                "referenced_column_names FROM duckdb_constraints() WHERE schema_name = 'main' "
                "AND constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY') ORDER BY constraint_index").fetchall():
            if kind == "PRIMARY KEY":
                keys[table] = tuple(names)
            else:
                fks += [ForeignKey(table, c, parent, p) for c, p in zip(names, parent_names)]
    finally:
        con.close()
    return Catalog(schemas, keys, tuple(fks))


def tables() -> list[str]:
    """Every table of sql/ddl, in the order its files create them (parents before children)."""
    return list(catalog().schemas)


def table_schema(table: str) -> dict[str, pl.DataType]:
    """{column: polars type} of `table` as the DDL creates it, in DDL order."""
    try:
        return dict(catalog().schemas[table])
    except KeyError:
        raise KeyError(f"no table {table!r} in sql/ddl (tables: {', '.join(tables())})") from None


def conform(df: pl.DataFrame, table: str) -> pl.DataFrame:
    """`df` with exactly the columns of `table`, in DDL order and type (missing ones null)."""
    return df.select([pl.col(c).cast(t) if c in df.columns else pl.lit(None, dtype=t).alias(c)
                      for c, t in table_schema(table).items()])


def primary_key(table: str) -> list[str]:
    """The PRIMARY KEY columns of `table` ([] when the DDL declares none)."""
    table_schema(table)
    return list(catalog().keys.get(table, ()))


def foreign_keys() -> list[ForeignKey]:
    """Every FOREIGN KEY of sql/ddl, one entry per (child column, parent column)."""
    return list(catalog().foreign_keys)


def type_family(dtype: pl.DataType) -> str:
    """str | int | num | date | datetime | bool: the kind of value a column holds, whatever its exact width
    (a frame column fits an `int` column if it is an integer; a `num` column takes any number)."""
    if dtype == pl.String:
        return "str"
    if dtype == pl.Boolean:
        return "bool"
    if isinstance(dtype, pl.Datetime):
        return "datetime"
    if dtype == pl.Date:
        return "date"
    if dtype.is_integer():
        return "int"
    if dtype.is_numeric():
        return "num"
    raise TypeError(f"sql/ddl has a column of polars type {dtype}, which has no type family in "
                    "pipelines/warehouse/contract.py")
