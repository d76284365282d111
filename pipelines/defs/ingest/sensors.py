"""Decides what a change in the raw folder launches, and that the warehouse refresh waits for the extractions.

`raw_files_sensor` only stats files (no hashing), keeping `{path: "size:mtime_ns"}` in its cursor:
- its first tick (empty cursor) registers every file as a `raw_documents` partition and, when some were not
  known yet, asks for ONE refresh run tagged with why (`jixiao/trigger`): the files already there are
  extracted inside that run, not in a burst of per-file runs nobody asked for (files already registered,
  e.g. by a backfill, are left to it);
- later ticks request one `extract_documents` run per new or changed file; deleted files lose their partition
  and, when nothing needs extracting, get a refresh directly.
`refresh_after_extraction` (a run-status sensor) requests the refresh when an extraction run succeeds and no
other extraction run is queued or running and no backfill is still submitting runs, so the refresh finds
every record in the cache: one extraction per file. Its run key is the newest extraction run, so runs
finishing together give one refresh.
"""
from __future__ import annotations

import hashlib
import json
import os

import dagster as dg

from pipelines.defs.ingest.assets import raw_documents
from pipelines.defs.resources import JixiaoSettings
from pipelines.defs.warehouse.jobs import refresh_warehouse_job
from pipelines.ingest.inventory import list_raw

extract_documents_job = dg.define_asset_job(
    "extract_documents", selection=dg.AssetSelection.assets("document_records"),
    description="Extract one raw file (a partition of raw_documents) into the record cache.",
)

TRIGGER_TAG = "jixiao/trigger"
_BAD_KEY_PARTS = ("...", "\a", "\b", "\f", "\n", "\r", "\t", "\v", "\0")
_PENDING = [dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING,
            dg.DagsterRunStatus.STARTED]


def sensor_interval() -> int:
    """Seconds between raw-folder looks (JIXIAO_SENSOR_SECONDS, default 60)."""
    return int(os.environ.get("JIXIAO_SENSOR_SECONDS", "60"))


def snapshot(raw_dir: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for p in list_raw(raw_dir):
        try:
            st = p.stat()
        except FileNotFoundError:
            continue
        key = p.relative_to(raw_dir).as_posix()
        if not any(b in key for b in _BAD_KEY_PARTS):
            out[key] = f"{st.st_size}:{st.st_mtime_ns}"
    return out


def hash_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _refresh(state: dict[str, str], why: str) -> dg.RunRequest:
    # Keyed by the whole folder state, so each new state of the folder gets its own refresh.
    stamp = json.dumps(state, ensure_ascii=False, sort_keys=True)
    return dg.RunRequest(run_key=f"refresh:{hash_text(stamp)}", job_name=refresh_warehouse_job.name,
                         tags={TRIGGER_TAG: why})


@dg.sensor(
    name="raw_files_sensor",
    jobs=[extract_documents_job, refresh_warehouse_job],
    minimum_interval_seconds=sensor_interval(),
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Watches the raw folder. First look: registers the files already there and asks for one warehouse "
                "refresh (which extracts them). Later: one extraction run per new or changed file (the refresh "
                "follows when they are done, see refresh_after_extraction); drops partitions of deleted files.",
)
def raw_files_sensor(context: dg.SensorEvaluationContext, settings: JixiaoSettings) -> dg.SensorResult:
    raw_dir = settings.raw_dir
    if not os.path.isdir(raw_dir):
        return dg.SensorResult(skip_reason=f"raw folder {raw_dir} does not exist")
    first = not context.cursor
    before: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
    now = snapshot(raw_dir)
    known = set(context.instance.get_dynamic_partitions(raw_documents.name))
    added = sorted(k for k in now if k not in known)
    changed = sorted(k for k in now if before.get(k) != now[k])
    removed = sorted(k for k in known if k not in now)
    partition_requests = []
    if added:
        partition_requests.append(raw_documents.build_add_request(added))
    if removed:
        partition_requests.append(raw_documents.build_delete_request(removed))
    cursor = json.dumps(now, ensure_ascii=False)
    if first:
        why = (f"first look at {raw_dir}: {len(now)} file(s) already there; one refresh extracts and publishes "
               "them (later changes get one extraction run per file)")
        context.log.info(why)
        return dg.SensorResult(run_requests=[_refresh(now, why)] if added else [],
                               dynamic_partitions_requests=partition_requests, cursor=cursor)
    requests = [dg.RunRequest(run_key=f"{k}@{now[k]}", job_name=extract_documents_job.name, partition_key=k,
                              tags={TRIGGER_TAG: "new or changed file"})
                for k in changed]
    if removed and not changed:
        requests.append(_refresh(now, f"{len(removed)} file(s) removed from {raw_dir}"))
    if not requests and not partition_requests:
        return dg.SensorResult(skip_reason="no new, changed or deleted files", cursor=cursor)
    return dg.SensorResult(run_requests=requests, dynamic_partitions_requests=partition_requests, cursor=cursor)


@dg.run_status_sensor(
    name="refresh_after_extraction",
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[extract_documents_job],
    request_job=refresh_warehouse_job,
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=min(30, sensor_interval()),
    description="Requests the warehouse refresh once the last queued extraction run has succeeded, so the refresh "
                "reads every record from the cache instead of extracting again.",
)
def refresh_after_extraction(context: dg.RunStatusSensorContext):
    pending = context.instance.get_runs_count(dg.RunsFilter(job_name=extract_documents_job.name, statuses=_PENDING))
    if pending:
        return dg.SkipReason(f"waiting for {pending} extraction run(s)")
    from dagster._core.execution.backfill import BulkActionStatus

    for b in context.instance.get_backfills(status=BulkActionStatus.REQUESTED):
        made = context.instance.get_runs_count(dg.RunsFilter(tags={"dagster/backfill": b.backfill_id}))
        if made < len(b.partition_names or []):
            return dg.SkipReason(f"waiting for backfill {b.backfill_id} to submit its runs")
    newest = context.instance.get_runs(dg.RunsFilter(job_name=extract_documents_job.name), limit=1)
    key = newest[0].run_id if newest else context.dagster_run.run_id
    return dg.RunRequest(run_key=f"after-extraction:{key}", tags={TRIGGER_TAG: "extraction runs finished"})
