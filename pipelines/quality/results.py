"""What the quality gate returns: per-rule results, quarantine / warning / block results, dq_issue rows.

gate.py produces these, report.py renders them, the load and the Dagster checks read them; none of
those needs another's code to know their shape. The dq_issue columns are sql/ddl's (warehouse.contract).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from pipelines.warehouse.contract import table_schema

from . import rules as R

DQ_ISSUE: dict[str, pl.DataType] = table_schema("dq_issue")   # rule, severity, form_key, row_no, message, source_path


def empty_issues() -> pl.DataFrame:
    return pl.DataFrame(schema=DQ_ISSUE)


@dataclass(frozen=True)
class BlockFailure:
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.detail}"


@dataclass
class RuleResult:
    """One rule's result over one run: what the report and the Dagster checks show."""

    rule: str
    level: str
    passed: bool
    failures: int = 0            # failing forms / rows / findings (block: failing checks)
    checked: int | None = None   # rows looked at
    detail: str = ""
    ran: bool = True             # False when a rule did not apply (e.g. no previous warehouse)

    @property
    def description(self) -> str:
        return R.RULES[self.rule].description


@dataclass
class QuarantineResult:
    issues: pl.DataFrame                      # DQ_ISSUE columns, severity 'error'
    form_keys: set[str]                       # forms kept out of the facts
    rules: list[RuleResult] = field(default_factory=list)


@dataclass
class WarningResult:
    issues: pl.DataFrame                      # DQ_ISSUE columns, severity 'warning'
    rules: list[RuleResult] = field(default_factory=list)


@dataclass
class BlockResult:
    failures: list[BlockFailure]
    rules: list[RuleResult] = field(default_factory=list)
    fact_count: int | None = None
    previous_fact_count: int | None = None

    @property
    def passed(self) -> bool:
        return not self.failures
