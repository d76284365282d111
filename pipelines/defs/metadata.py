"""Asset metadata: row counts and small Markdown previews of polars frames for the Dagster UI."""
from __future__ import annotations

import dagster as dg
import polars as pl


def _cell(v: object, width: int = 40) -> str:
    s = "" if v is None else str(v)
    s = s.replace("|", "\\|").replace("\n", " ")
    return s if len(s) <= width else s[: width - 1] + "…"


def md_preview(df: pl.DataFrame, n: int = 10, max_cols: int = 12) -> dg.MetadataValue:
    cols = df.columns[:max_cols]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in df.head(n).select(cols).iter_rows():
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    more = f"\n\n{df.height} rows" + (f", first {n} shown" if df.height > n else "")
    more += f"; {len(df.columns) - max_cols} more columns" if len(df.columns) > max_cols else ""
    return dg.MetadataValue.md("\n".join(lines) + more)


def frame_metadata(name: str, df: pl.DataFrame) -> dict[str, dg.MetadataValue]:
    return {f"{name}_rows": dg.MetadataValue.int(df.height), f"{name}_preview": md_preview(df)}
