"""One writer at a time: an flock on `<warehouse>.lock` next to the warehouse file.

The kernel drops the lock when the holder dies (even on SIGKILL), so a killed load
never leaves the warehouse locked. The holder writes its pid and start time into
the file so that a refused load can say who is writing.
"""
from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator


class WarehouseBusy(RuntimeError):
    """Another load holds the warehouse lock."""


def lock_path(warehouse: Path) -> Path:
    warehouse = Path(warehouse)
    return warehouse.with_name(warehouse.name + ".lock")


@contextmanager
def writer_lock(warehouse: Path, wait_seconds: float = 0.0, poll: float = 0.2) -> Iterator[Path]:
    """Hold the warehouse's writer lock; wait up to wait_seconds for it, then raise WarehouseBusy."""
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + max(0.0, wait_seconds)
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _read_holder(fd)
                    raise WarehouseBusy(
                        f"another load is writing {warehouse} ({holder}); wait for it to finish and run again"
                    ) from None
                time.sleep(poll)
        os.ftruncate(fd, 0)
        stamp = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        os.pwrite(fd, f"pid {os.getpid()} since {stamp}\n".encode(), 0)
        try:
            yield path
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _read_holder(fd: int) -> str:
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text or "holder unknown"
