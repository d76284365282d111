"""Open the published warehouse for reading — and for nothing else (query, export, report, examples share this).

User SQL runs here (`jixiao query`, the example questions, views of whatever warehouse file is
opened), so the connection is a sandbox: read-only, DuckDB's external access off (no files, no
other databases, no network, no COPY … TO, no EXPORT DATABASE), no extension installed or
loaded, and the configuration locked so a statement cannot turn any of it back on.
`explain` turns the refusals into one sentence.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import typer

from pipelines.settings import DEFAULT_WAREHOUSE

SANDBOX = {
    "enable_external_access": False,       # no file, database, URL or extension directory besides the warehouse
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,            # last: nothing above can be SET back
}

READ_ONLY = ("this query can only read the warehouse's tables and views: it is opened read-only, so "
             "statements that change data or the schema are refused")
NO_FILES = ("this query can only read the warehouse's tables and views: files, other databases, extensions "
            "and the network are out of its reach (to save a result, use `jixiao query --format csv > FILE` "
            "or `jixiao export`)")
LOCKED = "this query can only read the warehouse's tables and views: its settings are locked"

__all__ = ["DEFAULT_WAREHOUSE", "WarehouseMissing", "explain", "open_for_command", "open_read_only"]


class WarehouseMissing(Exception):
    """The warehouse file does not exist (nothing has been loaded yet)."""


def open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A sandboxed read-only DuckDB connection to the warehouse file; many readers may share the file."""
    path = Path(path)
    if not path.is_file():
        raise WarehouseMissing(f"{path}: no warehouse there — build one with `jixiao load` (or `make run`)")
    return duckdb.connect(str(path), read_only=True, config=dict(SANDBOX))


def explain(exc: BaseException) -> str:
    """One sentence for a refused statement (with DuckDB's own words after it); other errors as DuckDB says."""
    text = " ".join(str(exc).split())
    if isinstance(exc, duckdb.PermissionException) or "disabled by configuration" in text:
        return f"{NO_FILES} ({text})"
    if "read-only mode" in text or "read-only" in text and "attached" in text:
        return f"{READ_ONLY} ({text})"
    if "configuration has been locked" in text:
        return f"{LOCKED} ({text})"
    return text


def open_for_command(path: Path) -> duckdb.DuckDBPyConnection:
    """For CLI commands: the sandboxed connection, or a one-line error on stderr and exit status 1."""
    try:
        return open_read_only(path)
    except (WarehouseMissing, duckdb.Error) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
