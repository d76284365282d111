"""Dagster wiring, and the only package that imports Dagster: assets, checks, sensors, schedule (definitions.py)."""
