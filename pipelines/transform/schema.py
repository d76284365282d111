"""Column contracts of the staging frames (records → polars), shared by transform and quality.

Staging is one row per form (`STG_FORMS`, budget columns included) and one row per
indicator row (`STG_INDICATORS`). The star schema of docs/warehouse.md is built
from these two frames only, and the data-quality rules read them too.
"""
from __future__ import annotations

import polars as pl

STG_FORMS: dict[str, pl.DataType] = {
    "form_key": pl.String,          # hash of (sha256, form_seq): one form as found in one file
    "source_path": pl.String,       # relative to the raw folder
    "sha256": pl.String,
    "form_seq": pl.Int32,
    "page_start": pl.Int32,
    "page_end": pl.Int32,
    "extraction_method": pl.String,  # 'text' (text layer / text export) | 'ocr' (pages of the form read by OCR)
    "form_type": pl.String,         # 'target' | 'self_evaluation'
    "fiscal_year": pl.Int32,
    "project_name": pl.String,
    "department_name": pl.String,   # 主管部门 as printed (with "(汇总)")
    "unit_name": pl.String,         # 实施单位 / 申报单位
    "unit_code": pl.String,
    "project_category": pl.String,
    "project_nature": pl.String,
    "performance_type": pl.String,
    "start_date": pl.Date,
    "end_date": pl.Date,
    "money_unit_printed": pl.String,
    "total_yuan": pl.Float64,
    "annual_total_yuan": pl.Float64,
    "fiscal_yuan": pl.Float64,
    "carryover_yuan": pl.Float64,
    "other_yuan": pl.Float64,
    "initial_budget_yuan": pl.Float64,
    "full_year_budget_yuan": pl.Float64,
    "executed_yuan": pl.Float64,
    "execution_rate_pct": pl.Float64,
    "budget_weight": pl.Float64,
    "budget_score": pl.Float64,
    "total_score": pl.Float64,
    "grade": pl.String,
    "n_indicators": pl.Int32,
    "doubts": pl.List(pl.String),
    "extractor_version": pl.String,
}

STG_INDICATORS: dict[str, pl.DataType] = {
    "form_key": pl.String,
    "row_no": pl.Int32,             # 1-based position in the form's indicator table
    "level1": pl.String,
    "level2": pl.String,
    "level3": pl.String,
    "target_raw": pl.String,
    "target_op": pl.String,
    "target_value": pl.Float64,
    "target_unit": pl.String,
    "target_text": pl.String,
    "actual_raw": pl.String,
    "actual_op": pl.String,
    "actual_value": pl.Float64,
    "actual_unit": pl.String,
    "actual_text": pl.String,
    "weight": pl.Float64,
    "score": pl.Float64,
    "note": pl.String,
}
