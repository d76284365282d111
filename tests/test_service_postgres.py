"""The service setup end to end: PostgreSQL instance storage (deploy/dagster.yaml), `dagster-daemon run` against
a temporary DAGSTER_HOME, the raw-folder sensor's first tick publishing the warehouse, then a night the quality
gate blocks, reported by the outcome sensor to a local webhook. Starts PostgreSQL and the daemon; stops both."""
from __future__ import annotations

import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.defs.cluster import free_port, watchdog
from pipelines.ingest.inventory import sha256_file
from warehouse_fixtures import gold_records, sample_tree
from webhook_server import Hook

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(pg_bin() is None, reason="PostgreSQL server binaries (initdb, pg_ctl) are not "
                                                          "installed: Debian package postgresql (`make postgres`)")]


class Postgres:
    """A throw-away PostgreSQL cluster on 127.0.0.1 (run as user postgres when the tests run as root)."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="jixiao-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.dir, "postgres")

    def _run(self, *cmd: str) -> None:
        out = subprocess.run([*self.as_user, *cmd], capture_output=True, text=True, timeout=120)
        if out.returncode:
            raise RuntimeError(f"{' '.join(cmd)}: {out.stdout[-1500:]} {out.stderr[-1500:]}")

    def start(self) -> "Postgres":
        b = pg_bin()
        self._run(str(b / "initdb"), "-D", str(self.data), "-U", "jixiao", "--auth=trust", "-E", "UTF8")
        # if this test process is killed before its cleanup, the server is stopped and removed anyway
        self.guard = watchdog(f"{' '.join(self.as_user)} {b / 'pg_ctl'} -D {self.data} -m immediate stop; "
                              f"rm -rf {self.dir}")
        self._run(str(b / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "pg.log"), "-w", "-t", "60", "-o",
                  f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1", "start")
        import psycopg2

        con = psycopg2.connect(host="127.0.0.1", port=self.port, user="jixiao", dbname="postgres")
        con.autocommit = True
        con.cursor().execute("CREATE DATABASE dagster")
        con.close()
        return self

    @property
    def url(self) -> str:
        return f"postgresql+psycopg2://jixiao@127.0.0.1:{self.port}/dagster"

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(str(pg_bin() / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)
        if getattr(self, "guard", None) is not None:
            self.guard.kill()
            self.guard.wait()


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("service")
    cfg = sample_tree(tmp, layouts=("grid",))
    for extra in sorted(cfg.raw_dir.iterdir())[2:]:  # two files are enough, and keep the runs few
        extra.unlink()
    home = tmp / "dagster_home"
    home.mkdir()
    shutil.copyfile(ROOT / "deploy" / "dagster.yaml", home / "dagster.yaml")
    pg = Postgres().start()
    hook = Hook().__enter__()
    env = {**os.environ, "DAGSTER_HOME": str(home), "DAGSTER_PG_URL": pg.url,
           "JIXIAO_RAW_DIR": str(cfg.raw_dir), "JIXIAO_WAREHOUSE": str(cfg.warehouse),
           "JIXIAO_CACHE_DIR": str(cfg.cache_dir), "JIXIAO_WORKERS": "0", "JIXIAO_SENSOR_SECONDS": "5",
           "JIXIAO_EXECUTOR": "in_process",  # one process less per run: the runs here are small
           "JIXIAO_OUTCOME_LOG": str(tmp / "outcomes.log"), "JIXIAO_WEBHOOK_URL": hook.url}
    env.pop("JIXIAO_CELERY_BROKER", None)
    log = open(tmp / "daemon.log", "wb")
    daemon = subprocess.Popen([str(BIN / "dagster-daemon"), "run", "-w", str(ROOT / "deploy" / "workspace.yaml")],
                              env=env, cwd=home, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    guard = watchdog(f"kill -TERM -{daemon.pid} 2>/dev/null; sleep 10; kill -KILL -{daemon.pid} 2>/dev/null")
    state = {"cfg": cfg, "home": home, "env": env, "hook": hook, "tmp": tmp, "pg": pg, "daemon": daemon}
    try:
        yield state
    finally:
        if daemon.poll() is None:
            os.killpg(daemon.pid, signal.SIGTERM)
            try:
                daemon.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(daemon.pid, signal.SIGKILL)
                daemon.wait(10)
        guard.kill()
        guard.wait()
        log.close()
        hook.__exit__(None, None, None)
        pg.stop()


def wait_for(what: str, test, state, timeout: float = 240):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = test()
        if got:
            return got
        if state["daemon"].poll() is not None:
            break
        time.sleep(1)
    tail = (state["tmp"] / "daemon.log").read_text(errors="replace")[-3000:]
    raise AssertionError(f"{what} did not happen in {timeout:.0f} s; daemon log:\n{tail}")


def runs(state, job: str) -> list:
    os.environ["DAGSTER_HOME"] = str(state["home"])
    os.environ["DAGSTER_PG_URL"] = state["env"]["DAGSTER_PG_URL"]
    from dagster import DagsterInstance, RunsFilter

    with DagsterInstance.get() as instance:
        return instance.get_runs(RunsFilter(job_name=job))


def outcome_lines(state) -> list[str]:
    p = state["tmp"] / "outcomes.log"
    return p.read_text(encoding="utf-8").splitlines() if p.exists() else []


def test_daemon_on_postgres_publishes_on_the_sensors_first_tick(service, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(service["home"]))
    monkeypatch.setenv("DAGSTER_PG_URL", service["env"]["DAGSTER_PG_URL"])
    done = wait_for("a finished refresh run",
                    lambda: [r for r in runs(service, "refresh_warehouse") if r.is_finished], service)
    assert done[0].status.value == "SUCCESS", done[0].status
    assert "first look" in done[0].tags["jixiao/trigger"]
    con = duckdb.connect(str(service["cfg"].warehouse), read_only=True)
    try:
        assert con.sql("SELECT count(*) FROM v_form").fetchall()[0][0] > 0
    finally:
        con.close()
    line = wait_for("the PUBLISHED outcome line", lambda: [ln for ln in outcome_lines(service) if " PUBLISHED " in ln],
                    service)
    assert "forms" in line[0]
    status = subprocess.run([str(BIN / "jixiao"), "status", "--warehouse", str(service["cfg"].warehouse)],
                            env=service["env"], capture_output=True, text=True, timeout=120)
    assert status.returncode == 0, status.stderr
    assert "last load:" in status.stdout and "sensor raw_files_sensor: on" in status.stdout
    assert "daemon: running" in status.stdout and "PUBLISHED" in status.stdout


def test_a_blocked_night_reaches_the_webhook_with_rule_and_files(service):
    cfg = service["cfg"]
    cache = cfg.cache()
    staged = []
    for p in sorted(cfg.raw_dir.iterdir()):  # every form loses all but one indicator row: the volume guard blocks
        rec = json.loads(json.dumps(gold_records()[p.name.rsplit(".", 2)[0]]))
        for f in rec["forms"]:
            f["indicators"] = f["indicators"][:1]
        new = p.with_name(f".{p.name}.new")  # hidden: the sensor skips it
        new.write_bytes(p.read_bytes() + b"shrunk\n")
        cache.put(cache.new_entry(sha256_file(new), record=rec))  # cached before the sensor can see the file
        staged.append((new, p))
    for new, p in staged:  # both files change within one sensor interval
        new.replace(p)
    hook = service["hook"]
    sent = wait_for("the webhook call", lambda: hook.received, service, timeout=300)
    assert sent[0]["outcome"] == "blocked" and sent[0]["rules"] == ["volume_guard"]
    assert set(sent[0]["files"]) == {p.name for p in cfg.raw_dir.iterdir()}
    assert any(" BLOCKED refresh_warehouse " in ln and "volume_guard" in ln for ln in outcome_lines(service))
    # extraction ran as one run per changed file before the one refresh that was blocked
    assert len([r for r in runs(service, "extract_documents") if r.status.value == "SUCCESS"]) == len(sent[0]["files"])
