"""The analysts' HTML report, its headless-Chromium check, and the data dictionary."""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from analyst_warehouse import sample_warehouse, synthetic_warehouse
from pipelines.cli import app
from pipelines.report import browser, dictionary
from pipelines.report.html import build_report

runner = CliRunner()
CHART_KEYS = ["budget-execution", "funds-requested", "targets-met", "score-distribution", "dq-findings"]
# what the page shows: per chart, its bars and whether it drew anything; rows per table
PROBE = """(() => {
  const charts = {};
  document.querySelectorAll('figure.chart').forEach(f => {
    const svg = f.querySelector('svg'); const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
    charts[f.dataset.chart] = {bars: f.querySelectorAll('rect.bar').length, width: box.width, height: box.height,
                               empty: svg ? svg.classList.contains('empty') : true};
  });
  const tables = {};
  document.querySelectorAll('table.data').forEach(t => { tables[t.dataset.table] = t.tBodies[0].rows.length; });
  const th = document.querySelector('table[data-table="self-evaluations"] th:nth-child(7)');
  th.click(); th.click();  // execution rate, descending
  const first = document.querySelector('table[data-table="self-evaluations"] tbody tr td:nth-child(7)').textContent;
  // filter by district without leaving the page
  const area = document.getElementById('filter-area'); area.value = '甲区'; area.dispatchEvent(new Event('change'));
  const visible = {};
  document.querySelectorAll('table.data').forEach(t => {
    visible[t.dataset.table] = Array.from(t.tBodies[0].rows).filter(r => getComputedStyle(r).display !== 'none').length;
  });
  const year = document.getElementById('filter-year'); year.value = '2023'; year.dispatchEvent(new Event('change'));
  const both = Array.from(document.querySelectorAll('table[data-table="self-evaluations"] tbody tr'))
    .filter(r => getComputedStyle(r).display !== 'none').length;
  return {charts, tables, first_rate_after_sort: first, title: document.title, visible_甲区: visible,
          visible_甲区_2023: both, location: location.href};
})()"""


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    return synthetic_warehouse(tmp_path_factory.mktemp("synthetic"))


@pytest.fixture(scope="module")
def page(synthetic, tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    con = duckdb.connect(str(synthetic), read_only=True)
    try:
        return build_report(con, root / "out", root / "raw", "synthetic.duckdb")
    finally:
        con.close()


def test_page_has_every_chart_and_table(page):
    html = page.read_text(encoding="utf-8")
    for key in CHART_KEYS:
        assert f'data-chart="{key}"' in html
    assert html.count("<svg") == len(CHART_KEYS)
    # budget execution: 3 district-years x 2 series; targets: 3 categories with 1-2 non-empty segments each
    budget = html.split('data-chart="budget-execution"')[1].split("</figure>")[0]
    assert budget.count("class='bar'") == 6 and "92%" in budget and "甲区 2024" in budget
    assert re.search(r'data-table="self-evaluations".*?</table>', html, re.S).group(0).count("<tr") == 5  # header + 4
    assert re.search(r'data-table="unmet-targets".*?</table>', html, re.S).group(0).count("<tr") == 3


def test_numbers_link_to_their_source_page(page):
    html = page.read_text(encoding="utf-8")
    # the 80% execution of 甲区网络安全 was read from page 3 of a_2024_self.pdf, relative to the report folder
    assert '<a href="../raw/a_2024_self.pdf#page=3">80%</a>' in html
    assert '<a href="../raw/city_2023.pdf#page=2">1,000,000</a>' in html


def test_headings_are_chinese_first_then_english(page):
    html = page.read_text(encoding="utf-8")
    heads = re.findall(r"<h[123][^>]*>(.*?)</h[123]>", html, re.S)
    assert len(heads) >= 10
    for h in heads:
        text = re.sub(r"<[^>]+>", "", h).strip()
        assert re.match(r"[\u4e00-\u9fff]", text), text                    # 中文 first
        assert re.search(r"[A-Za-z]{3,}", text), text                       # English after
    assert "<th>年度 year</th>" in html and "<li><b>" in html and "项目 projects" in html


def test_print_styles_and_in_page_filters(page):
    html = page.read_text(encoding="utf-8")
    assert "@media print" in html and re.search(r"@media print \{[^@]*nav, \.filters", html)
    assert 'id="filter-year"' in html and '<option value="2023">2023</option>' in html
    assert '<option value="甲区">甲区</option>' in html and '<option value="乙区">乙区</option>' in html
    # every row of the year/area tables says its year and area; the script filters them in place (no request)
    body = re.search(r'data-table="self-evaluations".*?</table>', html, re.S).group(0)
    assert body.count('data-year="') == 4 and 'data-year="2023" data-area="甲区"' in body
    script = html.split("<script>")[1]
    assert "filter-year" in script and "fetch(" not in script and "XMLHttpRequest" not in script


def test_single_file_to_email_links_sources_at_a_base_url_or_next_to_it(synthetic, tmp_path):
    r = runner.invoke(app, ["report", "-w", str(synthetic), "--single-file", str(tmp_path / "mail" / "绩效.html"),
                            "--source-base", "https://example.org/jixiao/raw/"])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in (tmp_path / "mail").iterdir()) == ["绩效.html"]     # one file, nothing beside it
    html = (tmp_path / "mail" / "绩效.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/jixiao/raw/a_2024_self.pdf#page=3">80%</a>' in html
    assert "../raw/" not in html and "<link" not in html and "<script src" not in html
    r = runner.invoke(app, ["report", "-w", str(synthetic), "--single-file", str(tmp_path / "pub" / "r.html"),
                            "--source-base", "."])
    assert r.exit_code == 0, r.output
    html = (tmp_path / "pub" / "r.html").read_text(encoding="utf-8")
    assert '<a href="a_2024_self.pdf#page=3">80%</a>' in html                # PDFs published next to it


def test_page_needs_no_network(page):
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<link" not in html and "@import" not in html and "url(" not in html


def test_report_on_the_sample_pdfs(tmp_path_factory, tmp_path):
    wh = sample_warehouse(tmp_path_factory)
    con = duckdb.connect(str(wh), read_only=True)
    try:
        html = build_report(con, tmp_path / "out", wh.parent / "raw").read_text(encoding="utf-8")
    finally:
        con.close()
    tables = {key: re.search(rf'data-table="{key}".*?</table>', html, re.S) for key in
              ("self-evaluations", "target-forms", "unmet-targets")}
    assert tables["self-evaluations"].group(0).count("<tr") == 1 + 17
    assert tables["target-forms"].group(0).count("<tr") == 1 + 26
    assert tables["unmet-targets"] is None and "未达成指标 Targets missed <span class=\"meta\" data-total=\"0\">0 行 rows" in html
    assert "闵行区 2024" in html and "99.93%" in html  # the budget-execution chart's pooled rate
    # the lowest execution (99.5%) is the first form of the 2024 self-evaluation file, page 1
    assert re.search(r'<a href="[^"]*/002_da716e0b91d770b9\.grid\.pdf#page=1">99\.5%</a>', html)
    hrefs = set(re.findall(r'<a href="([^"#]+\.pdf)#page=\d+">', html))
    assert len(hrefs) == 4 and all((tmp_path / "out" / h).resolve().is_file() for h in hrefs)  # links open the PDFs
    files = re.search(r'data-table="files".*?</table>', html, re.S).group(0)
    assert files.count("<tr>") == 1 + 4 and files.count("<td>loaded</td>") == 4


def test_empty_warehouse_still_renders_every_chart(tmp_path):
    con = duckdb.connect()
    from analyst_warehouse import ROOT, run_sql_dir

    run_sql_dir(con, ROOT / "sql" / "ddl")
    run_sql_dir(con, ROOT / "sql" / "views")
    html = build_report(con, tmp_path, tmp_path).read_text(encoding="utf-8")
    assert html.count("<svg") == len(CHART_KEYS) and "no self-evaluations in the warehouse" in html


def test_report_command(synthetic, tmp_path):
    r = runner.invoke(app, ["report", "--warehouse", str(synthetic), "--out", str(tmp_path / "r")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "r" / "index.html").stat().st_size > 5000
    r = runner.invoke(app, ["report", "--warehouse", str(tmp_path / "missing.duckdb"), "--out", str(tmp_path)])
    assert r.exit_code == 1 and "no warehouse there" in r.stderr


needs_chromium = pytest.mark.skipif(browser.find_chromium() is None,
                                    reason="needs headless Chromium: `make browser` (apt-get install chromium)")


@pytest.mark.browser
@needs_chromium
def test_report_in_headless_chromium(page, tmp_path):
    shot = tmp_path / "report.png"
    result = browser.check_page(page, probe=PROBE, screenshot=shot)
    assert result.console_errors == []
    facts = result.facts
    assert facts["title"].startswith("Jixiao")
    assert set(facts["charts"]) == set(CHART_KEYS)
    for key, chart in facts["charts"].items():
        assert chart["width"] > 300 and chart["height"] > 50 and not chart["empty"], key
        assert chart["bars"] > 0, key
    assert facts["tables"] == {"self-evaluations": 4, "unmet-targets": 2, "target-forms": 2, "dq-issues": 2,
                               "files": 5}
    assert facts["first_rate_after_sort"] == "100%"  # the sort script ran
    # 甲区: self-evaluations f2, f3, f6 (2024, 2024, 2023); unmet: f3 only; target forms: f1; files are not filtered
    assert facts["visible_甲区"] == {"self-evaluations": 3, "unmet-targets": 1, "target-forms": 1, "dq-issues": 1,
                                    "files": 5}
    assert facts["visible_甲区_2023"] == 1 and facts["location"].endswith(page.name)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20000


@pytest.mark.browser
@needs_chromium
def test_browser_check_catches_console_errors_and_failed_loads(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><img src='missing.png'><script>console.error('boom'); undefinedFn();</script>"
                   "</body></html>")
    errors = browser.check_page(bad).console_errors
    assert any("boom" in e for e in errors)
    assert any("undefinedFn" in e for e in errors)
    assert any("missing.png" in e for e in errors)


def test_data_dictionary_documents_every_table_view_and_column(tmp_path):
    out = dictionary.main(["--out", str(tmp_path / "dd.md")])
    text = out.read_text(encoding="utf-8")
    con = dictionary.schema_connection()
    rels = dictionary.catalog(con)
    names = {r.name for r in rels}
    assert {"fact_indicator", "dim_unit", "dq_issue", "v_indicator", "v_unmet_target", "v_project_history"} <= names
    for r in rels:
        assert f"### {r.name}" in text
        assert r.comment, f"{r.name} has no COMMENT"
        if r.kind == "table":
            assert all(c.comment for c in r.columns), f"{r.name}: a column has no COMMENT"
    assert "```mermaid\nerDiagram" in text and "dim_unit ||--o{ fact_indicator" in text
    assert "| `points_lost` | DECIMAL(18,2) | 失分" in text


def test_committed_dictionary_lists_every_view(tmp_path):
    committed = (Path(dictionary.ROOT) / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    con = dictionary.schema_connection()
    for r in dictionary.catalog(con):
        if r.kind == "view":
            assert f"### {r.name}" in committed, f"docs/data-dictionary.md lacks {r.name}: regenerate it"


@pytest.mark.browser
@needs_chromium
def test_sample_report_in_headless_chromium(tmp_path_factory, tmp_path):
    wh = sample_warehouse(tmp_path_factory)
    con = duckdb.connect(str(wh), read_only=True)
    try:
        page = build_report(con, tmp_path, wh.parent / "raw")
    finally:
        con.close()
    result = browser.check_page(page, probe=PROBE)
    assert result.console_errors == []
    charts = result.facts["charts"]
    # the sample: 1 district-year of execution (2 bars), 3 area-years of requests (5 bars: 2020 prints no
    # fiscal split), 4 categories all met, 17 scores in one band, and no data-quality findings
    assert {k: v["bars"] for k, v in charts.items()} == {
        "budget-execution": 2, "funds-requested": 5, "targets-met": 4, "score-distribution": 1, "dq-findings": 0}
    assert charts["dq-findings"]["empty"] and not charts["score-distribution"]["empty"]
    assert result.facts["tables"] == {"self-evaluations": 17, "target-forms": 26, "files": 4}
