"""The one Dagster code location of Jixiao, named `jixiao` (deploy/workspace.yaml; `make dev`).

Definitions live per domain under pipelines/defs/<domain>/, each exposing a `defs` object merged here with
the shared resource and the executor:
- ingest: `document_records` (one dynamic partition per raw file: extraction into the record cache), the
  raw-folder sensor and the sensor that starts the refresh once extractions are done;
- warehouse: one asset per published table and view (one publish step), the refresh job, the nightly schedule;
- quality: the gate's asset checks, attached to the tables they test (reported by the publish step);
- notify: the night's outcome as a log line and a webhook;
- housekeeping: run records older than JIXIAO_RUN_RETENTION_DAYS are pruned weekly.
Step logic is plain Python (pipelines/load.py and friends); `jixiao load` and Dagster run the same code.
"""
from __future__ import annotations

import dagster as dg

from pipelines.defs import housekeeping, ingest, notify, warehouse
from pipelines.defs.executor import default_executor
from pipelines.defs.resources import JixiaoSettings, default_settings


def build_defs(settings: JixiaoSettings | None = None, executor: dg.ExecutorDefinition | None = None) -> dg.Definitions:
    return dg.Definitions.merge(
        ingest.defs,
        warehouse.defs,
        notify.defs,
        housekeeping.defs,
        dg.Definitions(resources={"settings": settings or default_settings()},
                       executor=executor or default_executor()),
    )


defs = build_defs()
