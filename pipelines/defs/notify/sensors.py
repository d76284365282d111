"""Decides which runs are reported and what the report says (see outcome.py for where it goes).

- `report_failed_runs` (run-failure sensor): any failed run of this code location. A refresh stopped by the
  quality gate is reported as BLOCKED with the rules and files from the publish step's failure metadata
  (pipelines/defs/warehouse/assets.py); any other failure as FAILED with the step's error.
- `report_published` (run-status sensor, SUCCESS of refresh_warehouse): PUBLISHED with the row counts.
The webhook (JIXIAO_WEBHOOK_URL) gets failures and blocks; the log file gets every line.
"""
from __future__ import annotations

import os

import dagster as dg

from pipelines.defs.notify.outcome import Outcome, default_log, record
from pipelines.defs.resources import JixiaoSettings
from pipelines.defs.warehouse.jobs import refresh_warehouse_job


def _interval() -> int:
    return int(os.environ.get("JIXIAO_SENSOR_SECONDS", "30"))


def _value(meta: dict, key: str, default=None):
    v = meta.get(key)
    return getattr(v, "value", v) if v is not None else default


def failure_outcome(context: dg.RunFailureSensorContext) -> Outcome:
    run = context.dagster_run
    for ev in context.get_step_failure_events():
        data = ev.step_failure_data
        meta = dict(data.user_failure_data.metadata) if data and data.user_failure_data else {}
        if _value(meta, "outcome") == "blocked":
            rules, files = list(_value(meta, "rules", [])), list(_value(meta, "files", []))
            msg = f"quality gate blocked the publish: rule(s) {', '.join(rules)}"
            msg += f" on {', '.join(files)}" if files else " (no single file to blame)"
            return Outcome("blocked", run.job_name, run.run_id, msg, rules, files, list(_value(meta, "details", [])))
    steps = context.get_step_failure_events()
    err = (steps[0].step_failure_data.error.message.strip().splitlines() or [""])[-1] if steps and \
        steps[0].step_failure_data and steps[0].step_failure_data.error else context.failure_event.message or ""
    part = run.tags.get("dagster/partition")
    files = [part] if part else []
    return Outcome("failed", run.job_name, run.run_id, f"run failed{' on ' + part if part else ''}: {err}",
                   files=files)


@dg.run_failure_sensor(name="report_failed_runs", default_status=dg.DefaultSensorStatus.RUNNING,
                       minimum_interval_seconds=_interval(),
                       description="Writes a FAILED or BLOCKED line (which rule, which files) to the outcome log "
                                   "and posts it to JIXIAO_WEBHOOK_URL when set.")
def report_failed_runs(context: dg.RunFailureSensorContext, settings: JixiaoSettings) -> None:
    o = failure_outcome(context)
    problem = record(o, settings.outcome_log or default_log(settings.warehouse), settings.webhook_url)
    context.log.info(o.line() + (f" ({problem})" if problem else ""))


@dg.run_status_sensor(name="report_published", run_status=dg.DagsterRunStatus.SUCCESS,
                      monitored_jobs=[refresh_warehouse_job], default_status=dg.DefaultSensorStatus.RUNNING,
                      minimum_interval_seconds=_interval(),
                      description="Writes a PUBLISHED line with the row counts to the outcome log after each refresh.")
def report_published(context: dg.RunStatusSensorContext, settings: JixiaoSettings) -> None:
    run = context.dagster_run
    counts = {}
    for key in ("fact_project_budget", "fact_indicator"):
        ev = context.instance.get_latest_materialization_event(dg.AssetKey(key))
        if ev is not None and ev.run_id == run.run_id:
            counts[key] = _value(dict(ev.asset_materialization.metadata), "dagster/row_count")
    msg = (f"published {counts.get('fact_project_budget', '?')} forms, "
           f"{counts.get('fact_indicator', '?')} indicator rows to {settings.warehouse}")
    o = Outcome("published", run.job_name, run.run_id, msg)
    record(o, settings.outcome_log or default_log(settings.warehouse))
    context.log.info(o.line())
