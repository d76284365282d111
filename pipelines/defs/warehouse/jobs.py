"""The refresh job: the warehouse publish (every table and view), one run at a time (see dagster.yaml).

`dagster job execute -m pipelines.defs.definitions -j refresh_warehouse` is the one command that builds the
whole warehouse from the raw folder: `dagster asset materialize --select '*'` cannot, because the selection
mixes the per-file partitions of document_records with the unpartitioned tables.
"""
import dagster as dg

WAREHOUSE_TAG = {"jixiao/warehouse": "writer"}

refresh_warehouse_job = dg.define_asset_job(
    "refresh_warehouse",
    selection=dg.AssetSelection.groups("warehouse"),
    tags=WAREHOUSE_TAG,
    description="Rebuild the warehouse from the raw folder (files already extracted come from the record cache; "
                "the others are extracted in this run).",
)
