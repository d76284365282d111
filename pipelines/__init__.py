"""Jixiao (绩效): budget-performance forms → DuckDB warehouse.

Flow: extract (pure Python) → transform (polars) → quality (great-expectations)
→ warehouse (DuckDB) → defs (Dagster wiring) → cli.
"""