"""batch.extract_many: per-file results in input order, time limit by killing the worker, crashes contained."""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from pipelines.extract.batch import extract_many
from pipelines.extract.guard import Limits
from pipelines.extract.record import DocumentRecord, ExtractionError, Form

# Stand-in readers (module level so worker processes can import them by name).


def fake_ok(path: Path, limits: Limits) -> DocumentRecord:
    if path.name.startswith("hang"):
        time.sleep(600)
    if path.name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGSEGV)
    if path.name.startswith("stopped"):
        os.kill(os.getpid(), signal.SIGTERM)  # as `kill PID` from another terminal would
    if path.name.startswith("boom"):
        raise KeyError("trailer")
    if path.name.startswith("bad"):
        raise ExtractionError(path, "bad on purpose; do nothing", "not_a_form")
    if path.name.startswith("hog"):
        blob = bytearray(2**31)  # 2 GiB: over the worker's memory cap
        return DocumentRecord(source=str(len(blob)))
    return DocumentRecord(source=path.name, forms=[Form(seq=1, form_type="target", project_name=path.stem)])


def fake_pid(path: Path, limits: Limits) -> DocumentRecord:
    return DocumentRecord(source=str(os.getpid()))


def _names(tmp_path: Path, names: list[str]) -> list[Path]:
    out = []
    for n in names:
        p = tmp_path / n
        p.write_text("x", encoding="utf-8")
        out.append(p)
    return out


def test_results_in_input_order_with_errors_beside_good_files(tmp_path):
    paths = _names(tmp_path, ["a.txt", "bad1.txt", "b.txt", "boom.txt", "c.txt"])
    seen = []
    results = extract_many(paths, Limits(seconds=30), workers=2, extract=fake_ok,
                           progress=lambda p, r, done, total: seen.append((p.name, done, total)))
    assert [type(r).__name__ for r in results] == [
        "DocumentRecord", "ExtractionError", "DocumentRecord", "ExtractionError", "DocumentRecord"]
    assert [r.source for r in results if isinstance(r, DocumentRecord)] == ["a.txt", "b.txt", "c.txt"]
    assert results[1].kind == "not_a_form" and results[1].path == str(paths[1])
    assert results[3].kind == "damaged"
    assert "KeyError" in results[3].problem and "re-download" in results[3].problem
    assert sorted(s[0] for s in seen) == sorted(p.name for p in paths)
    assert [s[1] for s in seen] == [1, 2, 3, 4, 5] and {s[2] for s in seen} == {5}


def test_hanging_document_is_killed_and_the_rest_load(tmp_path):
    paths = _names(tmp_path, ["hang.txt", "a.txt", "b.txt", "c.txt"])
    t0 = time.monotonic()
    results = extract_many(paths, Limits(seconds=1.5), workers=2, extract=fake_ok)
    assert time.monotonic() - t0 < 60  # not a timing assertion on speed: only that the 600 s sleep was cut
    err = results[0]
    assert isinstance(err, ExtractionError) and err.kind == "timeout"
    assert "1.5 s limit" in str(err) and "hang.txt" in str(err)
    assert all(isinstance(r, DocumentRecord) for r in results[1:])


def test_crashing_worker_costs_only_its_document(tmp_path):
    paths = _names(tmp_path, ["a.txt", "crash.txt", "b.txt", "c.txt"])
    results = extract_many(paths, Limits(seconds=30), workers=2, extract=fake_ok)
    assert isinstance(results[1], ExtractionError) and results[1].kind == "crashed"
    assert "SIGSEGV" in results[1].problem
    assert [isinstance(r, DocumentRecord) for r in results] == [True, False, True, True]


def test_worker_killed_from_outside_is_reported_as_such_not_as_a_damaged_file(tmp_path):
    paths = _names(tmp_path, ["a.txt", "stopped.txt", "b.txt"])
    results = extract_many(paths, Limits(seconds=30), workers=2, extract=fake_ok)
    err = results[1]
    assert isinstance(err, ExtractionError) and err.kind == "killed", err
    assert "stopped from outside (SIGTERM)" in err.problem and "says nothing about the file" in err.problem
    assert "damaged" not in err.problem
    assert [isinstance(r, DocumentRecord) for r in results] == [True, False, True]


def test_memory_cap_turns_a_memory_hog_into_an_error(tmp_path):
    paths = _names(tmp_path, ["hog.txt", "a.txt"])
    results = extract_many(paths, Limits(seconds=30, max_memory_mb=1024), workers=1, extract=fake_ok)
    assert isinstance(results[0], ExtractionError) and results[0].kind == "too_large"
    assert "1024 MiB memory limit" in results[0].problem
    assert isinstance(results[1], DocumentRecord)


def test_workers_are_recycled(tmp_path):
    paths = _names(tmp_path, [f"f{i}.txt" for i in range(6)])
    results = extract_many(paths, Limits(seconds=30), workers=1, extract=fake_pid, max_tasks_per_child=2)
    pids = [r.source for r in results]
    assert len(set(pids)) == 3 and str(os.getpid()) not in pids


def test_inline_mode_and_empty_input(tmp_path):
    assert extract_many([], workers=2) == []
    paths = _names(tmp_path, ["a.txt", "bad.txt"])
    results = extract_many(paths, workers=0, extract=fake_ok)
    assert isinstance(results[0], DocumentRecord) and isinstance(results[1], ExtractionError)


def test_real_extractor_reports_guard_errors(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    missing = tmp_path / "gone.pdf"
    results = extract_many([empty, missing], Limits(seconds=60), workers=2)
    assert [r.kind for r in results] == ["empty", "missing"]
    assert "0 bytes" in str(results[0]) and "empty.pdf" in str(results[0])


@pytest.mark.parametrize("workers", [1, 2])
def test_no_worker_outlives_the_call(tmp_path, workers):
    paths = _names(tmp_path, ["hang.txt", "a.txt"])
    extract_many(paths, Limits(seconds=1), workers=workers, extract=fake_ok)
    import multiprocessing

    assert [p for p in multiprocessing.active_children() if p.name == "jixiao-extract"] == []


def fake_hang_pidfile(path: Path, limits: Limits) -> DocumentRecord:
    (path.parent / f"worker-{os.getpid()}.pid").write_text(str(os.getpid()))
    time.sleep(600)
    return DocumentRecord(source=path.name)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_workers_exit_when_the_load_is_killed(tmp_path):
    """A load killed with SIGKILL must not leave extraction workers running (they would hold files and CPU)."""
    import subprocess
    import sys

    paths = _names(tmp_path, ["a.txt", "b.txt"])
    code = (
        "import sys; sys.path.insert(0, %r)\n"
        "from test_reliability_batch import fake_hang_pidfile\n"
        "from pipelines.extract.batch import extract_many\n"
        "from pipelines.extract.guard import Limits\n"
        "if __name__ == '__main__':\n"
        "    extract_many(%r, Limits(seconds=600), workers=2, extract=fake_hang_pidfile)\n"
    ) % (str(Path(__file__).parent), [str(p) for p in paths])
    proc = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("worker-*.pid"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    pids = [int(p.read_text()) for p in tmp_path.glob("worker-*.pid")]
    assert len(pids) == 2
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 30
    while any(_running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_running(pid) for pid in pids)


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_workers_that_cannot_start_are_reported_as_such_not_blamed_on_files(tmp_path):
    """A script calling extract_many without a __main__ guard: a clear error, not N 'damaged file' rows."""
    import subprocess
    import sys

    script = tmp_path / "noguard.py"
    script.write_text(
        "import sys\nsys.path.insert(0, %r)\n"
        "from pipelines.extract.batch import extract_many, WorkersUnavailable\n"
        "try:\n    extract_many([%r])\nexcept WorkersUnavailable as exc:\n    print('UNAVAILABLE', exc)\n"
        % (str(Path(__file__).parents[1]), str(tmp_path / "x.pdf"))
    )
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert "UNAVAILABLE" in out.stdout and "__main__" in out.stdout


def test_largest_first_and_stats(tmp_path):
    paths = []
    for name, size in [("small.txt", 10), ("big.txt", 5000), ("mid.txt", 500)]:
        p = tmp_path / name
        p.write_bytes(b"x" * size)
        paths.append(p)
    order, stats = [], {}
    results = extract_many(paths, Limits(seconds=30), workers=1, extract=fake_ok, stats=stats,
                           progress=lambda p, r, d, t: order.append(p.name))
    assert [r.source for r in results] == ["small.txt", "big.txt", "mid.txt"]  # input order kept
    assert order == ["big.txt", "mid.txt", "small.txt"]  # handed out largest first
    assert set(stats) == set(paths)
    assert all(seconds >= 0 and rss > 0 for seconds, rss in stats.values())
