"""Write the marts: a new DuckDB file built from frames, then moved atomically over the live one.

Readers never see a half-built warehouse: the new file is complete (DDL, rows,
views, checkpoint, fsync) before `os.replace` swaps the name. An analyst's
read-only connection held open on the old file keeps reading the old inode, so
it sees either the old or the new warehouse, never a mix, and does not make the
load fail. The file is written through `ATTACH ... (STORAGE_VERSION 'v1.0.0')`, the
oldest storage format that holds the schema (DECIMAL money, views, COMMENTs), so
that older clients (DuckDB 1.1 in DBeaver's driver, the duckdb CLI 1.5) open it too;
tests/test_warehouse_clients.py reads every view with a DuckDB 1.1.3 client.

Data reaches DuckDB only through Arrow (frames) or parameters; the only text
pasted into SQL is the repository's own DDL/view files (sql/, read from the installed package) and our own
temp path.
"""
from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from pipelines.warehouse.comments import inherit_view_comments
from pipelines.warehouse.contract import tables
from pipelines.warehouse.sql_files import sql_files

STORAGE_VERSION = "v1.0.0"
TABLES = tuple(tables())   # sql/ddl's tables, parents before children (the order rows are inserted in)
TMP_MARK = ".tmp-"


class ViewError(RuntimeError):
    """A sql/views file failed against the new tables."""


@dataclass
class Previous:
    """What the live warehouse held before this load (None when there is none or it cannot be read)."""

    fact_count: int | None
    forms: int | None
    load_log: pl.DataFrame | None
    files: set[str]
    problem: str | None = None
    load_id: str | None = None
    fingerprint: str | None = None
    row_counts: dict[str, int] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=dict)   # superseded / quarantined forms, warnings
    published: dict[str, str] = field(default_factory=dict)  # source_path -> sha256 of the files with published forms


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def tmp_path(target: Path) -> Path:
    return target.with_name(f"{target.name}{TMP_MARK}{os.getpid()}-{uuid.uuid4().hex[:8]}")


def clean_stale(target: Path) -> list[Path]:
    """Remove temp files left by a killed load (call with the writer lock held)."""
    removed = []
    for p in Path(target).parent.glob(f"{Path(target).name}{TMP_MARK}*"):
        try:
            p.unlink()
            removed.append(p)
        except FileNotFoundError:
            pass
    return removed


def read_previous(target: Path) -> Previous:
    """What the live warehouse holds. If someone holds it open read-write (a duckdb CLI started without
    -readonly locks the file), a snapshot copy is read instead so that history and counts carry over."""
    target = Path(target)
    if not target.exists():
        return Previous(None, None, None, set())
    try:
        con = duckdb.connect(str(target), read_only=True)
    except duckdb.Error as exc:
        copy = tmp_path(target)
        try:
            shutil.copyfile(target, copy)
            con = duckdb.connect(str(copy), read_only=True)
        except (OSError, duckdb.Error):
            copy.unlink(missing_ok=True)
            return Previous(None, None, None, set(), f"could not read the current warehouse {target}: {exc}")
        try:
            return _read_previous(con, target)
        finally:
            copy.unlink(missing_ok=True)
    return _read_previous(con, target)


def _read_previous(con: duckdb.DuckDBPyConnection, target: Path) -> Previous:
    try:
        facts = con.sql("SELECT count(*) FROM fact_indicator").fetchall()[0][0]
        forms = con.sql("SELECT count(*) FROM fact_project_budget").fetchall()[0][0]
        log = pl.from_arrow(con.sql("SELECT * FROM load_log").to_arrow_table())
        last = log.filter(pl.col("load_id") == log["load_id"].max()) if log.height else log
        present = {r[0] for r in con.sql("SELECT table_name FROM duckdb_tables()").fetchall()}
        # a table added since the live warehouse was built counts as empty there
        counts = {t: con.sql(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] if t in present else 0 for t in TABLES}
        stats = _stats(con)
        published = dict(con.sql("SELECT DISTINCT source_path, sha256 FROM dim_document WHERE form_key IN "
                                 "(SELECT form_key FROM fact_project_budget)").fetchall())
        fingerprint = last["fingerprint"][0] if last.height and "fingerprint" in last.columns else None
        return Previous(int(facts), int(forms), log, set(last["path"].to_list()) if last.height else set(),
                        load_id=last["load_id"][0] if last.height else None, fingerprint=fingerprint,
                        row_counts=counts, stats=stats, published=published)
    except duckdb.Error as exc:
        return Previous(None, None, None, set(), f"the current warehouse {target} lacks expected tables: {exc}")
    finally:
        con.close()


def _stats(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Superseded / quarantined forms and warnings of the live warehouse (empty if it predates those columns)."""
    try:
        status = dict(con.sql("SELECT status, count(*) FROM dim_document GROUP BY status").fetchall())
        severity = dict(con.sql("SELECT severity, count(*) FROM dq_issue GROUP BY severity").fetchall())
    except duckdb.Error:
        return {}
    return {"superseded": status.get("superseded", 0), "quarantined": status.get("quarantined", 0),
            "warnings": severity.get("warning", 0)}


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Run every sql/ddl/*.sql file, in name order, in the current database."""
    for ddl in sql_files("ddl"):
        con.execute(ddl.read_text(encoding="utf-8"))


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """Run every sql/views/*.sql file, in name order, then give view columns their base columns' COMMENTs."""
    for view in sql_files("views"):
        try:
            con.execute(view.read_text(encoding="utf-8"))
        except duckdb.Error as exc:
            raise ViewError(f"view file {view.name} failed on the new tables: {exc}") from exc
    inherit_view_comments(con)


def write_new(frames: dict[str, pl.DataFrame], path: Path) -> None:
    """Create a complete warehouse at `path` (which must not exist): sql/ddl, the frames' rows, sql/views."""
    unknown = set(frames) - set(TABLES)
    if unknown:
        raise ValueError(f"no DDL for table(s) {sorted(unknown)}")
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH {_sql_str(str(path))} AS w (STORAGE_VERSION '{STORAGE_VERSION}')")
        con.execute("USE w")
        create_tables(con)
        for name in TABLES:
            df = frames.get(name)
            if df is None or df.height == 0:
                continue
            con.register("_frame", df.to_arrow())
            try:
                con.execute(f'INSERT INTO "{name}" BY NAME SELECT * FROM _frame')
            finally:
                con.unregister("_frame")
        create_views(con)
        con.execute("CHECKPOINT w")
        con.execute("USE memory")
        con.execute("DETACH w")
    finally:
        con.close()


def real_target(target: Path) -> Path:
    """The file a warehouse path stands for: a symlink's target (the link is kept, its file replaced)."""
    return Path(os.path.realpath(target))


def publish(frames: dict[str, pl.DataFrame], target: Path) -> Path:
    """Build the warehouse in a temp file next to target, then atomically replace target with it.
    A symlinked target keeps its link: the file it points to is replaced. On any error (a full disk)
    the temp file is removed and the live warehouse is untouched."""
    target = real_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = tmp_path(target)
    try:
        write_new(frames, tmp)
        _fsync(tmp)
        os.replace(tmp, target)
        _fsync(target.parent)
    finally:
        for p in (tmp, tmp.with_name(tmp.name + ".wal")):
            p.unlink(missing_ok=True)
    return target
