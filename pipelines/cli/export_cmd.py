"""`jixiao export --format parquet|csv|xlsx DIR`: write every table (and with --views every analyst view) of the
warehouse for other tools — one file per table (parquet, csv) or one workbook with a sheet each (xlsx).
File formats and formula neutralisation: pipelines/report/spreadsheet.py."""
from __future__ import annotations

import os
from pathlib import Path

import typer

FORMATS = ("parquet", "csv", "xlsx")


def register(app: typer.Typer) -> None:
    @app.command()
    def export(
        out: Path = typer.Argument(..., help="Folder to write into (created if missing)."),
        fmt: str = typer.Option("parquet", "--format",
                                help="parquet (default), csv (UTF-8 with BOM for Excel/WPS) or xlsx (one workbook, "
                                     "a sheet per table/view, header frozen)."),
        warehouse: Path = typer.Option(Path("data/marts/warehouse.duckdb"), "--warehouse", "-w",
                                       help="The DuckDB warehouse file (opened read-only)."),
        views: bool = typer.Option(False, "--views/--no-views", help="Also export the analyst views (v_*)."),
    ) -> None:
        """Export every table of the warehouse (dims, facts, load_log, dq_issue) to DIR/<table>.<format>
        (xlsx: DIR/jixiao.xlsx). Text a spreadsheet would run as a formula (=, +, -, @ first) is neutralised."""
        import duckdb

        from pipelines.report.warehouse_access import open_for_command

        if fmt not in FORMATS:
            typer.echo(f"error: --format must be one of {', '.join(FORMATS)}, not {fmt!r}", err=True)
            raise typer.Exit(2)
        con = open_for_command(warehouse)
        try:
            written = export_marts(con, out, fmt, include_views=views)
        except (duckdb.Error, OSError, ValueError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1)
        finally:
            con.close()
        for name, rows, path in written:
            typer.echo(f"{path}  {name}: {rows} rows")


def relation_names(con, include_views: bool = False) -> list[str]:
    names = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT internal AND schema_name = 'main' ORDER BY 1").fetchall()]
    if include_views:
        names += [r[0] for r in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main' ORDER BY 1").fetchall()]
    return names


def export_marts(con, out: Path, fmt: str = "parquet", include_views: bool = False) -> list[tuple[str, int, Path]]:
    """Write each table (and optionally each view); return (name, rows, path) per table or view.
    Every file is written to a temp name first and renamed, so a failed export leaves no half file."""
    from pipelines.report import spreadsheet

    names = relation_names(con, include_views)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        path = out / "jixiao.xlsx"
        tmp = path.with_name(path.name + ".tmp")
        try:
            counts = spreadsheet.write_xlsx(con, names, tmp)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
        return [(name, counts[name], path) for name in names]
    writer = spreadsheet.write_csv if fmt == "csv" else spreadsheet.write_parquet
    written = []
    for name in names:
        path = out / f"{name}.{fmt}"
        tmp = path.with_name(path.name + ".tmp")
        try:
            rows = writer(con, name, tmp)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
        written.append((name, rows, path))
    return written
