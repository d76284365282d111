"""The figures a load reports (the CLI prints them; Dagster shows them as metadata)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from pipelines.warehouse.build import Previous


@dataclass
class LoadSummary:
    load_id: str
    warehouse: Path
    files_total: int = 0
    loaded: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0
    duplicate: int = 0           # byte-identical copies of another input file (loaded once, from that file)
    removed: int = 0
    unreadable: list[str] = field(default_factory=list)   # folders that could not be listed (their facts kept)
    forms: int = 0
    forms_superseded: int = 0
    forms_quarantined: int = 0
    indicators: int = 0
    warnings: int = 0
    row_counts: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)   # (path, error)
    notes: list[str] = field(default_factory=list)
    published: bool = False
    up_to_date: bool = False
    report: Path | None = None


def summarise(summary: LoadSummary, frames: dict[str, pl.DataFrame], superseded: int, quarantined: int) -> None:
    """Fill the summary from the frames about to be published."""
    log = frames["load_log"].filter(pl.col("load_id") == summary.load_id)
    files = log.filter(~pl.col("path").str.ends_with("/"))
    counts = dict(files.group_by("status").agg(pl.len()).iter_rows())
    summary.files_total = files.height
    summary.loaded = counts.get("loaded", 0)
    summary.unchanged = counts.get("unchanged", 0)
    summary.failed = counts.get("failed", 0)
    summary.skipped = counts.get("skipped", 0)
    summary.duplicate = counts.get("duplicate", 0)
    summary.forms = frames["fact_project_budget"].height
    summary.forms_superseded = superseded
    summary.forms_quarantined = quarantined
    summary.indicators = frames["fact_indicator"].height
    summary.warnings = frames["dq_issue"].filter(pl.col("severity") == "warning").height
    summary.failures = [(r["path"], r["error"] or "") for r in log.filter(pl.col("status") == "failed")
                        .iter_rows(named=True)]
    summary.row_counts = {k: v.height for k, v in frames.items()}


def summarise_previous(summary: LoadSummary, previous: Previous, n_files: int) -> None:
    """Summary of a load that found nothing to do: the figures of the live warehouse."""
    last = previous.load_log.filter(pl.col("load_id") == previous.load_id) if previous.load_log is not None else None
    by_status = dict(last.group_by("status").len().iter_rows()) if last is not None else {}
    summary.files_total = n_files
    summary.failed = by_status.get("failed", 0)
    summary.skipped = by_status.get("skipped", 0)
    summary.duplicate = by_status.get("duplicate", 0)
    summary.unchanged = n_files - summary.failed - summary.skipped - summary.duplicate
    summary.forms_superseded = previous.stats.get("superseded", 0)
    summary.forms_quarantined = previous.stats.get("quarantined", 0)
    summary.warnings = previous.stats.get("warnings", 0)
    summary.failures = [(r["path"], r["error"] or "") for r in last.filter(pl.col("status") == "failed")
                        .iter_rows(named=True)] if last is not None else []
    summary.forms = previous.forms or 0
    summary.indicators = previous.fact_count or 0
    summary.row_counts = dict(previous.row_counts)
    summary.up_to_date = True
    summary.notes.append(f"nothing changed since load {previous.load_id}: the warehouse is up to date "
                         "(use --force to rebuild it anyway)")
