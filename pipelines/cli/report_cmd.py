"""`jixiao report [--out DIR] [--warehouse FILE]`: the analysts' static HTML page with charts and source links.

`--single-file report.html --source-base URL` writes one file to e-mail: the page is self-contained (inline CSS,
SVG, script) and its source links point at URL/<source path> (or, with `--source-base .`, at the PDFs published
next to it) instead of into the local raw folder."""
from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def report(
        out: Path = typer.Option(Path("data/marts/report"), "--out", "-o", help="Folder for index.html."),
        warehouse: Path = typer.Option(Path("data/marts/warehouse.duckdb"), "--warehouse", "-w",
                                       help="The DuckDB warehouse file (opened read-only)."),
        raw: Path = typer.Option(Path("data/raw"), "--raw",
                                 help="The raw folder the warehouse was loaded from (for links to source pages)."),
        single_file: Path = typer.Option(None, "--single-file",
                                         help="Write the report as this one HTML file (to e-mail or publish) "
                                              "instead of OUT/index.html."),
        source_base: str = typer.Option(None, "--source-base",
                                        help="Link sources under this base instead of the local raw folder: a URL "
                                             "where the raw folder's PDFs are published, or '.' for PDFs placed "
                                             "next to the report (same sub-folders)."),
        screenshot: Path = typer.Option(None, "--screenshot",
                                        help="Also open the page in headless Chromium and save a full-page PNG here; "
                                             "fails if the page logs a console error."),
        screenshot_height: int = typer.Option(0, "--screenshot-height",
                                              help="Cut the screenshot at this many pixels (0: the whole page)."),
    ) -> None:
        """Write a static, offline HTML report (inline SVG charts, tables linked to source pages)."""
        import duckdb

        from pipelines.report.html import build_report
        from pipelines.report.warehouse_access import open_for_command

        con = open_for_command(warehouse)
        try:
            if single_file is not None:
                page = build_report(con, single_file.parent, raw, warehouse_label=str(warehouse),
                                    page_name=single_file.name, source_base=source_base)
            else:
                page = build_report(con, out, raw, warehouse_label=str(warehouse), source_base=source_base)
        except duckdb.Error as exc:
            typer.echo(f"error: {warehouse}: {exc} (is it a warehouse built by `jixiao load`?)", err=True)
            raise typer.Exit(1)
        finally:
            con.close()
        typer.echo(f"wrote {page}")
        if screenshot is not None:
            from pipelines.report.browser import BrowserError, check_page

            try:
                result = check_page(page, screenshot=screenshot, max_height=screenshot_height)
            except BrowserError as exc:
                typer.echo(f"error: screenshot: {exc}", err=True)
                raise typer.Exit(1)
            if result.console_errors:
                typer.echo("error: the page logged console errors:\n  " + "\n  ".join(result.console_errors), err=True)
                raise typer.Exit(1)
            typer.echo(f"wrote {screenshot}")
