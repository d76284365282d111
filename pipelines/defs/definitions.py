"""The one Dagster code location of Jixiao: `dagster dev -m pipelines.defs.definitions`.

Definitions live per domain under pipelines/defs/<domain>/ (ingest, transform,
warehouse, quality), each exposing a `defs` Definitions object, merged here with
the shared resource. Step logic is plain Python (pipelines/load.py and friends);
the assets are thin wrappers, so `jixiao load` and Dagster run the same code.

Asset graph: raw_inventory → document_records (one dynamic partition per raw
file) → staging → star_schema [blocking quality checks] → warehouse.
"""
from __future__ import annotations

import dagster as dg

from pipelines.defs import ingest, quality, transform, warehouse
from pipelines.defs.resources import default_settings

defs = dg.Definitions.merge(
    ingest.defs,
    transform.defs,
    quality.defs,
    warehouse.defs,
    dg.Definitions(resources={"settings": default_settings()}),
)
