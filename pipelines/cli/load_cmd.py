"""`jixiao load`: inventory data/raw, extract what changed, check quality, publish the warehouse atomically."""
from __future__ import annotations

from pathlib import Path

import typer

# Exit codes: 0 published; 1 the quality gate blocked the publish; 2 bad arguments / no raw folder;
# 3 another load holds the warehouse.
EXIT_BLOCKED, EXIT_USAGE, EXIT_BUSY = 1, 2, 3


def register(app: typer.Typer) -> None:
    @app.command()
    def load(
        raw: Path = typer.Option(Path("data/raw"), "--raw", help="Folder of input PDFs and text exports (searched recursively)."),
        warehouse: Path = typer.Option(Path("data/marts/warehouse.duckdb"), "--warehouse", "-w",
                                       help="The DuckDB warehouse file to (re)build."),
        accept_shrink: bool = typer.Option(False, "--accept-shrink",
                                           help="Publish even if the facts shrink sharply while no input file was removed."),
        cache: Path = typer.Option(None, "--cache", help="Record cache folder (default data/cache, or $JIXIAO_CACHE_DIR)."),
        workers: int = typer.Option(2, "--workers", min=0, help="Extraction worker processes (0: in this process)."),
        max_pages: int = typer.Option(None, "--max-pages", min=1,
                                      help="Refuse PDFs with more pages than this (default $JIXIAO_MAX_PAGES or 2000)."),
        max_mb: float = typer.Option(None, "--max-mb", min=0.001,
                                     help="Refuse files larger than this many MiB (default $JIXIAO_MAX_MB or 200)."),
        seconds: float = typer.Option(None, "--seconds", min=0.1,
                                      help="Stop extracting a document after this many seconds (default "
                                           "$JIXIAO_SECONDS or 300)."),
        wait: float = typer.Option(0.0, "--wait", min=0.0, help="Seconds to wait for another running load before giving up."),
        force: bool = typer.Option(False, "--force", help="Rebuild even when nothing changed since the last load."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    ) -> None:
        """Load the raw folder into the warehouse (incremental: unchanged files come from the cache)."""
        from rich.console import Console

        from pipelines.load import LoadBlocked, LoadConfig, run_load
        from pipelines.warehouse.lock import WarehouseBusy

        console = Console(stderr=False)
        cfg = LoadConfig(raw_dir=raw, warehouse=warehouse, cache_dir=cache, accept_shrink=accept_shrink,
                         workers=workers, wait_seconds=wait, force=force, max_pages=max_pages, max_mb=max_mb,
                         seconds=seconds)
        try:
            cfg.limits()  # a bad JIXIAO_* variable is a usage error, said before any work
        except ValueError as exc:
            console.print(f"[red]error:[/red] {exc}", soft_wrap=True)
            raise typer.Exit(EXIT_USAGE)
        try:
            if quiet:
                summary = run_load(cfg)
            else:
                summary = _with_progress(console, cfg, run_load)
        except FileNotFoundError as exc:
            console.print(f"[red]error:[/red] {exc}", soft_wrap=True)
            raise typer.Exit(EXIT_USAGE)
        except WarehouseBusy as exc:
            console.print(f"[red]error:[/red] {exc}", soft_wrap=True)
            raise typer.Exit(EXIT_BUSY)
        except LoadBlocked as exc:
            if exc.summary is not None:
                _print_summary(console, exc.summary)
            console.print(f"[red bold]not published:[/red bold] the quality gate blocked the load; "
                          f"{warehouse} is unchanged.")
            for f in exc.failures:
                console.print(f"  [red]✗ {f.rule}[/red]: {f.detail}", soft_wrap=True)
            raise typer.Exit(EXIT_BLOCKED)
        _print_summary(console, summary)


def _with_progress(console, cfg, run):
    """A live progress bar on a terminal; plain one-line stage reports elsewhere (CI logs, pipes)."""
    if not console.is_terminal:
        return run(cfg, _plain_progress(console))
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("[bold]{task.description:<9}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TextColumn("{task.fields[detail]}", style="dim"))
    with Progress(*columns, console=console, transient=False) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int, detail: str) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=max(total, 1), detail="")
            bar.update(tasks[stage], completed=done, total=max(total, 1), detail=detail[-50:])

        return run(cfg, progress)


def _plain_progress(console):
    """Progress as plain lines: each stage when it finishes, extraction also at every tenth of the files."""
    last: dict[str, int] = {}

    def progress(stage: str, done: int, total: int, detail: str) -> None:
        total = max(total, 1)
        step = done * 10 // total
        if done >= total or (stage == "extract" and step > last.get(stage, -1)):
            if last.get(stage) == 10:
                return
            last[stage] = 10 if done >= total else step
            console.print(f"{stage:<9} {done}/{total}  {detail}", soft_wrap=True, highlight=False, markup=False)

    return progress


def _print_summary(console, s) -> None:
    """Plain label/value lines (soft-wrapped: nothing is cut off in a narrow terminal or a CI log)."""
    from rich.markup import escape

    rows = [("files", f"{s.files_total}: {s.loaded} loaded, {s.unchanged} unchanged, "
                      f"{s.failed} failed, {s.skipped} skipped (superseded), "
                      f"{s.duplicate} duplicate (byte-identical copies)"
                      + (f"; {s.removed} removed since the last load" if s.removed else "")),
            ("forms", f"{s.forms} published, {s.forms_superseded} superseded (by newer documents or a later copy), "
                      f"{s.forms_quarantined} quarantined"),
            ("indicators", str(s.indicators)),
            ("warnings", f"{s.warnings} (table dq_issue)"),
            ("tables", ", ".join(f"{k} {v}" for k, v in s.row_counts.items()))]
    if s.published:
        rows.append(("warehouse", str(s.warehouse)))
    console.print(f"[bold]load {s.load_id}[/bold]", soft_wrap=True, highlight=False)
    for label, value in rows:
        console.print(f"  {label:<11} {escape(value)}", soft_wrap=True, highlight=False)
    for path, error in s.failures[:10]:
        console.print(f"  [yellow]failed[/yellow] {path}: {error}", soft_wrap=True)
    if len(s.failures) > 10:
        console.print(f"  … and {len(s.failures) - 10} more (SELECT path, error FROM load_log WHERE status = 'failed')")
    for note in s.notes:
        console.print(f"  [dim]note:[/dim] {note}", soft_wrap=True)
