"""Quality-gate figures: GX import, then quarantine / warnings / blocking on staging scaled from the gold records.

Staging frames are built from tests/fixtures/gold (the transform's own staging function) and replicated
with new form keys (and project names, so every copy is a distinct project) to ~50 k and ~1 M indicator rows;
the star schema for the blocking rules is built by the transform's build_star.
"""
from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "fixtures" / "gold"


def _staging():
    from pipelines.ingest.inventory import RawFile
    from pipelines.transform.staging import stage_records

    docs = []
    for f in sorted(GOLD.glob("*.json")):
        b = f.read_bytes()
        rec = json.loads(b)
        docs.append((RawFile(rec["source"], len(b), 0, hashlib.sha256(b).hexdigest(), "text"), rec, "gold"))
    return stage_records(docs)


def _scale(forms: pl.DataFrame, inds: pl.DataFrame, n: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    copies = pl.DataFrame({"_copy": list(range(n))}, schema={"_copy": pl.Int64})
    fk = pl.concat_str(pl.col("form_key"), pl.lit("#"), pl.col("_copy").cast(pl.String))
    f = forms.join(copies, how="cross").with_columns(
        fk.alias("form_key"),
        pl.concat_str(pl.col("project_name"), pl.lit("#"), pl.col("_copy").cast(pl.String)).alias("project_name"),
        pl.concat_str(pl.col("sha256"), pl.col("_copy").cast(pl.String)).alias("sha256"),
    ).drop("_copy")
    i = inds.join(copies, how="cross").with_columns(fk.alias("form_key")).drop("_copy")
    return f, i


def _t(label: str, fn):
    t0 = time.perf_counter()
    out = fn()
    print(f"  {label:<38} {time.perf_counter() - t0:7.2f} s", flush=True)
    return out


def run() -> None:
    t0 = time.perf_counter()
    from pipelines.quality import suites

    suites.expectations()
    print(f"great-expectations import + ephemeral context: {time.perf_counter() - t0:.2f} s")
    from pipelines.quality import gate
    from pipelines.transform.star import build_star

    forms, inds = _staging()
    for n in (100, 2000):
        f, i = _scale(forms, inds, n)
        print(f"{f.height:,} forms, {i.height:,} indicator rows:")
        q = _t("quarantine (level 1)", lambda: gate.quarantine(f, i))
        w = _t("warnings (level 3)", lambda: gate.check_warnings(f, i))
        star = build_star(f, i, f, pl.DataFrame(schema={"form_key": pl.String, "source_path": pl.String,
                                                        "superseded_by": pl.String, "winner_path": pl.String}),
                          set(), {})
        star["load_log"] = pl.DataFrame({"load_id": ["L"], "path": ["a"], "sha256": ["x"], "status": ["loaded"],
                                         "forms_found": [1], "error": [None], "started_at": [None],
                                         "finished_at": [None]},
                                        schema_overrides={"error": pl.String, "started_at": pl.Datetime("us", "UTC"),
                                                          "finished_at": pl.Datetime("us", "UTC")})
        star["dq_issue"] = w.issues
        b = _t("blocking (level 2, whole star)", lambda: gate.check_blocking(star, i.height, 0, False))
        print(f"  quarantined {len(q.form_keys)}, warnings {w.issues.height:,}, "
              f"block failures {[x.rule for x in b.failures]}")
        # 1 % of the forms with a negative amount, 1 % of the rows scored above their weight
        bad_f = f.with_columns(pl.when(pl.int_range(pl.len()) % 100 == 0).then(-1.0)
                               .otherwise(pl.col("fiscal_yuan")).alias("fiscal_yuan"))
        bad_i = i.with_columns(pl.when(pl.int_range(pl.len()) % 100 == 0).then(pl.col("weight") + 1)
                               .otherwise(pl.col("score")).alias("score"))
        q = _t("quarantine, 1 % of forms failing", lambda: gate.quarantine(bad_f, bad_i))
        w = _t("warnings, 1 % of rows failing", lambda: gate.check_warnings(bad_f, bad_i))
        print(f"  quarantined {len(q.form_keys):,}, warnings {w.issues.height:,}")
