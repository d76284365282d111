"""Frames the great-expectations suites validate, derived from staging with polars.

GX checks one column (or a pair) at a time, so cross-row quantities (Σ weights of a
form, 执行率 recomputed from the amounts, an amount's order of magnitude against the
form's budget) are computed here once, as plain columns, and the suites state the
expectation on them. A derived column is null where the rule does not apply (GX
ignores nulls in column-map expectations), so no rule needs a row condition.
"""
from __future__ import annotations

import polars as pl

from . import rules as R

AMOUNT_COLUMNS = [
    "total_yuan", "annual_total_yuan", "fiscal_yuan", "carryover_yuan", "other_yuan",
    "initial_budget_yuan", "full_year_budget_yuan", "executed_yuan",
]
# Amounts of the same magnitude as the project budget (a factor 10^4 either way is suspect) …
COMPARABLE = ["total_yuan", "annual_total_yuan", "initial_budget_yuan", "full_year_budget_yuan", "executed_yuan"]
# … and parts of it (may be much smaller, never 10^4 times larger).
PARTS = ["fiscal_yuan", "carryover_yuan", "other_yuan"]
MONEY_UNITS = {"元": 1.0, "万元": 1e4, "亿元": 1e8}
COST_LABEL = "成本"  # cost indicators (成本指标, 经济成本指标): their money targets are budget-sized


def _col(df: pl.DataFrame, name: str, dtype: pl.DataType) -> pl.Expr:
    """The column if the frame has it, else a typed null (a missing column is a block rule, not a crash)."""
    return pl.col(name).cast(dtype) if name in df.columns else pl.lit(None, dtype=dtype).alias(name)


def _forms(stg_forms: pl.DataFrame) -> pl.DataFrame:
    cols = ["form_key", "source_path", "form_type", "fiscal_year", "project_name", "money_unit_printed",
            "budget_weight", "budget_score", "total_score", "execution_rate_pct", "grade", *AMOUNT_COLUMNS]
    types = {c: pl.Float64 for c in [*AMOUNT_COLUMNS, "budget_weight", "budget_score", "total_score",
                                     "execution_rate_pct"]} | {"fiscal_year": pl.Int64}
    return stg_forms.select([_col(stg_forms, c, types.get(c, pl.String)).alias(c) for c in cols])


def _indicators(stg_indicators: pl.DataFrame) -> pl.DataFrame:
    cols = ["form_key", "row_no", "level1", "level2", "level3", "target_op", "target_value", "target_unit",
            "actual_op", "actual_value", "actual_unit", "weight", "score"]
    types = {"row_no": pl.Int64, "target_value": pl.Float64, "actual_value": pl.Float64,
             "weight": pl.Float64, "score": pl.Float64}
    return stg_indicators.select([_col(stg_indicators, c, types.get(c, pl.String)).alias(c) for c in cols])


def _per_form(ind: pl.DataFrame) -> pl.DataFrame:
    return ind.group_by("form_key").agg(
        pl.len().alias("indicator_rows"),
        pl.col("weight").is_not_null().sum().alias("weighted_rows"),
        pl.col("weight").sum().alias("weight_sum"),
        pl.col("score").sum().alias("score_sum"),
        pl.col("score").is_not_null().sum().alias("scored_rows"),
    )


def quarantine_frames(stg_forms: pl.DataFrame, stg_indicators: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(forms, indicators) for the quarantine suites; one row per form / per indicator row."""
    forms = _forms(stg_forms)
    ind = _indicators(stg_indicators)
    forms = (
        forms.join(_per_form(ind), on="form_key", how="left")
        .with_columns(
            pl.col("project_name").str.strip_chars().replace("", None).alias("project_name"),
            pl.col("indicator_rows").fill_null(0),
            # only self-evaluations must carry weights: null elsewhere, so the rule does not apply
            pl.when(pl.col("form_type") == "self_evaluation")
            .then(pl.col("weighted_rows").fill_null(0)).otherwise(None).alias("self_eval_weighted_rows"),
        )
    )
    return forms, ind.select("form_key", "row_no", "level3", "weight", "score", "target_op", "actual_op",
                             "target_value", "actual_value")


def target_met(op: pl.Expr, target: pl.Expr, actual: pl.Expr) -> pl.Expr:
    """True / False when `actual op target` can be decided (both numbers, op known), else null.

    Equality allows a relative 1e-9 (printed decimals). The caller decides unit comparability.
    """
    eps = pl.max_horizontal(pl.lit(1.0), target.abs()) * 1e-9
    return (
        pl.when(target.is_null() | actual.is_null()).then(None)
        .when(op == ">=").then(actual >= target - eps)
        .when(op == ">").then(actual > target)
        .when(op == "<=").then(actual <= target + eps)
        .when(op == "<").then(actual < target)
        .when(op == "=").then((actual - target).abs() <= eps)
        .otherwise(None)
    )


def warn_frames(stg_forms: pl.DataFrame, stg_indicators: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Frames for the warning suites: 'forms', 'indicators', 'amounts' (long: one row per amount)."""
    forms = _forms(stg_forms)
    ind = _indicators(stg_indicators)
    per = _per_form(ind)
    self_eval = pl.col("form_type") == "self_evaluation"
    half = pl.col("money_unit_printed").replace_strict(R.MONEY_ROUNDING_YUAN, default=0.0, return_dtype=pl.Float64)
    fyb, exe = pl.col("full_year_budget_yuan"), pl.col("executed_yuan")
    rate_computed = pl.when(fyb > 0).then(100.0 * exe / fyb).otherwise(None)
    # rounding of printed amounts propagated into the rate: d(100 e/f) = 100 (de/f + e df/f²)
    rate_rounding = 100.0 * (half / fyb + exe * half / (fyb * fyb))
    forms = (
        forms.join(per, on="form_key", how="left")
        .with_columns(
            pl.when(self_eval & (pl.col("weighted_rows") > 0))
            .then(pl.col("weight_sum") + pl.col("budget_weight").fill_null(0.0) - 100.0)
            .otherwise(None).alias("weight_sum_gap"),
            pl.when(self_eval & pl.col("total_score").is_not_null() & (pl.col("scored_rows") > 0))
            .then(pl.col("score_sum") + pl.col("budget_score").fill_null(0.0) - pl.col("total_score"))
            .otherwise(None).alias("score_sum_gap"),
            rate_computed.alias("execution_rate_computed"),
            (rate_computed - pl.col("execution_rate_pct")).alias("execution_rate_gap"),
            (R.RATE_TOL_PP + rate_rounding).alias("execution_rate_tol"),
            # the whole budget of a form (largest comparable amount): under TINY_BUDGET_YUAN it was likely 万元
            pl.max_horizontal(*COMPARABLE).alias("budget_max_yuan"),
        )
        .with_columns(
            (pl.col("execution_rate_gap").abs() - pl.col("execution_rate_tol")).alias("execution_rate_excess"),
            pl.when(pl.col("budget_max_yuan") > 0).then(pl.col("budget_max_yuan")).otherwise(None)
            .alias("budget_max_yuan"),
        )
    )
    met = target_met(pl.col("target_op"), pl.col("target_value"), pl.col("actual_value"))
    same_unit = pl.col("target_unit").eq_missing(pl.col("actual_unit"))
    full = (pl.col("weight") > 0) & (pl.col("score") >= pl.col("weight") - R.SCORE_TOL)
    indicators = ind.with_columns(
        (pl.col("score") - pl.col("weight")).alias("score_over_weight"),
        met.alias("target_met"),
        # True = missed yet full score (the finding); False = fine; null = cannot be decided
        pl.when(same_unit & met.is_not_null() & pl.col("score").is_not_null() & pl.col("weight").is_not_null())
        .then(~met & full).otherwise(None).alias("missed_with_full_score"),
    )
    amounts = _amounts(forms, ind)
    doubts = (
        stg_forms.select("form_key", pl.col("doubts").cast(pl.List(pl.String)))
        if "doubts" in stg_forms.columns else pl.DataFrame({"form_key": [], "doubts": []},
                                                           schema={"form_key": pl.String,
                                                                   "doubts": pl.List(pl.String)})
    )
    forms = forms.join(doubts.with_columns(pl.col("doubts").list.len().fill_null(0).alias("n_doubts")),
                       on="form_key", how="left")
    return {"forms": forms, "indicators": indicators, "amounts": amounts}


def _amounts(forms: pl.DataFrame, ind: pl.DataFrame) -> pl.DataFrame:
    """One row per nonzero amount of a form, with its order of magnitude against the form's budget.

    reference = 全年预算数, else 年度资金总额, else 项目总额. `decades_off` = round(log10(amount / reference)),
    null where a factor 10^4 would not be suspect (a part smaller than the whole).
    """
    ref = pl.coalesce("full_year_budget_yuan", "annual_total_yuan", "total_yuan")
    base = forms.select("form_key", ref.alias("reference_yuan"), *AMOUNT_COLUMNS)
    long = base.unpivot(index=["form_key", "reference_yuan"], on=AMOUNT_COLUMNS,
                        variable_name="field", value_name="amount_yuan").with_columns(
        pl.lit(None, dtype=pl.Int64).alias("row_no"))
    factor = pl.col("target_unit").replace_strict(MONEY_UNITS, default=None, return_dtype=pl.Float64)
    cost = (
        ind.filter(pl.col("level1").str.contains(COST_LABEL, literal=True)
                   | pl.col("level2").str.contains(COST_LABEL, literal=True))
        .filter(factor.is_not_null() & pl.col("target_value").is_not_null())
        .select("form_key", "row_no", (pl.col("target_value") * factor).alias("amount_yuan"),
                pl.concat_str(pl.lit("target of "), pl.col("level3").fill_null("?"), pl.lit(" ("),
                              pl.col("target_unit"), pl.lit(")")).alias("field"), pl.col("target_unit").alias("unit"))
        .join(base.select("form_key", "reference_yuan"), on="form_key", how="inner")
    )
    cols = ["form_key", "row_no", "field", "amount_yuan", "reference_yuan", "unit"]
    long = pl.concat([long.with_columns(pl.lit(None, dtype=pl.String).alias("unit")).select(cols),
                      cost.select(cols)])
    long = long.filter(pl.col("amount_yuan") > 0)
    decades = ((pl.col("amount_yuan") / pl.col("reference_yuan")).log10()).round(0).cast(pl.Int64)
    # Only one direction is suspect for a part of the budget (much larger than the whole) and for a cost
    # target printed in 元 (10^4 × the budget: a 万元 figure; a tiny 元 target is a unit cost such as 元/次).
    one_way = pl.col("field").is_in(PARTS) | (pl.col("unit") == "元")
    long = long.with_columns(
        pl.when(pl.col("reference_yuan") > 0).then(decades).otherwise(None).alias("decades_off"),
    ).with_columns(
        pl.when(one_way & (pl.col("decades_off") < 0)).then(None).otherwise(pl.col("decades_off"))
        .alias("decades_off"),
    )
    return long.sort("form_key", "row_no", "field", nulls_last=False)
