"""Housekeeping domain: decides how long Dagster's own run history is kept.

Dagster purges schedule and sensor ticks itself (`retention:` in dagster.yaml) but keeps run records forever;
the weekly `prune_run_history` job deletes finished runs (with their event logs) older than
JIXIAO_RUN_RETENTION_DAYS (default 365; a negative value keeps everything). The warehouse's own load_log is
not touched.
"""
import os
from datetime import datetime, timedelta, timezone

import dagster as dg

FINISHED = [dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED]


def retention_days() -> int:
    return int(os.environ.get("JIXIAO_RUN_RETENTION_DAYS", "365"))


@dg.op(description="Delete finished runs older than JIXIAO_RUN_RETENTION_DAYS.")
def prune_runs(context: dg.OpExecutionContext) -> int:
    days = retention_days()
    if days < 0:
        context.log.info("JIXIAO_RUN_RETENTION_DAYS < 0: run history kept")
        return 0
    cutoff = datetime.now(timezone.utc) - timedelta(days=days)
    deleted = 0
    while True:
        batch = context.instance.get_run_records(dg.RunsFilter(statuses=FINISHED, created_before=cutoff), limit=500)
        batch = [r for r in batch if r.dagster_run.run_id != context.run_id]
        if not batch:
            break
        for r in batch:
            context.instance.delete_run(r.dagster_run.run_id)
        deleted += len(batch)
    context.log.info(f"deleted {deleted} run(s) finished before {cutoff:%Y-%m-%d}")
    return deleted


@dg.job(description="Delete Dagster run records older than JIXIAO_RUN_RETENTION_DAYS (the warehouse is not touched).")
def prune_run_history():
    prune_runs()


prune_weekly = dg.ScheduleDefinition(name="prune_run_history_weekly", job=prune_run_history, cron_schedule="30 3 * * 0",
                                     execution_timezone="Asia/Shanghai", default_status=dg.DefaultScheduleStatus.RUNNING,
                                     description="Sundays 03:30 Asia/Shanghai: prune old run records.")

defs = dg.Definitions(jobs=[prune_run_history], schedules=[prune_weekly])
