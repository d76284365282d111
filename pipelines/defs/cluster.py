"""Decides how a local Celery cluster for Jixiao is started and stopped: a Redis broker (Debian's redis-server)
and N `dagster-celery` workers as child processes, plus the Dagster daemon that runs backfills on them.

    python -m pipelines.defs.cluster serve --workers 2      # `make cluster`: Redis, workers, UI + daemon; a
                                                              # backfill of every raw file is submitted at start
    python -m pipelines.defs.cluster backfill --workers 2   # the same without the UI: backfill, wait, refresh, stop

Every run's steps go to the workers because the code location picks the Celery executor when
JIXIAO_CELERY_BROKER is set (pipelines/defs/executor.py). Workers load the code location from its module and
read the same JIXIAO_* environment (raw folder, record cache, warehouse) as the daemon: on several machines
that environment and the record-cache directory are what must be shared (docs/scale.md). The warehouse
publish stays one step in one run (pool jixiao_warehouse, tag jixiao/warehouse): a single writer.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pipelines.defs.executor import celery_config
from pipelines.defs.warehouse.assets import PUBLISH_QUEUE

ROOT = Path(__file__).resolve().parents[2]
WORKSPACE = ROOT / "deploy" / "workspace.yaml"
BIN = Path(sys.executable).parent


def redis_server() -> str | None:
    return shutil.which("redis-server") or next((p for p in ("/usr/bin/redis-server", "/usr/sbin/redis-server")
                                                  if os.path.exists(p)), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def watchdog(cleanup: str, owner: int | None = None) -> subprocess.Popen:
    """A detached `sh` that runs `cleanup` (a shell command) once process `owner` (default: this one) is gone,
    so that servers started for a test or a bench stop even when the starter is killed before its own
    cleanup can run. Stop it with .kill() when the cleanup was done normally."""
    owner = owner or os.getpid()
    return subprocess.Popen(["sh", "-c", f"while kill -0 {owner} 2>/dev/null; do sleep 2; done; {cleanup}"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def worker_queues(i: int) -> str:
    """The queues worker `i` (1-based) listens on: every worker takes extraction steps (queue `dagster`),
    worker 1 also the publish. One comma-separated value: dagster-celery turns repeated `-q` into repeated
    celery `-Q`, of which celery keeps only the last."""
    return "dagster" + (f",{PUBLISH_QUEUE}" if i == 1 else "")


@dataclass
class Cluster:
    """Redis + N Celery workers (+ optionally the Dagster daemon) in `workdir`: the DAGSTER_HOME they share is
    workdir/dagster_home, their logs are in workdir/logs."""

    workdir: Path
    workers: int = 2
    port: int = 0
    env_extra: dict[str, str] = field(default_factory=dict)
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.workdir = Path(self.workdir).resolve()
        self.home = self.workdir / "dagster_home"
        self.logs = self.workdir / "logs"
        self.port = self.port or free_port()
        self._watchdog: subprocess.Popen | None = None

    @property
    def broker(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def env(self) -> dict[str, str]:
        env = {**os.environ, **self.env_extra, "DAGSTER_HOME": str(self.home), "JIXIAO_CELERY_BROKER": self.broker,
               "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}  # dagster-celery calls a bare `celery`
        env.pop("JIXIAO_CELERY_BACKEND", None)
        return env

    def _spawn(self, name: str, cmd: list[str]) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "ab")
        p = subprocess.Popen(cmd, env=self.env(), cwd=self.home, stdout=log, stderr=subprocess.STDOUT,
                             start_new_session=True)
        log.close()
        self.procs[name] = p
        self._arm()
        return p

    def _arm(self) -> None:
        """(Re)start the watchdog that kills every process group of this cluster if this process dies."""
        if self._watchdog is not None:
            self._watchdog.kill()
            self._watchdog.wait()
        groups = " ".join(f"-{p.pid}" for p in self.procs.values())
        self._watchdog = watchdog(f"kill -TERM {groups} 2>/dev/null; sleep 10; kill -KILL {groups} 2>/dev/null")

    def start(self, daemon: bool = True, timeout: float = 120) -> "Cluster":
        """Redis, then the workers (waits until all answer a ping), then the daemon."""
        server = redis_server()
        if server is None:
            raise RuntimeError("redis-server not found: install Debian's redis-server (make redis)")
        self.logs.mkdir(parents=True, exist_ok=True)
        dagster_home(self.home)
        try:
            self._spawn("redis", [server, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                  "--appendonly", "no", "--dir", str(self.home)])
            self._wait_redis(timeout)
            cfg = self.workdir / "celery_config.yaml"
            cfg.write_text(_yaml({"execution": {"config": celery_config(self.broker)}}), encoding="utf-8")
            for i in range(1, self.workers + 1):
                # worker 1 also takes the publish (the warehouse has one writer, on one machine);
                # solo pool: the step runs in the worker's main process, which may start the extraction's own
                # time-limited child process (a prefork pool child is daemonic and may not)
                queues = ["-q", worker_queues(i)]
                self._spawn(f"worker{i}", [str(BIN / "dagster-celery"), "worker", "start", "-A", "dagster_celery.app",
                                           "-y", str(cfg), "-n", f"jixiao{i}", *queues, "--", "--pool=solo"])
            self._wait_workers(timeout)
            if daemon:
                self._spawn("daemon", [str(BIN / "dagster-daemon"), "run", "-w", str(WORKSPACE)])
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_redis(self, timeout: float) -> None:
        import redis

        deadline = time.monotonic() + timeout
        while True:
            try:
                redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=1).ping()
                return
            except redis.exceptions.ConnectionError:
                if self.procs["redis"].poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start; see {self.logs / 'redis.log'}")
                time.sleep(0.2)

    def online_workers(self) -> list[str]:
        from celery import Celery

        app = Celery(broker=self.broker)
        try:
            return sorted(name for reply in app.control.ping(timeout=1.0) for name in reply)
        finally:
            app.close()

    def _wait_workers(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while len(self.online_workers()) < self.workers:
            dead = [n for n, p in self.procs.items() if n.startswith("worker") and p.poll() is not None]
            if dead or time.monotonic() > deadline:
                raise RuntimeError(f"Celery workers did not come up ({', '.join(dead) or 'timeout'}); "
                                   f"see {self.logs}")
            time.sleep(0.5)

    def stop(self, grace: float = 20) -> None:
        """Daemon first, then the workers (warm shutdown), then Redis; whatever does not stop is killed."""
        order = sorted(self.procs, key=lambda n: (n == "redis", n.startswith("worker")))
        for name in order:
            p = self.procs[name]
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
                try:
                    p.wait(grace)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
                    p.wait(5)
        self.procs.clear()
        if self._watchdog is not None:
            self._watchdog.kill()
            self._watchdog.wait()
            self._watchdog = None

    def __enter__(self) -> "Cluster":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _yaml(value: dict) -> str:
    import yaml

    return yaml.safe_dump(value, sort_keys=False)


def dagster_cli(cluster: Cluster, *args: str, timeout: float = 600) -> str:
    out = subprocess.run([str(BIN / "dagster"), *args], env=cluster.env(), cwd=cluster.home, capture_output=True,
                         text=True, timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError(f"dagster {' '.join(args)} failed:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")
    return out.stdout


def dagster_home(home: Path) -> Path:
    """The cluster's DAGSTER_HOME with the repository's dagster.yaml (SQLite, run limits)."""
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copyfile(ROOT / "dagster.yaml", home / "dagster.yaml")
    return home


def register_partitions(home: Path, raw_dir: str | os.PathLike) -> list[str]:
    """Every raw file as a raw_documents partition (before the daemon starts, so the sensor's first look finds
    them known and leaves the extraction to the backfill)."""
    from dagster import DagsterInstance

    from pipelines.defs.ingest.assets import raw_documents
    from pipelines.defs.ingest.sensors import snapshot

    keys = sorted(snapshot(str(raw_dir)))
    os.environ["DAGSTER_HOME"] = str(dagster_home(Path(home)))
    with DagsterInstance.get() as instance:
        instance.add_dynamic_partitions(raw_documents.name, keys)
    return keys


def backfill_all(cluster: Cluster, keys: list[str]) -> None:
    """Submit one backfill of extract_documents over the given partitions (the daemon launches its runs)."""
    dagster_cli(cluster, "job", "backfill", "-w", str(WORKSPACE), "-l", "jixiao", "-j", "extract_documents",
                "--partitions", ",".join(keys), "--noprompt")


def wait_for_runs(cluster: Cluster, job: str, n: int, timeout: float = 900, after: float = 0.0) -> list:
    """Wait until `n` runs of `job` created after `after` (a timestamp) have finished; return them (newest first)."""
    from dagster import DagsterInstance, DagsterRunStatus, RunsFilter

    done = [DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED]
    os.environ["DAGSTER_HOME"] = str(cluster.home)
    deadline = time.monotonic() + timeout
    with DagsterInstance.get() as instance:
        while True:
            runs = instance.get_runs(RunsFilter(job_name=job, statuses=done,
                                                created_after=datetime.fromtimestamp(after, timezone.utc)))
            failed = [r for r in runs if r.status != DagsterRunStatus.SUCCESS]
            if failed:
                raise RuntimeError(f"{len(failed)} {job} run(s) failed, e.g. {failed[0].run_id}; see the UI or "
                                   f"`dagster debug export` with DAGSTER_HOME={cluster.home}")
            if len(runs) >= n:
                return runs
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(runs)} of {n} {job} runs finished in {timeout:.0f} s; see {cluster.home}")
            dead = [k for k, p in cluster.procs.items() if p.poll() is not None]
            if dead:
                raise RuntimeError(f"{', '.join(dead)} stopped; see {cluster.logs}")
            time.sleep(1)


def run_backfill(workdir: Path, workers: int, raw_dir: str, env_extra: dict[str, str] | None = None) -> dict:
    """Start a cluster, backfill every raw file, wait for the refresh the sensor starts afterwards, stop.
    Returns timings and which worker ran how many steps."""
    t0 = time.perf_counter()
    c = Cluster(workdir, workers, env_extra=dict(env_extra or {}))
    keys = register_partitions(c.home, raw_dir)
    with c:
        c.start()
        t_up = time.perf_counter()
        backfill_all(c, keys)
        runs = wait_for_runs(c, "extract_documents", len(keys))
        t_extracted = time.perf_counter()
        last_end = max(r.end_time or 0 for r in _records(c, runs))
        refresh = wait_for_runs(c, "refresh_warehouse", 1, after=last_end - 1)
        t_done = time.perf_counter()
        tasks = {name: _tasks_run(c.logs / f"{name}.log") for name in c.procs if name.startswith("worker")}
    failed = [r.run_id for r in [*runs, *refresh] if r.status.value != "SUCCESS"]
    return {"files": len(keys), "workers": workers, "startup_s": t_up - t0, "extract_s": t_extracted - t_up,
            "refresh_s": t_done - t_extracted, "tasks_per_worker": tasks, "failed_runs": failed}


def _records(cluster: Cluster, runs: list) -> list:
    from dagster import DagsterInstance, RunsFilter

    os.environ["DAGSTER_HOME"] = str(cluster.home)
    with DagsterInstance.get() as instance:
        return instance.get_run_records(RunsFilter(run_ids=[r.run_id for r in runs]))


def _tasks_run(log: Path) -> int:
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return text.count("succeeded in")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipelines.defs.cluster", description=__doc__.split("\n")[0])
    ap.add_argument("mode", choices=["serve", "backfill"])
    ap.add_argument("--workers", type=int, default=int(os.environ.get("JIXIAO_CELERY_WORKERS", "2")))
    ap.add_argument("--dir", default=str(ROOT / ".dagster_home" / "cluster"),
                    help="work folder: dagster_home/ (its DAGSTER_HOME), logs/, celery_config.yaml")
    ap.add_argument("--port", type=int, default=int(os.environ.get("JIXIAO_REDIS_PORT", "0")))
    ap.add_argument("--ui-port", type=int, default=int(os.environ.get("DAGSTER_PORT", "3000")))
    args = ap.parse_args(argv)
    from pipelines.defs.resources import default_settings

    raw = default_settings().raw_dir
    if args.mode == "backfill":
        print(run_backfill(Path(args.dir), args.workers, raw))
        return 0
    c = Cluster(Path(args.dir), args.workers, args.port)
    keys = register_partitions(c.home, raw)
    with c:
        c.start(daemon=False)
        print(f"Redis on {c.broker}, {args.workers} Celery worker(s) online: {', '.join(c.online_workers())}; "
              f"logs in {c.logs}", flush=True)
        ui = c._spawn("dev", [str(BIN / "dagster"), "dev", "-w", str(WORKSPACE), "-h", "127.0.0.1",
                              "-p", str(args.ui_port)])
        backfill_all(c, keys)
        print(f"backfill of {len(keys)} partition(s) submitted; UI on http://127.0.0.1:{args.ui_port} "
              "(Ctrl-C stops everything)", flush=True)
        try:
            ui.wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
