"""Decides what the published warehouse looks like to Dagster: one asset spec per table and view.

Specs are built from the SQL itself (sql/ddl + sql/views run on an empty in-memory DuckDB, read back through
duckdb_tables/duckdb_views/duckdb_columns — the same catalog the data dictionary is generated from), so the
column schema, the descriptions (the COMMENTs) and the lineage cannot drift from the DDL:
- every table depends on `document_records` (the per-file extraction, all partitions);
- every view depends on the tables and views its SQL names.
"""
from __future__ import annotations

import re
from functools import lru_cache

import dagster as dg

from pipelines.report.dictionary import Relation, catalog, schema_connection

GROUP = "warehouse"
RECORDS = dg.AssetKey("document_records")


@lru_cache(maxsize=1)
def relations() -> tuple[tuple[Relation, tuple[str, ...]], ...]:
    """Every table and view with the relations it reads (tables read the extracted records instead)."""
    con = schema_connection()
    try:
        rels = catalog(con)
        view_sql = dict(con.execute("SELECT view_name, sql FROM duckdb_views() WHERE NOT internal").fetchall())
    finally:
        con.close()
    names = {r.name for r in rels}
    return tuple((r, tuple(sorted(n for n in names if n != r.name and
                                  re.search(rf"\b{re.escape(n)}\b", view_sql.get(r.name, "")))))
                 for r in rels)


def column_schema(rel: Relation) -> dg.TableSchema:
    return dg.TableSchema(columns=[dg.TableColumn(c.name, c.type, description=c.comment) for c in rel.columns])


def names(kind: str) -> list[str]:
    """'table' or 'view': the published relations of that kind, in name order."""
    return [r.name for r, _ in relations() if r.kind == kind]


def specs() -> list[dg.AssetSpec]:
    out = []
    for r, reads in relations():
        deps = ([dg.AssetDep(RECORDS, partition_mapping=dg.AllPartitionMapping())] if r.kind == "table"
                else [dg.AssetDep(n) for n in reads])
        out.append(dg.AssetSpec(
            r.name, group_name=GROUP, description=r.comment or f"{r.kind} {r.name}", deps=deps,
            kinds={"duckdb", r.kind},
            metadata={"dagster/column_schema": column_schema(r), "dagster/table_name": f"warehouse.main.{r.name}"},
        ))
    return out
