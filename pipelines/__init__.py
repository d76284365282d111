"""Jixiao (绩效): budget-performance forms → DuckDB warehouse.

Flow: extract (pure Python) → transform (polars) → quality (great-expectations)
→ warehouse (DuckDB) → defs (Dagster wiring) → cli.
"""
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = REPO_ROOT / "sql"
