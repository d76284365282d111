"""Quality domain: the data-quality gate's asset checks on star_schema (blocking level 2, counts of levels 1 and 3)."""
import dagster as dg

from .checks import asset_checks

defs = dg.Definitions(asset_checks=asset_checks)

__all__ = ["defs", "asset_checks"]
