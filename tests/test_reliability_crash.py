"""Crash safety and concurrency of the load, with real processes.

- A load killed with SIGKILL at random points (and right inside the publish step) leaves the published
  warehouse at a complete previous or new version, and the next load recovers with no manual clean-up.
- Readers holding read-only connections in other processes during loads never break a load and never
  see a mix of two versions.
- Two loads started at once: one waits or refuses with a clear message; nothing is corrupted.
"""
from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from bad_inputs.make_corpus import CORPUS, seed_variant
from pipelines.load import LoadConfig, run_load
from pipelines.warehouse.lock import WarehouseBusy, writer_lock

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("dim_unit", "dim_project", "dim_indicator", "dim_document", "fact_indicator", "fact_project_budget",
          "dq_issue")

# A load in a child process; prints its progress stages so the parent can kill it inside one of them.
CHILD = textwrap.dedent("""
    import sys
    from pipelines.load import LoadConfig, run_load
    from pipelines.warehouse.lock import WarehouseBusy

    if __name__ == "__main__":
        raw, wh, cache, wait = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
        cfg = LoadConfig(raw_dir=raw, warehouse=wh, cache_dir=cache, accept_shrink=True, force=True,
                         wait_seconds=wait)
        try:
            run_load(cfg, progress=lambda stage, done, total, detail: print("stage", stage, flush=True))
        except WarehouseBusy as exc:
            print("busy", exc, flush=True)
            sys.exit(75)
        print("published", flush=True)
""")


def fingerprint(warehouse: Path) -> str:
    """Row counts of every table plus the files of the latest load, read in ONE connection (one snapshot)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        counts = [con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in TABLES]
        paths = [r[0] for r in con.execute(
            "SELECT path FROM load_log WHERE load_id = (SELECT max(load_id) FROM load_log) ORDER BY path").fetchall()]
        return json.dumps([counts, paths], ensure_ascii=False)
    finally:
        con.close()


def raw_versions(root: Path) -> tuple[Path, Path]:
    """Two raw folders: A, and B = A plus one more document (so every table grows)."""
    a = root / "raw_a"
    a.mkdir(parents=True)
    shutil.copyfile(CORPUS / "000_55d7bc6e09b5e210.grid.pdf", a / "one.pdf")
    shutil.copyfile(CORPUS / "001_9dca29109af1ba6b.grid.pdf", a / "two.pdf")
    (a / "empty.pdf").write_bytes(b"")
    b = root / "raw_b"
    shutil.copytree(a, b)
    (b / "three.txt").write_text(seed_variant("003_a6515d0af07e9517.part1", 10), encoding="utf-8")
    return a, b


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """Both raw folders and the fingerprint of a complete load of each (cache warm)."""
    root = tmp_path_factory.mktemp("versions")
    a, b = raw_versions(root)
    cache = root / "cache"
    fps = {}
    for name, raw in (("A", a), ("B", b)):
        wh = root / f"ref_{name}" / "warehouse.duckdb"
        run_load(LoadConfig(raw_dir=raw, warehouse=wh, cache_dir=cache))
        fps[name] = fingerprint(wh)
    facts_a, facts_b = (json.loads(fps[v])[0][TABLES.index("fact_indicator")] for v in "AB")
    assert 0 < facts_a < facts_b  # B is A plus one document: every version is told apart
    return root, a, b, cache, fps


def child(raw: Path, wh: Path, cache: Path, wait: float = 0.0) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CHILD, str(raw), str(wh), str(cache), str(wait)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)


def temp_files(wh: Path) -> list[Path]:
    return [p for p in wh.parent.iterdir() if p.name.startswith(wh.name + ".tmp-")]


def test_sigkill_mid_load_leaves_a_complete_version_and_the_next_load_recovers(versions, tmp_path):
    root, a, b, cache, fps = versions
    wh = tmp_path / "marts" / "warehouse.duckdb"
    run_load(LoadConfig(raw_dir=a, warehouse=wh, cache_dir=cache))
    assert fingerprint(wh) == fps["A"]
    rng = random.Random(7)
    for i in range(4):
        target = b if fingerprint(wh) == fps["A"] else a
        # fresh cache on even rounds so that some kills land inside extraction, warm on odd rounds
        proc = child(target, wh, tmp_path / f"cache{i}" if i % 2 == 0 else cache)
        kill_at = ["publish", "extract", None, "publish"][i]  # one blind kill at a random moment
        delay = rng.uniform(0.0, 0.5) if kill_at else rng.uniform(0.5, 3.0)  # inside the stage, or anywhere
        if kill_at:
            for line in proc.stdout:  # wait for the stage, then kill inside it
                if line.startswith(f"stage {kill_at}") or line.startswith("published"):
                    break
        time.sleep(delay)
        proc.kill()
        proc.wait()
        assert fingerprint(wh) in (fps["A"], fps["B"]), f"round {i}: warehouse is neither version"
    # the next load needs no clean-up: it removes stale temp files and publishes
    summary = run_load(LoadConfig(raw_dir=b, warehouse=wh, cache_dir=cache, accept_shrink=True, force=True))
    assert summary.published and fingerprint(wh) == fps["B"]
    assert temp_files(wh) == []


def test_stale_temp_files_are_removed_by_the_next_load(versions, tmp_path):
    root, a, b, cache, fps = versions
    wh = tmp_path / "warehouse.duckdb"
    run_load(LoadConfig(raw_dir=a, warehouse=wh, cache_dir=cache))
    for junk in (f"{wh.name}.tmp-99999-deadbeef", f"{wh.name}.tmp-99999-deadbeef.wal"):
        (tmp_path / junk).write_bytes(b"half a warehouse")
    summary = run_load(LoadConfig(raw_dir=b, warehouse=wh, cache_dir=cache))
    assert summary.published and temp_files(wh) == []
    assert any("temp file" in n for n in summary.notes)


READER = textwrap.dedent("""
    import json, sys, time, random
    sys.path.insert(0, sys.argv[4])
    from test_reliability_crash import fingerprint

    if __name__ == "__main__":
        wh, out, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
        rng = random.Random(out)
        seen, errors = [], []
        end = time.monotonic() + seconds
        import duckdb
        held = duckdb.connect(wh, read_only=True)  # one connection held open across every load
        while time.monotonic() < end:
            try:
                seen.append(fingerprint(wh))
                con = duckdb.connect(wh, read_only=True)
                time.sleep(rng.uniform(0, 0.2))  # hold it while a load may publish
                con.execute("SELECT count(*) FROM fact_indicator").fetchone()
                con.close()
                held.execute("SELECT count(*) FROM fact_project_budget").fetchone()
            except Exception as exc:
                errors.append(repr(exc))
        held.close()
        open(out, "w").write(json.dumps({"seen": seen, "errors": errors}))
""")


def test_readers_in_other_processes_never_break_a_load_nor_see_a_mix(versions, tmp_path):
    root, a, b, cache, fps = versions
    wh = tmp_path / "warehouse.duckdb"
    run_load(LoadConfig(raw_dir=a, warehouse=wh, cache_dir=cache))
    outs = [tmp_path / f"reader{i}.json" for i in range(3)]
    readers = [subprocess.Popen([sys.executable, "-c", READER, str(wh), str(o), "8", str(Path(__file__).parent)],
                                cwd=ROOT) for o in outs]
    try:
        time.sleep(2.0)  # readers connected
        published = 0
        t_end = time.monotonic() + 4
        while published < 2 or time.monotonic() < t_end:
            raw = b if fingerprint(wh) == fps["A"] else a
            s = run_load(LoadConfig(raw_dir=raw, warehouse=wh, cache_dir=cache, accept_shrink=True))
            assert s.published
            published += 1
    finally:
        for r in readers:
            r.wait(timeout=60)
    assert published >= 2
    for o in outs:
        report = json.loads(o.read_text())
        assert report["errors"] == []
        assert report["seen"], "reader saw nothing"
        assert set(report["seen"]) <= {fps["A"], fps["B"]}


def test_a_second_load_refuses_with_a_clear_message_or_waits(versions, tmp_path):
    root, a, b, cache, fps = versions
    wh = tmp_path / "warehouse.duckdb"
    run_load(LoadConfig(raw_dir=a, warehouse=wh, cache_dir=cache))
    with writer_lock(wh):
        with pytest.raises(WarehouseBusy) as info:
            run_load(LoadConfig(raw_dir=b, warehouse=wh, cache_dir=cache))
        waiting = child(b, wh, cache, wait=60)
        time.sleep(1.5)
        assert waiting.poll() is None  # still waiting for the lock
    msg = str(info.value)
    assert "another load" in msg and str(wh) in msg and "pid" in msg
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0 and "published" in out, err
    assert fingerprint(wh) == fps["B"]


def test_two_loads_started_at_once_do_not_corrupt_anything(versions, tmp_path):
    root, a, b, cache, fps = versions
    wh = tmp_path / "warehouse.duckdb"
    procs = [child(b, wh, cache), child(b, wh, cache)]
    outcomes = []
    for p in procs:
        out, err = p.communicate(timeout=180)
        assert p.returncode in (0, 75), err  # published, or refused as busy
        outcomes.append("published" if p.returncode == 0 else out.strip())
    assert "published" in outcomes
    for o in outcomes:
        assert o == "published" or ("another load" in o and "wait for it to finish" in o)
    assert fingerprint(wh) == fps["B"] and temp_files(wh) == []


def test_a_damaged_live_warehouse_or_cache_entry_is_replaced_not_fatal(versions, tmp_path):
    """Junk where the warehouse or a cache entry should be (a disk incident, a hand edit): the next load
    still publishes a complete warehouse and says what it found."""
    root, a, b, cache, fps = versions
    wh = tmp_path / "warehouse.duckdb"
    wh.write_bytes(b"this is not a DuckDB file" * 100)
    own_cache = tmp_path / "cache"
    shutil.copytree(cache, own_cache)
    entries = sorted(own_cache.rglob("*.json"))
    assert entries
    entries[0].write_text('{"sha256": "trunc', encoding="utf-8")  # a half-written entry
    summary = run_load(LoadConfig(raw_dir=a, warehouse=wh, cache_dir=own_cache))
    assert summary.published and fingerprint(wh) == fps["A"]
    assert any("could not read the current warehouse" in n or "lacks expected tables" in n for n in summary.notes)
