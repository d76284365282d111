"""Thin Dagster wrappers over pipelines.load's staging and marts steps (the same code `jixiao load` runs)."""

import dagster as dg
import polars as pl

from pipelines.defs.metadata import frame_metadata
from pipelines.defs.resources import JixiaoSettings
from pipelines.ingest.inventory import from_frame
from pipelines.load import Marts, StageResult, input_fingerprint, make_marts, stage_all
from pipelines.warehouse.build import read_previous


@dg.asset(group_name="transform", kinds={"polars"},
          deps=[dg.AssetDep("document_records", partition_mapping=dg.AllPartitionMapping())],
          description="Records of every inventoried file (record cache; missing ones extracted in parallel) as "
                      "staging frames stg_forms / stg_indicators, duplicates resolved, quarantine and warning rules run.")
def staging(context: dg.AssetExecutionContext, settings: JixiaoSettings, raw_inventory: pl.DataFrame) -> StageResult:
    cfg = settings.load_config()
    sr = stage_all(cfg, from_frame(raw_inventory))
    by_status = pl.DataFrame({"status": [r.status for r in sr.results]}).group_by("status").len().sort("status")
    context.add_output_metadata({
        **frame_metadata("stg_forms", sr.staged.forms),
        **frame_metadata("stg_indicators", sr.staged.indicators),
        **frame_metadata("superseded", sr.staged.superseded),
        **frame_metadata("files_by_status", by_status),
        "quarantined_forms": dg.MetadataValue.int(len(sr.quality.quarantined)),
        "dq_issues": dg.MetadataValue.int(sr.quality.issues.height),
    })
    return sr


@dg.asset(group_name="transform", kinds={"polars"},
          description="The warehouse tables as polars frames: dim_unit, dim_project, dim_indicator, dim_document, "
                      "fact_indicator, fact_project_budget, load_log, dq_issue. Blocking quality checks run here.")
def star_schema(context: dg.AssetExecutionContext, settings: JixiaoSettings, raw_inventory: pl.DataFrame,
                staging: StageResult) -> Marts:
    cfg = settings.load_config()
    files = from_frame(raw_inventory)
    m = make_marts(staging, read_previous(cfg.warehouse), files, input_fingerprint(files, limits=cfg.limits()))
    meta: dict[str, dg.MetadataValue] = {}
    for name, df in m.frames.items():
        meta.update(frame_metadata(name, df))
    context.add_output_metadata(meta)
    return m
