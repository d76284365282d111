"""Steps 5–6 of a load: the blocking rules, then the atomic swap of the warehouse file, under the writer lock.

The HTML validation page next to the warehouse (`<name>.validation.html`) always describes the
live warehouse: it is written only after a publish. A load that does not publish (blocked by a
rule, or stopped by a full disk) writes its page to `<name>.validation.unpublished.html`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from pipelines.ingest.gather import Progress
from pipelines.quality import gate
from pipelines.quality.inputs import RULE as INPUTS_RULE
from pipelines.quality.inputs import check_inputs
from pipelines.quality.results import BlockResult
from pipelines.settings import Settings
from pipelines.warehouse import build
from pipelines.warehouse.lock import writer_lock

from .errors import LoadBlocked, LoadFailed, io_reason
from .marts import Marts
from .summary import LoadSummary


def report_path(warehouse: Path) -> Path:
    """The validation page of the live warehouse."""
    return Path(warehouse).with_name(Path(warehouse).stem + ".validation.html")


def unpublished_report_path(warehouse: Path) -> Path:
    """The validation page of the last load that did not publish."""
    return Path(warehouse).with_name(Path(warehouse).stem + ".validation.unpublished.html")


def write_report(results: list[Any], path: Path, load_id: str, warehouse: Path) -> Path | None:
    """The HTML page listing every rule with its result (pipelines/quality/report.py); None if it cannot be written."""
    try:
        return gate.write_report(*results, path=path, meta={"load": load_id, "warehouse": str(warehouse)})
    except OSError:
        return None


def publish_marts(settings: Settings, m: Marts, summary: LoadSummary | None = None,
                  progress: Progress | None = None) -> Path:
    """Gate then publish under the writer lock (the Dagster warehouse asset's entry point)."""
    target = build.real_target(settings.warehouse)
    with writer_lock(target, settings.wait_seconds):
        build.clean_stale(target)
        return publish_locked(settings, m, build.read_previous(target), summary, progress)


def this_load_paths(m: Marts) -> set[str]:
    """The input files of the load that made `m` (its load_log rows; folders excluded)."""
    log = m.frames["load_log"].filter((pl.col("load_id") == m.load_id) & ~pl.col("path").str.ends_with("/"))
    return set(log["path"].to_list())


def publish_locked(settings: Settings, m: Marts, previous: build.Previous, summary: LoadSummary | None = None,
                   progress: Progress | None = None) -> Path:
    """The blocking rules over the frames (the gate's, and the input guard), then the swap; the caller holds
    the writer lock. The block result joins m.quality.results (the Dagster checks report it)."""
    target = build.real_target(settings.warehouse)
    block = gate.check_blocking(m.frames, previous.fact_count, m.removed, settings.accept_shrink)
    guard = check_inputs(set(previous.published), this_load_paths(m), settings.accept_shrink)
    block = BlockResult([*guard.failures, *block.failures],
                             [*(r for r in block.rules if r.rule != INPUTS_RULE), *guard.rules],
                             block.fact_count, block.previous_fact_count)
    m.quality.results = [*(r for r in m.quality.results if not isinstance(r, BlockResult)), block]
    results = m.quality.results
    if block.failures:
        _report(summary, write_report(results, unpublished_report_path(target), m.load_id, settings.warehouse))
        raise LoadBlocked(block.failures, summary)
    if progress:
        progress("publish", 0, 1, str(settings.warehouse))
    try:
        build.publish(m.frames, target)
    except (OSError, duckdb.IOException) as exc:
        _report(summary, write_report(results, unpublished_report_path(target), m.load_id, settings.warehouse))
        raise LoadFailed(f"could not write the new warehouse next to {settings.warehouse}: {io_reason(exc)}; "
                         "the live warehouse is unchanged — free some space and load again", summary) from exc
    if summary is not None:
        summary.published = True
    _report(summary, write_report(results, report_path(target), m.load_id, settings.warehouse))
    if progress:
        progress("publish", 1, 1, str(settings.warehouse))
    return target


def _report(summary: LoadSummary | None, page: Path | None) -> None:
    if summary is not None and page is not None:
        summary.report = page
