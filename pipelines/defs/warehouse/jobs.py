"""The full refresh: inventory → staging → star schema → warehouse (one run at a time, see dagster.yaml)."""
import dagster as dg

WAREHOUSE_TAG = {"jixiao/warehouse": "writer"}

refresh_warehouse_job = dg.define_asset_job(
    "refresh_warehouse",
    selection=dg.AssetSelection.assets("raw_inventory", "staging", "star_schema", "warehouse"),
    tags=WAREHOUSE_TAG,
    description="Rebuild the warehouse from the raw folder (unchanged files come from the record cache).",
)
