"""The record cache: extraction results keyed by file content (sha256) and extractor version.

An unchanged file is never extracted twice; a new extractor version re-extracts
everything (its key changes). Failures are cached too (a broken file stays broken
until its bytes change), except time-outs, which may pass on a quieter machine.
Entries are JSON, written to a temp file and renamed so a killed load leaves no
half-written entry.

The cache folder is keyed by EXTRACTOR_VERSION plus a digest of the extractor's
source files, so a fix to the extractor invalidates the cache even when nobody
remembered to bump the version.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pipelines.extract.record import EXTRACTOR_VERSION

# Failures that say nothing final about the file (a reader bug, a crash, a time-out, a vanished file):
# not cached, so the next load tries again.
TRANSIENT_KINDS = {"timeout", "damaged", "crashed", "killed", "missing", "environment", "unreadable", "changing"}
EXTRACT_DIR = Path(__file__).resolve().parents[1] / "extract"


@lru_cache(maxsize=4)
def extractor_fingerprint(extract_dir: Path = EXTRACT_DIR) -> str:
    """12 hex characters over the extractor's *.py sources (name and content)."""
    h = hashlib.sha256()
    for p in sorted(Path(extract_dir).rglob("*.py")):
        h.update(p.relative_to(extract_dir).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


@dataclass
class CacheEntry:
    sha256: str
    extractor_version: str
    extracted_at: str                 # ISO UTC time of the extraction (stable across reloads)
    record: dict[str, Any] | None     # DocumentRecord.to_dict() when extraction worked
    error: str | None = None          # the ExtractionError sentence when it did not
    error_kind: str | None = None
    limits: str | None = None         # the limits a 'too_large' failure was measured against (see load.limits_key)

    @property
    def ok(self) -> bool:
        return self.record is not None


class RecordCache:
    def __init__(self, root: Path, extractor_version: str = EXTRACTOR_VERSION, fingerprint: str | None = None):
        self.root = Path(root)
        self.version = extractor_version
        self.fingerprint = fingerprint if fingerprint is not None else extractor_fingerprint()

    def _path(self, sha256: str) -> Path:
        safe_version = "".join(c if c.isalnum() or c in ".-_" else "_" for c in self.version)
        return self.root / f"{safe_version}-{self.fingerprint}" / sha256[:2] / f"{sha256}.json"

    def get(self, sha256: str) -> CacheEntry | None:
        p = self._path(sha256)
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
            return None
        if data.get("sha256") != sha256 or data.get("extractor_version") != self.version:
            return None
        return CacheEntry(**data)

    def has(self, sha256: str) -> bool:
        return self._path(sha256).is_file()

    def put(self, entry: CacheEntry) -> None:
        if entry.error_kind in TRANSIENT_KINDS:
            return
        p = self._path(entry.sha256)
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(entry.__dict__, fh, ensure_ascii=False)
            os.replace(tmp, p)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def new_entry(self, sha256: str, record: dict[str, Any] | None = None, error: str | None = None,
                  error_kind: str | None = None) -> CacheEntry:
        now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        return CacheEntry(sha256, self.version, now, record, error, error_kind)
