"""Deterministic surrogate keys: a hash of the natural key, so the same input always gives the same key."""
from __future__ import annotations

import hashlib

import polars as pl

_SEP = "\x1f"
_NULL = "\x00"


def make_key(kind: str, *parts: object) -> str:
    """16 hex characters of BLAKE2b over the kind and the natural-key parts (None distinct from '')."""
    text = _SEP.join([kind, *(_NULL if p is None else str(p) for p in parts)])
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def key_column(df: pl.DataFrame, kind: str, cols: list[str], name: str) -> pl.DataFrame:
    """Add column `name` = make_key(kind, *cols) computed once per distinct natural key."""
    if df.height == 0:
        return df.with_columns(pl.lit(None, dtype=pl.String).alias(name))
    distinct = df.select(cols).unique(maintain_order=True)
    keys = [make_key(kind, *row) for row in distinct.iter_rows()]
    distinct = distinct.with_columns(pl.Series(name, keys, dtype=pl.String))
    return df.join(distinct, on=cols, how="left", nulls_equal=True, maintain_order="left")
