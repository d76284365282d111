"""Whether the live warehouse already is what this load would build (then the load does nothing).

Decided against what the published warehouse holds, not against what the previous load saw:
the inputs' digest (paths, contents, mtimes, code, limits) must equal the live warehouse's,
and the files the warehouse publishes forms from must be exactly the files the last load says
published forms, with the same content (a load that published nothing, e.g. an accepted empty
folder, leaves no load_log rows, so its warehouse never passes for the full one).
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import polars as pl

import pipelines
from pipelines.extract.guard import Limits
from pipelines.ingest.cache import RecordCache
from pipelines.ingest.gather import limits_key
from pipelines.ingest.inventory import RawFile
from pipelines.warehouse.build import Previous
from pipelines.warehouse.sql_files import sql_files

PACKAGE = Path(pipelines.__file__).resolve().parent


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Digest of the code and SQL that shape the marts: a change to any of them makes the next load rebuild.
    Computed once per process: the code that runs is the code imported at start."""
    h = hashlib.sha256()
    paths = sorted((PACKAGE / "load").glob("*.py"))
    for d in ("extract", "ingest", "transform", "quality", "warehouse"):
        paths += sorted((PACKAGE / d).rglob("*.py"))
    for p in paths:
        h.update(p.relative_to(PACKAGE).as_posix().encode())
        h.update(p.read_bytes())
    for kind in ("ddl", "views"):
        for f in sql_files(kind):
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def input_fingerprint(files: list[RawFile], accept_shrink: bool = False, limits: Limits | None = None) -> str:
    """Digest of everything a load's result depends on: each file's path, content and mtime, the code, and the
    per-document limits (a raised limit retries the files that were over the old one)."""
    h = hashlib.sha256(code_fingerprint().encode())
    if limits is not None:
        h.update(f"{limits_key(limits)}\n".encode())
    for f in files:
        h.update(f"{f.path}\t{f.sha256}\t{f.mtime}\n".encode())
    return h.hexdigest()[:24]


def up_to_date(previous: Previous, files: list[RawFile], fingerprint: str, cache: RecordCache) -> bool:
    """True when the live warehouse was built from exactly these inputs, holds what that load published,
    and every record is cached (a file whose last failure was transient is not cached: it gets another try)."""
    if previous.fingerprint != fingerprint or previous.fact_count is None or previous.load_log is None:
        return False
    last = previous.load_log.filter(pl.col("load_id") == previous.load_id)
    claimed = dict(last.filter(pl.col("forms_published") > 0).select("path", "sha256").iter_rows())
    if claimed != previous.published:
        return False
    return all(cache.has(f.sha256) for f in files)
