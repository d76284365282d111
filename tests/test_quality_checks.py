"""The gate's Dagster asset checks: the gate's results reported on the tables they test; counts for levels 1 and 3."""
from __future__ import annotations

import dagster as dg
import polars as pl

from pipelines.defs.quality.checks import all_results, check_specs
from pipelines.quality.gate import check_blocking


def evaluate(frames: dict[str, pl.DataFrame], previous_fact_count: int | None = None) -> dict:
    results = list(all_results(check_blocking(frames, previous_fact_count, 0, False), frames))
    return {(r.asset_key.to_user_string(), r.check_name): r for r in results}


def with_issues(frames, rows):
    frames["dq_issue"] = pl.DataFrame(rows, schema=frames["dq_issue"].schema | {"source_path": pl.String})
    return frames


def test_every_spec_gets_one_result_and_counts_of_quarantine_and_findings(make_star):
    frames = with_issues(make_star(), [
        {"rule": "extractor_doubt", "severity": "warning", "form_key": "f0", "message": "extractor doubt: x"},
        {"rule": "score_sum_not_total", "severity": "warning", "form_key": "f1", "message": "Σ …"},
        {"rule": "amount_nonnegative", "severity": "error", "form_key": "fX", "message": "fiscal_yuan = -5"},
        {"rule": "op_in_set", "severity": "error", "form_key": "fX", "row_no": 2, "message": "row 2: …"},
    ])
    evals = evaluate(frames)
    assert set(evals) == {(s.asset_key.to_user_string(), s.name) for s in check_specs()}
    assert all(e.passed for (t, c), e in evals.items() if c.startswith("gate_"))
    findings = evals[("dq_issue", "document_findings")]
    assert findings.passed and findings.metadata["warnings"].value == 2
    assert findings.metadata["rule_score_sum_not_total"].value == 1
    q = evals[("dim_document", "quarantined_forms")]
    assert not q.passed and q.severity == dg.AssetCheckSeverity.WARN
    assert q.metadata["quarantined_forms"].value == 1 and q.metadata["rule_op_in_set"].value == 1


def test_key_collision_fails_the_check_of_that_table_only(make_star):
    frames = make_star()
    frames["dim_project"] = pl.concat([frames["dim_project"], frames["dim_project"]])
    evals = evaluate(frames)
    bad = evals[("dim_project", "gate_key_unique_not_null")]
    assert not bad.passed and bad.severity == dg.AssetCheckSeverity.ERROR
    assert "BLOCKED by rule key_unique_not_null: dim_project: key (project_key) not unique" in bad.description
    assert evals[("dim_unit", "gate_key_unique_not_null")].passed
    assert evals[("fact_indicator", "gate_foreign_key_resolvable")].passed


def test_volume_guard_fails_on_the_fact_table(make_star):
    evals = evaluate(make_star(4), previous_fact_count=100)
    vg = evals[("fact_indicator", "gate_volume_guard")]
    assert not vg.passed and "from 100 published rows to 4" in vg.description
