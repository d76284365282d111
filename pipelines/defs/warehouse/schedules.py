"""Nightly full refresh at 02:00 Shanghai time."""
import dagster as dg

from .jobs import refresh_warehouse_job

nightly_refresh = dg.ScheduleDefinition(
    name="nightly_refresh",
    job=refresh_warehouse_job,
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Shanghai",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Full refresh of the warehouse every night at 02:00 Asia/Shanghai.",
)
