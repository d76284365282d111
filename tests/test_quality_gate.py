"""The data-quality gate (pipelines/quality): each quarantine, warning and block rule on fixtures built to trip it.

Staging frames come from the hand-checked gold records (tests/fixtures/gold) through the
transform's own staging function, so the rules are tested on the frames the load hands them.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import polars as pl
import pytest

from pipelines.ingest.inventory import RawFile
from pipelines.quality import gate
from pipelines.quality import rules as R
from pipelines.quality.results import DQ_ISSUE
from pipelines.transform.staging import stage_records

GOLD = Path(__file__).parent / "fixtures" / "gold"


def gold_docs() -> list[tuple[RawFile, dict, str]]:
    docs = []
    for f in sorted(GOLD.glob("*.json")):
        b = f.read_bytes()
        rec = json.loads(b)
        docs.append((RawFile(rec["source"], len(b), 0, hashlib.sha256(b).hexdigest(), "text"), rec, "gold"))
    return docs


@pytest.fixture(scope="module")
def staged() -> tuple[pl.DataFrame, pl.DataFrame]:
    return stage_records(gold_docs())


def key_of(forms: pl.DataFrame, form_type: str, nth: int = 0) -> str:
    return forms.filter(pl.col("form_type") == form_type).sort("source_path", "form_seq")["form_key"][nth]


def setf(df: pl.DataFrame, fk: str, **values) -> pl.DataFrame:
    """Set columns of one form's row(s) (or, with row_no=, one indicator row)."""
    row_no = values.pop("row_no", None)
    hit = pl.col("form_key") == fk
    if row_no is not None:
        hit = hit & (pl.col("row_no") == row_no)
    return df.with_columns([pl.when(hit).then(pl.lit(v, dtype=df.schema[c])).otherwise(pl.col(c)).alias(c)
                            for c, v in values.items()])


def test_clean_gold_records_quarantine_nothing_and_warn_only_doubts(staged):
    forms, inds = staged
    q = gate.quarantine(forms, inds)
    assert q.form_keys == set() and q.issues.height == 0
    assert all(r.passed and r.ran for r in q.rules)
    w = gate.check_warnings(forms, inds)
    n_doubts = int(forms["doubts"].list.len().sum())
    assert n_doubts > 0
    assert w.issues["rule"].to_list() == ["extractor_doubt"] * n_doubts
    assert set(w.issues.columns) == set(DQ_ISSUE) and w.issues["severity"].unique().to_list() == ["warning"]
    assert w.issues["source_path"].null_count() == 0


def test_negative_amount_quarantines_that_form_only(staged):
    forms, inds = staged
    fk = key_of(forms, "target", 2)
    q = gate.quarantine(setf(forms, fk, fiscal_yuan=-5.0), inds)
    assert q.form_keys == {fk}
    row = q.issues.row(0, named=True)
    assert row["rule"] == "amount_nonnegative" and row["severity"] == "error"
    assert "fiscal_yuan" in row["message"] and "-5" in row["message"]
    assert row["source_path"] == forms.filter(pl.col("form_key") == fk)["source_path"][0]
    assert {r.rule: r.passed for r in q.rules}["amount_nonnegative"] is False


SELF = "self_evaluation"

# (rule, form type, change): each applied to a different form of ONE staging frame, so one gate run
# shows that every rule fires on its form and on nothing else.
FORM_CASES = [
    ("required_project_name", "target", {"project_name": None}),
    ("required_project_name", "target", {"project_name": "  "}),
    ("required_fiscal_year", "target", {"fiscal_year": None}),
    ("required_form_type", "target", {"form_type": "budget_table"}),
    ("required_form_type", "target", {"form_type": None}),
    ("fiscal_year_range", "target", {"fiscal_year": 1899}),
    ("fiscal_year_range", SELF, {"fiscal_year": 2999}),
    ("weight_score_range", SELF, {"total_score": 140.0}),
    ("weight_score_range", SELF, {"budget_weight": -1.0}),
    ("amount_nonnegative", SELF, {"executed_yuan": -80000.0}),
    ("number_fits_warehouse", "target", {"annual_total_yuan": 1e40}),   # DECIMAL(38,2) cannot hold it
]
ROW_CASES = [
    ("weight_score_range", {"weight": 120.0}),
    ("weight_score_range", {"score": -2.0}),
    ("op_in_set", {"target_op": "≈"}),
    ("op_in_set", {"actual_op": "!="}),
    ("number_fits_warehouse", {"target_value": 1e30}),
]


def test_each_quarantine_rule_fires_on_its_form_only(staged):
    forms, inds = staged
    expected: dict[str, str] = {}
    nth = {"target": 0, SELF: 0}
    for rule, form_type, change in FORM_CASES:
        fk = key_of(forms, form_type, nth[form_type])
        nth[form_type] += 1
        forms = setf(forms, fk, **change)
        expected[fk] = rule
    for rule, change in ROW_CASES:
        fk = key_of(forms, SELF, nth[SELF])
        nth[SELF] += 1
        inds = setf(inds, fk, row_no=2, **change)
        expected[fk] = rule
    q = gate.quarantine(forms, inds)
    assert q.form_keys == set(expected)
    got: dict[str, set[str]] = {}
    for fk, rule in q.issues.select("form_key", "rule").iter_rows():
        got.setdefault(fk, set()).add(rule)
    assert got == {fk: {rule} for fk, rule in expected.items()}
    rows = q.issues.filter(pl.col("row_no").is_not_null())
    assert rows.height == len(ROW_CASES) and all(m.startswith("row 2:") for m in rows["message"])
    assert {r.rule for r in q.rules if not r.passed} == {c[0] for c in FORM_CASES + ROW_CASES}


def test_form_without_indicators_and_self_evaluation_without_weights(staged):
    forms, inds = staged
    bare, unweighted = key_of(forms, "target", 1), key_of(forms, SELF, 1)
    inds2 = setf(inds.filter(pl.col("form_key") != bare), unweighted, weight=None)
    q = gate.quarantine(forms, inds2)
    assert q.form_keys == {bare, unweighted}
    assert dict(q.issues.select("form_key", "rule").iter_rows()) == {
        bare: "required_indicator", unweighted: "self_evaluation_weights"}


# --------------------------------------------------------------------------- warnings
def warn_rules(forms, inds, fk) -> dict[str, list[str]]:
    w = gate.check_warnings(forms, inds).issues.filter((pl.col("form_key") == fk) & (pl.col("rule") != "extractor_doubt"))
    out: dict[str, list[str]] = {}
    for rule, msg in w.select("rule", "message").iter_rows():
        out.setdefault(rule, []).append(msg)
    return out


def test_score_exceeds_weight(staged):
    forms, inds = staged
    fk = key_of(forms, SELF)
    found = warn_rules(forms, setf(inds, fk, row_no=3, score=12.0), fk)
    assert "score_exceeds_weight" in found and "score 12 > weight 10" in found["score_exceeds_weight"][0]
    # the form's total no longer adds up either: that is its own finding
    assert "score_sum_not_total" in found


def test_weight_sum_not_100(staged):
    forms, inds = staged
    fk = key_of(forms, SELF)
    found = warn_rules(setf(forms, fk, budget_weight=5.0), inds, fk)
    assert list(found) == ["weight_sum_not_100"] and "= 95, not 100" in found["weight_sum_not_100"][0]


def test_score_sum_not_total(staged):
    forms, inds = staged
    fk = key_of(forms, SELF)
    found = warn_rules(setf(forms, fk, total_score=97.0), inds, fk)
    assert list(found) == ["score_sum_not_total"] and "总分 is 97" in found["score_sum_not_total"][0]


def test_execution_rate_mismatch_and_its_tolerance(staged):
    forms, inds = staged
    fk = key_of(forms, SELF, 2)  # 869,000 / 870,000 printed 99.88 (exact 99.885): within rounding
    assert warn_rules(forms, inds, fk) == {}
    assert warn_rules(setf(forms, fk, execution_rate_pct=99.8), inds, fk) == {}  # 0.085 pp, tolerance 0.11
    found = warn_rules(setf(forms, fk, execution_rate_pct=98.5), inds, fk)
    assert list(found) == ["execution_rate_mismatch"] and "= 99.89%" in found["execution_rate_mismatch"][0]


def test_missed_target_yet_full_score(staged):
    forms, inds = staged
    fk = key_of(forms, SELF)
    row = inds.filter((pl.col("form_key") == fk) & (pl.col("target_op") == ">=")).row(0, named=True)
    below = row["target_value"] - 5
    found = warn_rules(forms, setf(inds, fk, row_no=row["row_no"], actual_value=below), fk)
    assert list(found) == ["missed_target_full_score"]
    assert f"misses target >={row['target_value']:g}%" in found["missed_target_full_score"][0]
    # a different unit cannot be compared: no finding
    assert warn_rules(forms, setf(inds, fk, row_no=row["row_no"], actual_value=below, actual_unit="次"), fk) == {}
    # missed and not given full score: consistent, no finding
    half = row["weight"] / 2
    assert warn_rules(forms, setf(inds, fk, row_no=row["row_no"], actual_value=below, score=half),
                      fk).keys() == {"score_sum_not_total"}


def test_amount_off_by_ten_thousand(staged):
    forms, inds = staged
    fk = key_of(forms, SELF)
    found = warn_rules(setf(forms, fk, initial_budget_yuan=8.04), inds, fk)  # 80,400 元 printed as 8.04 (万元)
    assert list(found) == ["amount_scale_suspect"] and "10^-4" in found["amount_scale_suspect"][0]
    tgt = key_of(forms, "target")
    big = forms.filter(pl.col("form_key") == tgt)["annual_total_yuan"][0] * 1e4
    assert "amount_scale_suspect" in warn_rules(setf(forms, tgt, fiscal_yuan=big), inds, tgt)
    tiny = setf(forms, tgt, total_yuan=169.07, annual_total_yuan=169.07)  # 万元 amounts never converted
    assert "under 1000 元" in warn_rules(tiny, inds, tgt)["amount_scale_suspect"][0]


def test_a_cost_target_in_wan_yuan_against_the_budget(staged):
    forms, inds = staged
    cost = inds.filter(pl.col("level1").str.contains("成本") & (pl.col("target_unit") == "万元")).row(0, named=True)
    fk = cost["form_key"]
    assert warn_rules(forms, inds, fk) == {}
    # the cost target printed as if in 元 while the unit says 万元: 10^4 times the budget
    found = warn_rules(forms, setf(inds, fk, row_no=cost["row_no"], target_value=cost["target_value"] * 1e4), fk)
    assert "amount_scale_suspect" in found and f"row {cost['row_no']}" in found["amount_scale_suspect"][0]
    # a 万元 target 10^4 times too small: an amount in 元 labelled 万元
    small = setf(inds, fk, row_no=cost["row_no"], target_value=cost["target_value"] / 1e4)
    assert "amount_scale_suspect" in warn_rules(forms, small, fk)
    # a small cost target in 元 is a unit cost (元 per item), not a scale error
    unit_cost = setf(inds, fk, row_no=cost["row_no"], target_value=cost["target_value"], target_unit="元")
    assert warn_rules(forms, unit_cost, fk) == {}


def test_one_warning_per_extractor_doubt(staged):
    forms, inds = staged
    fk = key_of(forms, "target")
    doubts = forms.filter(pl.col("form_key") == fk)["doubts"][0].to_list()
    w = gate.check_warnings(forms, inds).issues.filter((pl.col("form_key") == fk) & (pl.col("rule") == "extractor_doubt"))
    assert w["message"].to_list() == [f"extractor doubt: {d}" for d in doubts]


def test_warnings_never_quarantine(staged):
    forms, inds = staged
    fk = key_of(forms, SELF)
    bad = setf(forms, fk, total_score=50.0, execution_rate_pct=10.0, budget_weight=30.0)
    assert gate.quarantine(bad, inds).form_keys == set()
    assert len(warn_rules(bad, inds, fk)) == 3


# --------------------------------------------------------------------------- block
def test_a_consistent_star_publishes(make_star):
    res = gate.check_blocking(make_star(), previous_fact_count=5, removed_files=0, accept_shrink=False)
    assert res.failures == [] and res.passed
    assert {r.rule for r in res.rules} == {r.name for r in R.rules_of(R.BLOCK)} and all(r.passed for r in res.rules)


def test_key_collision_blocks_and_names_the_key(make_star):
    s = make_star()
    s["dim_unit"] = pl.concat([s["dim_unit"], s["dim_unit"]])
    s["fact_indicator"] = s["fact_indicator"].with_columns(pl.lit(1, dtype=pl.Int32).alias("row_no"))
    failures = gate.check_blocking(s, None, 0, False).failures
    assert {f.rule for f in failures} == {"key_unique_not_null"}
    text = " | ".join(f.detail for f in failures)
    assert "dim_unit: key (unit_key) not unique" in text and "fact_indicator: key (form_key,row_no)" in text
    assert "unit_key='u1'" in text


def test_null_key_and_unresolvable_foreign_key_block(make_star):
    s = make_star()
    s["dim_indicator"] = s["dim_indicator"].with_columns(pl.lit(None, dtype=pl.String).alias("indicator_key"))
    s["fact_project_budget"] = s["fact_project_budget"].with_columns(pl.lit("p404").alias("project_key"))
    failures = gate.check_blocking(s, None, 0, False).failures
    details = {f.rule: [] for f in failures}
    for f in failures:
        details[f.rule].append(f.detail)
    assert "dim_indicator.indicator_key: 2 null key value(s)" in details["key_unique_not_null"][0]
    fk = " | ".join(details["foreign_key_resolvable"])
    assert "fact_project_budget.project_key: 2 value(s) not found in dim_project.project_key" in fk
    assert "fact_indicator.indicator_key" in fk  # its parent keys are null now


def test_contract_columns_and_types_block(make_star):
    s = make_star()
    s["fact_indicator"] = s["fact_indicator"].drop("achieved")
    s["fact_project_budget"] = s["fact_project_budget"].with_columns(pl.col("total_yuan").cast(pl.String))
    del s["dq_issue"]
    details = [f.detail for f in gate.check_blocking(s, None, 0, False).failures]
    assert any("fact_indicator: contract columns missing: achieved" in d for d in details)
    assert any("total_yuan is String (wants num)" in d for d in details)
    assert any("table dq_issue missing" in d for d in details)


@pytest.mark.parametrize("previous, removed, accept, blocked", [
    (100, 0, False, True),     # 4 of 100: blocked
    (8, 0, False, False),      # exactly half kept: allowed
    (9, 0, False, True),       # 4 of 9: more than half dropped
    (100, 1, False, False),    # files were removed: the shrink is explained
    (100, 0, True, False),     # --accept-shrink
    (None, 0, False, False),   # first load
])
def test_volume_guard(previous, removed, accept, blocked, make_star):
    res = gate.check_blocking(make_star(4), previous, removed, accept)
    assert [f.rule for f in res.failures] == (["volume_guard"] if blocked else [])
    if blocked:
        assert f"from {previous} published rows to 4" in res.failures[0].detail
        assert "--accept-shrink" in res.failures[0].detail
    vg = next(r for r in res.rules if r.rule == "volume_guard")
    assert vg.passed is not blocked
    if accept and previous:
        assert "accepted" in vg.detail


# --------------------------------------------------------------------------- report and live state
def test_report_lists_every_rule_with_its_result(staged, tmp_path, make_star):
    forms, inds = staged
    fk = key_of(forms, SELF)
    q = gate.quarantine(setf(forms, fk, fiscal_yuan=-1.0), inds)
    w = gate.check_warnings(forms, inds)
    s = make_star()
    s["dim_unit"] = pl.concat([s["dim_unit"], s["dim_unit"]])
    b = gate.check_blocking(s, None, 0, False)
    page = gate.write_report(q, w, b, path=tmp_path / "validation.html", meta={"warehouse": "w.duckdb"})
    text = page.read_text(encoding="utf-8")
    for rule in R.RULES:
        assert f"<code>{rule}</code>" in text
    assert "BLOCKED" in text and "1 issue(s), form(s) quarantined" in text and "extractor doubt:" in text
    # the plain API results (a dq_issue frame, a list of BlockFailure) are accepted as well
    text2 = gate.write_report(w.issues, b.failures, path=tmp_path / "v2.html").read_text(encoding="utf-8")
    assert "BLOCKED" in text2 and "not run" in text2  # quarantine rules: no result given
