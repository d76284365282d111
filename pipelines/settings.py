"""Every option of a load in one object: where things live, what to accept, how hard to work.

`Settings` is what `jixiao load` builds from its options and what Dagster's resource
(pipelines/defs/resources.py) builds from its config; both start from `Settings.from_env`,
so the environment variables below mean the same in either:

    JIXIAO_RAW_DIR, JIXIAO_WAREHOUSE, JIXIAO_CACHE_DIR           where the files are
    JIXIAO_MAX_PAGES, JIXIAO_MAX_MB, JIXIAO_SECONDS,
    JIXIAO_MAX_MEMORY_MB                                        per-document limits (extract/guard.py)

An option given explicitly wins over its variable; a variable wins over the default. Paths
default to the working directory's data/ folder (the repository root for `make run`).
The class has slots: a misspelt option is an error, not a silently ignored attribute.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping

from pipelines.extract.guard import Limits
from pipelines.extract.ocr import OCR_MODES
from pipelines.extract.record import EXTRACTOR_VERSION
from pipelines.ingest.cache import RecordCache

DEFAULT_RAW = Path("data/raw")
DEFAULT_WAREHOUSE = Path("data/marts/warehouse.duckdb")
DEFAULT_CACHE = Path("data/cache")


@dataclass(slots=True)
class Settings:
    raw_dir: Path = DEFAULT_RAW
    warehouse: Path = DEFAULT_WAREHOUSE
    cache_dir: Path | None = None            # None: $JIXIAO_CACHE_DIR, else data/cache
    accept_shrink: bool = False              # publish even when most documents or facts disappear
    force: bool = False                      # rebuild although nothing changed, re-extracting every file
    workers: int = 2                         # extraction worker processes (0: in this process)
    wait_seconds: float = 0.0                # how long to wait for another load's writer lock
    extractor_version: str = EXTRACTOR_VERSION
    ocr: str = "auto"                        # never | auto | always (scanned pages)
    # Per-document limits; None keeps the environment's value or the default of extract/guard.py.
    max_pages: int | None = None
    max_mb: float | None = None
    seconds: float | None = None
    max_memory_mb: int | None = None

    def __post_init__(self) -> None:
        self.raw_dir = Path(self.raw_dir)
        self.warehouse = Path(self.warehouse)
        self.cache_dir = Path(self.cache_dir or os.environ.get("JIXIAO_CACHE_DIR") or DEFAULT_CACHE)
        if self.ocr not in OCR_MODES:
            raise ValueError(f"ocr must be one of {', '.join(OCR_MODES)}, not {self.ocr!r}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **given: object) -> "Settings":
        """Settings from the options given (None = not given), else the environment, else the defaults."""
        env = os.environ if environ is None else environ
        fallback = {"raw_dir": env.get("JIXIAO_RAW_DIR"), "warehouse": env.get("JIXIAO_WAREHOUSE"),
                    "cache_dir": env.get("JIXIAO_CACHE_DIR")}
        kw = {k: v for k, v in fallback.items() if v}
        kw.update({k: v for k, v in given.items() if v is not None})
        return cls(**kw)  # type: ignore[arg-type]

    def limits(self, environ: Mapping[str, str] | None = None) -> Limits:
        """The per-document limits of this load: the environment's, overridden by the options set here.
        Raises ValueError naming the variable when a JIXIAO_* limit is not a number."""
        base = Limits.from_env(root=str(self.raw_dir), environ=dict(environ) if environ is not None else None)
        over: dict[str, object] = {}
        if self.max_pages is not None:
            over["max_pages"] = int(self.max_pages)
        if self.max_mb is not None:
            over["max_bytes"] = int(float(self.max_mb) * 2**20)
        if self.seconds is not None:
            over["seconds"] = float(self.seconds)
        if self.max_memory_mb is not None:
            over["max_memory_mb"] = int(self.max_memory_mb)
        return replace(base, **over)

    def cache(self) -> RecordCache:
        """The record cache of this extractor version and OCR mode (and engine) under cache_dir."""
        from pipelines.extract.ocr import cache_version

        assert self.cache_dir is not None
        return RecordCache(self.cache_dir, cache_version(self.extractor_version, self.ocr))
