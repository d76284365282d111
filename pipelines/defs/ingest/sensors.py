"""The raw-folder sensor: new or changed files become partitions and runs; deleted files lose their partition.

It only stats files (no hashing), keeping `{path: "size:mtime_ns"}` in its cursor.
New or changed files get a `document_records` run for their partition (extract +
cache) and one `refresh_warehouse` run rebuilds the marts (which reads the cache).
"""

import json
import os

import dagster as dg

from pipelines.defs.ingest.assets import document_records, raw_documents
from pipelines.defs.resources import JixiaoSettings
from pipelines.defs.warehouse.jobs import refresh_warehouse_job
from pipelines.ingest.inventory import list_raw

extract_documents_job = dg.define_asset_job(
    "extract_documents", selection=[document_records],
    description="Extract one raw file (a partition of raw_documents) into the record cache.",
)

_BAD_KEY_PARTS = ("...", "\a", "\b", "\f", "\n", "\r", "\t", "\v", "\0")


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


@dg.sensor(
    name="raw_files_sensor",
    jobs=[extract_documents_job, refresh_warehouse_job],
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Watches the raw folder: adds a raw_documents partition per new file, requests extraction "
                "runs for new/changed files and one warehouse refresh; drops partitions of deleted files.",
)
def raw_files_sensor(context: dg.SensorEvaluationContext, settings: JixiaoSettings) -> dg.SensorResult:
    raw_dir = settings.raw_dir
    if not os.path.isdir(raw_dir):
        return dg.SensorResult(skip_reason=f"raw folder {raw_dir} does not exist")
    before: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
    now = snapshot(raw_dir)
    known = set(context.instance.get_dynamic_partitions(raw_documents.name))
    added = sorted(k for k in now if k not in known)
    changed = sorted(k for k in now if before.get(k) != now[k])
    removed = sorted(k for k in known if k not in now)
    requests = [
        dg.RunRequest(run_key=f"{k}@{now[k]}", job_name=extract_documents_job.name, partition_key=k)
        for k in changed
    ]
    if changed or removed:
        # Keyed by the whole folder state, so each new state of the folder gets its own refresh.
        stamp = json.dumps(now, ensure_ascii=False, sort_keys=True)
        requests.append(dg.RunRequest(run_key=f"refresh:{hash_text(stamp)}", job_name=refresh_warehouse_job.name))
    partition_requests = []
    if added:
        partition_requests.append(raw_documents.build_add_request(added))
    if removed:
        partition_requests.append(raw_documents.build_delete_request(removed))
    if not requests and not partition_requests:
        return dg.SensorResult(skip_reason="no new, changed or deleted files", cursor=json.dumps(now))
    return dg.SensorResult(run_requests=requests, dynamic_partitions_requests=partition_requests,
                           cursor=json.dumps(now, ensure_ascii=False))


def hash_text(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
