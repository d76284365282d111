"""The load: raw files → record cache → staging → quality gate → star schema → warehouse.

Plain Python, shared by `jixiao load` and the Dagster assets (pipelines/defs), which
call the same step functions. One load at a time per warehouse (lock.py); a
killed load leaves the live warehouse untouched and its temp file is removed by
the next load.

Incremental: files are identified by content (sha256). An unchanged file's
records come from the cache (keyed by sha256 + extractor version) and are not
re-extracted; a changed file is extracted again and its forms replace the old
ones; a deleted file's forms are gone because every load rebuilds the marts from
the current inventory. Two loads of the same inputs give identical marts (only
load_log grows).
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import polars as pl

from pipelines.extract.record import EXTRACTOR_VERSION, ExtractionError
from pipelines.ingest.cache import CacheEntry, RecordCache
from pipelines.ingest.inventory import RawFile, scan
from pipelines.transform.staging import Staged, stage
from pipelines.transform.star import build_star
from pipelines.warehouse import build
from pipelines.warehouse.lock import writer_lock

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_RAW = ROOT / "data" / "raw"
DEFAULT_WAREHOUSE = ROOT / "data" / "marts" / "warehouse.duckdb"
DEFAULT_CACHE = ROOT / "data" / "cache"

# progress(stage, done, total, detail)
Progress = Callable[[str, int, int, str], None]

LOAD_LOG_SCHEMA: dict[str, pl.DataType] = {
    "load_id": pl.String, "path": pl.String, "sha256": pl.String, "status": pl.String,
    "forms_found": pl.Int32, "forms_published": pl.Int32, "error": pl.String, "note": pl.String,
    "extractor_version": pl.String,
    "started_at": pl.Datetime("us", "UTC"), "finished_at": pl.Datetime("us", "UTC"),
    "fingerprint": pl.String,
}
DQ_ISSUE_SCHEMA: dict[str, pl.DataType] = {
    "rule": pl.String, "severity": pl.String, "form_key": pl.String, "row_no": pl.Int32,
    "message": pl.String, "source_path": pl.String,
}


class LoadBlocked(RuntimeError):
    """The quality gate refused to publish; the live warehouse is untouched."""

    def __init__(self, failures: list, summary: "LoadSummary | None" = None):
        self.failures = failures
        self.summary = summary
        lines = "; ".join(f"{f.rule}: {f.detail}" for f in failures)
        super().__init__(f"quality gate blocked the publish — {lines}")


@dataclass
class LoadConfig:
    raw_dir: Path = DEFAULT_RAW
    warehouse: Path = DEFAULT_WAREHOUSE
    cache_dir: Path | None = None
    accept_shrink: bool = False
    workers: int = 2
    wait_seconds: float = 0.0
    extractor_version: str = EXTRACTOR_VERSION
    force: bool = False
    # Per-document limits; None keeps the environment's value (JIXIAO_MAX_PAGES, JIXIAO_MAX_MB, JIXIAO_SECONDS)
    # or the default of pipelines/extract/guard.py.
    max_pages: int | None = None
    max_mb: float | None = None
    seconds: float | None = None

    def __post_init__(self) -> None:
        self.raw_dir = Path(self.raw_dir)
        self.warehouse = Path(self.warehouse)
        env = os.environ.get("JIXIAO_CACHE_DIR")
        self.cache_dir = Path(self.cache_dir or env or DEFAULT_CACHE)

    def limits(self):
        """guard.Limits for this load: the environment's, overridden by the options given here."""
        from dataclasses import replace

        from pipelines.extract.guard import Limits

        base = Limits.from_env(root=str(self.raw_dir))
        over: dict[str, object] = {}
        if self.max_pages is not None:
            over["max_pages"] = int(self.max_pages)
        if self.max_mb is not None:
            over["max_bytes"] = int(float(self.max_mb) * 2**20)
        if self.seconds is not None:
            over["seconds"] = float(self.seconds)
        return replace(base, **over)

    def cache(self) -> RecordCache:
        """The record cache (one instance per config, so its extractor fingerprint is fixed for the load)."""
        if getattr(self, "_cache", None) is None:
            self._cache = RecordCache(self.cache_dir, self.extractor_version)
        return self._cache


@dataclass
class FileResult:
    file: RawFile
    entry: CacheEntry
    status: str                  # 'loaded' | 'unchanged' | 'failed' (cache hit of a failure: still 'failed')
    started_at: datetime
    finished_at: datetime


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


def now() -> datetime:
    return datetime.now(timezone.utc)


# ----------------------------------------------------------------------------- steps


def take_inventory(raw_dir: Path) -> list[RawFile]:
    return scan(raw_dir)


def limits_key(limits) -> str | None:
    """The per-document limits as a string (stored with a 'too_large' failure); None for no limits object."""
    if limits is None:
        return None
    return f"pages={limits.max_pages} bytes={limits.max_bytes} memory_mb={limits.max_memory_mb}"


def _usable(hit: CacheEntry | None, limits) -> CacheEntry | None:
    """A cached entry, unless it is a size/page-limit failure measured against other limits than this load's."""
    if hit is None or hit.ok or hit.error_kind != "too_large" or limits is None:
        return hit
    return hit if hit.limits == limits_key(limits) else None


def _entry(cache: RecordCache, sha256: str, res: object, limits) -> CacheEntry:
    if isinstance(res, ExtractionError):
        entry = cache.new_entry(sha256, error=str(res), error_kind=res.kind)
        if res.kind == "too_large":
            entry.limits = limits_key(limits)
        return entry
    return cache.new_entry(sha256, record=res.to_dict())


def extract_one(raw_dir: Path, file: RawFile, cache: RecordCache, limits=None) -> FileResult:
    """Records of one file: from the cache, else extracted now (in this process) and cached."""
    t0 = now()
    hit = _usable(cache.get(file.sha256), limits)
    if hit is not None:
        return FileResult(file, hit, "unchanged" if hit.ok else "failed", t0, now())
    from pipelines.extract.batch import extract_many
    from pipelines.extract.guard import Limits

    # in a worker process: a hostile file is stopped at the time limit instead of hanging this run
    limits = limits or Limits.from_env(root=str(raw_dir))
    res = extract_many([file.absolute(raw_dir)], limits, workers=1)[0]
    entry = _entry(cache, file.sha256, res, limits)
    cache.put(entry)
    return FileResult(file, entry, "loaded" if entry.ok else "failed", t0, now())


def gather(raw_dir: Path, files: list[RawFile], cache: RecordCache, workers: int = 2,
           progress: Progress | None = None, limits=None) -> list[FileResult]:
    """Records for every file: cache hits first, then the misses extracted in worker processes."""
    results: dict[str, FileResult] = {}
    misses: list[RawFile] = []
    for f in files:
        t0 = now()
        hit = _usable(cache.get(f.sha256), limits)
        if hit is None:
            misses.append(f)
        else:
            results[f.path] = FileResult(f, hit, "unchanged" if hit.ok else "failed", t0, now())
    total = len(files)
    if progress:
        progress("extract", len(results), total, f"{len(results)} cached")
    if misses:
        from pipelines.extract.batch import extract_many

        started = now()
        stamps: dict[str, datetime] = {}

        def on_done(path: Path, result: object, done: int, n: int) -> None:
            stamps[str(path)] = now()
            if progress:
                progress("extract", len(results) + done, total, Path(path).name)

        from pipelines.extract.guard import Limits

        limits = limits or Limits.from_env(root=str(raw_dir))
        outcome = extract_many([m.absolute(raw_dir) for m in misses], limits, workers=workers, progress=on_done)
        for f, res in zip(misses, outcome):
            entry = _entry(cache, f.sha256, res, limits)
            cache.put(entry)
            finished = stamps.get(str(f.absolute(raw_dir)), now())
            results[f.path] = FileResult(f, entry, "loaded" if entry.ok else "failed", started, finished)
    return [results[f.path] for f in files]


def first_with_content(results: list[FileResult]) -> dict[str, str]:
    """sha256 -> the first path holding those bytes; later paths with the same bytes are duplicates."""
    first: dict[str, str] = {}
    for r in results:
        first.setdefault(r.file.sha256, r.file.path)
    return first


def stage_results(results: list[FileResult]) -> Staged:
    first = first_with_content(results)  # the same bytes under two names are staged once (same form keys)
    ok = [r for r in results if r.entry.ok and first[r.file.sha256] == r.file.path]
    return stage([(r.file, r.entry.record, r.entry.extractor_version) for r in ok], [r.file for r in ok])


@dataclass
class Quality:
    quarantined: set[str]
    issues: pl.DataFrame        # DQ_ISSUE_SCHEMA: errors (quarantine) + warnings
    results: list = field(default_factory=list)   # gate result objects, for the HTML report


def check_staging(staged: Staged) -> Quality:
    """The gate's levels 1 and 3 (pipelines/quality/gate.py): quarantined forms and warnings."""
    from pipelines.quality import gate

    q = gate.quarantine(staged.forms, staged.indicators)
    w = gate.check_warnings(staged.forms, staged.indicators)
    dup = duplicate_form_issues(staged)
    issues = pl.concat([_dq(q.issues), _dq(w.issues), dup], how="vertical")
    dup_result = gate.RuleResult(DUPLICATE_RULE, "warn", passed=dup.height == 0, failures=dup.height,
                                 checked=staged.all_forms.height)
    return Quality(set(q.form_keys), issues, [q, w, dup_result, dup])


DUPLICATE_RULE = "duplicate_form_in_document"


def duplicate_form_issues(staged: Staged) -> pl.DataFrame:
    """One warning per extra copy of a form inside one document (staging kept one copy of it)."""
    rows = []
    for d in staged.in_document.iter_rows(named=True):
        where = lambda seq, page: f"form {seq}" + (f" (page {page})" if page is not None else "")  # noqa: E731
        dropped, kept = where(d["form_seq"], d["page_start"]), where(d["kept_seq"], d["kept_page"])
        if d["identical"]:
            msg = (f"the same form is printed twice in this document: {dropped} repeats {kept} with identical "
                   f"content; published once, from {kept}")
        else:
            msg = (f"the same form (unit, project, year, form type) is printed twice in this document with "
                   f"different content: {kept} is published as the document's correction of {dropped}; "
                   "check which copy is right")
        rows.append({"rule": DUPLICATE_RULE, "severity": "warning", "form_key": d["form_key"], "row_no": None,
                     "message": msg, "source_path": d["source_path"]})
    return pl.DataFrame(rows, schema=DQ_ISSUE_SCHEMA)


def _dq(df: pl.DataFrame) -> pl.DataFrame:
    cols = [pl.col(c).cast(t) if c in df.columns else pl.lit(None, dtype=t).alias(c) for c, t in DQ_ISSUE_SCHEMA.items()]
    return df.select(cols)


def load_log_frame(load_id: str, results: list[FileResult], staged: Staged, quality: Quality) -> pl.DataFrame:
    """This load's rows of load_log: one per input file."""
    found = staged.all_forms.group_by("source_path").agg(pl.len().alias("n"))
    found_n = dict(found.iter_rows())
    published = staged.forms.filter(~pl.col("form_key").is_in(pl.Series(sorted(quality.quarantined), dtype=pl.String).implode()))
    pub_n = dict(published.group_by("source_path").agg(pl.len()).iter_rows())
    sup = staged.superseded.group_by("source_path", "winner_path").agg(pl.len().alias("n")).sort("source_path", "winner_path")
    sup_n = dict(staged.superseded.filter(pl.col("source_path") != pl.col("winner_path"))
                 .group_by("source_path").agg(pl.len()).iter_rows())
    sup_notes: dict[str, list[str]] = {}
    for path, winner, n in sup.iter_rows():
        if path == winner:
            sup_notes.setdefault(path, []).append(
                f"{n} form{'s' if n != 1 else ''} printed twice in this file, published once (see dq_issue)")
            continue
        sup_notes.setdefault(path, []).append(f"superseded by {winner}: {n} form{'s' if n != 1 else ''}")
    first = first_with_content(results)
    rows = []
    for r in results:
        n_found = found_n.get(r.file.path, 0)
        n_pub = pub_n.get(r.file.path, 0)
        notes = sup_notes.get(r.file.path, [])
        status = r.status
        if r.entry.ok and n_found > 0 and sup_n.get(r.file.path, 0) == n_found:
            status = "skipped"  # every form of the file is superseded by a newer document
        if r.entry.ok and first[r.file.sha256] != r.file.path:
            status = "duplicate"
            notes = [f"same content as {first[r.file.sha256]}: its forms are loaded once, from that file; "
                     "delete this copy"]
        rows.append({
            "load_id": load_id, "path": r.file.path, "sha256": r.file.sha256, "status": status,
            "forms_found": n_found if r.entry.ok else 0, "forms_published": n_pub,
            "error": r.entry.error, "note": "; ".join(notes) or None,
            "extractor_version": r.entry.extractor_version,
            "started_at": r.started_at, "finished_at": r.finished_at, "fingerprint": None,
        })
    return pl.DataFrame(rows, schema=LOAD_LOG_SCHEMA)


def build_marts(results: list[FileResult], staged: Staged, quality: Quality, load_id: str,
                history: pl.DataFrame | None, fingerprint: str | None = None) -> dict[str, pl.DataFrame]:
    """Every warehouse table as a frame (the six star tables, load_log with history, dq_issue)."""
    loaded_at = {r.file.sha256: r.entry.extracted_at for r in results if r.entry.ok}
    star = build_star(staged.forms, staged.indicators, staged.all_forms, staged.superseded,
                      quality.quarantined, loaded_at)
    log = load_log_frame(load_id, results, staged, quality).with_columns(
        pl.lit(fingerprint, dtype=pl.String).alias("fingerprint"))
    if history is not None and history.height:
        old = history.select([pl.col(c).cast(t) if c in history.columns else pl.lit(None, dtype=t).alias(c)
                              for c, t in LOAD_LOG_SCHEMA.items()])
        log = pl.concat([old.filter(pl.col("load_id") != load_id), log], how="vertical")
    src = staged.all_forms.select("form_key", pl.col("source_path").alias("_src"))
    dq = (quality.issues.join(src, on="form_key", how="left")
          .with_columns(pl.coalesce("source_path", "_src").alias("source_path")).drop("_src")
          .sort("severity", "rule", "source_path", "form_key", "row_no", nulls_last=True))
    star["load_log"] = log.sort("load_id", "path")
    star["dq_issue"] = dq
    return star


def blocking_failures(frames: dict[str, pl.DataFrame], previous: build.Previous, removed: int,
                      accept_shrink: bool, quality: Quality | None = None) -> list:
    """The gate's level 2 (warehouse invariants); also writes the HTML validation report next to the warehouse."""
    from pipelines.quality import gate

    result = gate.check_blocking(frames, previous.fact_count, removed, accept_shrink)
    if quality is not None:
        quality.results = [*(r for r in quality.results if not isinstance(r, gate.BlockResult)), result]
    return list(result.failures)


def report_path(warehouse: Path) -> Path:
    return Path(warehouse).with_name(Path(warehouse).stem + ".validation.html")


def write_report(cfg: "LoadConfig", quality: Quality, load_id: str) -> Path | None:
    """The HTML page listing every rule with its result (pipelines/quality/report.py); None if it cannot be written."""
    from pipelines.quality import gate

    try:
        return gate.write_report(*quality.results, path=report_path(cfg.warehouse),
                                 meta={"load": load_id, "warehouse": str(cfg.warehouse)})
    except OSError:
        return None


def summarise(summary: LoadSummary, results: list[FileResult], frames: dict[str, pl.DataFrame],
              staged: Staged, quality: Quality) -> None:
    log = frames["load_log"].filter(pl.col("load_id") == summary.load_id)
    counts = dict(log.group_by("status").agg(pl.len()).iter_rows())
    summary.files_total = len(results)
    summary.loaded = counts.get("loaded", 0)
    summary.unchanged = counts.get("unchanged", 0)
    summary.failed = counts.get("failed", 0)
    summary.skipped = counts.get("skipped", 0)
    summary.duplicate = counts.get("duplicate", 0)
    summary.forms = frames["fact_project_budget"].height
    summary.forms_superseded = staged.superseded.height
    summary.forms_quarantined = len(quality.quarantined)
    summary.indicators = frames["fact_indicator"].height
    summary.warnings = quality.issues.filter(pl.col("severity") == "warning").height
    summary.failures = [(r.file.path, r.entry.error or "") for r in results if not r.entry.ok]
    summary.row_counts = {k: v.height for k, v in frames.items()}


@dataclass
class StageResult:
    """Output of the staging step: per-file outcomes, staged frames, quality findings."""

    load_id: str
    results: list[FileResult]
    staged: Staged
    quality: Quality


def new_load_id() -> str:
    return now().strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def stage_all(cfg: LoadConfig, files: list[RawFile], progress: Progress | None = None,
              load_id: str | None = None) -> StageResult:
    """Records for every inventoried file (cache or extraction), staged, deduplicated and quality-checked."""
    results = gather(cfg.raw_dir, files, cfg.cache(), cfg.workers, progress, cfg.limits())
    if progress:
        progress("stage", 0, 1, "staging + quality rules")
    staged = stage_results(results)
    quality = check_staging(staged)
    if progress:
        progress("stage", 1, 1, f"{staged.forms.height} forms")
    return StageResult(load_id or new_load_id(), results, staged, quality)


def removed_since(previous: build.Previous, files: list[RawFile]) -> int:
    return len(previous.files - {f.path for f in files}) if previous.files else 0


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Digest of the code and SQL that shape the marts: a change to any of them makes the next load rebuild.

    Computed once per process: the code that runs is the code imported at start."""
    h = hashlib.sha256()
    paths = [ROOT / "pipelines" / "load.py"]
    for d in ("extract", "ingest", "transform", "quality", "warehouse"):
        paths += sorted((ROOT / "pipelines" / d).rglob("*.py"))
    for d in ("ddl", "views"):
        paths += sorted((ROOT / "sql" / d).glob("*.sql"))
    for p in paths:
        h.update(p.relative_to(ROOT).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def input_fingerprint(files: list[RawFile], accept_shrink: bool = False, limits=None) -> str:
    """Digest of everything a load's result depends on: each file's path, content and mtime, the code, and the
    per-document limits (a raised limit retries the files that were over the old one)."""
    h = hashlib.sha256(code_fingerprint().encode())
    if limits is not None:
        h.update(f"{limits_key(limits)}\n".encode())
    for f in files:
        h.update(f"{f.path}\t{f.sha256}\t{f.mtime}\n".encode())
    return h.hexdigest()[:24]


def up_to_date(cfg: LoadConfig, files: list[RawFile], previous: build.Previous, fingerprint: str) -> bool:
    """True when the live warehouse was built from exactly these inputs and every record is cached
    (a file whose last failure was transient is not cached, so it gets another try)."""
    if previous.fingerprint != fingerprint or previous.fact_count is None:
        return False
    cache = cfg.cache()
    return all(cache.has(f.sha256) for f in files)


def publish_marts(cfg: LoadConfig, m: "Marts", summary: LoadSummary | None = None,
                  progress: Progress | None = None) -> Path:
    """Gate then publish under the writer lock (the Dagster warehouse asset's entry point)."""
    with writer_lock(cfg.warehouse, cfg.wait_seconds):
        build.clean_stale(cfg.warehouse)
        return _publish_locked(cfg, m, build.read_previous(cfg.warehouse), summary, progress)


def _publish_locked(cfg: LoadConfig, m: "Marts", previous: build.Previous, summary: LoadSummary | None,
                    progress: Progress | None) -> Path:
    try:
        failures = blocking_failures(m.frames, previous, m.removed, cfg.accept_shrink, m.quality)
    finally:
        report = write_report(cfg, m.quality, m.load_id)
        if summary is not None and report is not None:
            summary.report = report
    if failures:
        raise LoadBlocked(failures, summary)
    if progress:
        progress("publish", 0, 1, str(cfg.warehouse))
    out = build.publish(m.frames, cfg.warehouse)
    if summary is not None:
        summary.published = True
    if progress:
        progress("publish", 1, 1, str(cfg.warehouse))
    return out


@dataclass
class Marts:
    """Everything the publish needs: the table frames and how they came about."""

    load_id: str
    frames: dict[str, pl.DataFrame]
    quality: Quality
    removed: int
    fingerprint: str


def make_marts(sr: StageResult, previous: build.Previous, files: list[RawFile], fingerprint: str) -> Marts:
    frames = build_marts(sr.results, sr.staged, sr.quality, sr.load_id, previous.load_log, fingerprint)
    return Marts(sr.load_id, frames, sr.quality, removed_since(previous, files), fingerprint)


def run_load(cfg: LoadConfig, progress: Progress | None = None) -> LoadSummary:
    """One full load, holding the writer lock throughout.

    When the live warehouse was built from exactly the same inputs and code, nothing is rebuilt
    (summary.up_to_date; use cfg.force to rebuild anyway). Raises LoadBlocked (quality gate),
    WarehouseBusy (another load), FileNotFoundError (no raw folder).
    """
    load_id = new_load_id()
    summary = LoadSummary(load_id, cfg.warehouse)
    with writer_lock(cfg.warehouse, cfg.wait_seconds):
        stale = build.clean_stale(cfg.warehouse)
        if stale:
            summary.notes.append(f"removed {len(stale)} temp file(s) left by an interrupted load")
        files = take_inventory(cfg.raw_dir)
        if progress:
            progress("inventory", len(files), len(files), str(cfg.raw_dir))
        previous = build.read_previous(cfg.warehouse)
        if previous.problem:
            summary.notes.append(previous.problem)
        fingerprint = input_fingerprint(files, limits=cfg.limits())
        if not cfg.force and up_to_date(cfg, files, previous, fingerprint):
            summary.up_to_date = True
            summarise_previous(summary, previous, len(files))
            return summary
        summary.removed = removed_since(previous, files)
        sr = stage_all(cfg, files, progress, load_id)
        m = make_marts(sr, previous, files, fingerprint)
        summarise(summary, sr.results, m.frames, sr.staged, sr.quality)
        _publish_locked(cfg, m, previous, summary, progress)
    return summary


def summarise_previous(summary: LoadSummary, previous: build.Previous, n_files: int) -> None:
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
    summary.notes.append(f"nothing changed since load {previous.load_id}: the warehouse is up to date "
                         "(use --force to rebuild it anyway)")
