"""`jixiao export --format parquet DIR`: write every mart (table) of the warehouse as one file each."""
from __future__ import annotations

from pathlib import Path

import typer

FORMATS = {"parquet": "(FORMAT parquet, COMPRESSION zstd)", "csv": "(FORMAT csv, HEADER true)"}


def register(app: typer.Typer) -> None:
    @app.command()
    def export(
        out: Path = typer.Argument(..., help="Folder to write into (created if missing)."),
        fmt: str = typer.Option("parquet", "--format", help="parquet (default) or csv."),
        warehouse: Path = typer.Option(Path("data/marts/warehouse.duckdb"), "--warehouse", "-w",
                                       help="The DuckDB warehouse file (opened read-only)."),
        views: bool = typer.Option(False, "--views/--no-views", help="Also export the analyst views (v_*)."),
    ) -> None:
        """Export every table of the warehouse (dims, facts, load_log, dq_issue) to DIR/<table>.<format>."""
        import duckdb

        from pipelines.report.warehouse_access import open_for_command

        if fmt not in FORMATS:
            typer.echo(f"error: --format must be one of {', '.join(FORMATS)}, not {fmt!r}", err=True)
            raise typer.Exit(2)
        con = open_for_command(warehouse)
        try:
            written = export_marts(con, out, fmt, include_views=views)
        except (duckdb.Error, OSError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1)
        finally:
            con.close()
        for name, rows, path in written:
            typer.echo(f"{path}  {rows} rows")


def export_marts(con, out: Path, fmt: str = "parquet", include_views: bool = False) -> list[tuple[str, int, Path]]:
    """Write each table (and optionally each view) to out/<name>.<fmt>; return (name, rows, path) per file."""
    names = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT internal AND schema_name = 'main' ORDER BY 1").fetchall()]
    if include_views:
        names += [r[0] for r in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main' ORDER BY 1").fetchall()]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names:
        path = out / f"{name}.{fmt}"
        tmp = path.with_name(path.name + ".tmp")
        con.execute(f"COPY (SELECT * FROM \"{name}\") TO '{_quote(tmp)}' {FORMATS[fmt]}")
        tmp.replace(path)
        rows = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        written.append((name, rows, path))
    return written


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
