"""`jixiao query "SQL"` / `jixiao query --file q.sql`: run SQL against the warehouse (read-only) and print the result."""
from __future__ import annotations

from pathlib import Path

import typer

FORMATS = ("table", "csv", "json")


def register(app: typer.Typer) -> None:
    @app.command()
    def query(
        sql: str = typer.Argument(None, help="The SQL to run (or use --file)."),
        file: Path = typer.Option(None, "--file", "-f", help="Read the SQL from this file.", exists=True, dir_okay=False),
        fmt: str = typer.Option("table", "--format", help="Output: table (rich), csv or json (one object per row)."),
        warehouse: Path = typer.Option(Path("data/marts/warehouse.duckdb"), "--warehouse", "-w",
                                       help="The DuckDB warehouse file (opened read-only)."),
        limit: int = typer.Option(0, "--limit", help="Print at most this many rows (0: all)."),
    ) -> None:
        """Run one SQL query against the warehouse, read-only, and print the rows (views: v_indicator, v_form, …)."""
        import duckdb

        from pipelines.report.warehouse_access import open_for_command

        if fmt not in FORMATS:
            typer.echo(f"error: --format must be one of {', '.join(FORMATS)}, not {fmt!r}", err=True)
            raise typer.Exit(2)
        if (sql is None) == (file is None):
            typer.echo('error: give the SQL either as an argument or with --file (exactly one)', err=True)
            raise typer.Exit(2)
        text = file.read_text(encoding="utf-8") if file is not None else sql
        con = open_for_command(warehouse)
        try:
            cur = con.execute(text)  # several statements: the last one's result
            if cur.description is None:
                return
            columns = [d[0] for d in cur.description]
            rows = cur.fetchmany(limit) if limit > 0 else cur.fetchall()
        except duckdb.Error as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1)
        finally:
            con.close()
        _print(columns, rows, fmt)


def _print(columns: list[str], rows: list[tuple], fmt: str) -> None:
    import sys

    if fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    elif fmt == "json":
        import json

        json.dump([dict(zip(columns, r)) for r in rows], sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(show_lines=False, header_style="bold")
        for c in columns:
            table.add_column(c, overflow="fold")
        for r in rows:
            table.add_row(*("" if v is None else _fmt(v) for v in r))
        console = Console(width=max(Console().width, 160) if not sys.stdout.isatty() else None)
        console.print(table)
        console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", style="dim")


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:,.2f}".rstrip("0").rstrip(".") if abs(v) >= 1000 else f"{v:g}"
    return str(v)
