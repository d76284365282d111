"""Helpers for the load/warehouse tests: a raw folder whose records come from the gold JSON.

Each gold document becomes one or more small raw files; the record cache is
pre-filled with the gold record under each file's sha256, so the load is a pure
cache hit and never depends on the extractor's progress.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import polars as pl

from pipelines.ingest.cache import RecordCache
from pipelines.ingest.inventory import sha256_file
from pipelines.load import LoadConfig

GOLD = Path(__file__).parent / "fixtures" / "gold"


def gold_records() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))}


def put_doc(raw: Path, cache: RecordCache, name: str, record: dict, salt: str = "", mtime: int | None = None) -> Path:
    """Write a raw file `name` (distinct content per name+salt) and cache `record` for it."""
    p = raw / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(f"jixiao test document {name} {salt}\n".encode())
    if mtime is not None:
        os.utime(p, (mtime, mtime))
    sha = sha256_file(p)
    cache.put(cache.new_entry(sha, record=record))
    return p


def sample_tree(tmp: Path, layouts: tuple[str, ...] = ("grid", "dense")) -> LoadConfig:
    """tmp/raw with every gold document in each layout (as data/raw has), a cache, a warehouse path."""
    cfg = LoadConfig(raw_dir=tmp / "raw", warehouse=tmp / "marts" / "warehouse.duckdb", cache_dir=tmp / "cache",
                     workers=0)
    cfg.raw_dir.mkdir(parents=True, exist_ok=True)
    cache = cfg.cache()
    for i, (stem, rec) in enumerate(gold_records().items()):
        for lay in layouts:
            put_doc(cfg.raw_dir, cache, f"{stem}.{lay}.pdf", rec, mtime=1_700_000_000 + i)
    return cfg


class _Record:
    """Stands in for a DocumentRecord (the cache stores its to_dict())."""

    def __init__(self, record: dict):
        self.record = record

    def to_dict(self) -> dict:
        return self.record


def gold_reader(monkeypatch, cfg) -> list[str]:
    """Replace the document reader (in-process loads, workers=0) by one that returns the record cached for the
    file's bytes; returns the list of file names it is asked to read."""
    from pipelines.extract import batch

    cache = cfg.cache()
    asked: list[str] = []

    def read(path, limits):
        asked.append(Path(path).name)
        return _Record(cache.get(sha256_file(Path(path))).record)

    monkeypatch.setattr(batch, "_default_extract", read)
    return asked


def read(warehouse: Path, sql: str, params: list | None = None) -> pl.DataFrame:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return pl.from_arrow(con.sql(sql, params=params).to_arrow_table())
    finally:
        con.close()


def last_log(warehouse: Path) -> dict[str, dict]:
    df = read(warehouse, "SELECT * FROM load_log WHERE load_id = (SELECT max(load_id) FROM load_log)")
    return {r["path"]: r for r in df.iter_rows(named=True)}
