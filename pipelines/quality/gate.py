"""The data-quality gate: the one place that maps rule results to quarantine / block / warn.

Called by the load (pipelines/load.py) and by the Dagster asset checks:

    q = quarantine(stg_forms, stg_indicators)        # QuarantineResult: .issues (severity 'error'), .form_keys
    w = check_warnings(stg_forms, stg_indicators)    # WarningResult: .issues (severity 'warning')
    b = check_blocking(star, previous_fact_count, removed_files, accept_shrink)   # BlockResult: .failures, [] = publish
    write_report(q, w, b, path=...)                  # HTML page listing every rule with its result

Each result carries per-rule results (RuleResult) for the report and the Dagster checks; the result types
are in results.py. Rules and tolerances: rules.py; GX suites: suites.py.
"""
from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path
from typing import Any

import polars as pl

from . import rules as R
from . import suites as S
from .derive import quarantine_frames, warn_frames
from .report import write_html
from .results import DQ_ISSUE, BlockFailure, BlockResult, QuarantineResult, RuleResult, WarningResult

# ------------------------------------------------------------------ helpers
def _fmt(x: Any) -> str:
    if x is None:
        return "null"
    if isinstance(x, float):
        if math.isnan(x):
            return "NaN"
        if x.is_integer() and abs(x) < 1e15:
            return f"{int(x):,}" if abs(x) >= 10000 else str(int(x))
        return f"{x:,.4f}".rstrip("0").rstrip(".")
    if isinstance(x, int) and not isinstance(x, bool):
        return f"{x:,}" if abs(x) >= 10000 else str(x)
    return repr(x) if isinstance(x, str) else str(x)


def _issues(rows: list[dict[str, Any]], *frames: pl.DataFrame) -> pl.DataFrame:
    parts = [pl.DataFrame(rows, schema=DQ_ISSUE)] + [f.cast(DQ_ISSUE) for f in frames]
    return (pl.concat(parts, how="vertical")
            .sort("form_key", "row_no", "rule", nulls_last=False, maintain_order=True))


def _rule_results(level: str, outcomes: list[S.Outcome], issues: pl.DataFrame) -> list[RuleResult]:
    """One RuleResult per rule of `level`: failures = issue rows of that rule (else failing expectations)."""
    by_rule: dict[str, list[S.Outcome]] = defaultdict(list)
    for o in outcomes:
        by_rule[o.rule].append(o)
    counts = dict(issues.group_by("rule").len().iter_rows()) if issues.height else {}
    out = []
    for rule in R.rules_of(level):
        os_ = by_rule.get(rule.name, [])
        n = counts.get(rule.name, 0)
        errors = [o for o in os_ if o.error]
        checked = max((o.element_count or 0 for o in os_), default=None)
        detail = "; ".join(f"{o.what()}: {o.error}" for o in errors)
        out.append(RuleResult(rule.name, level, passed=n == 0 and not errors, failures=n, checked=checked,
                              detail=detail, ran=bool(os_)))
    return out


def _index(df: pl.DataFrame, cols: list[str], wanted: list[dict[str, Any]] | None = None) -> dict[tuple, dict]:
    """Rows of `df` by their `cols` values; only those named in `wanted` (GX's failing rows) when given."""
    if wanted is not None:
        if not wanted:
            return {}
        keys = pl.DataFrame([{c: u.get(c) for c in cols} for u in wanted], schema={c: df.schema[c] for c in cols},
                            strict=False).unique()
        df = df.join(keys, on=cols, how="semi", nulls_equal=True)
    return {tuple(r[c] for c in cols): r for r in df.iter_rows(named=True)}


def _source_paths(stg_forms: pl.DataFrame) -> dict[str, str | None]:
    if "source_path" not in stg_forms.columns:
        return {}
    return dict(stg_forms.select("form_key", "source_path").iter_rows())


# ------------------------------------------------------------------ level 1: quarantine
_Q_WHAT = {
    "required_project_name": lambda o, v: "project name missing",
    "required_fiscal_year": lambda o, v: "fiscal year missing",
    "required_form_type": lambda o, v: f"form type {_fmt(v)} is not target / self_evaluation",
    "required_indicator": lambda o, v: "no indicator rows",
    "self_evaluation_weights": lambda o, v: "self-evaluation form without any indicator weight (分值)",
    "fiscal_year_range": lambda o, v: f"fiscal year {v} outside {R.YEAR_MIN}–{R.year_max()}",
    "amount_nonnegative": lambda o, v: f"{o.column} = {_fmt(v)} is negative",
    "weight_score_range": lambda o, v: f"{o.column} = {_fmt(v)} outside 0–100",
    "op_in_set": lambda o, v: f"{o.column} = {_fmt(v)} is not one of {' '.join(R.OPS)}",
    "number_fits_warehouse": lambda o, v: f"{o.column} = {_fmt(v)} is too large for the warehouse's exact DECIMAL "
                                          "column (a misread number?)",
}


def quarantine(stg_forms: pl.DataFrame, stg_indicators: pl.DataFrame) -> QuarantineResult:
    """Structural rules per form: a form that breaks one is kept out of the facts (severity 'error')."""
    forms, ind = quarantine_frames(stg_forms, stg_indicators)
    outcomes = (S.validate("q_forms", forms, S.quarantine_forms_suite(), ["form_key"])
                + S.validate("q_indicators", ind, S.quarantine_indicators_suite(), ["form_key", "row_no"]))
    paths = _source_paths(stg_forms)
    rows = []
    for o in outcomes:
        if o.error:
            continue  # a rule that could not run is reported in RuleResult.detail, not pinned on a form
        for u in o.unexpected:
            fk = u.get("form_key")
            if fk is None:
                continue
            value = u.get(o.column) if o.column else None
            where = f"row {u['row_no']}: " if u.get("row_no") is not None else ""
            rows.append({"rule": o.rule, "severity": "error", "form_key": fk, "row_no": u.get("row_no"),
                         "message": where + _Q_WHAT[o.rule](o, value) + " — form quarantined",
                         "source_path": paths.get(fk)})
    issues = _issues(rows)
    return QuarantineResult(issues, set(issues["form_key"].to_list()), _rule_results(R.QUARANTINE, outcomes, issues))


# ------------------------------------------------------------------ level 3: warnings
def _w_message(rule: str, r: dict[str, Any]) -> str:
    if rule == "score_exceeds_weight":
        return f"row {r['row_no']} {r['level3'] or ''}: score {_fmt(r['score'])} > weight {_fmt(r['weight'])}"
    if rule == "weight_sum_not_100":
        s = (r["weight_sum"] or 0) + (r["budget_weight"] or 0)
        return (f"Σ indicator weights {_fmt(r['weight_sum'])} + budget weight {_fmt(r['budget_weight'])} "
                f"= {_fmt(round(s, 4))}, not 100")
    if rule == "score_sum_not_total":
        s = (r["score_sum"] or 0) + (r["budget_score"] or 0)
        return (f"Σ indicator scores {_fmt(r['score_sum'])} + budget score {_fmt(r['budget_score'])} "
                f"= {_fmt(round(s, 4))}, but 总分 is {_fmt(r['total_score'])}")
    if rule == "execution_rate_mismatch":
        return (f"执行率 printed {_fmt(r['execution_rate_pct'])}% but 全年执行数 {_fmt(r['executed_yuan'])} / "
                f"全年预算数 {_fmt(r['full_year_budget_yuan'])} = {r['execution_rate_computed']:.2f}% "
                f"(tolerance {r['execution_rate_tol']:.2f} pp)")
    if rule == "missed_target_full_score":
        unit = r["target_unit"] or ""
        return (f"row {r['row_no']} {r['level3'] or ''}: actual {_fmt(r['actual_value'])}{unit} misses target "
                f"{r['target_op']}{_fmt(r['target_value'])}{unit} yet scores {_fmt(r['score'])} of "
                f"{_fmt(r['weight'])}")
    if rule == "amount_scale_suspect" and "decades_off" in r:
        where = f"row {r['row_no']} " if r.get("row_no") is not None else ""
        return (f"{where}{r['field']} = {_fmt(r['amount_yuan'])} 元 is about 10^{r['decades_off']} × the budget "
                f"{_fmt(r['reference_yuan'])} 元 (元 vs 万元?)")
    if rule == "amount_scale_suspect":
        return (f"the whole budget is {_fmt(r['budget_max_yuan'])} 元, under {_fmt(R.TINY_BUDGET_YUAN)} 元 "
                f"(printed in {r['money_unit_printed'] or '?'}; 万元 not converted?)")
    raise KeyError(rule)


def check_warnings(stg_forms: pl.DataFrame, stg_indicators: pl.DataFrame) -> WarningResult:
    """Findings about the documents (severity 'warning'); one row per extractor doubt as well."""
    frames = warn_frames(stg_forms, stg_indicators)
    keys = {"forms": ["form_key"], "indicators": ["form_key", "row_no"], "amounts": ["form_key", "row_no", "field"]}
    suites = {"forms": S.warn_forms_suite(), "indicators": S.warn_indicators_suite(),
              "amounts": S.warn_amounts_suite()}
    paths = _source_paths(stg_forms)
    outcomes: list[S.Outcome] = []
    rows = []
    for name, df in frames.items():
        outs = S.validate(f"w_{name}", df, suites[name], keys[name])
        outcomes += outs
        index = _index(df, keys[name], [u for o in outs if not o.error for u in o.unexpected])
        for o in outs:
            for u in ([] if o.error else o.unexpected):
                r = index.get(tuple(u.get(k) for k in keys[name]))
                if r is None or r["form_key"] is None:
                    continue
                base = {"rule": o.rule, "severity": "warning", "form_key": r["form_key"],
                        "row_no": r.get("row_no"), "source_path": paths.get(r["form_key"])}
                rows.append(base | {"message": _w_message(o.rule, r)})
    # one row per extractor doubt (the GX expectation on their count decides the rule's result)
    doubts = (frames["forms"].filter(pl.col("n_doubts") > 0).select("form_key", "source_path", "doubts")
              .explode("doubts").filter(pl.col("doubts").is_not_null())
              .select(pl.lit("extractor_doubt").alias("rule"), pl.lit("warning").alias("severity"), "form_key",
                      pl.lit(None, dtype=pl.Int32).alias("row_no"),
                      pl.concat_str(pl.lit("extractor doubt: "), pl.col("doubts")).alias("message"), "source_path"))
    issues = _issues(rows, doubts)
    return WarningResult(issues, _rule_results(R.WARN, outcomes, issues))


# ------------------------------------------------------------------ level 2: block
_FAMILIES = {
    "str": lambda t: t in (pl.String, pl.Categorical) or isinstance(t, (pl.Categorical, pl.Enum)),
    "int": lambda t: t.is_integer(),
    "num": lambda t: t.is_numeric(),
    "date": lambda t: t == pl.Date,
    "datetime": lambda t: isinstance(t, pl.Datetime),
    "bool": lambda t: t == pl.Boolean,
}


def _type_ok(dtype: pl.DataType, family: str) -> bool:
    return dtype == pl.Null or _FAMILIES[family](dtype)


def _examples(o: S.Outcome, cols: list[str], n: int = 3) -> str:
    ex = []
    for u in o.unexpected[:n]:
        ex.append(", ".join(f"{c}={_fmt(u.get(c))}" for c in cols if c in u) or _fmt(u))
    return "; e.g. " + " | ".join(ex) if ex else ""


def _block_detail(table: str, o: S.Outcome) -> str:
    if o.error:
        return f"{table}: {o.what()} could not run: {o.error}"
    key = R.keys().get(table, [])
    if o.rule == "volume_guard":
        return f"{table}: {o.details} rows"
    n = o.unexpected_count
    if o.expectation == "expect_column_values_to_not_be_null":
        what = "key" if o.rule == "key_unique_not_null" else "foreign key"
        return f"{table}.{o.column}: {n} null {what} value(s){_examples(o, key)}"
    if o.expectation in ("expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique"):
        return f"{table}: key ({o.column}) not unique, {n} row(s) share a key{_examples(o, key)}"
    if o.expectation == "expect_column_values_to_be_in_set":  # on the derived '<fk>__in_<parent>' flag
        fk = next(((cc, f"{pt}.{pc}") for ct, cc, pt, pc in R.foreign_keys()
                   if ct == table and o.column == f"{cc}__in_{pt}"), None)
        if fk:
            return f"{table}.{fk[0]}: {n} value(s) not found in {fk[1]}{_examples(o, [fk[0]])}"
    return f"{table}: {o.what()} failed ({n} rows)"


def check_blocking(star: dict[str, pl.DataFrame], previous_fact_count: int | None = None, removed_files: int = 0,
                   accept_shrink: bool = False) -> BlockResult:
    """Warehouse invariants; any failure stops the publish. `previous_fact_count` = fact_indicator rows of the
    live warehouse (warehouse.build.read_previous), None when there is none; `removed_files` = input files
    gone since the last load."""
    failures: list[BlockFailure] = []
    per_rule: dict[str, list[str]] = defaultdict(list)
    checked: dict[str, int] = defaultdict(int)
    ran: set[str] = set()

    def fail(rule: str, detail: str) -> None:
        failures.append(BlockFailure(rule, detail))
        per_rule[rule].append(detail)

    # contract: every (table, column) of sql/ddl, present and of its type, checked in one GX run
    ran.add("contract_columns")
    rows = []
    for table, contract in R.contract().items():
        df = star.get(table)
        if df is None:
            fail("contract_columns", f"table {table} missing from the star schema")
            continue
        for c, fam in contract.items():
            present = c in df.columns
            rows.append({"table": table, "column": c, "wants": fam, "present": present,
                         "actual": str(df.schema[c]) if present else None,
                         "type_ok": _type_ok(df.schema[c], fam) if present else None})
    contract_df = pl.DataFrame(rows, schema={"table": pl.String, "column": pl.String, "wants": pl.String,
                                             "present": pl.Boolean, "actual": pl.String, "type_ok": pl.Boolean})
    checked["contract_columns"] = contract_df.height
    by_key = _index(contract_df, ["table", "column"])
    for o in S.validate("b_contract", contract_df, S.block_contract_suite(), ["table", "column"]):
        if o.error:
            fail(o.rule, f"contract check could not run: {o.error}")
            continue
        bad: dict[str, list[str]] = defaultdict(list)
        for u in o.unexpected:
            r = by_key[(u["table"], u["column"])]
            bad[r["table"]].append(r["column"] if o.column == "present" else
                                   f"{r['column']} is {r['actual']} (wants {r['wants']})")
        for table, cols in bad.items():
            what = "contract columns missing" if o.column == "present" else "wrong column types"
            fail(o.rule, f"{table}: {what}: {', '.join(cols)}")

    fact = star.get(R.FACT_TABLE)
    fact_count = fact.height if fact is not None else None
    shrink_note = ""
    min_rows = None
    if previous_fact_count:
        floor = math.ceil(previous_fact_count * R.SHRINK_LIMIT)
        if fact_count is not None and fact_count < floor:
            if removed_files:
                shrink_note = f"shrink {previous_fact_count} → {fact_count} allowed: {removed_files} file(s) removed"
            elif accept_shrink:
                shrink_note = f"shrink {previous_fact_count} → {fact_count} accepted (--accept-shrink)"
            else:
                min_rows = floor

    tables = list(dict.fromkeys([*R.keys(), *(ct for ct, *_ in R.foreign_keys())]))
    for table in tables:
        df = star.get(table)
        if df is None:
            continue
        fk_flags: dict[str, str] = {}
        for ct, cc, pt, pc in R.foreign_keys():
            if ct == table and cc in df.columns and pt in star and pc in star[pt].columns:
                flag = f"{cc}__in_{pt}"
                df = df.with_columns(pl.when(pl.col(cc).is_null()).then(None)
                                     .otherwise(pl.col(cc).is_in(star[pt][pc].drop_nulls().implode()))
                                     .alias(flag))
                fk_flags[cc] = flag
        rows_floor = min_rows if table == R.FACT_TABLE else None
        exps = S.block_table_suite(table, df.columns, fk_flags, rows_floor)
        if not exps:
            continue
        index = [*R.keys().get(table, []), *fk_flags]
        for o in S.validate(f"b_{table}", df, exps, index, complete=False):
            ran.add(o.rule)
            checked[o.rule] += o.element_count or 0
            if o.rule == "volume_guard" and not o.success:
                fail(o.rule, f"{table} would shrink from {previous_fact_count} published rows to {fact_count} "
                             f"(< {R.SHRINK_LIMIT:.0%}) while no input file was removed; rerun with "
                             f"--accept-shrink if this is intended")
            elif not o.success:
                fail(o.rule, _block_detail(table, o))

    results = []
    for rule in R.rules_of(R.BLOCK):
        details = per_rule.get(rule.name, [])
        note = ""
        if rule.name == "volume_guard":
            ran.add(rule.name)
            note = shrink_note or ("no published warehouse to compare with" if not previous_fact_count else
                                   f"{previous_fact_count} published → {fact_count} rows")
        results.append(RuleResult(rule.name, R.BLOCK, passed=not details, failures=len(details),
                                  checked=checked.get(rule.name) or None,
                                  detail="; ".join(details) or note, ran=rule.name in ran))
    return BlockResult(failures, results, fact_count, previous_fact_count)


# ------------------------------------------------------------------ report
def write_report(*results: Any, path: str | Path, title: str | None = None,
                 meta: dict[str, Any] | None = None) -> Path:
    """The HTML validation report (every rule with its result); see report.py for what `results` may be."""
    return write_html(list(results), Path(path), title=title, meta=meta)
