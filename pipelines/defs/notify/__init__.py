"""Notify domain: the night's outcome (published / blocked / failed) as a log line and, when configured, a webhook."""
import dagster as dg

from .sensors import report_failed_runs, report_published

defs = dg.Definitions(sensors=[report_failed_runs, report_published])

__all__ = ["defs"]
