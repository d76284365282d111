"""The files a load stands on: the raw folder's inventory, plus what an unreadable folder held.

A folder that cannot be listed is not taken as emptied: the files under it that the last load
logged are carried over with the records cached for their content, so their facts stay
published. If those records are no longer cached the load cannot keep them and stops
(nothing published) rather than drop them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

import polars as pl

from pipelines.extract.guard import Limits
from pipelines.ingest import inventory
from pipelines.ingest.cache import RecordCache
from pipelines.ingest.inventory import RawFile, UnreadableFolder
from pipelines.warehouse.build import Previous

from .errors import LoadFailed


@dataclass
class Inputs:
    files: list[RawFile]                                   # inventory + carried files, by path
    unreadable: list[UnreadableFolder] = field(default_factory=list)
    carried: set[str] = field(default_factory=set)         # paths kept from the last load (unreadable folders)

    @property
    def paths(self) -> set[str]:
        return {f.path for f in self.files}


def take_inventory(raw_dir, max_bytes: int | None = None) -> list[RawFile]:
    """The raw folder's readable files (Dagster's raw_inventory asset)."""
    return inventory.scan(raw_dir, max_bytes)


def _under(path: str, folder: str) -> bool:
    return folder in (".", "") or PurePosixPath(folder) in PurePosixPath(path).parents


def carry_over(unreadable: list[UnreadableFolder], previous: Previous, cache: RecordCache) -> list[RawFile]:
    """The last load's files under the unreadable folders, keyed by the content they had then."""
    if not unreadable or previous.load_log is None or previous.load_id is None:
        return []
    last = previous.load_log.filter((pl.col("load_id") == previous.load_id) & pl.col("sha256").is_not_null()
                                    & ~pl.col("path").str.ends_with("/"))
    kept = [RawFile(r["path"], 0, 0, r["sha256"], "pdf" if r["path"].lower().endswith(".pdf") else "text", hashed=False)
            for r in last.iter_rows(named=True) if any(_under(r["path"], u.path) for u in unreadable)]
    lost = [f.path for f in kept if not cache.has(f.sha256)]
    if lost:
        folders = ", ".join(u.path for u in unreadable)
        raise LoadFailed(f"cannot read {folders} ({unreadable[0].error}) and the records of {len(lost)} file(s) "
                         f"under it are no longer in the record cache (e.g. {lost[0]}); nothing was published so "
                         "that their facts stay — fix the folder's permissions or mount and load again")
    return kept


def take_inputs(raw_dir, limits: Limits, previous: Previous, cache: RecordCache) -> Inputs:
    inv = inventory.take(raw_dir, limits.max_bytes)
    carried = carry_over(inv.unreadable, previous, cache)
    seen = {f.path for f in inv.files}
    carried = [f for f in carried if f.path not in seen]
    files = sorted([*inv.files, *carried], key=lambda f: f.path)
    return Inputs(files, inv.unreadable, {f.path for f in carried})
