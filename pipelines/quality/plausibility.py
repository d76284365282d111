"""Plausibility rules (warnings): numbers no public project form can hold.

An amount beyond any public project (more than 10^12 元 = 1 万亿元), a percentage far beyond
100 where the unit is % (over 1000 %), a planned date far from the fiscal year (more than 10
years away) are published — the form may be right — but listed in dq_issue with severity
'warning' so that analysts see them. Plain polars over the staging frames; the bounds live in
rules.py with the other tolerances.
"""
from __future__ import annotations

import polars as pl

from pipelines.warehouse.contract import table_schema

from . import rules as R
from .derive import AMOUNT_COLUMNS

RULE_AMOUNT, RULE_PERCENT, RULE_DATE = "amount_implausible", "percent_implausible", "date_implausible"


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) < 1e15 else f"{x:.3g}"


def _amounts(forms: pl.DataFrame) -> list[dict]:
    cols = [c for c in AMOUNT_COLUMNS if c in forms.columns]
    if not cols:
        return []
    long = (forms.select("form_key", *[pl.col(c).cast(pl.Float64) for c in cols])
            .unpivot(index="form_key", on=cols, variable_name="field", value_name="yuan")
            .filter(pl.col("yuan").abs() > R.MAX_PROJECT_YUAN))
    return [{"rule": RULE_AMOUNT, "form_key": r["form_key"], "row_no": None,
             "message": f"{r['field']} = {_fmt(r['yuan'])} 元 is more than any public project "
                        f"(over {_fmt(R.MAX_PROJECT_YUAN)} 元): a misread number or a wrong unit?"}
            for r in long.iter_rows(named=True)]


def _percents(forms: pl.DataFrame, ind: pl.DataFrame) -> list[dict]:
    rows = []
    if "execution_rate_pct" in forms.columns:
        for r in forms.filter(pl.col("execution_rate_pct").cast(pl.Float64).abs() > R.MAX_PERCENT).iter_rows(named=True):
            rows.append({"rule": RULE_PERCENT, "form_key": r["form_key"], "row_no": None,
                         "message": f"执行率 {_fmt(r['execution_rate_pct'])}% is far beyond 100% "
                                    f"(over {R.MAX_PERCENT:.0f}%): a misread number?"})
    for side in ("target", "actual"):
        val, unit = f"{side}_value", f"{side}_unit"
        if val not in ind.columns or unit not in ind.columns:
            continue
        bad = ind.filter((pl.col(unit) == "%") & (pl.col(val).cast(pl.Float64).abs() > R.MAX_PERCENT))
        for r in bad.iter_rows(named=True):
            rows.append({"rule": RULE_PERCENT, "form_key": r["form_key"], "row_no": r["row_no"],
                         "message": f"row {r['row_no']} {r.get('level3') or ''}: {side} {_fmt(r[val])}% is far beyond "
                                    f"100% (over {R.MAX_PERCENT:.0f}%): a misread number or a wrong unit?"})
    return rows


def _dates(forms: pl.DataFrame) -> list[dict]:
    rows = []
    for col, what in (("start_date", "start"), ("end_date", "end")):
        if col not in forms.columns or "fiscal_year" not in forms.columns:
            continue
        gap = (pl.col(col).dt.year() - pl.col("fiscal_year")).abs()
        for r in forms.filter(gap > R.MAX_YEARS_FROM_FISCAL).iter_rows(named=True):
            rows.append({"rule": RULE_DATE, "form_key": r["form_key"], "row_no": None,
                         "message": f"planned {what} {r[col]} is more than {R.MAX_YEARS_FROM_FISCAL} years from the "
                                    f"fiscal year {r['fiscal_year']}: a misread date?"})
    return rows


def check_plausibility(stg_forms: pl.DataFrame, stg_indicators: pl.DataFrame) -> pl.DataFrame:
    """dq_issue rows (severity 'warning') for every implausible number or date."""
    rows = [*_amounts(stg_forms), *_percents(stg_forms, stg_indicators), *_dates(stg_forms)]
    paths = dict(stg_forms.select("form_key", "source_path").iter_rows()) if stg_forms.height else {}
    for r in rows:
        r.update(severity="warning", source_path=paths.get(r["form_key"]))
    return pl.DataFrame(rows, schema=table_schema("dq_issue"))
