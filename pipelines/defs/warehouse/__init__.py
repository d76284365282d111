"""Warehouse domain: the published DuckDB file, the refresh job and the nightly schedule."""
import dagster as dg

from .assets import warehouse
from .jobs import refresh_warehouse_job
from .schedules import nightly_refresh

defs = dg.Definitions(assets=[warehouse], jobs=[refresh_warehouse_job], schedules=[nightly_refresh])

__all__ = ["defs", "warehouse", "refresh_warehouse_job", "nightly_refresh"]
