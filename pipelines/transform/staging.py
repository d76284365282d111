"""Form records → staging frames (schema.py): one row per form, one row per indicator row.

Also resolves duplicates: the same form (unit, project, year, form type) found in
several documents — a re-published or corrected PDF, or a PDF and its text
export — is staged once, from the newest document (latest mtime; ties: a PDF
over a text export, then the smaller path). When every copy of the form has the
same content, mtimes within MTIME_SLACK seconds of the newest count as a tie, so
which copy wins does not depend on checkout/copy timing (a fresh clone spreads
mtimes over a second boundary). The others are returned as `superseded` so the
load can log them.

Within one document the same form printed twice is published once: identical
copies keep the first, differing copies keep the later one (the document's own
correction); both cases are reported as `in_document` duplicates (a warning).
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
IN_DOCUMENT_SCHEMA: dict[str, pl.DataType] = {
    "form_key": pl.String, "source_path": pl.String, "form_seq": pl.Int32, "page_start": pl.Int32,
    "kept_key": pl.String, "kept_seq": pl.Int32, "kept_page": pl.Int32, "identical": pl.Boolean,
}
# Copies of a form with equal content whose mtimes differ by at most this many seconds are a tie
# (then: PDF over text export, then the smaller path).
MTIME_SLACK = 60
# Columns that are the form's content (not where or how it was found).
_NOT_CONTENT = {"form_key", "source_path", "sha256", "form_seq", "page_start", "page_end", "doubts",
                "extractor_version", "extraction_method"}


@dataclass
class Staged:
    forms: pl.DataFrame          # STG_FORMS, winners only
    indicators: pl.DataFrame     # STG_INDICATORS of those forms
    superseded: pl.DataFrame     # SUPERSEDED_SCHEMA: forms dropped as duplicates (of a newer document, or of
                                 # another copy in the same document: then winner_path == source_path)
    all_forms: pl.DataFrame      # STG_FORMS of every form found (provenance)
    in_document: pl.DataFrame = None  # type: ignore[assignment]  # IN_DOCUMENT_SCHEMA: same form twice in a file

    def __post_init__(self) -> None:
        if self.in_document is None:
            self.in_document = pl.DataFrame(schema=IN_DOCUMENT_SCHEMA)


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
            f["extraction_method"].append(form.get("extraction_method") or "text")
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


def content_digest(forms: pl.DataFrame, indicators: pl.DataFrame | None) -> pl.DataFrame:
    """form_key -> _content: a digest of what the form says (header, budget, indicator rows), not where it was found.

    Only compared within one load (polars hashes are stable within a process)."""
    head = [c for c in forms.columns if c not in _NOT_CONTENT]
    df = forms.select("form_key", pl.struct(head).hash(seed=7).alias("_h"))
    if indicators is None or not indicators.height:
        return df.select("form_key", pl.col("_h").alias("_content"))
    body = [c for c in indicators.columns if c != "form_key"]
    rows = (indicators.select("form_key", "row_no", pl.struct(body).hash(seed=11).alias("_r"))
            .group_by("form_key").agg(pl.col("_r").sort_by("row_no").alias("_b")))
    return (df.join(rows, on="form_key", how="left")
            .select("form_key", pl.struct("_h", "_b").hash(seed=17).alias("_content")))


def resolve_duplicates(forms: pl.DataFrame, files: list[RawFile], indicators: pl.DataFrame | None = None,
                       ) -> tuple[pl.DataFrame, pl.DataFrame] | tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(winning forms, superseded) — one form per (unit, project, year, form type).

    Across documents the newest wins (mtime; equal content within MTIME_SLACK s is a tie), then a PDF over a text
    export, then the smaller path. Within the winning document a form printed twice keeps the first copy when the
    copies are identical, else the later one. With `indicators` (content compared row by row) the in-document
    duplicates come back as a third frame (IN_DOCUMENT_SCHEMA)."""
    rank = pl.DataFrame(
        {
            "source_path": [x.path for x in files],
            "_mtime": [x.mtime for x in files],
            "_is_pdf": [x.kind == "pdf" for x in files],
        },
        schema={"source_path": pl.String, "_mtime": pl.Int64, "_is_pdf": pl.Boolean},
    )
    natural = ["_unit", "project_name", "fiscal_year", "form_type"]
    df = (forms.join(rank, on="source_path", how="left")
          .join(content_digest(forms, indicators), on="form_key", how="left")
          .with_columns(pl.coalesce("unit_name", "department_name", pl.lit("")).alias("_unit")))
    # Forms without a project name cannot be matched to anything: they never supersede or get superseded.
    df = df.with_columns(pl.when(pl.col("project_name").is_null()).then(pl.col("form_key")).otherwise(None).alias("_solo"))
    natural = natural + ["_solo"]
    # Equal content everywhere: mtimes close to the newest are a tie (stable across checkouts); else newest wins.
    same = pl.col("_content").n_unique().over(natural) == 1   # window partitions group nulls together
    newest = pl.col("_mtime").max().over(natural)
    df = df.with_columns(
        pl.when(same).then(pl.col("_mtime") >= newest - MTIME_SLACK).otherwise(pl.col("_mtime") == newest)
        .fill_null(False).alias("_recent"))
    winners = (
        df.sort(["_recent", "_is_pdf", "source_path"], descending=[True, True, False], nulls_last=True)
        .group_by(natural, maintain_order=True)
        .agg(pl.col("source_path").first().alias("winner_path"), pl.col("sha256").first().alias("_winner_sha"))
    )
    df = df.join(winners, on=natural, how="left", nulls_equal=True)
    keep = df.filter(pl.col("source_path") == pl.col("winner_path"))
    lost = df.filter(pl.col("source_path") != pl.col("winner_path"))
    # Within the winning document: one copy per natural key (identical copies: the first; else the last).
    copies = keep.with_columns(
        (pl.col("_content").n_unique().over(natural) == 1).alias("_identical"),
        pl.len().over(natural).alias("_copies"))
    chosen = (copies.sort("form_seq")
              .group_by(natural, maintain_order=True)
              .agg(pl.when(pl.col("_identical").first()).then(pl.col("form_key").first())
                   .otherwise(pl.col("form_key").last()).alias("superseded_by")))
    copies = copies.join(chosen, on=natural, how="left", nulls_equal=True)
    in_doc = copies.filter(pl.col("form_key") != pl.col("superseded_by"))
    keep = copies.filter(pl.col("form_key") == pl.col("superseded_by"))
    superseded = (
        pl.concat([
            lost.join(keep.select(*natural, "superseded_by"), on=natural, how="left", nulls_equal=True)
            .select("form_key", "source_path", "superseded_by", "winner_path"),
            in_doc.select("form_key", "source_path", "superseded_by", "winner_path"),
        ], how="vertical")
        .sort("source_path", "form_key")
    )
    kept = forms.filter(pl.col("form_key").is_in(keep["form_key"].implode()))
    if indicators is None:
        return kept, superseded.cast(SUPERSEDED_SCHEMA)
    by_key = keep.select(pl.col("form_key").alias("superseded_by"), pl.col("form_seq").alias("kept_seq"),
                         pl.col("page_start").alias("kept_page"))
    dups = (in_doc.join(by_key, on="superseded_by", how="left")
            .select("form_key", "source_path", "form_seq", "page_start", pl.col("superseded_by").alias("kept_key"),
                    "kept_seq", "kept_page", pl.col("_identical").alias("identical"))
            .sort("source_path", "form_seq").cast(IN_DOCUMENT_SCHEMA))
    return kept, superseded.cast(SUPERSEDED_SCHEMA), dups


def stage(docs: list[tuple[RawFile, dict[str, Any], str]], files: list[RawFile]) -> Staged:
    all_forms, all_inds = stage_records(docs)
    kept, superseded, in_document = resolve_duplicates(all_forms, files, all_inds)
    inds = all_inds.filter(pl.col("form_key").is_in(kept["form_key"].implode()))
    return Staged(kept, inds, superseded, all_forms, in_document)
