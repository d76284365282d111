"""Deduplication details: a form printed twice in one document, deterministic winners for equal content,
byte-identical copies in the summary, and the per-document limits given on the command line."""
from __future__ import annotations

import copy

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.ingest.inventory import RawFile
from pipelines.load import LoadConfig, run_load
from pipelines.transform.staging import resolve_duplicates, stage, stage_records
from warehouse_fixtures import gold_reader, gold_records, last_log, put_doc, read, sample_tree


def _record_with_repeat(change: bool) -> tuple[dict, dict]:
    """A gold record whose first form is printed again at the end (pages 3-4), changed or not."""
    rec = copy.deepcopy(next(iter(gold_records().values())))
    forms = rec["forms"]
    for i, f in enumerate(forms, start=1):
        f["page_start"] = f["page_end"] = i
    again = copy.deepcopy(forms[0])
    again["seq"] = len(forms) + 1
    again["page_start"], again["page_end"] = 90, 91
    if change:
        again["indicators"][0]["target_raw"] = (again["indicators"][0].get("target_raw") or "") + "（更正）"
    forms.append(again)
    return rec, again


@pytest.mark.parametrize("change", [False, True])
def test_form_printed_twice_in_one_document_is_published_once(tmp_path, change):
    cfg = sample_tree(tmp_path, layouts=())
    rec, again = _record_with_repeat(change)
    put_doc(cfg.raw_dir, cfg.cache(), "doc.pdf", rec, mtime=1_700_000_000)
    s = run_load(cfg)
    n_forms = len(rec["forms"])
    assert s.forms + s.forms_quarantined == n_forms - 1          # the repeat is not counted twice
    docs = read(cfg.warehouse, "SELECT form_seq, status, superseded_by, form_key FROM dim_document ORDER BY form_seq")
    assert docs.height == n_forms                                # provenance keeps both copies
    status = dict(zip(docs["form_seq"], docs["status"]))
    kept_seq, dropped_seq = (again["seq"], 1) if change else (1, again["seq"])
    assert status[dropped_seq] == "superseded" and status[kept_seq] != "superseded"
    keys = dict(zip(docs["form_seq"], docs["form_key"]))
    assert docs.filter(docs["form_seq"] == dropped_seq)["superseded_by"][0] == keys[kept_seq]
    n_rows = read(cfg.warehouse, "SELECT count(*) AS n FROM fact_indicator WHERE form_key IN (?, ?)",
                  [keys[1], keys[again["seq"]]])["n"][0]
    if status[kept_seq] == "published":
        assert n_rows == len(again["indicators"])
    dq = read(cfg.warehouse, "SELECT * FROM dq_issue WHERE rule = 'duplicate_form_in_document'")
    assert dq.height == 1 and dq["severity"][0] == "warning" and dq["form_key"][0] == keys[dropped_seq]
    msg = dq["message"][0]
    assert f"form {dropped_seq}" in msg and f"form {kept_seq}" in msg and "page 90" in msg
    assert ("different content" in msg) == change
    log = last_log(cfg.warehouse)["doc.pdf"]
    assert log["status"] in ("loaded", "unchanged") and log["forms_found"] == n_forms and "printed twice" in log["note"]
    page = s.report.read_text(encoding="utf-8")
    assert "<code>duplicate_form_in_document</code>" in page


def _doc(path: str, mtime: int, kind: str, target: str = "1次") -> tuple[RawFile, dict, str]:
    form = {"seq": 1, "form_type": "target", "year": 2024, "project_name": "项目甲", "department": None,
            "implementing_unit": "某单位", "budget": {}, "indicators": [
                {"level1": "产出指标", "level2": "数量指标", "level3": "x", "target_raw": target,
                 "target": {"op": None, "value": 1, "unit": "次", "text": None}}]}
    return RawFile(path, 10, mtime, f"sha-{path}", kind), {"source": path, "forms": [form]}, "v"


def _winner(*docs) -> str:
    forms, inds = stage_records(docs)
    kept, _, _ = resolve_duplicates(forms, [d[0] for d in docs], inds)
    assert kept.height == 1
    return kept["source_path"][0]


def test_equal_content_winner_ignores_sub_minute_mtime_noise():
    t = 1_700_000_000
    # same content, a clone spread over a second (or 30 s): the PDF wins over a newer text export, then the path
    assert _winner(_doc("a.txt", t + 1, "text"), _doc("a.pdf", t, "pdf")) == "a.pdf"
    assert _winner(_doc("z.pdf", t + 30, "pdf"), _doc("m.pdf", t, "pdf")) == "m.pdf"
    assert _winner(_doc("z.pdf", t, "pdf"), _doc("m.pdf", t + 30, "pdf")) == "m.pdf"
    # a meaningful mtime difference: newest wins even with equal content
    assert _winner(_doc("z.pdf", t + 120, "pdf"), _doc("m.pdf", t, "pdf")) == "z.pdf"
    # different content: the newest wins, even one second apart
    assert _winner(_doc("a.txt", t + 1, "text", "2次"), _doc("a.pdf", t, "pdf")) == "a.txt"


def test_staged_in_document_frame_names_both_copies():
    raw, rec, v = _doc("d.pdf", 1, "pdf")
    rec["forms"].append(dict(copy.deepcopy(rec["forms"][0]), seq=2))
    st = stage([(raw, rec, v)], [raw])
    assert st.forms.height == 1 and st.superseded.height == 1
    row = st.in_document.row(0, named=True)
    assert (row["form_seq"], row["kept_seq"], row["identical"]) == (2, 1, True)
    assert st.superseded["winner_path"][0] == "d.pdf"


def test_summary_counts_byte_identical_copies(tmp_path, monkeypatch):
    cfg = sample_tree(tmp_path, layouts=("grid",))
    first = next(cfg.raw_dir.glob("*.pdf"))
    (cfg.raw_dir / "copy").mkdir()
    (cfg.raw_dir / "copy" / first.name).write_bytes(first.read_bytes())
    s = run_load(cfg)
    assert s.duplicate == 1
    assert s.loaded + s.unchanged + s.failed + s.skipped + s.duplicate == s.files_total
    gold_reader(monkeypatch, cfg)  # --force re-extracts: the stand-in reader gives the cached gold records
    out = CliRunner().invoke(app, ["load", "--raw", str(cfg.raw_dir), "--warehouse", str(cfg.warehouse),
                                   "--cache", str(cfg.cache_dir), "--workers", "0", "--quiet", "--force"])
    assert out.exit_code == 0, out.output
    assert "1 duplicate" in out.output


def test_limit_options_override_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("JIXIAO_MAX_PAGES", "7")
    monkeypatch.setenv("JIXIAO_SECONDS", "9")
    lim = LoadConfig(raw_dir=tmp_path, max_pages=3, max_mb=0.5).limits()
    assert (lim.max_pages, lim.max_bytes, lim.seconds) == (3, 512 * 1024, 9.0)
    assert lim.root == str(tmp_path)


def test_load_command_limit_options(tmp_path, monkeypatch):
    help_text = CliRunner().invoke(app, ["load", "--help"], env={"COLUMNS": "200"}).output
    for opt in ("--max-pages", "--max-mb", "--seconds", "--workers"):
        assert opt in help_text
    cfg = sample_tree(tmp_path, layouts=())
    (cfg.raw_dir / "big.txt").write_text("绩效目标表\n" + "项目名称 测试\n" * 400, encoding="utf-8")
    args = ["load", "--raw", str(cfg.raw_dir), "--warehouse", str(cfg.warehouse), "--cache", str(cfg.cache_dir),
            "--workers", "0", "--quiet"]
    res = CliRunner().invoke(app, [*args, "--max-mb", "0.001"])
    assert "big.txt" in res.output and "limit per document" in res.output
    # the failure is cached with the limits it was measured against: a raised limit reads the file again
    again = CliRunner().invoke(app, [*args, "--max-mb", "1"])
    assert "limit per document" not in again.output and "up to date" not in again.output, again.output
    monkeypatch.setenv("JIXIAO_MAX_PAGES", "many")
    bad = CliRunner().invoke(app, args)
    assert bad.exit_code == 2 and "JIXIAO_MAX_PAGES" in bad.output


def test_progress_in_a_log_is_plain_lines(tmp_path):
    cfg = sample_tree(tmp_path, layouts=("grid",))
    res = CliRunner().invoke(app, ["load", "--raw", str(cfg.raw_dir), "--warehouse", str(cfg.warehouse),
                                   "--cache", str(cfg.cache_dir), "--workers", "0"])
    assert res.exit_code == 0, res.output
    assert "\x1b" not in res.output and "\r" not in res.output          # no terminal control characters
    lines = res.output.splitlines()
    n = len(gold_records())
    assert f"extract   {n}/{n}  {n} cached" in lines and any(x.startswith("publish   1/1") for x in lines)
    assert any(x.startswith("  files       ") and f"{n} unchanged" in x for x in lines)
