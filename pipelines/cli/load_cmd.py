"""`jixiao load`: inventory data/raw, extract what changed, check quality, publish the warehouse atomically.

Exit codes (also in `jixiao load --help` and the README):
    0  published, or already up to date
    1  blocked by a rule: the quality gate or the input guard (nothing published)
    2  bad usage: an unknown option value, no raw folder, a bad JIXIAO_* variable
    3  busy: another load holds the warehouse
    4  I/O failure: a full disk, a folder that cannot be read (its facts are kept), a file that cannot be written
  130  interrupted (Ctrl-C or SIGTERM): nothing published, temp files removed
"""
from __future__ import annotations

import signal
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import typer
from rich.console import Console
from rich.markup import escape

from pipelines.settings import DEFAULT_RAW, DEFAULT_WAREHOUSE, Settings

EXIT_OK, EXIT_BLOCKED, EXIT_USAGE, EXIT_BUSY, EXIT_IO, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130
EXIT_CODES = ("Exit codes: 0 published or up to date; 1 blocked by a rule (quality gate, input guard); "
              "2 bad usage; 3 busy (another load is writing); 4 I/O failure (disk full, unreadable folder); "
              "130 interrupted.")


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM (a service manager stopping the load) is handled like Ctrl-C: clean exit, temp files removed."""
    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        old = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (e.g. a test runner's worker): nothing to install
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def register(app: typer.Typer) -> None:
    @app.command(epilog=EXIT_CODES)
    def load(
        raw: Path = typer.Option(DEFAULT_RAW, "--raw", envvar="JIXIAO_RAW_DIR",
                                 help="Folder of input PDFs and text exports (searched recursively)."),
        warehouse: Path = typer.Option(DEFAULT_WAREHOUSE, "--warehouse", "-w", envvar="JIXIAO_WAREHOUSE",
                                       help="The DuckDB warehouse file to (re)build (a symlink: its target is replaced)."),
        accept_shrink: bool = typer.Option(False, "--accept-shrink",
                                           help="Publish even if most input files disappeared at once (an empty or "
                                                "lost raw folder) or the facts shrink sharply."),
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
        force: bool = typer.Option(False, "--force",
                                   help="Rebuild even when nothing changed, extracting every file again (the record "
                                        "cache is not trusted)."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
        ocr: str = typer.Option("auto", "--ocr", help="OCR of PDF pages: never, auto (pages without a text layer) "
                                                      "or always."),
    ) -> None:
        """Load the raw folder into the warehouse (incremental: unchanged files come from the cache)."""
        # the load's libraries (polars, duckdb, great-expectations) are imported here, not at start-up,
        # so that `jixiao --help` and the other commands stay fast
        import duckdb

        from pipelines.load import LoadBlocked, LoadFailed, run_load
        from pipelines.load.errors import io_reason
        from pipelines.warehouse.lock import WarehouseBusy

        console = Console(stderr=False)
        from pipelines.settings import OCR_MODES

        if ocr not in OCR_MODES:
            console.print(f"[red]error:[/red] --ocr must be one of {', '.join(OCR_MODES)}, not {ocr!r}", soft_wrap=True)
            raise typer.Exit(EXIT_USAGE)
        settings = Settings.from_env(raw_dir=raw, warehouse=warehouse, cache_dir=cache, accept_shrink=accept_shrink,
                                     workers=workers, wait_seconds=wait, force=force, max_pages=max_pages,
                                     max_mb=max_mb, seconds=seconds, ocr=ocr)

        def fail(code: int, message: str) -> typer.Exit:
            console.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)
            return typer.Exit(code)

        try:
            settings.limits()  # a bad JIXIAO_* variable is a usage error, said before any work
        except ValueError as exc:
            raise fail(EXIT_USAGE, str(exc))
        try:
            with sigterm_as_interrupt():
                summary = run_load(settings) if quiet else _with_progress(console, settings, run_load)
        except (KeyboardInterrupt, duckdb.InterruptException):
            raise fail(EXIT_INTERRUPTED, f"interrupted: nothing was published, {warehouse} is unchanged "
                                         "and this load's temp files are removed")
        except FileNotFoundError as exc:
            raise fail(EXIT_USAGE, str(exc))
        except WarehouseBusy as exc:
            raise fail(EXIT_BUSY, str(exc))
        except LoadBlocked as exc:
            if exc.summary is not None:
                _print_summary(console, exc.summary)
            console.print(f"[red bold]not published:[/red bold] a blocking rule stopped the load; "
                          f"{escape(str(warehouse))} is unchanged.", soft_wrap=True)
            for f in exc.failures:
                console.print(f"  [red]✗ {escape(f.rule)}[/red]: {escape(f.detail)}", soft_wrap=True)
            raise typer.Exit(EXIT_BLOCKED)
        except LoadFailed as exc:
            raise fail(EXIT_IO, str(exc))
        except (OSError, duckdb.IOException) as exc:
            raise fail(EXIT_IO, f"the load stopped: {io_reason(exc)}; nothing was published and {warehouse} is "
                                "unchanged")
        _print_summary(console, summary)
        if summary.unreadable:
            raise fail(EXIT_IO, f"published, but {len(summary.unreadable)} folder(s) could not be read "
                                f"({', '.join(summary.unreadable)}); the facts of their files are kept from the "
                                "last load — fix the permissions or the mount and load again")


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
        console.print(f"  [yellow]failed[/yellow] {escape(path)}: {escape(error)}", soft_wrap=True)
    if len(s.failures) > 10:
        console.print(f"  … and {len(s.failures) - 10} more (SELECT path, error FROM load_log WHERE status = 'failed')")
    for note in s.notes:
        console.print(f"  [dim]note:[/dim] {escape(note)}", soft_wrap=True)
