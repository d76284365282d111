"""The data-quality rules: one catalog, three levels, stated tolerances.

Levels (issue 5):
- ``quarantine`` — a form that breaks a structural rule is kept out of the facts and
  listed in dq_issue with severity 'error'; everything else loads.
- ``block`` — an invariant whose failure means the pipeline itself is wrong: the
  publish stops and the live warehouse file stays as it was.
- ``warn`` — a finding about the document (the form contradicts itself, an amount
  looks off by 10^4, the extractor had to guess): a dq_issue row with severity
  'warning'. Warnings never block and never drop data.

The rules are checked by great-expectations suites (suites.py) over frames derived
from staging (derive.py); gate.py maps the results onto the three levels.
This module is import-light (no GX, no polars) so the CLI and Dagster can list rules cheaply.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

QUARANTINE, BLOCK, WARN = "quarantine", "block", "warn"
SEVERITY = {QUARANTINE: "error", WARN: "warning", BLOCK: "error"}

# ---- tolerances and bounds (stated once, used by derive.py and the report) ----
SCORE_TOL = 0.01          # points: Σ scores + budget score vs 总分, score vs weight, Σ weights vs 100
RATE_TOL_PP = 0.1         # percentage points for 执行率, PLUS the rounding of the printed amounts
                          # (±half a unit of the last printed digit: 50 元 when printed in 万元 with 2 decimals)
MONEY_ROUNDING_YUAN = {"万元": 50.0, "元": 0.005}
YEAR_MIN = 2000           # the performance-budget forms start in the 2000s
YEAR_MAX_AHEAD = 2        # a target form is filed for next year; two years ahead is the limit
SCALE_DECADES = 4         # 元 vs 万元: a factor 10^4, recognised as round(log10(ratio)) == ±4
TINY_BUDGET_YUAN = 1000.0 # a project whose whole budget is under 1000 元 was probably printed in 万元
OPS = ("=", ">=", "<=", ">", "<")
FORM_TYPES = ("target", "self_evaluation")
SHRINK_LIMIT = 0.5        # a load may drop at most half of the published fact_indicator rows
MAX_PROJECT_YUAN = 1e12   # plausibility: no public project's amount reaches 1 万亿元
MAX_PERCENT = 1000.0      # plausibility: a value in % beyond ±1000 is a misread number or unit
MAX_YEARS_FROM_FISCAL = 10  # plausibility: planned dates within 10 years of the fiscal year


def year_max(today: date | None = None) -> int:
    return (today or date.today()).year + YEAR_MAX_AHEAD


@dataclass(frozen=True)
class Rule:
    name: str
    level: str
    description: str


_RULES = [
    # level 1: quarantine (per form)
    Rule("required_project_name", QUARANTINE, "project name present (not null, not blank)"),
    Rule("required_fiscal_year", QUARANTINE, "fiscal year present"),
    Rule("required_form_type", QUARANTINE, "form type present and one of target / self_evaluation"),
    Rule("required_indicator", QUARANTINE, "at least one indicator row"),
    Rule("amount_nonnegative", QUARANTINE, "every budget amount (元) >= 0, execution rate >= 0"),
    Rule("weight_score_range", QUARANTINE,
         "indicator weight and score, budget weight and score, total score within 0–100"),
    Rule("op_in_set", QUARANTINE, "target / actual operator one of = >= <= > <"),
    Rule("fiscal_year_range", QUARANTINE, f"fiscal year between {YEAR_MIN} and this year + {YEAR_MAX_AHEAD}"),
    Rule("self_evaluation_weights", QUARANTINE, "a self-evaluation form carries indicator weights (分值)"),
    # level 2: block (whole warehouse)
    Rule("key_unique_not_null", BLOCK, "primary keys of every star table unique and not null"),
    Rule("foreign_key_resolvable", BLOCK, "every foreign key not null and present in its dimension"),
    Rule("contract_columns", BLOCK, "every contract column of docs/warehouse.md present with its type"),
    Rule("volume_guard", BLOCK,
         f"a load keeps at least {SHRINK_LIMIT:.0%} of the published fact_indicator rows unless files were "
         "removed or --accept-shrink is given"),
    Rule("inputs_vanished", BLOCK,
         "a load that finds no input files, or has lost more than half of the files the warehouse publishes "
         "forms from, does not publish unless --accept-shrink is given"),
    # level 3: warn (findings about the documents)
    Rule("score_exceeds_weight", WARN, f"indicator score <= weight (+{SCORE_TOL})"),
    Rule("weight_sum_not_100", WARN, f"Σ indicator weights + budget weight = 100 (±{SCORE_TOL})"),
    Rule("score_sum_not_total", WARN, f"Σ indicator scores + budget score = 总分 (±{SCORE_TOL})"),
    Rule("execution_rate_mismatch", WARN,
         f"执行率 = 全年执行数 / 全年预算数 × 100 (±{RATE_TOL_PP} pp plus the rounding of printed amounts)"),
    Rule("missed_target_full_score", WARN,
         "an indicator whose numeric actual misses its numeric target (same unit) does not get full score"),
    Rule("amount_scale_suspect", WARN,
         "amounts of one form agree in magnitude (no factor 10^4 between comparable amounts, whole budget "
         f">= {TINY_BUDGET_YUAN:.0f} 元): 元 vs 万元 confusion"),
    Rule("amount_implausible", WARN, f"every budget amount at most {MAX_PROJECT_YUAN:.0e} 元 (no public project is larger)"),
    Rule("percent_implausible", WARN,
         f"a target, actual or 执行率 in % within ±{MAX_PERCENT:.0f}% (far beyond 100% is a misread number or unit)"),
    Rule("date_implausible", WARN,
         f"planned start / end dates within {MAX_YEARS_FROM_FISCAL} years of the form's fiscal year"),
    Rule("extractor_doubt", WARN, "the extractor recorded a doubt (one row per doubt)"),
    Rule("duplicate_form_in_document", WARN,
         "a form (unit, project, year, form type) is printed once per document; a repeated copy is published once "
         "(identical: the first copy; different: the later one) — checked by the load's deduplication"),
]

RULES: dict[str, Rule] = {r.name: r for r in _RULES}


def rules_of(level: str) -> list[Rule]:
    return [r for r in _RULES if r.level == level]


# ---- the warehouse contract (docs/warehouse.md) checked by the block rules ----
# Type families: str, int, num (int or float), date, datetime, bool.
CONTRACT: dict[str, dict[str, str]] = {
    "dim_unit": {
        "unit_key": "str", "unit_name": "str", "unit_code": "str", "department_name": "str",
        "province": "str", "city": "str", "district": "str", "admin_level": "str",
    },
    "dim_project": {
        "project_key": "str", "unit_key": "str", "project_name": "str", "project_category": "str",
        "project_nature": "str", "performance_type": "str", "first_year": "int", "last_year": "int",
    },
    "dim_indicator": {
        "indicator_key": "str", "level1": "str", "level2": "str", "level3": "str",
        "level1_std": "str", "level2_std": "str", "level1_en": "str", "level2_en": "str",
    },
    "dim_document": {
        "form_key": "str", "source_path": "str", "sha256": "str", "form_seq": "int", "page_start": "int",
        "page_end": "int", "form_type": "str", "fiscal_year": "int", "extractor_version": "str",
        "loaded_at": "datetime",
    },
    "fact_indicator": {
        "form_key": "str", "project_key": "str", "unit_key": "str", "indicator_key": "str",
        "fiscal_year": "int", "form_type": "str", "row_no": "int",
        "target_raw": "str", "target_op": "str", "target_value": "num", "target_unit": "str",
        "target_text": "str", "target_value_std": "num", "target_unit_std": "str",
        "actual_raw": "str", "actual_value": "num", "actual_unit": "str", "actual_text": "str",
        "weight": "num", "score": "num", "achieved": "bool", "note": "str",
    },
    "fact_project_budget": {
        "form_key": "str", "project_key": "str", "unit_key": "str", "fiscal_year": "int", "form_type": "str",
        "total_yuan": "num", "annual_total_yuan": "num", "fiscal_yuan": "num", "carryover_yuan": "num",
        "other_yuan": "num", "initial_budget_yuan": "num", "full_year_budget_yuan": "num",
        "executed_yuan": "num", "execution_rate_pct": "num", "budget_weight": "num", "budget_score": "num",
        "total_score": "num", "grade": "str", "start_date": "date", "end_date": "date",
    },
    "load_log": {
        "path": "str", "sha256": "str", "status": "str", "forms_found": "int", "error": "str",
        "started_at": "datetime", "finished_at": "datetime",
    },
    "dq_issue": {"rule": "str", "severity": "str", "form_key": "str", "row_no": "int", "message": "str"},
}

# Primary keys (a list = compound key).
KEYS: dict[str, list[str]] = {
    "dim_unit": ["unit_key"],
    "dim_project": ["project_key"],
    "dim_indicator": ["indicator_key"],
    "dim_document": ["form_key"],
    "fact_indicator": ["form_key", "row_no"],
    "fact_project_budget": ["form_key"],
    "load_log": ["load_id", "path"],   # one row per input file per load (load_id: H3's load)
}

# (child table, child column, parent table, parent column)
FOREIGN_KEYS: list[tuple[str, str, str, str]] = [
    ("dim_project", "unit_key", "dim_unit", "unit_key"),
    ("fact_indicator", "form_key", "dim_document", "form_key"),
    ("fact_indicator", "project_key", "dim_project", "project_key"),
    ("fact_indicator", "unit_key", "dim_unit", "unit_key"),
    ("fact_indicator", "indicator_key", "dim_indicator", "indicator_key"),
    ("fact_project_budget", "form_key", "dim_document", "form_key"),
    ("fact_project_budget", "project_key", "dim_project", "project_key"),
    ("fact_project_budget", "unit_key", "dim_unit", "unit_key"),
]

FACT_TABLE = "fact_indicator"   # the volume guard counts its rows
