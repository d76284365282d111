"""The quality gate inside `jixiao load`, end to end over the gold records (cache pre-filled, no extraction):
clean samples publish; a bad form is quarantined while its siblings load; a key collision and a sharp
shrink block the publish and leave the previous warehouse byte for byte unchanged."""
from __future__ import annotations

import copy
import hashlib
from pathlib import Path

import duckdb
import polars as pl
from typer.testing import CliRunner

import pipelines.load
from pipelines.cli import app
from pipelines.quality import rules as R
from warehouse_fixtures import gold_records, put_doc, sample_tree

runner = CliRunner()


def jixiao_load(cfg, *extra: str):
    args = ["load", "--raw", str(cfg.raw_dir), "--warehouse", str(cfg.warehouse), "--cache", str(cfg.cache_dir),
            "--workers", "0", "--quiet", *extra]
    return runner.invoke(app, args, terminal_width=200)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def query(cfg, sql: str) -> pl.DataFrame:
    con = duckdb.connect(str(cfg.warehouse), read_only=True)
    try:
        return pl.from_arrow(con.sql(sql).to_arrow_table())
    finally:
        con.close()


def report_of(cfg) -> str:
    return pipelines.load.report_path(cfg.warehouse).read_text(encoding="utf-8")


def unpublished_report_of(cfg) -> str:
    return pipelines.load.unpublished_report_path(cfg.warehouse).read_text(encoding="utf-8")


def test_clean_samples_publish_with_doubts_as_warnings_and_a_report(tmp_path):
    cfg = sample_tree(tmp_path, layouts=("grid",))
    res = jixiao_load(cfg)
    assert res.exit_code == 0, res.output
    assert "0 quarantined" in res.output
    dq = query(cfg, "SELECT rule, severity, count(*) AS n FROM dq_issue GROUP BY ALL")
    n_doubts = sum(len(f["doubts"]) for r in gold_records().values() for f in r["forms"])
    assert dq.rows() == [("extractor_doubt", "warning", n_doubts)]
    page = report_of(cfg)
    assert all(f"<code>{rule}</code>" in page for rule in R.RULES)
    assert "BLOCKED" not in page and "allowed" in page


def test_negative_amount_quarantines_that_form_and_its_siblings_load(tmp_path):
    cfg = sample_tree(tmp_path, layouts=("grid",))
    stem, rec = next((s, r) for s, r in gold_records().items() if len(r["forms"]) > 3)
    bad = copy.deepcopy(rec)
    bad["forms"][2]["budget"]["fiscal"] = -5
    put_doc(cfg.raw_dir, cfg.cache(), f"{stem}.grid.pdf", bad, salt="negative")
    res = jixiao_load(cfg)
    assert res.exit_code == 0, res.output
    assert "1 quarantined" in res.output
    path = f"{stem}.grid.pdf"
    loaded = query(cfg, f"""SELECT d.form_seq FROM fact_project_budget f JOIN dim_document d USING (form_key)
                            WHERE d.source_path = '{path}' ORDER BY 1""")["form_seq"].to_list()
    assert loaded == [f["seq"] for f in rec["forms"] if f["seq"] != 3]
    facts = query(cfg, f"""SELECT count(*) AS n FROM fact_indicator f JOIN dim_document d USING (form_key)
                           WHERE d.source_path = '{path}'""")["n"][0]
    assert facts == sum(len(f["indicators"]) for f in rec["forms"]) - len(rec["forms"][2]["indicators"])
    err = query(cfg, "SELECT rule, source_path, message FROM dq_issue WHERE severity = 'error'")
    assert err.rows() == [("amount_nonnegative", path, "fiscal_yuan = -5 is negative — form quarantined")]


def _collide(build_star):
    """A star builder whose dim_indicator gives two indicators the same key (a broken key function)."""
    def wrapped(*args, **kwargs):
        star = build_star(*args, **kwargs)
        keys = star["dim_indicator"]["indicator_key"]
        star["dim_indicator"] = star["dim_indicator"].with_columns(
            pl.when(pl.int_range(pl.len()) == 1).then(pl.lit(keys[0])).otherwise(pl.col("indicator_key"))
            .alias("indicator_key"))
        return star
    return wrapped


def test_forced_key_collision_blocks_and_leaves_the_warehouse_unchanged(tmp_path, monkeypatch):
    cfg = sample_tree(tmp_path, layouts=("grid",))
    assert jixiao_load(cfg).exit_code == 0
    before = sha256(cfg.warehouse)
    put_doc(cfg.raw_dir, cfg.cache(), "extra/new.pdf", next(iter(gold_records().values())), salt="new")
    monkeypatch.setattr(pipelines.load.marts, "build_star", _collide(pipelines.load.marts.build_star))
    live_page = report_of(cfg)
    res = jixiao_load(cfg)
    assert res.exit_code == 1
    out = " ".join(res.output.split())
    assert "key_unique_not_null" in out and "dim_indicator: key (indicator_key) not unique" in out
    assert "unchanged" in out
    assert sha256(cfg.warehouse) == before
    assert "BLOCKED" in unpublished_report_of(cfg)
    assert report_of(cfg) == live_page  # the live warehouse's page is not overwritten by an unpublished load


def test_shrink_over_half_blocks_until_accepted(tmp_path):
    cfg = sample_tree(tmp_path, layouts=("grid",))
    assert jixiao_load(cfg).exit_code == 0
    before = sha256(cfg.warehouse)
    n_before = query(cfg, "SELECT count(*) AS n FROM fact_indicator")["n"][0]
    # every file still there, but its record now has one indicator row per form (an extractor regression)
    for stem, rec in gold_records().items():
        small = {"source": rec["source"], "forms": [dict(f, indicators=f["indicators"][:1]) for f in rec["forms"]]}
        put_doc(cfg.raw_dir, cfg.cache(), f"{stem}.grid.pdf", small, salt="shrunk")
    res = jixiao_load(cfg)
    assert res.exit_code == 1
    out = " ".join(res.output.split())
    assert "volume_guard" in out and f"from {n_before} published rows" in out and "--accept-shrink" in out
    assert sha256(cfg.warehouse) == before
    res = jixiao_load(cfg, "--accept-shrink")
    assert res.exit_code == 0, res.output
    assert sha256(cfg.warehouse) != before
    assert query(cfg, "SELECT count(*) AS n FROM fact_indicator")["n"][0] < n_before / 2


def test_implausible_numbers_and_dates_are_warnings_analysts_see(tmp_path):
    """Issue 10 item 5: 10^30 元, 1,000,000 % targets and a start date 50 years off publish with a dq_issue each."""
    cfg = sample_tree(tmp_path, layouts=())
    stem, rec = next(iter(gold_records().items()))
    rec = copy.deepcopy(rec)
    form = rec["forms"][0]
    form["budget"] = dict(form.get("budget") or {}, total=1e30)
    form["start_date"] = f"{(form.get('year') or 2021) - 50}-01-01"
    form["indicators"][0]["target"] = {"op": ">=", "value": 1_000_000.0, "unit": "%", "text": None}
    put_doc(cfg.raw_dir, cfg.cache(), "odd.pdf", rec)
    res = jixiao_load(cfg)
    assert res.exit_code == 0, res.output
    dq = query(cfg, "SELECT rule, severity, row_no, message FROM dq_issue WHERE rule LIKE '%implausible'")
    by_rule = {r["rule"]: r for r in dq.iter_rows(named=True)}
    assert set(by_rule) == {"amount_implausible", "percent_implausible", "date_implausible"}, dq
    assert all(r["severity"] == "warning" for r in by_rule.values())
    assert "1e+30 元" in by_rule["amount_implausible"]["message"]
    assert by_rule["percent_implausible"]["row_no"] == 1 and "1,000,000%" in by_rule["percent_implausible"]["message"]
    assert "50 years" not in by_rule["date_implausible"]["message"] and "fiscal year" in by_rule["date_implausible"]["message"]
    assert query(cfg, "SELECT count(*) AS n FROM fact_project_budget")["n"][0] == len(rec["forms"])  # published
    page = report_of(cfg)
    assert "<code>amount_implausible</code>" in page and "1 finding(s)" in page
