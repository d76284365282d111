"""The column types of the warehouse tables, read from the DDL in sql/ddl (the analysts' contract).

Code that builds a table as a polars frame (load_log, dq_issue) takes its columns and types from
here, so the DDL is the one declaration: add a column there and the frames follow.
"""
from __future__ import annotations

from functools import lru_cache

import duckdb
import polars as pl

from pipelines.warehouse.build import DDL_DIR


@lru_cache(maxsize=None)
def table_schema(table: str) -> dict[str, pl.DataType]:
    """{column: polars type} of `table` as the DDL creates it (TIMESTAMPTZ as UTC datetimes)."""
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET TimeZone = 'UTC'")
        for ddl in sorted(DDL_DIR.glob("*.sql")):
            con.execute(ddl.read_text(encoding="utf-8"))
        return dict(con.table(table).limit(0).pl().schema)
    finally:
        con.close()


def conform(df: pl.DataFrame, table: str) -> pl.DataFrame:
    """`df` with exactly the columns of `table`, in DDL order and type (missing ones null)."""
    return df.select([pl.col(c).cast(t) if c in df.columns else pl.lit(None, dtype=t).alias(c)
                      for c, t in table_schema(table).items()])
