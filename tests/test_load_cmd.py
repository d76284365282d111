"""`jixiao load`: summary on success, non-zero exits naming the rule when the gate blocks, or when busy."""
from __future__ import annotations

from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.warehouse.lock import writer_lock
from warehouse_fixtures import gold_records, put_doc, sample_tree


def _args(cfg, *extra: str) -> list[str]:
    return ["load", "--raw", str(cfg.raw_dir), "--warehouse", str(cfg.warehouse), "--cache", str(cfg.cache_dir),
            "--workers", "0", *extra]


def test_load_command_summary_block_and_busy(tmp_path):
    cfg = sample_tree(tmp_path, layouts=("grid", "dense"))
    (cfg.raw_dir / "broken.pdf").write_bytes(b"")
    runner = CliRunner()
    ok = runner.invoke(app, _args(cfg))
    assert ok.exit_code == 0, ok.output
    n = len(gold_records())
    assert f"{2 * n + 1}: " in ok.output and "1 failed" in ok.output and f"{n} skipped" in ok.output
    assert "broken.pdf" in ok.output and "indicators" in ok.output
    assert cfg.warehouse.exists()

    again = runner.invoke(app, _args(cfg, "--quiet"))
    assert again.exit_code == 0 and "up to date" in again.output

    for stem, rec in gold_records().items():  # every document re-published with one row per form
        small = {"source": rec["source"], "forms": [dict(f, indicators=f["indicators"][:1]) for f in rec["forms"]]}
        for lay in ("grid", "dense"):
            put_doc(cfg.raw_dir, cfg.cache(), f"{stem}.{lay}.pdf", small, salt="shrunk", mtime=1_700_000_000)
    before = cfg.warehouse.stat().st_mtime_ns
    blocked = runner.invoke(app, _args(cfg, "--quiet"))
    assert blocked.exit_code == 1, blocked.output
    assert "volume_guard" in blocked.output and "not published" in blocked.output
    assert cfg.warehouse.stat().st_mtime_ns == before

    with writer_lock(cfg.warehouse):
        busy = runner.invoke(app, _args(cfg, "--quiet", "--accept-shrink"))
    assert busy.exit_code == 3 and "another load is writing" in busy.output

    accepted = runner.invoke(app, _args(cfg, "--quiet", "--accept-shrink"))
    assert accepted.exit_code == 0, accepted.output


def test_missing_raw_folder_is_a_usage_error(tmp_path):
    res = CliRunner().invoke(app, ["load", "--raw", str(tmp_path / "nope"), "--warehouse",
                                   str(tmp_path / "w.duckdb"), "--quiet"])
    assert res.exit_code == 2 and "does not exist" in res.output
