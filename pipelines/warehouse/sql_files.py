"""Where the project's SQL is read from: the package `pipelines.sql`, via importlib.resources.

The top-level sql/ folder (ddl/, views/, examples/) is shipped inside the package as `pipelines.sql`
(pyproject.toml package-dir + package-data, setup.py's package list), so a checkout, an editable install
and an installed wheel all read the same files. Nothing else in the code knows where sql/ lives on disk.
"""
from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

KINDS = ("ddl", "views", "examples")


def sql_files(kind: str) -> list[Traversable]:
    """The *.sql files of sql/<kind> (ddl | views | examples), in name order."""
    if kind not in KINDS:
        raise ValueError(f"unknown SQL folder {kind!r} (one of {', '.join(KINDS)})")
    folder = files("pipelines.sql") / kind
    return sorted((f for f in folder.iterdir() if f.name.endswith(".sql") and f.is_file()), key=lambda f: f.name)


def run_sql(con, kind: str) -> list[str]:
    """Execute every file of sql/<kind> on a DuckDB connection, in name order; returns the names run."""
    done = []
    for f in sql_files(kind):
        con.execute(f.read_text(encoding="utf-8"))
        done.append(f.name)
    return done
