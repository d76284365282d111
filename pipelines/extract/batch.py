"""Extract many documents in worker processes, each under a wall-clock limit.

`extract_many(paths, limits, workers=2)` returns one result per path, in input
order: a `DocumentRecord`, or an `ExtractionError` saying which file, what went
wrong and what to do. It never raises for a bad file, so a nightly load over
unchecked files always finishes.

Why hand-rolled workers and not `ProcessPoolExecutor`: an executor cannot stop
one running task. Here each worker owns a pipe; the parent waits on all pipes
with a deadline, and a document that overruns `limits.seconds` gets its worker
killed (SIGKILL) and replaced — the other documents carry on. A worker that
crashes (segfault, OOM kill) costs only its current document. Workers are
recycled after `max_tasks_per_child` documents and their address space is
capped at `limits.max_memory_mb` (RLIMIT_AS), so memory stays bounded whatever
the files contain. Workers exit by themselves if the parent dies (e.g. a load
killed with SIGKILL), so nothing is left running.

Pure Python, no dagster import (the Dagster assets and the plain load share it).
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from .guard import Limits
from .record import DocumentRecord, ExtractionError

Result = DocumentRecord | ExtractionError
Extractor = Callable[[Path, Limits], DocumentRecord]
# progress(path, result, done, total) is called in the parent as each document finishes.
Progress = Callable[[Path, Result, int, int], None]
# page_progress(path, page, pages) is called in the parent as each page read by OCR is done.
PageProgress = Callable[[Path, int, int], None]

DEFAULT_MAX_TASKS_PER_CHILD = 25
START_TIMEOUT = 120.0  # seconds for a new worker to report ready


class WorkersUnavailable(RuntimeError):
    """Worker processes cannot start at all (an environment problem: no file is to blame)."""


# The OCR mode and the page callback of the document being read, set by the worker loop (or the in-process
# loop) before each call, so that an Extractor keeps its (path, limits) signature.
_reading: dict[str, Any] = {"ocr": "auto", "on_page": None}


def _default_extract(path: Path, limits: Limits) -> DocumentRecord:
    from .document import extract_document

    return extract_document(path, limits, ocr=_reading["ocr"], on_page=_reading["on_page"])


# --------------------------------------------------------------------------- worker side


def _limit_memory(max_mb: int | None) -> None:
    if not max_mb:
        return
    try:
        import resource

        cap = int(max_mb) * 2**20
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, ValueError, OSError):  # not POSIX, or not permitted: the time limit still holds
        pass


def _watch_parent(parent_pid: int) -> None:
    """Exit this worker soon after the process that started it is gone (killed loads leave no orphans)."""

    def loop() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent_pid or not _alive(_PARENT_PID):
                os._exit(3)

    threading.Thread(target=loop, name="jixiao-parent-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_PARENT_PID = 0  # the pid of the process that called extract_many (set in each worker)


def _worker_main(conn: Connection, owner_pid: int, limits: Limits, extract: Extractor | None,
                 ocr: str = "auto") -> None:
    global _PARENT_PID
    _PARENT_PID = owner_pid
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _limit_memory(limits.max_memory_mb)
    _watch_parent(os.getppid())
    conn.send("ready")
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path = task
        path = Path(path)
        t0 = time.perf_counter()

        def on_page(number: int, total: int, ocred: bool, index: int = index) -> None:
            if ocred:  # the parent extends the deadline and shows the page
                conn.send(("page", index, number, total))

        _reading.update(ocr=ocr, on_page=on_page)
        run = extract or _default_extract
        try:
            outcome: tuple[str, Any] = ("ok", run(path, limits))
        except ExtractionError as exc:
            if _caused_by(exc, MemoryError):  # a reader that wrapped the memory cap as "damaged" would mislead
                outcome = ("error", (str(path), _memory_problem(limits), "too_large"))
            else:
                outcome = ("error", (exc.path, exc.problem, exc.kind))
        except MemoryError:
            outcome = ("error", (str(path), _memory_problem(limits), "too_large"))
        except Exception as exc:  # any reader bug or damaged structure: this file fails, the batch goes on
            outcome = ("error", _unexpected(path, exc))
        seconds = time.perf_counter() - t0
        try:
            conn.send((index, outcome, seconds, _peak_rss_mb()))
        except (BrokenPipeError, EOFError, OSError):
            return
        except Exception as exc:  # unpicklable result: report it instead of dying silently
            conn.send((index, ("error", (str(path), _damaged_problem(f"result not transferable: {exc}", path), "damaged")),
                       seconds, _peak_rss_mb()))


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    """Whether `kind` is in exc's cause/context chain (kept even under `raise ... from None`)."""
    seen = 0
    e: BaseException | None = exc.__cause__ or exc.__context__
    while e is not None and seen < 8:
        if isinstance(e, kind):
            return True
        e, seen = e.__cause__ or e.__context__, seen + 1
    return False


def _peak_rss_mb() -> float:
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    except ImportError:
        return 0.0


def _short(exc: BaseException, limit: int = 160) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _damaged_problem(detail: str, path: Path | None = None) -> str:
    viewer = "a text editor" if path is not None and path.suffix.lower() in (".txt", ".md") else "a PDF viewer"
    return (
        f"the reader failed on this file ({detail}); it is probably damaged — open it in {viewer} and "
        "re-download or re-save it; if it opens fine, report it as a Jixiao bug with the file attached"
    )


def _unexpected(path: Path, exc: BaseException) -> tuple[str, str, str]:
    """(path, problem, kind) for an exception that is not an ExtractionError."""
    detail = f"{type(exc).__name__}: {_short(exc)}"
    if isinstance(exc, ImportError):  # our installation, not the file: must not be remembered as the file's fault
        return (str(path), f"Jixiao's reader could not start ({detail}); the installation is incomplete — "
                "run `make setup` and load again", "environment")
    if isinstance(exc, RecursionError):
        return (str(path), _damaged_problem("its structure is nested too deeply to read", path), "damaged")
    if isinstance(exc, FileNotFoundError):
        return (str(path), "file disappeared while it was being read; nothing to do if it was removed on "
                "purpose, else put it back and load again", "missing")
    if isinstance(exc, OSError):
        return (str(path), f"cannot read the file ({detail}); check the disk and its permissions", "unreadable")
    return (str(path), _damaged_problem(detail, path), "damaged")


def _memory_problem(limits: Limits) -> str:
    return (
        f"reading needed more than the {limits.max_memory_mb} MiB memory limit and was stopped; the file is "
        "far larger than a form or holds a decompression bomb — split or check it, or raise the limit "
        "(JIXIAO_MAX_MEMORY_MB)"
    )


def _timeout_problem(limits: Limits) -> str:
    return (
        f"reading took longer than the {limits.seconds:g} s limit and was stopped; the PDF may be malformed or "
        "hostile — check it, or split it / raise the limit (JIXIAO_SECONDS) if it is just very large"
    )


# Signals that stop a process from outside (a person, a service manager, the out-of-memory killer) rather than
# a fault of the reader on the file's bytes (SIGSEGV, SIGBUS, SIGABRT, SIGFPE …).
EXTERNAL_SIGNALS = {signal.SIGKILL, signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT}


def _signal_name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


def _died(exitcode: int | None, path: Path) -> ExtractionError:
    """Why a worker died without answering: stopped from outside ('killed', says nothing about the file) or
    crashed on the file ('crashed')."""
    if exitcode is not None and exitcode < 0 and -exitcode in EXTERNAL_SIGNALS:
        return ExtractionError(path, (
            f"the reader process was stopped from outside ({_signal_name(-exitcode)}) while reading this file — by a "
            "person, a service manager or the system running out of memory; this says nothing about the file: "
            "load again"), "killed")
    how = _signal_name(-exitcode) if exitcode is not None and exitcode < 0 else f"exit code {exitcode}"
    return ExtractionError(path, (
        f"the reader process died while reading this file ({how}); the file is probably damaged or hostile — "
        "open it in a PDF viewer and re-download it; if it opens fine, report it as a Jixiao bug"), "crashed")


# --------------------------------------------------------------------------- parent side


@dataclass
class _Slot:
    proc: Any  # multiprocessing.Process
    conn: Connection
    tasks_done: int = 0
    index: int | None = None  # the task being read now
    deadline: float = 0.0


def _context() -> mp.context.BaseContext:
    # forkserver: workers fork from a clean server process (safe when the caller runs threads, as Dagster
    # does) and start in milliseconds; spawn elsewhere.
    if sys.platform != "win32" and "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        try:
            ctx.set_forkserver_preload(["pipelines.extract.batch", "pipelines.extract.document"])
        except Exception:  # preload is an optimisation only
            pass
        return ctx
    return mp.get_context("spawn")


def extract_many(
    paths: Iterable[str | Path],
    limits: Limits | None = None,
    workers: int = 2,
    progress: Progress | None = None,
    *,
    max_tasks_per_child: int = DEFAULT_MAX_TASKS_PER_CHILD,
    extract: Extractor | None = None,
    stats: dict[Path, tuple[float, float]] | None = None,
    ocr: str = "auto",
    page_progress: PageProgress | None = None,
) -> list[Result]:
    """Extract every path; return a `DocumentRecord` or an `ExtractionError` per path, in input order.

    workers: worker processes (2 = both cores on CI). 0 runs in this process: no kill-based time limit
    and no memory cap, for debugging only.
    limits: per-document bytes/pages (checked by the readers), seconds (wall clock, enforced here by
    killing the worker) and max_memory_mb (address-space cap of each worker).
    extract: a module-level function (path, limits) -> DocumentRecord replacing `extract_document`
    (tests use it to simulate slow or crashing readers).
    ocr: OCR of PDF pages (extract_document's `ocr`: never | auto | always); every page read by OCR
    adds `limits.ocr_seconds_per_page` to its document's deadline and is reported to `page_progress`.
    stats: if given, filled with path -> (seconds, peak RSS in MiB of the worker so far) for every
    document a worker answered (not for time-outs or crashes).
    Documents are handed out largest first (a big file started last would make the batch wait for it);
    results and `stats` keys follow the input.
    Raises WorkersUnavailable only when no worker process can start at all (never for a file).
    """
    limits = limits or Limits()
    items = [Path(p) for p in paths]
    results: list[Result | None] = [None] * len(items)
    done = 0

    def finish(index: int, result: Result) -> None:
        nonlocal done
        results[index] = result
        done += 1
        if progress is not None:
            progress(items[index], result, done, len(items))

    if not items:
        return []
    if workers <= 0:
        for i, path in enumerate(items):
            def on_page(number: int, total: int, ocred: bool, path: Path = path) -> None:
                if ocred and page_progress is not None:
                    page_progress(path, number, total)

            _reading.update(ocr=ocr, on_page=on_page)
            try:
                finish(i, (extract or _default_extract)(path, limits))
            except ExtractionError as exc:
                finish(i, exc)
            except Exception as exc:
                finish(i, ExtractionError(*_unexpected(path, exc)))
        return results  # type: ignore[return-value]

    ctx = _context()
    owner = os.getpid()
    pending = deque(sorted(range(len(items)), key=lambda i: -_size(items[i])))
    slots: list[_Slot] = []

    def start() -> _Slot:
        parent_end, child_end = ctx.Pipe(duplex=True)
        proc = ctx.Process(
            target=_worker_main, args=(child_end, owner, limits, extract, ocr), name="jixiao-extract", daemon=True
        )
        proc.start()
        child_end.close()
        try:  # a worker that cannot even start is our environment's fault, not a file's
            if not parent_end.poll(START_TIMEOUT) or parent_end.recv() != "ready":
                raise EOFError
        except (EOFError, OSError):
            _kill(proc)
            raise WorkersUnavailable(
                f"extraction worker processes could not start (exit code {proc.exitcode}); if extract_many is "
                "called from a script, put the call under `if __name__ == '__main__':`, and see the error above"
            ) from None
        return _Slot(proc, parent_end)

    def retire(slot: _Slot, kill: bool) -> None:
        if kill:
            _kill(slot.proc)
        else:
            try:
                slot.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
            slot.proc.join(5)
            if slot.proc.is_alive():
                _kill(slot.proc)
        slot.conn.close()
        slots.remove(slot)

    def assign(slot: _Slot) -> None:
        index = pending.popleft()
        slot.index = index
        slot.deadline = time.monotonic() + limits.seconds
        slot.conn.send((index, str(items[index])))

    try:
        n_workers = min(workers, len(items))
        while pending or any(s.index is not None for s in slots):
            # keep every slot busy
            while pending and len([s for s in slots if s.index is not None]) < n_workers:
                idle = next((s for s in slots if s.index is None), None)
                if idle is None:
                    idle = start()
                    slots.append(idle)
                try:
                    assign(idle)
                except (BrokenPipeError, OSError):  # worker died while idle: replace it, retry the task
                    pending.appendleft(idle.index)  # type: ignore[arg-type]
                    idle.index = None
                    retire(idle, kill=True)
            busy = [s for s in slots if s.index is not None]
            timeout = max(0.0, min(s.deadline for s in busy) - time.monotonic())
            ready = wait([s.conn for s in busy] + [s.proc.sentinel for s in busy], timeout)
            now = time.monotonic()
            for slot in busy:
                if slot.conn in ready or slot.proc.sentinel in ready:
                    got = _receive(slot, stats, items)
                    if got is _NOT_READY:
                        continue
                    if isinstance(got, _Page):  # a page read by OCR: more time, and progress
                        slot.deadline += limits.ocr_seconds_per_page
                        if page_progress is not None:
                            page_progress(items[got.index], got.number, got.total)
                        continue
                    index = slot.index
                    assert index is not None
                    slot.index = None
                    if got is None:  # died without answering
                        slot.proc.join(1)
                        finish(index, _died(slot.proc.exitcode, items[index]))
                        retire(slot, kill=True)
                        continue
                    finish(index, got)
                    slot.tasks_done += 1
                    if slot.tasks_done >= max_tasks_per_child:
                        retire(slot, kill=False)
                elif now >= slot.deadline:
                    index = slot.index
                    slot.index = None
                    finish(index, ExtractionError(items[index], _timeout_problem(limits), "timeout"))  # type: ignore[arg-type]
                    retire(slot, kill=True)
    finally:
        for slot in list(slots):
            retire(slot, kill=slot.index is not None)
    return results  # type: ignore[return-value]


_NOT_READY = object()


@dataclass
class _Page:
    index: int
    number: int
    total: int


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _receive(slot: _Slot, stats: dict[Path, tuple[float, float]] | None = None,
             items: list[Path] | None = None) -> Any:
    """The worker's answer; None if it died without one; _NOT_READY if it is still working."""
    try:
        if not slot.conn.poll(0):
            if slot.proc.is_alive():
                return _NOT_READY
            if not slot.conn.poll(0.2):  # an answer may still be in flight from a worker that just exited
                return None
        msg = slot.conn.recv()
    except (EOFError, OSError):
        return None
    if msg[0] == "page":
        return _Page(*msg[1:])
    index, (status, payload), seconds, rss = msg
    if stats is not None and items is not None:
        stats[items[index]] = (seconds, rss)
    if status == "ok":
        return payload
    path, problem, kind = payload
    return ExtractionError(path, problem, kind)


def _kill(proc: Any) -> None:
    if proc.is_alive():
        try:
            proc.kill()
        except (OSError, AttributeError):
            pass
    proc.join(5)
