"""`jixiao query "SQL"` / `jixiao query --file q.sql`: run SQL against the warehouse (read-only) and print the result
(how it is printed: pipelines/cli/result_format.py)."""
from __future__ import annotations

from pathlib import Path

import typer

from pipelines.cli.result_format import FORMATS

HUMAN_MAX_ROWS = 100   # default --max-rows for table / line / markdown; csv and json print every row


def register(app: typer.Typer) -> None:
    @app.command()
    def query(
        sql: str = typer.Argument(None, help="The SQL to run (or use --file)."),
        file: Path = typer.Option(None, "--file", "-f", help="Read the SQL from this file.", exists=True, dir_okay=False),
        fmt: str = typer.Option("table", "--format",
                                help="Output: table (falls back to one field per line when too wide), line "
                                     "(one field per line, like duckdb -line), csv, json or markdown."),
        warehouse: Path = typer.Option(Path("data/marts/warehouse.duckdb"), "--warehouse", "-w",
                                       help="The DuckDB warehouse file (opened read-only)."),
        max_rows: int = typer.Option(None, "--max-rows", "--limit",
                                     help=f"Print at most this many rows (0: all; default {HUMAN_MAX_ROWS} for "
                                          "table/line/markdown, all for csv/json)."),
    ) -> None:
        """Run one SQL query against the warehouse, read-only, and print the rows (views: v_indicator, v_form, …)."""
        import sys

        import duckdb

        from pipelines.cli.result_format import write
        from pipelines.report.warehouse_access import explain, open_for_command

        if fmt not in FORMATS:
            typer.echo(f"error: --format must be one of {', '.join(FORMATS)}, not {fmt!r}", err=True)
            raise typer.Exit(2)
        if (sql is None) == (file is None):
            typer.echo('error: give the SQL either as an argument or with --file (exactly one)', err=True)
            raise typer.Exit(2)
        if max_rows is None:
            max_rows = 0 if fmt in ("csv", "json") else HUMAN_MAX_ROWS
        if max_rows < 0:
            typer.echo("error: --max-rows must be 0 (all) or more", err=True)
            raise typer.Exit(2)
        text = file.read_text(encoding="utf-8") if file is not None else sql
        con = open_for_command(warehouse)
        try:
            cur = con.execute(text)  # several statements: the last one's result
            if cur.description is None:
                return
            columns = [d[0] for d in cur.description]
            rows = cur.fetchmany(max_rows + 1) if max_rows > 0 else cur.fetchall()
        except duckdb.Error as exc:
            typer.echo(f"error: {explain(exc)}", err=True)
            raise typer.Exit(1)
        finally:
            con.close()
        more = max_rows > 0 and len(rows) > max_rows
        write(columns, rows[:max_rows] if more else rows, fmt, sys.stdout, sys.stderr, more=more)
