"""Dagster asset checks of the data-quality gate (pipelines/quality) on the `star_schema` asset.

- One BLOCKING check per level-2 rule (gate_key_unique_not_null, gate_foreign_key_resolvable,
  gate_contract_columns, gate_volume_guard), all computed in one multi-check run: a failure
  (severity ERROR) keeps the downstream `warehouse` asset from running, so the live file stays
  as it was, and the check's description says which rule failed on what.
- Two informational checks with counts: `quarantined_forms` (level 1, fails with severity WARN when
  forms were kept out) and `document_findings` (level 3, per-rule counts; findings about the
  documents never fail a run).
"""
from __future__ import annotations

from typing import Any, Iterator

import dagster as dg
import polars as pl

from pipelines.defs.resources import JixiaoSettings
from pipelines.quality import rules as R

ASSET = "star_schema"
BLOCK_SPECS = [dg.AssetCheckSpec(f"gate_{r.name}", asset=ASSET, blocking=True, description=r.description)
               for r in R.rules_of(R.BLOCK)]


def _frames(star: Any) -> dict[str, pl.DataFrame]:
    """The star_schema asset value: pipelines.load.Marts (its .frames) or a plain dict of frames."""
    return star.frames if hasattr(star, "frames") else star


def _rule_counts(issues: pl.DataFrame, level: str) -> dict[str, int]:
    counts = dict(issues.group_by("rule").len().iter_rows()) if issues.height else {}
    return {r.name: int(counts.get(r.name, 0)) for r in R.rules_of(level)}


def gate_results(frames: dict[str, pl.DataFrame], previous_fact_count: int | None, removed: int,
                 accept_shrink: bool) -> Iterator[dg.AssetCheckResult]:
    """The blocking checks' results (used by the multi-check below; plain function for tests)."""
    from pipelines.quality import gate

    res = gate.check_blocking(frames, previous_fact_count, removed, accept_shrink)
    for r in res.rules:
        yield dg.AssetCheckResult(
            check_name=f"gate_{r.rule}", asset_key=ASSET, passed=r.passed, severity=dg.AssetCheckSeverity.ERROR,
            description=(f"BLOCKED by rule {r.rule}: {r.detail}" if not r.passed else
                         r.detail or r.description),
            metadata={"failures": dg.MetadataValue.int(r.failures),
                      "rows_checked": dg.MetadataValue.int(r.checked or 0),
                      "rule": dg.MetadataValue.text(r.description)},
        )


@dg.multi_asset_check(specs=BLOCK_SPECS, name="star_schema_gate", ins={"star_schema": dg.AssetIn(ASSET)},
                      description="Warehouse invariants (quality level 2): a failure stops the publish.")
def star_schema_gate(settings: JixiaoSettings, star_schema: Any) -> Iterator[dg.AssetCheckResult]:
    from pipelines.warehouse.build import read_previous

    previous = read_previous(settings.load_config().warehouse)
    yield from gate_results(_frames(star_schema), previous.fact_count, int(getattr(star_schema, "removed", 0) or 0),
                            settings.accept_shrink)


def _issues(star: Any, severity: str) -> pl.DataFrame:
    dq = _frames(star).get("dq_issue")
    if dq is None or not dq.height:
        return pl.DataFrame(schema={"rule": pl.String, "form_key": pl.String, "message": pl.String})
    return dq.filter(pl.col("severity") == severity)


def _table(issues: pl.DataFrame, n: int = 20) -> dg.MetadataValue:
    rows = [f"| {r['rule']} | {r.get('source_path') or ''} | {r.get('row_no') or ''} | "
            f"{(r['message'] or '').replace('|', '/')[:160]} |" for r in issues.head(n).iter_rows(named=True)]
    more = f"\n\n{issues.height} rows, first {n} shown" if issues.height > n else ""
    return dg.MetadataValue.md("| rule | file | row | message |\n|---|---|---|---|\n" + "\n".join(rows) + more)


@dg.asset_check(asset=ASSET, name="quarantined_forms", blocking=False,
                description="Forms kept out of the facts by a structural rule (quality level 1); the rest loads.")
def quarantined_forms(star_schema: Any) -> dg.AssetCheckResult:
    errors = _issues(star_schema, "error")
    n_forms = errors["form_key"].n_unique() if errors.height else 0
    meta: dict[str, Any] = {"quarantined_forms": dg.MetadataValue.int(n_forms),
                            "issues": dg.MetadataValue.int(errors.height)}
    meta |= {f"rule_{k}": dg.MetadataValue.int(v) for k, v in _rule_counts(errors, R.QUARANTINE).items()}
    if errors.height:
        meta["first_issues"] = _table(errors)
    return dg.AssetCheckResult(passed=n_forms == 0, severity=dg.AssetCheckSeverity.WARN, metadata=meta,
                               description=f"{n_forms} form(s) quarantined" if n_forms else "no form quarantined")


@dg.asset_check(asset=ASSET, name="document_findings", blocking=False,
                description="Findings about the documents (quality level 3, dq_issue severity 'warning'): "
                            "counts per rule. Informational: never fails a run.")
def document_findings(star_schema: Any) -> dg.AssetCheckResult:
    warns = _issues(star_schema, "warning")
    counts = _rule_counts(warns, R.WARN)
    meta: dict[str, Any] = {"warnings": dg.MetadataValue.int(warns.height)}
    meta |= {f"rule_{k}": dg.MetadataValue.int(v) for k, v in counts.items()}
    if warns.height:
        meta["first_findings"] = _table(warns.filter(pl.col("rule") != "extractor_doubt")
                                        if (warns["rule"] != "extractor_doubt").any() else warns)
    text = ", ".join(f"{k} {v}" for k, v in counts.items() if v) or "none"
    return dg.AssetCheckResult(passed=True, severity=dg.AssetCheckSeverity.WARN, metadata=meta,
                               description=f"{warns.height} finding(s): {text}")


asset_checks: list = [star_schema_gate, quarantined_forms, document_findings]
