"""The published warehouse as Dagster assets: one asset per table and view, all made by one publish step.

The step calls the load's own steps (pipelines/load.py): inventory, staging from the record cache (a file not
yet extracted is extracted here, once), star schema, the quality gate (run once, in the publish), atomic swap of
the DuckDB file under the writer lock. The gate's results are reported as the asset checks of the tables they
test (pipelines/defs/quality). A blocked gate reports its checks, then fails the step with the rules and files
in the failure metadata (read by the outcome sensor, pipelines/defs/notify); nothing is published.
Each table and view is materialized with `dagster/row_count` and the column schema read back from the
published file (duckdb_columns, COMMENTs included).
"""

from pathlib import Path
from typing import Iterator

import dagster as dg
import duckdb
import polars as pl

from pipelines.defs.quality import all_results, check_specs
from pipelines.defs.resources import JixiaoSettings
from pipelines.defs.warehouse import catalog
from pipelines.load import (LoadBlocked, Marts, input_fingerprint, make_marts, publish_marts, report_path,
                            stage_all, take_inventory, unpublished_report_path)
from pipelines.report.dictionary import catalog as read_catalog
from pipelines.warehouse.build import read_previous

WAREHOUSE_POOL = "jixiao_warehouse"
# On Celery (docs/scale.md) the publish goes to this queue, served by the one worker on the warehouse's machine.
PUBLISH_QUEUE = "jixiao_publish"


def _block_result(m: Marts):
    from pipelines.quality.gate import BlockResult

    return next(r for r in m.quality.results if isinstance(r, BlockResult))


_ROWS_PER_FILE = ("SELECT d.source_path, count(*) FROM fact_indicator f JOIN dim_document d USING (form_key) "
                  "GROUP BY 1")


def _rows_per_file_live(warehouse: Path) -> dict[str, int]:
    """Indicator rows per source file in the live warehouse ({} when there is none or it cannot be read)."""
    if not Path(warehouse).exists():
        return {}
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error:
        return {}
    try:
        return dict(con.sql(_ROWS_PER_FILE).fetchall())
    except duckdb.Error:
        return {}
    finally:
        con.close()


def blamed_files(m: Marts, live: dict[str, int], failures: list) -> list[str]:
    """Files behind a blocked gate: those giving fewer indicator rows than in the live warehouse, and those
    holding a form or path a failure names."""
    con = duckdb.connect()
    try:
        con.register("fact_indicator", m.frames["fact_indicator"].to_arrow())
        con.register("dim_document", m.frames["dim_document"].to_arrow())
        now = dict(con.sql(_ROWS_PER_FILE).fetchall())
    finally:
        con.close()
    files = {p for p, n in live.items() if now.get(p, 0) < n}
    text = " ".join(f.detail for f in failures)
    docs = m.frames["dim_document"]
    if docs.height and text:
        files |= {p for k, p in docs.select("form_key", "source_path").iter_rows() if k and k in text and p}
    log = m.frames["load_log"].filter(pl.col("load_id") == m.load_id)
    files |= {p for p in log["path"].to_list() if p and p in text}
    return sorted(files)


def _materializations(path: Path, m: Marts) -> Iterator[dg.MaterializeResult]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        actual = {r.name: r for r in read_catalog(con)}
        counts = {name: con.sql(f'SELECT count(*) FROM "{name}"').fetchall()[0][0] for name in actual}
    finally:
        con.close()
    log = m.frames["load_log"].filter(pl.col("load_id") == m.load_id)
    by_status = dict(log.group_by("status").len().iter_rows())
    for name in catalog.names("table") + catalog.names("view"):
        rel = actual[name]
        meta: dict[str, object] = {
            "dagster/row_count": dg.MetadataValue.int(int(counts[name])),
            "dagster/column_schema": catalog.column_schema(rel),
            "load_id": dg.MetadataValue.text(m.load_id),
        }
        if name == "load_log":
            meta |= {f"files_{k}": dg.MetadataValue.int(v) for k, v in sorted(by_status.items())}
            meta["path"] = dg.MetadataValue.path(str(path))
        if name == "dq_issue":
            meta["report"] = dg.MetadataValue.path(str(report_path(path)))
        yield dg.MaterializeResult(asset_key=name, metadata=meta)


@dg.multi_asset(
    name="publish_warehouse", specs=catalog.specs(), check_specs=check_specs(), pool=WAREHOUSE_POOL,
    op_tags={"dagster-celery/queue": PUBLISH_QUEUE},
    description="Rebuild the DuckDB warehouse from the record cache (files not yet extracted are extracted here), "
                "run the quality gate once, and swap the new file in atomically when it passes.",
)
def publish_warehouse(context: dg.AssetExecutionContext, settings: JixiaoSettings) -> Iterator:
    cfg = settings.load_config()
    files = take_inventory(cfg.raw_dir)
    previous = read_previous(cfg.warehouse)
    live_rows = _rows_per_file_live(cfg.warehouse)
    sr = stage_all(cfg, files)
    context.log.info(f"{len(files)} files staged: {sr.staged.forms.height} forms, "
                     f"{len(sr.quality.quarantined)} quarantined")
    m = make_marts(sr, previous, files, input_fingerprint(files, limits=cfg.limits()))
    try:
        path = publish_marts(cfg, m)
    except LoadBlocked as exc:
        yield from all_results(_block_result(m), m.frames)
        rules = sorted({f.rule for f in exc.failures})
        blamed = blamed_files(m, live_rows, exc.failures)
        raise dg.Failure(
            description=f"quality gate blocked the publish: rule(s) {', '.join(rules)}"
                        + (f" on {', '.join(blamed[:20])}" if blamed else ""),
            metadata={"outcome": "blocked", "rules": dg.MetadataValue.json(rules),
                      "files": dg.MetadataValue.json(blamed),
                      "details": dg.MetadataValue.json([str(f) for f in exc.failures]),
                      "report": dg.MetadataValue.path(str(unpublished_report_path(cfg.warehouse)))},
            allow_retries=False,
        ) from None
    yield from all_results(_block_result(m), m.frames)
    yield from _materializations(path, m)

