"""Warehouse domain: every published table and view (one publish step), the refresh job and the nightly schedule."""
import dagster as dg

from .assets import publish_warehouse
from .jobs import refresh_warehouse_job
from .schedules import nightly_refresh

defs = dg.Definitions(assets=[publish_warehouse], jobs=[refresh_warehouse_job], schedules=[nightly_refresh])

__all__ = ["defs", "publish_warehouse", "refresh_warehouse_job", "nightly_refresh"]
