"""Transform domain: staging frames (records → forms/indicators, dedup, quality levels 1 and 3) and the star schema."""
import dagster as dg

from .assets import staging, star_schema

defs = dg.Definitions(assets=[staging, star_schema])

__all__ = ["defs", "staging", "star_schema"]
