"""The small things of the command line: --version, -h, and clear errors for a missing file or a text file
named .pdf."""
from __future__ import annotations

from importlib.metadata import version

from typer.testing import CliRunner

from pipelines.cli import app

runner = CliRunner()


def test_version_and_short_help():
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0 and r.stdout.strip() == f"jixiao {version('jixiao')}"
    r = runner.invoke(app, ["-h"])
    assert r.exit_code == 0 and "query" in r.stdout and "export" in r.stdout
    r = runner.invoke(app, ["query", "-h"])
    assert r.exit_code == 0 and "--max-rows" in r.stdout


def test_extract_a_missing_file_says_it_does_not_exist(tmp_path):
    r = runner.invoke(app, ["extract", str(tmp_path / "missing.pdf")])
    assert r.exit_code == 2
    assert "missing.pdf: the file does not exist" in r.stderr and "data/raw" not in r.stderr


def test_extract_a_text_file_named_pdf_says_not_a_pdf(tmp_path):
    fake = tmp_path / "report.pdf"
    fake.write_text("这是一封信，不是表格。\nJust a letter.\n", encoding="utf-8")
    r = runner.invoke(app, ["extract", str(fake)])
    assert r.exit_code == 2 and "report.pdf: not a PDF" in r.stderr
