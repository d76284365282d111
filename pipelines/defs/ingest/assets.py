"""The per-file extraction as a Dagster asset: one dynamic partition per raw file (pipelines.load.extract_one)."""

from pathlib import Path

import dagster as dg
import polars as pl

from pipelines.defs.metadata import frame_metadata
from pipelines.defs.resources import JixiaoSettings
from pipelines.ingest.inventory import entry
from pipelines.load import extract_one

# One partition per raw file, keyed by its path relative to the raw folder.
raw_documents = dg.DynamicPartitionsDefinition(name="raw_documents")


@dg.asset(group_name="ingest", partitions_def=raw_documents, kinds={"python"},
          description="Form records of one raw file, extracted once per content version and kept in the record cache.")
def document_records(context: dg.AssetExecutionContext, settings: JixiaoSettings) -> dg.MaterializeResult:
    cfg = settings.load_config()
    path = context.partition_key
    raw = Path(cfg.raw_dir)
    file = entry(raw, raw / path) if (raw / path).exists() or (raw / path).is_symlink() else None
    if file is None:
        raise dg.Failure(f"{path} is no longer in {cfg.raw_dir}; the sensor will drop its partition")
    result = extract_one(cfg.raw_dir, file, cfg.cache(), cfg.limits(), ocr=cfg.ocr)
    forms = (result.entry.record or {}).get("forms", [])
    meta: dict[str, dg.MetadataValue] = {
        "status": dg.MetadataValue.text(result.status),
        "sha256": dg.MetadataValue.text(result.file.sha256),
        "forms": dg.MetadataValue.int(len(forms)),
        "indicator_rows": dg.MetadataValue.int(sum(len(f.get("indicators") or []) for f in forms)),
    }
    if result.entry.error:
        meta["error"] = dg.MetadataValue.text(result.entry.error)
    if forms:
        preview = pl.DataFrame([{k: f.get(k) for k in ("seq", "form_type", "year", "project_name", "implementing_unit")}
                                for f in forms])
        meta.update(frame_metadata("forms", preview))
    return dg.MaterializeResult(metadata=meta)
