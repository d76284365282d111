"""The published warehouse: gate, then an atomic swap of data/marts/warehouse.duckdb (one writer at a time)."""

import dagster as dg
import duckdb
import polars as pl

from pipelines.defs.metadata import md_preview
from pipelines.defs.resources import JixiaoSettings
from pipelines.load import Marts, publish_marts, report_path

WAREHOUSE_POOL = "jixiao_warehouse"


@dg.asset(group_name="warehouse", kinds={"duckdb"}, pool=WAREHOUSE_POOL,
          description="data/marts/warehouse.duckdb, rebuilt in a new file and moved over the live one after the "
                      "blocking quality rules pass; plus the HTML validation report next to it.")
def warehouse(context: dg.AssetExecutionContext, settings: JixiaoSettings, star_schema: Marts) -> dg.MaterializeResult:
    cfg = settings.load_config()
    path = publish_marts(cfg, star_schema)
    con = duckdb.connect(str(path), read_only=True)
    try:
        counts = pl.from_arrow(con.sql(
            "SELECT table_name, estimated_size FROM duckdb_tables() ORDER BY table_name").to_arrow_table())
        views = [r[0] for r in con.sql("SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1").fetchall()]
    finally:
        con.close()
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(path)),
        "report": dg.MetadataValue.path(str(report_path(path))),
        "tables": md_preview(counts, n=50),
        "views": dg.MetadataValue.text(", ".join(views) or "none"),
        "fact_indicator_rows": dg.MetadataValue.int(star_schema.frames["fact_indicator"].height),
        "forms": dg.MetadataValue.int(star_schema.frames["fact_project_budget"].height),
        "load_id": dg.MetadataValue.text(star_schema.load_id),
    })
