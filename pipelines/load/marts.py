"""Step 4 of a load: every warehouse table as a polars frame (the star schema, load_log, dq_issue)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import polars as pl

from pipelines.ingest.inventory import RawFile
from pipelines.transform.star import build_star
from pipelines.warehouse.build import Previous

from .log import dq_frame, load_log_frame, with_history
from .stage import Quality, StageResult


@dataclass
class Marts:
    """Everything the publish needs: the table frames and how they came about."""

    load_id: str
    frames: dict[str, pl.DataFrame]
    quality: Quality
    removed: int                 # files of the last load no longer in the inputs
    fingerprint: str


def removed_since(previous: Previous, files: list[RawFile]) -> int:
    return len(previous.files - {f.path for f in files}) if previous.files else 0


def make_marts(sr: StageResult, previous: Previous, files: list[RawFile], fingerprint: str) -> Marts:
    loaded_at = {r.file.sha256: r.entry.extracted_at for r in sr.results if r.entry.ok}
    staged = sr.staged
    frames = build_star(staged.forms, staged.indicators, staged.all_forms, staged.superseded,
                        sr.quality.quarantined, loaded_at)
    log = load_log_frame(sr.load_id, sr.results, staged, sr.quality.quarantined, sr.unreadable, sr.carried,
                         datetime.now(timezone.utc), fingerprint)
    frames["load_log"] = with_history(log, previous.load_log, sr.load_id)
    frames["dq_issue"] = dq_frame(sr.quality.issues, staged)
    return Marts(sr.load_id, frames, sr.quality, removed_since(previous, files), fingerprint)
