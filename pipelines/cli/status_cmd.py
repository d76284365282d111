"""`jixiao status`: when the last load ran, what it published, what failed or was quarantined, the last reported
outcome, and whether the nightly schedule and the sensors are on (read from the Dagster instance of
DAGSTER_HOME: SQLite for `make dev`, PostgreSQL for the service). Read-only: opens the warehouse read-only and
never changes Dagster state.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import typer

WATCHED = [("schedule", "nightly_refresh"), ("sensor", "raw_files_sensor"), ("sensor", "refresh_after_extraction"),
           ("sensor", "report_failed_runs"), ("sensor", "report_published")]
DAEMON_STALE_S = 120


def warehouse_lines(path: Path) -> list[str]:
    import duckdb

    if not path.exists():
        return [f"warehouse: {path} does not exist yet (no load has published)"]
    con = duckdb.connect(str(path), read_only=True)
    try:
        last = con.sql("SELECT load_id, min(started_at), max(finished_at) FROM load_log "
                       "WHERE load_id = (SELECT max(load_id) FROM load_log) GROUP BY load_id").fetchall()
        lines = [f"warehouse: {path}"]
        if not last:
            return lines + ["  no load recorded in load_log"]
        load_id, _, finished = last[0]
        lines.append(f"  last load: {load_id} (finished {finished})")
        by_status = con.execute("SELECT status, count(*) FROM load_log WHERE load_id = ? GROUP BY 1 ORDER BY 1",
                                [load_id]).fetchall()
        lines.append("  files: " + ", ".join(f"{n} {s}" for s, n in by_status))
        counts = {t: con.sql(f'SELECT count(*) FROM "{t}"').fetchall()[0][0]
                  for t in ("fact_project_budget", "fact_indicator", "dim_unit", "dim_project")}
        lines.append(f"  published: {counts['fact_project_budget']} forms, {counts['fact_indicator']} indicator rows, "
                     f"{counts['dim_unit']} units, {counts['dim_project']} projects")
        failed = con.execute("SELECT path, error FROM load_log WHERE load_id = ? AND status = 'failed' ORDER BY 1",
                             [load_id]).fetchall()
        for p, err in failed[:20]:
            lines.append(f"  FAILED {p}: {(err or '').splitlines()[0][:160] if err else ''}")
        if len(failed) > 20:
            lines.append(f"  … {len(failed) - 20} more failed files")
        quarantined = con.sql("SELECT source_path, count(*) FROM dim_document WHERE status = 'quarantined' "
                              "GROUP BY 1 ORDER BY 1").fetchall()
        if quarantined:
            lines.append(f"  quarantined: {sum(n for _, n in quarantined)} form(s) in {len(quarantined)} file(s) "
                         "(see v_dq_issue)")
            lines += [f"    {p}: {n} form(s)" for p, n in quarantined[:20]]
        else:
            lines.append("  quarantined: none")
        return lines
    finally:
        con.close()


def dagster_lines(home: str | None) -> list[str]:
    if not home:
        return ["dagster: DAGSTER_HOME is not set: schedule and sensor state unknown (set it as the service does)"]
    if not (Path(home) / "dagster.yaml").exists() and not Path(home).is_dir():
        return [f"dagster: {home} does not exist"]
    os.environ["DAGSTER_HOME"] = str(home)
    from dagster import DagsterInstance, RunsFilter
    from dagster._core.scheduler.instigation import InstigatorStatus

    lines = [f"dagster: {home}"]
    with DagsterInstance.get() as instance:
        beats = instance.get_daemon_heartbeats()
        newest = max((b.timestamp for b in beats.values()), default=None)
        if newest is None:
            lines.append("  daemon: never ran against this instance — nothing runs on schedule")
        else:
            age = time.time() - newest
            lines.append(f"  daemon: {'running' if age < DAEMON_STALE_S else 'NOT RUNNING'} "
                         f"(last heartbeat {age:.0f} s ago)")
        states = {s.instigator_name: s for s in instance.all_instigator_state()}
        for kind, name in WATCHED:
            st = states.get(name)
            if st is None:
                lines.append(f"  {kind} {name}: on by default (not evaluated yet)")
                continue
            on = st.status in (InstigatorStatus.RUNNING, InstigatorStatus.DECLARED_IN_CODE)
            ticks = instance.get_ticks(st.instigator_origin_id, st.selector_id, limit=1)
            tick = (f", last tick {time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(ticks[0].timestamp))} "
                    f"{ticks[0].status.value.lower()}") if ticks else ", no tick yet"
            lines.append(f"  {kind} {name}: {'on' if on else 'OFF'}{tick}")
        runs = instance.get_runs(RunsFilter(job_name="refresh_warehouse"), limit=1)
        if runs:
            r = runs[0]
            lines.append(f"  last refresh run: {r.run_id[:8]} {r.status.value}")
    return lines


def register(app: typer.Typer) -> None:
    @app.command()
    def status(
        warehouse: Path = typer.Option(None, "--warehouse", "-w",
                                       help="The warehouse file (default: $JIXIAO_WAREHOUSE or data/marts/warehouse.duckdb)."),
        dagster_home: str = typer.Option(None, "--dagster-home",
                                         help="The Dagster instance folder (default: $DAGSTER_HOME)."),
    ) -> None:
        """Last load, what it published, failed or quarantined files, last outcome, schedule/sensor state."""
        from pipelines.defs.notify.outcome import default_log, last_line
        from pipelines.load import DEFAULT_WAREHOUSE

        wh = Path(warehouse or os.environ.get("JIXIAO_WAREHOUSE") or DEFAULT_WAREHOUSE)
        for line in warehouse_lines(wh):
            typer.echo(line)
        log = default_log(wh)
        typer.echo(f"last outcome ({log}): {last_line(log) or 'none recorded'}")
        for line in dagster_lines(dagster_home or os.environ.get("DAGSTER_HOME")):
            typer.echo(line)
