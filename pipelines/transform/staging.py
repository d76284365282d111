"""Form records → staging frames (schema.py): one row per form, one row per indicator row.

Also resolves duplicates: the same form (unit, project, year, form type) found in
several documents — a re-published or corrected PDF, or a PDF and its text
export — is staged once, from the newest document (latest mtime; ties: a PDF
over a text export, then the smaller path). The others are returned as
`superseded` so the load can log them.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

import polars as pl

from pipelines.extract.normalize import squash
from pipelines.extract.values import parse_value
from pipelines.ingest.inventory import RawFile
from pipelines.transform.keys import make_key
from pipelines.transform.schema import STG_FORMS, STG_INDICATORS

BUDGET_FIELDS = {
    "total": "total_yuan", "annual_total": "annual_total_yuan", "fiscal": "fiscal_yuan",
    "carryover": "carryover_yuan", "other": "other_yuan", "initial_budget": "initial_budget_yuan",
    "full_year_budget": "full_year_budget_yuan", "executed": "executed_yuan",
    "execution_rate_pct": "execution_rate_pct", "budget_weight": "budget_weight", "budget_score": "budget_score",
}

SUPERSEDED_SCHEMA: dict[str, pl.DataType] = {
    "form_key": pl.String, "source_path": pl.String, "superseded_by": pl.String, "winner_path": pl.String,
}


@dataclass
class Staged:
    forms: pl.DataFrame          # STG_FORMS, winners only
    indicators: pl.DataFrame     # STG_INDICATORS of those forms
    superseded: pl.DataFrame     # SUPERSEDED_SCHEMA: forms dropped as duplicates of a newer document
    all_forms: pl.DataFrame      # STG_FORMS of every form found (provenance)


def form_key(sha256: str, seq: int) -> str:
    return make_key("form", sha256, seq)


@lru_cache(maxsize=200_000)
def _parse(raw: str | None) -> tuple[str | None, float | None, str | None, str | None]:
    v = parse_value(raw)
    return v.op, v.value, v.unit, v.text


def _num(v: Any) -> float | None:
    if v is None or isinstance(v, bool):
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def stage_records(docs: Iterable[tuple[RawFile, dict[str, Any], str]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(stg_forms, stg_indicators) of every form of every document; docs = (file, record dict, extractor_version)."""
    f: dict[str, list] = {c: [] for c in STG_FORMS}
    i: dict[str, list] = {c: [] for c in STG_INDICATORS}
    for raw, record, version in docs:
        for form in record.get("forms", []):
            seq = int(form.get("seq") or 0)
            fk = form_key(raw.sha256, seq)
            budget = form.get("budget") or {}
            inds = form.get("indicators") or []
            f["form_key"].append(fk)
            f["source_path"].append(raw.path)
            f["sha256"].append(raw.sha256)
            f["form_seq"].append(seq)
            f["page_start"].append(form.get("page_start"))
            f["page_end"].append(form.get("page_end"))
            f["form_type"].append(form.get("form_type"))
            f["fiscal_year"].append(form.get("year"))
            f["project_name"].append(squash(form.get("project_name")))
            f["department_name"].append(squash(form.get("department")))
            f["unit_name"].append(squash(form.get("implementing_unit")))
            f["unit_code"].append(form.get("unit_code"))
            for c in ("project_category", "project_nature", "performance_type", "money_unit_printed"):
                f[c].append(form.get(c))
            f["start_date"].append(form.get("start_date"))
            f["end_date"].append(form.get("end_date"))
            for src, dst in BUDGET_FIELDS.items():
                f[dst].append(_num(budget.get(src)))
            f["total_score"].append(_num(form.get("total_score")))
            f["grade"].append(form.get("grade"))
            f["n_indicators"].append(len(inds))
            f["doubts"].append(list(form.get("doubts") or []))
            f["extractor_version"].append(version)
            for row_no, ind in enumerate(inds, start=1):
                tgt = ind.get("target") or {}
                a_op, a_val, a_unit, a_text = _parse(ind.get("actual_raw"))
                i["form_key"].append(fk)
                i["row_no"].append(row_no)
                i["level1"].append(squash(ind.get("level1")))
                i["level2"].append(squash(ind.get("level2")))
                i["level3"].append(squash(ind.get("level3")))
                i["target_raw"].append(ind.get("target_raw"))
                i["target_op"].append(tgt.get("op"))
                i["target_value"].append(_num(tgt.get("value")))
                i["target_unit"].append(tgt.get("unit"))
                i["target_text"].append(tgt.get("text"))
                i["actual_raw"].append(ind.get("actual_raw"))
                i["actual_op"].append(a_op)
                i["actual_value"].append(a_val)
                i["actual_unit"].append(a_unit)
                i["actual_text"].append(a_text)
                i["weight"].append(_num(ind.get("weight")))
                i["score"].append(_num(ind.get("score")))
                i["note"].append(ind.get("note"))
    date_cols = {"start_date", "end_date"}
    forms = pl.DataFrame(
        {c: f[c] for c in STG_FORMS},
        schema={c: (pl.String if c in date_cols else t) for c, t in STG_FORMS.items()},
        strict=False,
    ).with_columns([pl.col(c).str.to_date("%Y-%m-%d", strict=False) for c in date_cols])
    indicators = pl.DataFrame(i, schema=STG_INDICATORS, strict=False)
    return forms, indicators


def resolve_duplicates(forms: pl.DataFrame, files: list[RawFile]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(winning forms, superseded) — one document per (unit, project, year, form type)."""
    rank = pl.DataFrame(
        {
            "source_path": [x.path for x in files],
            "_mtime": [x.mtime for x in files],
            "_is_pdf": [x.kind == "pdf" for x in files],
        },
        schema={"source_path": pl.String, "_mtime": pl.Int64, "_is_pdf": pl.Boolean},
    )
    natural = ["_unit", "project_name", "fiscal_year", "form_type"]
    df = forms.join(rank, on="source_path", how="left").with_columns(
        pl.coalesce("unit_name", "department_name", pl.lit("")).alias("_unit")
    )
    # Forms without a project name cannot be matched to anything: they never supersede or get superseded.
    df = df.with_columns(pl.when(pl.col("project_name").is_null()).then(pl.col("form_key")).otherwise(None).alias("_solo"))
    natural = natural + ["_solo"]
    winners = (
        df.sort(["_mtime", "_is_pdf", "source_path"], descending=[True, True, False], nulls_last=True)
        .group_by(natural, maintain_order=True)
        .agg(pl.col("source_path").first().alias("winner_path"), pl.col("sha256").first().alias("_winner_sha"))
    )
    df = df.join(winners, on=natural, how="left", nulls_equal=True)
    keep = df.filter(pl.col("source_path") == pl.col("winner_path"))
    lost = df.filter(pl.col("source_path") != pl.col("winner_path"))
    # The winning document's form of the same natural key (its first, if it lists the form twice).
    first_winner = keep.group_by(natural).agg(pl.col("form_key").sort_by("form_seq").first().alias("superseded_by"))
    superseded = (
        lost.join(first_winner, on=natural, how="left", nulls_equal=True)
        .select("form_key", "source_path", "superseded_by", "winner_path")
        .sort("source_path", "form_key")
    )
    kept = forms.filter(pl.col("form_key").is_in(keep["form_key"].implode()))
    return kept, superseded.cast(SUPERSEDED_SCHEMA)


def stage(docs: list[tuple[RawFile, dict[str, Any], str]], files: list[RawFile]) -> Staged:
    all_forms, all_inds = stage_records(docs)
    kept, superseded = resolve_duplicates(all_forms, files)
    inds = all_inds.filter(pl.col("form_key").is_in(kept["form_key"].implode()))
    return Staged(kept, inds, superseded, all_forms)
