"""Why a load ended without publishing, as exceptions the CLI and Dagster turn into one sentence each."""
from __future__ import annotations

import errno
from typing import Any


class LoadBlocked(RuntimeError):
    """A blocking rule refused to publish (quality gate, or the input guard); the live warehouse is untouched."""

    def __init__(self, failures: list, summary: Any = None):
        self.failures = failures
        self.summary = summary
        lines = "; ".join(f"{f.rule}: {f.detail}" for f in failures)
        super().__init__(f"quality gate blocked the publish — {lines}")


class LoadFailed(RuntimeError):
    """An I/O failure stopped the load (a full disk, a folder whose records are gone); nothing was published
    unless `published` says so, and the live warehouse is intact."""

    def __init__(self, message: str, summary: Any = None, published: bool = False):
        super().__init__(message)
        self.summary = summary
        self.published = published


def io_reason(exc: BaseException) -> str:
    """The operating system's reason in a few words ('the disk is full' for ENOSPC, from Python or DuckDB)."""
    text = str(exc)
    if getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT) or "No space left" in text or "Disk quota" in text:
        return "the disk is full"
    strerror = getattr(exc, "strerror", None)
    where = getattr(exc, "filename", None)
    if strerror:
        return f"{strerror.lower()}" + (f" ({where})" if where else "")
    return " ".join(text.split())[:200]
