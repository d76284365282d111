"""Records for inventoried files: from the record cache when it may be trusted, else extracted now.

This module decides when a cached entry stands for a file (the one place that does):
- never under `force` (every file is extracted again and its entry rewritten);
- not a 'too_large' failure measured against other limits than this load's;
- otherwise the entry stored under the file's sha256 and the extractor's version.

Extraction reads the file again after the inventory hashed it. The bytes extracted must be
the bytes hashed: after extracting, the file is hashed once more; if it changed in between,
the result is thrown away (never cached under the old hash), the file is inventoried again
and extracted once more; a file still changing then fails with a transient error that the
next load retries.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from pipelines.extract import batch
from pipelines.extract.guard import Limits
from pipelines.extract.record import DocumentRecord, ExtractionError
from pipelines.ingest.cache import CacheEntry, RecordCache
from pipelines.ingest.inventory import RawFile, entry, sha256_file

# progress(stage, done, total, detail)
Progress = Callable[[str, int, int, str], None]


@dataclass(frozen=True)
class FileResult:
    file: RawFile
    entry: CacheEntry
    status: str                  # 'loaded' | 'unchanged' | 'failed' (cache hit of a failure: still 'failed')
    started_at: datetime
    finished_at: datetime


def now() -> datetime:
    return datetime.now(timezone.utc)


def limits_key(limits: Limits | None) -> str | None:
    """The per-document limits as a string (stored with a 'too_large' failure); None for no limits object."""
    if limits is None:
        return None
    return f"pages={limits.max_pages} bytes={limits.max_bytes} memory_mb={limits.max_memory_mb}"


def cached(cache: RecordCache, file: RawFile, limits: Limits | None, force: bool = False) -> CacheEntry | None:
    """The cache entry that stands for `file` in this load, or None when it must be extracted."""
    if force:
        return None
    hit = cache.get(file.sha256)
    if hit is None or hit.ok or hit.error_kind != "too_large" or limits is None:
        return hit
    return hit if hit.limits == limits_key(limits) else None


def to_entry(cache: RecordCache, sha256: str, res: DocumentRecord | ExtractionError, limits: Limits | None) -> CacheEntry:
    if isinstance(res, ExtractionError):
        e = cache.new_entry(sha256, error=str(res), error_kind=res.kind)
        if res.kind == "too_large":
            e.limits = limits_key(limits)
        return e
    return cache.new_entry(sha256, record=res.to_dict())


def changing_error(path: Path) -> ExtractionError:
    return ExtractionError(path, "the file changed while it was being read (is it still being copied or written?); "
                           "load again once it is complete", "changing")


def gather(raw_dir: Path, files: list[RawFile], cache: RecordCache, limits: Limits, workers: int = 2,
           force: bool = False, progress: Progress | None = None, ocr: str = "auto") -> list[FileResult]:
    """One FileResult per file, in the order given: cache hits first, the rest extracted in worker processes
    (`ocr`: which PDF pages are read by OCR, see extract/ocr; each OCRed page is reported to `progress`)."""
    raw_dir = Path(raw_dir)
    results: dict[str, FileResult] = {}
    misses: list[RawFile] = []
    for f in files:
        t0 = now()
        hit = cached(cache, f, limits, force)
        if hit is None:
            misses.append(f)
        else:
            results[f.path] = FileResult(f, hit, "unchanged" if hit.ok else "failed", t0, now())
    total = len(files)
    if progress:
        progress("extract", len(results), total, f"{len(results)} cached")
    started = now()
    stamps: dict[str, datetime] = {}

    def on_done(path: Path, result: object, done: int, n: int) -> None:
        stamps[str(path)] = now()
        if progress:
            progress("extract", min(total, len(results) + done), total, Path(path).name)

    def on_page(path: Path, page: int, pages: int) -> None:  # a scanned page takes seconds: show each one
        if progress:
            progress("extract", min(total, len(results) + len(stamps)), total, f"{Path(path).name}: OCR page {page}/{pages}")

    for attempt in (1, 2):
        if not misses:
            break
        outcome = batch.extract_many([m.absolute(raw_dir) for m in misses], limits, workers=workers, progress=on_done,
                                     ocr=ocr, page_progress=on_page)
        changed: list[RawFile] = []
        for f, res in zip(misses, outcome):
            now_file = _same_bytes(raw_dir, f)
            if now_file is not None and now_file is not f:  # rewritten since the hash: not these bytes' result
                if attempt == 1:
                    changed.append(now_file)
                    continue
                res = changing_error(f.absolute(raw_dir))
            e = to_entry(cache, f.sha256, res, limits)
            if now_file is not None:  # a file that vanished meanwhile: its bytes cannot be vouched for
                cache.put(e)
            finished = stamps.get(str(f.absolute(raw_dir)), now())
            results[f.path] = FileResult(f, e, "loaded" if e.ok else "failed", started, finished)
        misses = changed
    return [results[f.path] for f in files]


def _same_bytes(raw_dir: Path, f: RawFile) -> RawFile | None:
    """`f` itself when the file still holds the bytes it was hashed with; its new inventory row when it
    changed; None when it cannot be hashed now (gone or unreadable: the extraction's own error stands)."""
    if f.hashed and f.sha256 != _hash_or_none(f.absolute(raw_dir)):
        fresh = entry(raw_dir, f.absolute(raw_dir))
        if fresh is None or fresh.sha256 == f.sha256:
            return None if fresh is None else f
        return fresh
    return f


def _hash_or_none(path: Path) -> str | None:
    try:
        return sha256_file(path)
    except OSError:
        return None


def extract_one(raw_dir: Path, file: RawFile, cache: RecordCache, limits: Limits | None = None,
                force: bool = False, ocr: str = "auto") -> FileResult:
    """Records of one file (from the cache, else extracted in a worker process under the time limit);
    limits default to the environment's (JIXIAO_*)."""
    limits = limits or Limits.from_env(root=str(raw_dir))
    return gather(raw_dir, [file], cache, limits, workers=1, force=force, ocr=ocr)[0]
