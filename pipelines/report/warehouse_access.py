"""Open the published warehouse for reading (query, export, report, dictionary share this)."""
from __future__ import annotations

from pathlib import Path

DEFAULT_WAREHOUSE = Path("data/marts/warehouse.duckdb")


class WarehouseMissing(Exception):
    """The warehouse file does not exist (nothing has been loaded yet)."""


def open_read_only(path: Path):
    """A read-only DuckDB connection to the warehouse file; many readers may share the file with no writer."""
    import duckdb

    path = Path(path)
    if not path.is_file():
        raise WarehouseMissing(f"{path}: no warehouse there — build one with `jixiao load` (or `make run`)")
    return duckdb.connect(str(path), read_only=True)


def open_for_command(path: Path):
    """For CLI commands: the read-only connection, or a one-line error on stderr and exit status 1."""
    import duckdb
    import typer

    try:
        return open_read_only(path)
    except (WarehouseMissing, duckdb.Error) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
