"""The gate's Dagster asset checks: blocking level-2 checks stop the downstream asset; counts for levels 1 and 3."""
from __future__ import annotations

import dagster as dg
import polars as pl

from pipelines.defs.quality.checks import asset_checks
from pipelines.defs.resources import JixiaoSettings
from test_quality_gate import star  # a minimal consistent star schema


def run(frames: dict[str, pl.DataFrame], tmp_path):
    @dg.asset(name="star_schema")
    def star_schema() -> dict:
        return frames

    published = []

    @dg.asset(name="warehouse", deps=[star_schema])
    def warehouse() -> None:
        published.append(True)

    res = dg.materialize([star_schema, warehouse, *asset_checks], raise_on_error=False,
                         resources={"settings": JixiaoSettings(warehouse=str(tmp_path / "none.duckdb"))})
    evals = {e.check_name: e for e in res.get_asset_check_evaluations()}
    return evals, bool(published)


def with_issues(frames, rows):
    frames["dq_issue"] = pl.DataFrame(rows, schema=frames["dq_issue"].schema | {"source_path": pl.String})
    return frames


def test_passing_star_publishes_with_counts_of_quarantine_and_findings(tmp_path):
    frames = with_issues(star(), [
        {"rule": "extractor_doubt", "severity": "warning", "form_key": "f0", "message": "extractor doubt: x"},
        {"rule": "score_sum_not_total", "severity": "warning", "form_key": "f1", "message": "Σ …"},
        {"rule": "amount_nonnegative", "severity": "error", "form_key": "fX", "message": "fiscal_yuan = -5"},
        {"rule": "op_in_set", "severity": "error", "form_key": "fX", "row_no": 2, "message": "row 2: …"},
    ])
    evals, published = run(frames, tmp_path)
    assert published  # neither quarantine nor warnings block
    assert set(evals) == {"gate_key_unique_not_null", "gate_foreign_key_resolvable", "gate_contract_columns",
                          "gate_volume_guard", "quarantined_forms", "document_findings"}
    assert all(evals[c].passed for c in evals if c.startswith("gate_")) and evals["document_findings"].passed
    meta = evals["document_findings"].metadata
    assert meta["warnings"].value == 2 and meta["rule_score_sum_not_total"].value == 1
    q = evals["quarantined_forms"]
    assert not q.passed and q.severity == dg.AssetCheckSeverity.WARN
    assert q.metadata["quarantined_forms"].value == 1 and q.metadata["rule_op_in_set"].value == 1


def test_key_collision_blocks_the_downstream_asset(tmp_path):
    frames = star()
    frames["dim_project"] = pl.concat([frames["dim_project"], frames["dim_project"]])
    evals, published = run(frames, tmp_path)
    assert not published
    bad = evals["gate_key_unique_not_null"]
    assert not bad.passed and bad.severity == dg.AssetCheckSeverity.ERROR
    assert "BLOCKED by rule key_unique_not_null: dim_project: key (project_key) not unique" in bad.description
    assert evals["gate_foreign_key_resolvable"].passed


def test_volume_guard_reads_the_live_warehouse(tmp_path):
    import duckdb

    live = tmp_path / "none.duckdb"
    con = duckdb.connect(str(live))  # what read_previous() reads of a published warehouse
    for t in ("dim_unit", "dim_project", "dim_indicator", "dim_document", "fact_project_budget", "dq_issue"):
        con.execute(f"create table {t} as select 1 as x")
    con.execute("create table fact_indicator as select range as x from range(100)")
    con.execute("create table load_log as select 'L0' as load_id, 'a.txt' as path")
    con.close()

    @dg.asset(name="star_schema")
    def star_schema() -> dict:
        return star(4)

    res = dg.materialize([star_schema, *asset_checks], raise_on_error=False,
                         resources={"settings": JixiaoSettings(warehouse=str(live))})
    vg = {e.check_name: e for e in res.get_asset_check_evaluations()}["gate_volume_guard"]
    assert not vg.passed and "from 100 published rows to 4" in vg.description
