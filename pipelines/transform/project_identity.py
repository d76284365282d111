"""Decides when two printed project names of one unit are the same project across years.

Forms print a recurring project's name a little differently each year: a year token
("(2024运维)", "2023年…", "（2024年度）"), a programme year ("（第三年）"), full-width or half-width
brackets, "（汇总）", spaces. The identity name drops exactly those: NFKC (full-width → half-width),
no whitespace, no "(汇总)", no year tokens (a four-digit 19xx/20xx year, with 年/年度) or 第N年, and no
brackets, and no quotes: straight and curly quotes ('"1+1+1"' / '“1+1+1”') are one name — offices
type either, and OCR cannot tell them apart on a 150-dpi scan (it keeps the shape it read;
ocr/marks.py). Names of one unit with the same identity name are one project (one project_key); every
printed variant is kept (dim_project.name_variants, and dim_document.project_name per form).
Anything else — 一期/二期, 2.0/3.0, different words — stays a different project: nothing is fuzzy-matched.
"""
from __future__ import annotations

import re
import unicodedata

import polars as pl

# "(汇总)" / "（汇总）": a summary form of a department, not part of a name (star.py strips it from 主管部门)
SUMMARY = r"[（(]\s*汇总\s*[)）]"
_SUMMARY = re.compile(SUMMARY)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)(?:年度|年)?")
_PROGRAMME_YEAR = re.compile(r"第[一二三四五六七八九十\d]+年(?:度)?")
_BRACKETS = re.compile(r"[()\[\]【】〔〕<>《》]")
_QUOTES = re.compile(r"[\"'“”‘’「」『』]")


def identity_name(name: str | None) -> str | None:
    """The name a project keeps across years: '闵行区X系统（2023年运维）' and '闵行区X系统(2024运维)' → '闵行区X系统运维'."""
    if name is None:
        return None
    s = unicodedata.normalize("NFKC", name)
    s = re.sub(r"\s+", "", s)
    s = _SUMMARY.sub("", s)
    s = _YEAR.sub("", s)
    s = _PROGRAMME_YEAR.sub("", s)
    s = _BRACKETS.sub("", s)
    s = _QUOTES.sub("", s)
    return s or re.sub(r"\s+", "", name)   # a name that is only a year keeps its printed text


def with_identity_name(df: pl.DataFrame, name: str = "project_name", out: str = "project_name_std") -> pl.DataFrame:
    """Add column `out` = identity_name(`name`), computed once per distinct printed name."""
    names = df.select(pl.col(name).unique())[name].to_list()
    mapping = pl.DataFrame({name: names, out: [identity_name(n) for n in names]},
                           schema={name: pl.String, out: pl.String})
    return df.join(mapping, on=name, how="left", nulls_equal=True, maintain_order="left")
