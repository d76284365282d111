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
This module is import-light (no GX, no polars) so the CLI and Dagster can list rules cheaply; the
contract, keys and foreign keys the block rules check are sql/ddl's (read on first use).
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
    Rule("number_fits_warehouse", QUARANTINE,
         "amounts below 10^36 元, execution rate below 10^16 %, indicator numbers within ±10^25: the exact "
         "DECIMAL columns of the warehouse (sql/ddl) hold them"),
    Rule("fiscal_year_range", QUARANTINE, f"fiscal year between {YEAR_MIN} and this year + {YEAR_MAX_AHEAD}"),
    Rule("self_evaluation_weights", QUARANTINE, "a self-evaluation form carries indicator weights (分值)"),
    # level 2: block (whole warehouse)
    Rule("key_unique_not_null", BLOCK, "primary keys of every star table unique and not null"),
    Rule("foreign_key_resolvable", BLOCK, "every foreign key not null and present in its dimension"),
    Rule("contract_columns", BLOCK, "every column of sql/ddl present with its type"),
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


# The largest numbers the warehouse's DECIMAL columns hold (sql/ddl): amounts DECIMAL(38,2), percentages
# DECIMAL(18,2), printed indicator numbers DECIMAL(38,4) also after ×10^8 (亿元 → 元).
AMOUNT_MAX = 1e36 - 1
PERCENT_MAX = 1e16 - 1
INDICATOR_NUMBER_MAX = 1e25


# ---- the warehouse contract checked by the block rules: sql/ddl, read by pipelines/warehouse/contract.py ----
def contract() -> dict[str, dict[str, str]]:
    """Every table of sql/ddl → column → type family (str, int, num, date, datetime, bool)."""
    from pipelines.warehouse import contract as C

    return {t: {c: C.type_family(d) for c, d in C.table_schema(t).items()} for t in C.tables()}


def keys() -> dict[str, list[str]]:
    """Primary keys (the DDL's PRIMARY KEY; a list = compound key) of the tables that declare one."""
    from pipelines.warehouse import contract as C

    return {t: C.primary_key(t) for t in C.tables() if C.primary_key(t)}


def foreign_keys() -> list[tuple[str, str, str, str]]:
    """(child table, child column, parent table, parent column): the DDL's FOREIGN KEYs."""
    from pipelines.warehouse import contract as C

    return [tuple(fk) for fk in C.foreign_keys()]


FACT_TABLE = "fact_indicator"   # the volume guard counts its rows
