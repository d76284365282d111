"""How a load ends when the machine misbehaves (issue 10, also found): each way has its own exit code and one
sentence, and the live warehouse (with its validation page) is left as it was."""
from __future__ import annotations

import errno
import os
import signal
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.extract import batch
from pipelines.ingest import inventory
from pipelines.load import report_path, run_load, unpublished_report_path
from pipelines.warehouse import build
from warehouse_fixtures import gold_records, put_doc, sample_tree


def cli(cfg, *extra: str, raw: Path | None = None):
    return CliRunner().invoke(app, ["load", "--raw", str(raw or cfg.raw_dir), "--warehouse", str(cfg.warehouse),
                                    "--cache", str(cfg.cache_dir), "--workers", "0", "--quiet", *extra],
                              terminal_width=200)


def one_line(res) -> str:
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert len(lines) == 1, res.output
    return lines[0]


def leftovers(cfg) -> list[str]:
    return sorted(p.name for p in cfg.warehouse.parent.iterdir() if build.TMP_MARK in p.name)


@pytest.fixture
def published(tmp_path):
    cfg = sample_tree(tmp_path, layouts=("grid",))
    assert cli(cfg).exit_code == 0
    put_doc(cfg.raw_dir, cfg.cache(), "extra/new.pdf", next(iter(gold_records().values())), salt="new")
    return cfg


def test_load_help_lists_the_exit_codes():
    res = CliRunner().invoke(app, ["load", "--help"], terminal_width=200)
    out = " ".join(res.output.split())
    for words in ("0 published or up to date", "1 blocked by a rule", "2 bad usage", "3 busy", "4 I/O failure",
                  "130 interrupted"):
        assert words in out, words


def test_disk_full_is_one_sentence_and_the_live_warehouse_and_its_page_stay(published, monkeypatch):
    cfg = published
    before, page = cfg.warehouse.read_bytes(), report_path(cfg.warehouse).read_text(encoding="utf-8")
    real = build.write_new

    def full_disk(frames, path, *a, **k):
        real(frames, path, *a, **k)                      # the temp file is written, then the disk fills up
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(build, "write_new", full_disk)
    res = cli(cfg)
    assert res.exit_code == 4
    line = one_line(res)
    assert line.startswith("error: could not write the new warehouse") and "the disk is full" in line
    assert "unchanged" in line
    assert cfg.warehouse.read_bytes() == before
    assert report_path(cfg.warehouse).read_text(encoding="utf-8") == page
    assert unpublished_report_path(cfg.warehouse).exists()
    assert leftovers(cfg) == []


def test_full_cache_folder_is_one_sentence(published, monkeypatch):
    from pipelines.ingest.cache import RecordCache

    def full(self, entry):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(RecordCache, "put", full)
    monkeypatch.setattr(batch, "_default_extract", lambda path, limits: (_ for _ in ()).throw(
        __import__("pipelines.extract.record", fromlist=["ExtractionError"]).ExtractionError(path, "x", "not_a_form")))
    before = published.warehouse.read_bytes()
    res = cli(published, "--force")
    assert res.exit_code == 4 and "the disk is full" in one_line(res), res.output
    assert published.warehouse.read_bytes() == before


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_interrupt_is_one_line_and_a_clean_exit(published, monkeypatch, how):
    cfg = published
    before = cfg.warehouse.read_bytes()

    def interrupted(path, limits):
        if how == "sigterm":
            os.kill(os.getpid(), signal.SIGTERM)         # the handler of `jixiao load` turns it into a clean stop
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "_default_extract", interrupted)
    res = cli(cfg, "--force")  # (--force: every file is read, so the reader is reached)
    assert res.exit_code == 130
    assert one_line(res).startswith("error: interrupted: nothing was published")
    assert cfg.warehouse.read_bytes() == before and leftovers(cfg) == []
    assert signal.getsignal(signal.SIGTERM) is not None  # the previous handler is back


def test_brackets_in_paths_and_file_names_do_not_break_the_output(tmp_path):
    cfg = sample_tree(tmp_path / "x[" / "bold] [link=y]", layouts=("grid",))   # the path reads 'x[/bold] [link=y]'
    (cfg.raw_dir / "sub[").mkdir()
    (cfg.raw_dir / "sub[" / "red] bad.pdf").write_bytes(b"")                   # 'sub[/red] bad.pdf', 0 bytes
    res = cli(cfg)
    assert res.exit_code == 0, res.output
    assert "sub[/red] bad.pdf" in res.output and "x[/bold] [link=y]" in res.output


def test_a_symlinked_warehouse_keeps_its_link(tmp_path):
    cfg = sample_tree(tmp_path, layouts=("grid",))
    real = tmp_path / "store" / "wh-2024.duckdb"
    real.parent.mkdir()
    cfg.warehouse.parent.mkdir(parents=True, exist_ok=True)
    cfg.warehouse.symlink_to(real)
    assert run_load(cfg).published
    assert cfg.warehouse.is_symlink() and real.is_file()
    con = duckdb.connect(str(cfg.warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM fact_indicator").fetchone()[0] > 0
    con.close()
    (cfg.raw_dir / next(iter(gold_records())).__add__(".grid.pdf")).unlink()
    assert run_load(cfg).published
    assert cfg.warehouse.is_symlink() and os.readlink(cfg.warehouse) == str(real)


def test_a_file_over_the_size_limit_is_not_hashed(tmp_path, monkeypatch):
    cfg = sample_tree(tmp_path, layouts=("grid",))
    big = cfg.raw_dir / "huge.pdf"
    with open(big, "wb") as fh:                          # sparse: 3 MiB that take no disk
        fh.truncate(3 * 2**20)
    hashed: list[str] = []
    real = inventory.sha256_file
    monkeypatch.setattr(inventory, "sha256_file", lambda p, *a, **k: hashed.append(Path(p).name) or real(p, *a, **k))
    cfg.max_mb = 1
    s = run_load(cfg)
    assert s.published and "huge.pdf" not in hashed and hashed
    assert any(p == "huge.pdf" and "over the 1 MiB limit" in e for p, e in s.failures)
