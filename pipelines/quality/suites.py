"""great-expectations 1.x suites for the quality rules, and the one place that runs them.

GX has no polars or DuckDB path that works here, so every frame is validated as
``df.to_pandas()`` (only the columns the suite reads) in ONE ephemeral context per
process, created on first use: importing GX costs 2–3 s, so nothing imports it at
module level. Every expectation carries ``meta={"rule": <name in rules.RULES>}``;
gate.py maps the outcomes onto quarantine / block / warn.
"""
from __future__ import annotations

import math
import os
import threading
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from . import rules as R
from .derive import AMOUNT_COLUMNS

_LOCK = threading.Lock()
_STATE: dict[str, Any] = {}


@dataclass
class Outcome:
    """One expectation's result, flattened: which rows broke it (their index columns + the value)."""

    rule: str
    frame: str
    expectation: str
    column: str | None
    success: bool
    element_count: int | None = None
    unexpected_count: int = 0
    unexpected: list[dict[str, Any]] = field(default_factory=list)
    details: Any = None
    error: str | None = None

    def what(self) -> str:
        kw = f" {self.column}" if self.column else ""
        return f"{self.frame}:{self.expectation.removeprefix('expect_')}{kw}"


def _gx():
    """(gx, expectations module, pandas datasource) — imported and created once, lazily."""
    with _LOCK:
        if not _STATE:
            os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
            import great_expectations as gx
            import great_expectations.expectations as gxe
            from great_expectations.data_context.types.base import ProgressBarsConfig

            ctx = gx.get_context(mode="ephemeral")
            ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
            _STATE.update(gx=gx, gxe=gxe, ctx=ctx, ds=ctx.data_sources.add_pandas("jixiao"), batch_defs={})
        return _STATE["gx"], _STATE["gxe"], _STATE["ds"]


def expectations():
    """The GX expectations module (imports GX on first call)."""
    return _gx()[1]


def _batch_definition(name: str):
    _, _, ds = _gx()
    with _LOCK:
        bd = _STATE["batch_defs"].get(name)
        if bd is None:
            bd = ds.add_dataframe_asset(name).add_batch_definition_whole_dataframe("whole")
            _STATE["batch_defs"][name] = bd
        return bd


def _plain(v: Any) -> Any:
    """numpy / pandas scalars → Python; NaN → None."""
    if hasattr(v, "item") and not isinstance(v, (list, tuple, dict, str)):
        try:
            v = v.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(v, float) and math.isnan(v):
        return None
    if v is not None and type(v).__name__ in ("NAType", "NaTType"):
        return None
    return v


def validate(frame: str, df: pl.DataFrame, exps: list, index: list[str], complete: bool = True) -> list[Outcome]:
    """Run `exps` (GX expectation objects with meta.rule) over `df`; `index` columns identify failing rows.

    Only the columns the expectations read are converted to pandas. complete=False (summary format) keeps
    at most 20 failing rows per expectation: for big star tables.
    """
    gx, _, _ = _gx()
    wanted: list[str] = list(dict.fromkeys(
        [c for c in index if c in df.columns]
        + [c for e in exps for c in _columns_of(e) if c in df.columns]))
    if not wanted:
        wanted = df.columns[:1]  # keep the row count
    pdf = df.select(wanted).to_pandas()
    suite = gx.ExpectationSuite(name=f"jixiao_{frame}")
    for e in exps:
        suite.add_expectation(e)
    batch = _batch_definition(frame).get_batch(batch_parameters={"dataframe": pdf})
    idx = [c for c in index if c in pdf.columns]
    fmt: dict[str, Any] = {"result_format": "COMPLETE" if complete else "SUMMARY"}
    if idx:
        fmt["unexpected_index_column_names"] = idx
    res = batch.validate(suite, result_format=fmt)
    out = []
    for r in res.results:
        cfg = r.expectation_config
        result = r.result or {}
        rows = result.get("unexpected_index_list") or result.get("partial_unexpected_index_list") or []
        if rows and not isinstance(rows[0], dict):  # positional indexes (no index columns)
            rows = [{"_row": i} for i in rows]
        exc = r.exception_info or {}
        raised = exc.get("raised_exception") if isinstance(exc, dict) else None
        if isinstance(exc, dict) and not raised:  # GX nests per-metric exception infos
            for v in exc.values():
                if isinstance(v, dict) and v.get("raised_exception"):
                    raised, exc = True, v
                    break
        out.append(Outcome(
            rule=(cfg.meta or {}).get("rule", "?"),
            frame=frame,
            expectation=cfg.type,
            column=cfg.kwargs.get("column") or ",".join(cfg.kwargs.get("column_list") or []) or None,
            success=bool(r.success),
            element_count=result.get("element_count"),
            unexpected_count=int(result.get("unexpected_count") or (0 if r.success else 1 if not rows else
                                                                      len(rows))),
            unexpected=[{k: _plain(v) for k, v in row.items()} for row in rows],
            details=result.get("details") or result.get("observed_value"),
            error=str(exc.get("exception_message")) if raised else None,
        ))
    return out


def _columns_of(e) -> list[str]:
    cols = [getattr(e, "column", None), getattr(e, "column_A", None), getattr(e, "column_B", None)]
    cols += list(getattr(e, "column_list", None) or [])
    return [c for c in cols if c]


# ---------------------------------------------------------------- suites
def _m(rule: str) -> dict[str, str]:
    assert rule in R.RULES, rule
    return {"rule": rule}


_EPS = 1e-9


def quarantine_forms_suite() -> list:
    x = expectations()
    out = [
        x.ExpectColumnValuesToNotBeNull(column="project_name", meta=_m("required_project_name")),
        x.ExpectColumnValuesToNotBeNull(column="fiscal_year", meta=_m("required_fiscal_year")),
        x.ExpectColumnValuesToNotBeNull(column="form_type", meta=_m("required_form_type")),
        x.ExpectColumnValuesToBeInSet(column="form_type", value_set=list(R.FORM_TYPES), meta=_m("required_form_type")),
        x.ExpectColumnValuesToBeBetween(column="indicator_rows", min_value=1, meta=_m("required_indicator")),
        x.ExpectColumnValuesToBeBetween(column="fiscal_year", min_value=R.YEAR_MIN, max_value=R.year_max(),
                                        meta=_m("fiscal_year_range")),
        x.ExpectColumnValuesToBeBetween(column="self_eval_weighted_rows", min_value=1,
                                        meta=_m("self_evaluation_weights")),
    ]
    out += [x.ExpectColumnValuesToBeBetween(column=c, min_value=0, meta=_m("amount_nonnegative"))
            for c in [*AMOUNT_COLUMNS, "execution_rate_pct"]]
    out += [x.ExpectColumnValuesToBeBetween(column=c, min_value=0, max_value=100, meta=_m("weight_score_range"))
            for c in ["budget_weight", "budget_score", "total_score"]]
    out += [x.ExpectColumnValuesToBeBetween(column=c, max_value=R.AMOUNT_MAX, meta=_m("number_fits_warehouse"))
            for c in AMOUNT_COLUMNS]
    out.append(x.ExpectColumnValuesToBeBetween(column="execution_rate_pct", max_value=R.PERCENT_MAX,
                                               meta=_m("number_fits_warehouse")))
    return out


def quarantine_indicators_suite() -> list:
    x = expectations()
    return [
        x.ExpectColumnValuesToBeBetween(column="weight", min_value=0, max_value=100, meta=_m("weight_score_range")),
        x.ExpectColumnValuesToBeBetween(column="score", min_value=0, max_value=100, meta=_m("weight_score_range")),
        x.ExpectColumnValuesToBeInSet(column="target_op", value_set=list(R.OPS), meta=_m("op_in_set")),
        x.ExpectColumnValuesToBeInSet(column="actual_op", value_set=list(R.OPS), meta=_m("op_in_set")),
        *[x.ExpectColumnValuesToBeBetween(column=c, min_value=-R.INDICATOR_NUMBER_MAX, max_value=R.INDICATOR_NUMBER_MAX,
                                          meta=_m("number_fits_warehouse")) for c in ("target_value", "actual_value")],
    ]


def warn_forms_suite() -> list:
    x = expectations()
    tol = R.SCORE_TOL + _EPS
    return [
        x.ExpectColumnValuesToBeBetween(column="weight_sum_gap", min_value=-tol, max_value=tol,
                                        meta=_m("weight_sum_not_100")),
        x.ExpectColumnValuesToBeBetween(column="score_sum_gap", min_value=-tol, max_value=tol,
                                        meta=_m("score_sum_not_total")),
        x.ExpectColumnValuesToBeBetween(column="execution_rate_excess", max_value=_EPS,
                                        meta=_m("execution_rate_mismatch")),
        x.ExpectColumnValuesToBeBetween(column="budget_max_yuan", min_value=R.TINY_BUDGET_YUAN,
                                        meta=_m("amount_scale_suspect")),
        # an aggregate: per-row results for thousands of documents with doubts are slow in GX; the rows
        # (one per doubt) are exploded by gate.check_warnings
        x.ExpectColumnSumToBeBetween(column="n_doubts", max_value=0, meta=_m("extractor_doubt")),
    ]


def warn_indicators_suite() -> list:
    x = expectations()
    return [
        x.ExpectColumnValuesToBeBetween(column="score_over_weight", max_value=R.SCORE_TOL + _EPS,
                                        meta=_m("score_exceeds_weight")),
        x.ExpectColumnValuesToBeInSet(column="missed_with_full_score", value_set=[False],
                                      meta=_m("missed_target_full_score")),
    ]


def warn_amounts_suite() -> list:
    x = expectations()
    return [x.ExpectColumnValuesToNotBeInSet(column="decades_off", value_set=[R.SCALE_DECADES, -R.SCALE_DECADES],
                                             meta=_m("amount_scale_suspect"))]


def block_contract_suite() -> list:
    """Over one row per contract (table, column): present, and (when present) of its type family."""
    x = expectations()
    return [x.ExpectColumnValuesToBeInSet(column="present", value_set=[True], meta=_m("contract_columns")),
            x.ExpectColumnValuesToBeInSet(column="type_ok", value_set=[True], meta=_m("contract_columns"))]


def block_table_suite(table: str, columns: list[str], fk_flags: dict[str, str], min_rows: int | None) -> list:
    """Keys, foreign keys, volume guard. `fk_flags`: FK column → its derived 'found in the parent' column
    (polars is_in: GX's in-set with a value set of 10^5 keys costs seconds per run)."""
    x = expectations()
    out = []
    key = R.keys().get(table, [])
    if not set(key) <= set(columns):
        key = []  # a missing contract column is contract_columns' failure; no half-key uniqueness check
    for k in key:
        out.append(x.ExpectColumnValuesToNotBeNull(column=k, meta=_m("key_unique_not_null")))
    if len(key) == 1:
        out.append(x.ExpectColumnValuesToBeUnique(column=key[0], meta=_m("key_unique_not_null")))
    elif len(key) > 1:
        out.append(x.ExpectCompoundColumnsToBeUnique(column_list=key, meta=_m("key_unique_not_null")))
    for col, flag in fk_flags.items():
        out.append(x.ExpectColumnValuesToNotBeNull(column=col, meta=_m("foreign_key_resolvable")))
        out.append(x.ExpectColumnValuesToBeInSet(column=flag, value_set=[True], meta=_m("foreign_key_resolvable")))
    if min_rows is not None:
        out.append(x.ExpectTableRowCountToBeBetween(min_value=min_rows, meta=_m("volume_guard")))
    return out
