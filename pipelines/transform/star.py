"""Staging frames → the star schema of docs/warehouse.md (polars frames, one per table).

Keys are hashes of natural keys (keys.py): unit = its name (实施单位, else 主管部门),
project = unit + the identity name of the printed project name (project_identity.py: the same
project across years whatever year token its name carries), indicator = the three printed labels, form = file
sha256 + position. The same input therefore always gives the same keys.
Descriptive attributes of a unit or project that change across years are taken
from its latest fiscal year that prints them (ties: the smallest form key), deterministically.
"""
from __future__ import annotations

import polars as pl

from pipelines.transform.admin import admin_frame
from pipelines.transform.keys import key_column
from pipelines.transform.project_identity import SUMMARY, with_identity_name
from pipelines.transform.vocab import ACHIEVED_WORDS, NOT_ACHIEVED_WORDS, category_frame, standardise_frame

# Printed unit → (factor, standard unit): money in 元, ratios in percent.
UNIT_STD: dict[str, tuple[float, str]] = {
    "元": (1.0, "元"), "万元": (1e4, "元"), "亿元": (1e8, "元"), "千元": (1e3, "元"), "百万元": (1e6, "元"),
    "%": (1.0, "%"), "％": (1.0, "%"), "百分比": (1.0, "%"), "‰": (0.1, "%"),
}

TABLES = ("dim_unit", "dim_project", "dim_indicator", "dim_category", "dim_document", "fact_indicator",
          "fact_project_budget")


SUMMARY_SUFFIX = SUMMARY + r"\s*$"


def _unit_nk(df: pl.DataFrame) -> pl.DataFrame:
    """_dept = 主管部门 without '(汇总)'; _unit_nk = the unit's natural key (实施单位, else 主管部门)."""
    dept = pl.col("department_name").str.replace(SUMMARY_SUFFIX, "").str.strip_chars()
    dept = pl.when(dept == "").then(None).otherwise(dept)
    return df.with_columns(dept.alias("_dept")).with_columns(pl.coalesce("unit_name", "_dept").alias("_unit_nk"))


def with_keys(forms: pl.DataFrame) -> pl.DataFrame:
    """Forms plus unit_key and project_key (and the helper columns _dept, _unit_nk, project_name_std).
    A project is the unit plus the identity name of its printed name (project_identity.py), so the
    yearly forms of one project share one project_key whatever year token the name carries."""
    df = with_identity_name(_unit_nk(forms))
    df = key_column(df, "unit", ["_unit_nk"], "unit_key")
    return key_column(df, "project", ["_unit_nk", "project_name_std"], "project_key")


def _latest(col: str) -> pl.Expr:
    """The value of `col` from the latest fiscal year that has one (frame pre-sorted by _by_recency)."""
    return pl.col(col).drop_nulls().first()


def _by_recency(forms: pl.DataFrame) -> pl.DataFrame:
    """Latest fiscal year first; ties broken by form key, so attribute picks are deterministic."""
    return forms.sort(["fiscal_year", "form_key"], descending=[True, False], nulls_last=True)


def dim_unit(forms: pl.DataFrame) -> pl.DataFrame:
    units = (
        _by_recency(forms).group_by("unit_key")
        .agg(
            pl.col("_unit_nk").first().alias("unit_name"),
            _latest("unit_code").alias("unit_code"),
            _latest("_dept").alias("department_name"),
            pl.col("fiscal_year").min().alias("first_year"),
            pl.col("fiscal_year").max().alias("last_year"),
            pl.col("project_key").n_unique().cast(pl.Int32).alias("n_projects"),
        )
        .sort("unit_key")
    )
    units = admin_frame(units)
    return units.select(
        "unit_key", "unit_name", "unit_code", "department_name", "province", "city", "district", "admin_level",
        "first_year", "last_year", "n_projects",
    )


def dim_project(forms: pl.DataFrame) -> pl.DataFrame:
    return (
        _by_recency(forms).group_by("project_key")
        .agg(
            pl.col("unit_key").first(),
            pl.col("project_name").first(),
            pl.col("project_name_std").first(),
            _latest("project_category").alias("project_category"),
            _latest("project_nature").alias("project_nature"),
            _latest("performance_type").alias("performance_type"),
            pl.col("fiscal_year").min().alias("first_year"),
            pl.col("fiscal_year").max().alias("last_year"),
            pl.col("form_key").n_unique().cast(pl.Int32).alias("n_forms"),
        )
        .join(_name_variants(forms), on="project_key", how="left")
        .sort("project_key")
    )


def _name_variants(forms: pl.DataFrame) -> pl.DataFrame:
    """Every printed name of each project, oldest first (then by name), joined with ' | ', and how many."""
    firsts = (forms.filter(pl.col("project_name").is_not_null())
              .group_by("project_key", "project_name").agg(pl.col("fiscal_year").min().alias("_y"))
              .sort(["project_key", "_y", "project_name"], nulls_last=True))
    return firsts.group_by("project_key", maintain_order=True).agg(
        pl.col("project_name").str.join(" | ").alias("name_variants"),
        pl.len().cast(pl.Int32).alias("n_name_variants"),
    )


def indicator_keys(indicators: pl.DataFrame) -> pl.DataFrame:
    return key_column(indicators, "indicator", ["level1", "level2", "level3"], "indicator_key")


def dim_indicator(indicators: pl.DataFrame) -> pl.DataFrame:
    d = indicators.select("indicator_key", "level1", "level2", "level3").unique("indicator_key").sort("indicator_key")
    return standardise_frame(d).select(
        "indicator_key", "level1", "level2", "level3", "level1_std", "level2_std", "level1_en", "level2_en",
        "category1_key", "category2_key",
    )


def _std(prefix: str) -> list[pl.Expr]:
    unit = pl.col(f"{prefix}_unit")
    factor = unit.replace_strict({k: v[0] for k, v in UNIT_STD.items()}, default=1.0, return_dtype=pl.Float64)
    unit_std = unit.replace_strict({k: v[1] for k, v in UNIT_STD.items()}, default=unit, return_dtype=pl.String)
    return [
        (pl.col(f"{prefix}_value") * factor).alias(f"{prefix}_value_std"),
        unit_std.alias(f"{prefix}_unit_std"),
    ]


def achieved_expr() -> pl.Expr:
    """true / false / null: did the actual meet the target? Only self-evaluation rows can say."""
    tv, av = pl.col("target_value_std"), pl.col("actual_value_std")
    tu, au = pl.col("target_unit_std"), pl.col("actual_unit_std")
    op = pl.col("target_op")
    eps = 1e-9
    units_ok = tu.is_null() | au.is_null() | (tu == au)
    numeric = (
        pl.when(op == ">=").then(av >= tv - eps)
        .when(op == ">").then(av > tv)
        .when(op == "<=").then(av <= tv + eps)
        .when(op == "<").then(av < tv)
        .when(op == "=").then((av - tv).abs() <= eps)
        # No operator printed: equal is clearly met; otherwise the direction is unknown.
        .when((av - tv).abs() <= eps).then(pl.lit(True))
        .otherwise(pl.lit(None, dtype=pl.Boolean))
    )
    actual = pl.col("actual_raw").str.replace_all(r"\s", "")
    qualitative = (
        pl.when(actual.is_in(list(NOT_ACHIEVED_WORDS))).then(pl.lit(False))
        .when(actual.is_in(list(ACHIEVED_WORDS))).then(pl.lit(True))
        .when(actual == pl.col("target_raw").str.replace_all(r"\s", "")).then(pl.lit(True))
        .otherwise(pl.lit(None, dtype=pl.Boolean))
    )
    return (
        pl.when(pl.col("form_type") != "self_evaluation").then(pl.lit(None, dtype=pl.Boolean))
        .when(tv.is_not_null() & av.is_not_null() & units_ok).then(numeric)
        .when(pl.col("actual_raw").is_not_null()).then(qualitative)
        .otherwise(pl.lit(None, dtype=pl.Boolean))
        .alias("achieved")
    )


def fact_indicator(forms: pl.DataFrame, indicators: pl.DataFrame) -> pl.DataFrame:
    head = forms.select("form_key", "project_key", "unit_key", "fiscal_year", "form_type")
    df = indicators.join(head, on="form_key", how="inner", maintain_order="left").with_columns(
        _std("target") + _std("actual"))
    df = df.with_columns(achieved_expr())
    return df.select(
        "form_key", "project_key", "unit_key", "indicator_key", "fiscal_year", "form_type", "row_no",
        "target_raw", "target_op", "target_value", "target_unit", "target_text", "target_value_std", "target_unit_std",
        "actual_raw", "actual_op", "actual_value", "actual_unit", "actual_text", "actual_value_std", "actual_unit_std",
        "weight", "score", "achieved", "note",
    )  # in staging order: files by path, forms and rows as printed


def fact_project_budget(forms: pl.DataFrame) -> pl.DataFrame:
    return forms.select(
        "form_key", "project_key", "unit_key", "fiscal_year", "form_type",
        "total_yuan", "annual_total_yuan", "fiscal_yuan", "carryover_yuan", "other_yuan",
        "initial_budget_yuan", "full_year_budget_yuan", "executed_yuan", "execution_rate_pct",
        "budget_weight", "budget_score", "total_score", "grade", "start_date", "end_date", "money_unit_printed",
    )


def dim_document(keyed_all: pl.DataFrame, superseded: pl.DataFrame, quarantined: pl.Series,
                 loaded_at: dict[str, str]) -> pl.DataFrame:
    """Every form found in every file, with its fate: published, superseded (by a newer document) or quarantined."""
    df = keyed_all.join(superseded.select("form_key", "superseded_by"), on="form_key", how="left",
                        maintain_order="left")
    la = pl.DataFrame({"sha256": list(loaded_at), "loaded_at": list(loaded_at.values())},
                      schema={"sha256": pl.String, "loaded_at": pl.String})
    df = df.join(la, on="sha256", how="left", maintain_order="left").with_columns(
        pl.col("loaded_at").str.to_datetime("%Y-%m-%dT%H:%M:%S%z", strict=False, time_zone="UTC"),
        pl.when(pl.col("superseded_by").is_not_null()).then(pl.lit("superseded"))
        .when(pl.col("form_key").is_in(quarantined)).then(pl.lit("quarantined"))
        .otherwise(pl.lit("published")).alias("status"),
        pl.col("doubts").list.len().cast(pl.Int32).alias("n_doubts"),
        pl.col("doubts").list.join(" | ").alias("doubts"),
    )
    return df.select(
        "form_key", "source_path", "sha256", "form_seq", "page_start", "page_end", "extraction_method", "form_type",
        "fiscal_year", "extractor_version", "loaded_at", "project_key", "unit_key", "project_name", "unit_name", "status",
        "superseded_by", "n_indicators", "n_doubts", "doubts",
    )  # in staging order: files by path, forms as printed


def build_star(forms: pl.DataFrame, indicators: pl.DataFrame, all_forms: pl.DataFrame, superseded: pl.DataFrame,
               quarantined: set[str], loaded_at: dict[str, str]) -> dict[str, pl.DataFrame]:
    """The seven star-schema frames; quarantined forms are left out of facts and dimensions (kept in dim_document).

    `forms` (the winners of deduplication) must be a subset of `all_forms` (every form found)."""
    q = pl.Series("q", sorted(quarantined), dtype=pl.String).implode()
    keyed_all = with_keys(all_forms)
    live_keys = forms.select("form_key").filter(~pl.col("form_key").is_in(q))
    live = keyed_all.join(live_keys, on="form_key", how="semi", maintain_order="left")
    inds = indicator_keys(indicators.filter(~pl.col("form_key").is_in(q)))
    return {
        "dim_unit": dim_unit(live),
        "dim_project": dim_project(live),
        "dim_indicator": dim_indicator(inds),
        "dim_category": category_frame(),
        "dim_document": dim_document(keyed_all, superseded, q, loaded_at),
        "fact_indicator": fact_indicator(live, inds),
        "fact_project_budget": fact_project_budget(live),
    }
