"""One writer at a time: a lock on `<warehouse>.lock` next to the warehouse file (the `filelock` library).

The lock is an flock: the kernel drops it when the holder dies (even on SIGKILL), so a killed
load never leaves the warehouse locked. The holder writes its pid and start time into the lock
file so that a refused load can say who is writing.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout


class WarehouseBusy(RuntimeError):
    """Another load holds the warehouse lock."""


def lock_path(warehouse: Path) -> Path:
    warehouse = Path(warehouse)
    return warehouse.with_name(warehouse.name + ".lock")


def _stamp(fd: int) -> None:
    """Called by filelock right after the lock is taken: who holds it, since when."""
    stamp = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"pid {os.getpid()} since {stamp}\n".encode(), 0)


@contextmanager
def writer_lock(warehouse: Path, wait_seconds: float = 0.0, poll: float = 0.2) -> Iterator[Path]:
    """Hold the warehouse's writer lock; wait up to wait_seconds for it, then raise WarehouseBusy."""
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path, timeout=max(0.0, wait_seconds), poll_interval=poll, thread_local=False,
                    preserve_lock_file=True, on_acquired=_stamp)
    try:
        lock.acquire()
    except Timeout:
        raise WarehouseBusy(
            f"another load is writing {warehouse} ({_read_holder(path)}); wait for it to finish and run again"
        ) from None
    try:
        yield path
    finally:
        lock.release()


def _read_holder(path: Path) -> str:
    try:
        text = path.read_bytes()[:200].decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text or "holder unknown"
