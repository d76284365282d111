"""Decides which Dagster asset checks report the data-quality gate (pipelines/quality), and on which table.

The gate runs once, inside the warehouse publish (pipelines/defs/warehouse/assets.py); these checks only
report its results, each attached to the table it tests:
- `gate_<rule>` (blocking, severity ERROR) for each level-2 rule on each table it applies to:
  key_unique_not_null on every table with a key, foreign_key_resolvable on every table with a foreign key,
  contract_columns on every table of the contract, volume_guard on the fact table. A failure names what failed;
  the publish then stops and the live warehouse stays as it was.
- `quarantined_forms` on dim_document (quality level 1; WARN when forms were kept out of the facts).
- `document_findings` on dq_issue (quality level 3; per-rule counts, informational, never fails a run).
"""
from __future__ import annotations

from typing import Any, Iterator

import dagster as dg
import polars as pl

from pipelines.quality import rules as R

QUARANTINE_TABLE = "dim_document"
FINDINGS_TABLE = "dq_issue"


def gate_tables(rule: str) -> list[str]:
    """The tables a blocking rule tests."""
    if rule == "key_unique_not_null":
        return sorted(R.keys())
    if rule == "foreign_key_resolvable":
        return sorted({ct for ct, *_ in R.foreign_keys()})
    if rule == "contract_columns":
        return sorted(R.contract())
    if rule == "volume_guard":
        return [R.FACT_TABLE]
    return []


def check_specs() -> list[dg.AssetCheckSpec]:
    specs = [dg.AssetCheckSpec(f"gate_{r.name}", asset=t, blocking=True, description=r.description)
             for r in R.rules_of(R.BLOCK) for t in gate_tables(r.name)]
    specs.append(dg.AssetCheckSpec("quarantined_forms", asset=QUARANTINE_TABLE,
                                   description="Forms kept out of the facts by a structural rule (quality level 1); "
                                               "the rest loads."))
    specs.append(dg.AssetCheckSpec("document_findings", asset=FINDINGS_TABLE,
                                   description="Findings about the documents (quality level 3, dq_issue severity "
                                               "'warning'): counts per rule. Informational: never fails a run."))
    return specs


def _about(detail: str, table: str) -> bool:
    return detail.startswith((f"{table}:", f"{table}.", f"{table} ", f"table {table} "))


def gate_results(block: Any) -> Iterator[dg.AssetCheckResult]:
    """One result per gate check from the gate's BlockResult (pipelines.quality.gate.check_blocking)."""
    failures: dict[str, list[str]] = {}
    for f in block.failures:
        failures.setdefault(f.rule, []).append(f.detail)
    for r in block.rules:
        for table in gate_tables(r.rule):
            mine = [d for d in failures.get(r.rule, []) if _about(d, table)]
            # a failure that names no table (a rule that could not run) fails the rule everywhere
            mine += [d for d in failures.get(r.rule, []) if not any(_about(d, t) for t in gate_tables(r.rule))]
            yield dg.AssetCheckResult(
                check_name=f"gate_{r.rule}", asset_key=table, passed=not mine, severity=dg.AssetCheckSeverity.ERROR,
                description=(f"BLOCKED by rule {r.rule}: {'; '.join(mine)}" if mine else r.detail or r.description),
                metadata={"failures": dg.MetadataValue.int(len(mine)),
                          "rows_checked": dg.MetadataValue.int(r.checked or 0),
                          "rule": dg.MetadataValue.text(r.description)},
            )


def _rule_counts(issues: pl.DataFrame, level: str) -> dict[str, int]:
    counts = dict(issues.group_by("rule").len().iter_rows()) if issues.height else {}
    return {r.name: int(counts.get(r.name, 0)) for r in R.rules_of(level)}


def _issues(frames: dict[str, pl.DataFrame], severity: str) -> pl.DataFrame:
    dq = frames.get("dq_issue")
    if dq is None or not dq.height:
        return pl.DataFrame(schema={"rule": pl.String, "form_key": pl.String, "message": pl.String,
                                    "source_path": pl.String, "row_no": pl.Int32})
    return dq.filter(pl.col("severity") == severity)


def _table(issues: pl.DataFrame, n: int = 20) -> dg.MetadataValue:
    rows = [f"| {r['rule']} | {r.get('source_path') or ''} | {r.get('row_no') or ''} | "
            f"{(r['message'] or '').replace('|', '/')[:160]} |" for r in issues.head(n).iter_rows(named=True)]
    more = f"\n\n{issues.height} rows, first {n} shown" if issues.height > n else ""
    return dg.MetadataValue.md("| rule | file | row | message |\n|---|---|---|---|\n" + "\n".join(rows) + more)


def quarantine_result(frames: dict[str, pl.DataFrame]) -> dg.AssetCheckResult:
    errors = _issues(frames, "error")
    n_forms = errors["form_key"].n_unique() if errors.height else 0
    meta: dict[str, Any] = {"quarantined_forms": dg.MetadataValue.int(n_forms),
                            "issues": dg.MetadataValue.int(errors.height)}
    meta |= {f"rule_{k}": dg.MetadataValue.int(v) for k, v in _rule_counts(errors, R.QUARANTINE).items()}
    if errors.height:
        meta["first_issues"] = _table(errors)
    return dg.AssetCheckResult(check_name="quarantined_forms", asset_key=QUARANTINE_TABLE, passed=n_forms == 0,
                               severity=dg.AssetCheckSeverity.WARN, metadata=meta,
                               description=f"{n_forms} form(s) quarantined" if n_forms else "no form quarantined")


def findings_result(frames: dict[str, pl.DataFrame]) -> dg.AssetCheckResult:
    warns = _issues(frames, "warning")
    counts = _rule_counts(warns, R.WARN)
    meta: dict[str, Any] = {"warnings": dg.MetadataValue.int(warns.height)}
    meta |= {f"rule_{k}": dg.MetadataValue.int(v) for k, v in counts.items()}
    if warns.height:
        meta["first_findings"] = _table(warns.filter(pl.col("rule") != "extractor_doubt")
                                        if (warns["rule"] != "extractor_doubt").any() else warns)
    text = ", ".join(f"{k} {v}" for k, v in counts.items() if v) or "none"
    return dg.AssetCheckResult(check_name="document_findings", asset_key=FINDINGS_TABLE, passed=True,
                               severity=dg.AssetCheckSeverity.WARN, metadata=meta,
                               description=f"{warns.height} finding(s): {text}")


def all_results(block: Any, frames: dict[str, pl.DataFrame]) -> Iterator[dg.AssetCheckResult]:
    yield from gate_results(block)
    yield quarantine_result(frames)
    yield findings_result(frames)
