"""The analysts' report: one static HTML page (no network, no CDN) built from the warehouse views.

    jixiao report [--out DIR] [--warehouse FILE] [--raw DIR]

Charts are inline SVG (pipelines/report/charts.py); tables link every number to the page of the
source file it was read from (relative links into the raw folder, `#page=N` for PDFs).
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from pipelines.report import charts
from pipelines.report.charts import PALETTE, Series, fmt_number

# score bands: the grade thresholds (差 <60, 中 60–80, 良 80–90, 优 ≥90), refined near the top where self-evaluations sit
SCORE_BINS = [(0, 60), (60, 70), (70, 80), (80, 90), (90, 95), (95, 98), (98, 99), (99, 100)]
SCORE_LABELS = ["<60", "60–70", "70–80", "80–90", "90–95", "95–98", "98–99", "99–100"]


@dataclass
class Chart:
    key: str
    title: str
    caption: str
    svg: str


@dataclass
class Table:
    key: str
    title: str
    caption: str
    columns: list[str]
    numeric: set[int]
    rows: list[list[tuple[str, str | None]]]  # (text, href) per cell
    total: int = 0
    keys: list[tuple[str, str]] = field(default_factory=list)  # (year, area) per row for the filter; '' = any


@dataclass
class Report:
    generated_at: str
    warehouse: str
    summary: list[tuple[str, str]]
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


def _dicts(con, sql: str, params: list | None = None) -> list[dict]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


class SourceLinks:
    """Where a source file (and page) is linked from the report.

    Default: a relative link from the report folder into the raw folder. With `base` (jixiao report
    --source-base): the source path under that base instead — '' or '.' for PDFs published next to the
    page (same folders as in the raw folder), or a URL such as https://example.org/jixiao/raw/ — so a single
    e-mailed file still opens the sources.
    """

    def __init__(self, raw_dir: Path, out_dir: Path, base: str | None = None):
        self.raw_dir, self.out_dir = Path(raw_dir).resolve(), Path(out_dir).resolve()
        self.base = None if base is None else ("" if base in ("", ".", "./") else base.rstrip("/") + "/")

    def href(self, source_path: str | None, page: int | None = None) -> str | None:
        if not source_path:
            return None
        if self.base is None:
            rel = os.path.relpath(self.raw_dir / source_path, self.out_dir).replace(os.sep, "/")
        else:
            rel = self.base + quote(source_path.replace(os.sep, "/"), safe="/")
        return rel + (f"#page={page}" if page and source_path.lower().endswith(".pdf") else "")

    @staticmethod
    def label(source_path: str | None, page: int | None = None) -> str:
        if not source_path:
            return "–"
        return Path(source_path).name + (f" p.{page}" if page else "")


def _wan(v) -> float | None:
    """元 (DECIMAL) → 万元 as a float, for drawing only (tables print the exact amounts)."""
    return None if v is None else float(v) / 10000


def _n_projects(n: int) -> str:
    return f"{n} project" + ("" if n == 1 else "s")


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{v:.2f}".rstrip("0").rstrip(".") + "%"


def collect(con, links: SourceLinks, warehouse: str = "") -> Report:
    """Query the views and shape every chart and table of the page."""
    one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    summary = [
        ("来源文件 source files", fmt_number(one("SELECT count(DISTINCT source_path) FROM v_form"))),
        ("表单 forms", fmt_number(one("SELECT count(*) FROM v_form"))),
        ("绩效目标表 target forms", fmt_number(one("SELECT count(*) FROM v_form WHERE form_type = 'target'"))),
        ("绩效自评表 self-evaluations", fmt_number(one("SELECT count(*) FROM v_form WHERE form_type = 'self_evaluation'"))),
        ("项目 projects", fmt_number(one("SELECT count(DISTINCT project_key) FROM v_form"))),
        ("单位 units", fmt_number(one("SELECT count(DISTINCT unit_key) FROM v_form"))),
        ("指标行 indicator rows", fmt_number(one("SELECT count(*) FROM v_indicator"))),
        ("年度 fiscal years", one("SELECT coalesce(string_agg(DISTINCT fiscal_year::VARCHAR, ', ' ORDER BY fiscal_year::VARCHAR), '–') FROM v_form")),
        ("地区 areas", one("SELECT coalesce(string_agg(DISTINCT area, ', ' ORDER BY area), '–') FROM v_form")),
        ("数据质量问题 data-quality findings", fmt_number(one("SELECT count(*) FROM dq_issue"))),
    ]
    rep = Report(generated_at=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                 warehouse=warehouse, summary=summary)
    rep.charts = [_budget_chart(con), _requested_chart(con), _targets_chart(con), _score_chart(con), _dq_chart(con)]
    rep.tables = [_self_eval_table(con, links), _unmet_table(con, links), _target_table(con, links),
                  _dq_table(con, links), _files_table(con, links)]
    return rep


def _budget_chart(con) -> Chart:
    rows = _dicts(con, """SELECT area, fiscal_year, full_year_budget_yuan, executed_yuan, execution_rate_pct, n_projects
                          FROM v_budget_execution ORDER BY fiscal_year, area""")
    svg = charts.hbar_chart(
        "budget execution", [(f"{r['area'] or '?'} {r['fiscal_year']}", [_wan(r["full_year_budget_yuan"]),
                                                                         _wan(r["executed_yuan"])]) for r in rows],
        [Series("全年预算数 full-year budget", PALETTE[0]), Series("全年执行数 executed", PALETTE[1])], unit="万",
        value_labels=[f"{_pct(r['execution_rate_pct'])} · {_n_projects(r['n_projects'])}" for r in rows],
        empty_message="no self-evaluations in the warehouse")
    return Chart("budget-execution", "预算执行 Budget execution by district and year (万元)",
                 "Self-evaluated projects: full-year budget next to the amount executed; the label is the pooled "
                 "execution rate (v_budget_execution).", svg)


def _requested_chart(con) -> Chart:
    rows = _dicts(con, """SELECT area, fiscal_year, sum(fiscal_yuan) AS fiscal, sum(annual_total_yuan) AS annual,
                                 count(*) AS n
                          FROM v_form WHERE form_type = 'target' GROUP BY ALL ORDER BY fiscal_year, area""")
    svg = charts.hbar_chart(
        "funds requested", [(f"{r['area'] or '?'} {r['fiscal_year']}", [_wan(r["annual"]), _wan(r["fiscal"])])
                            for r in rows],
        [Series("年度资金申请总额 annual total", PALETTE[3]), Series("财政资金 fiscal", PALETTE[5])], unit="万",
        value_labels=[_n_projects(r["n"]) for r in rows], empty_message="no target forms in the warehouse")
    return Chart("funds-requested", "申请资金 Funds requested on target forms by area and year (万元)",
                 "Target forms (绩效目标表): the year's total request and its fiscal part (v_form).", svg)


def _targets_chart(con) -> Chart:
    rows = _dicts(con, """SELECT coalesce(level1_std, level1, '?') AS category, any_value(level1_en) AS en,
                                 count(*) FILTER (WHERE achieved) AS met,
                                 count(*) FILTER (WHERE NOT achieved) AS missed,
                                 count(*) FILTER (WHERE achieved IS NULL) AS undecided
                          FROM v_indicator WHERE form_type = 'self_evaluation'
                          GROUP BY 1 ORDER BY met + missed + undecided DESC, 1""")
    svg = charts.hbar_chart(
        "targets met vs missed", [(r["category"] + (f" ({r['en']})" if r["en"] else ""),
                                   [r["met"], r["missed"], r["undecided"]]) for r in rows],
        [Series("met 达成", PALETTE[3]), Series("missed 未达成", PALETTE[6]), Series("undecided 无法判断", PALETTE[2])],
        stacked=True, value_labels=[f"{r['met']} / {r['missed']} / {r['undecided']}" for r in rows],
        empty_message="no self-evaluation indicators in the warehouse")
    return Chart("targets-met", "指标达成 Targets met vs missed by indicator category",
                 "Self-evaluation indicator rows by standard level-1 category: met / missed / undecided "
                 "(achieved is null when target and actual cannot be compared).", svg)


def _score_chart(con) -> Chart:
    scores = [float(r[0]) for r in con.execute(
        "SELECT total_score FROM v_form WHERE form_type = 'self_evaluation' AND total_score IS NOT NULL").fetchall()]
    svg = charts.histogram("score distribution", scores, bins=SCORE_BINS, labels=SCORE_LABELS,
                           x_label="total self-evaluation score (grade bands: 差 <60, 中 60–80, 良 80–90, 优 ≥90)",
                           empty_message="no scored self-evaluations in the warehouse")
    return Chart("score-distribution", "自评得分分布 Distribution of self-evaluation scores",
                 f"{len(scores)} self-evaluations with a total score; bands follow the grade thresholds and are "
                 f"finer near 100, where self-evaluations cluster.", svg)


def _dq_chart(con) -> Chart:
    rows = _dicts(con, """SELECT rule, count(*) FILTER (WHERE severity = 'error') AS errors,
                                 count(*) FILTER (WHERE severity <> 'error') AS warnings
                          FROM dq_issue GROUP BY rule ORDER BY errors + warnings DESC, rule""")
    svg = charts.hbar_chart(
        "data-quality findings", [(r["rule"], [r["errors"], r["warnings"]]) for r in rows],
        [Series("error (quarantined)", PALETTE[6]), Series("warning", PALETTE[4])], stacked=True,
        value_labels=[str(r["errors"] + r["warnings"]) for r in rows], label_width=300,
        empty_message="no data-quality findings: every rule passed")
    return Chart("dq-findings", "数据质量问题 Data-quality findings by rule",
                 "Rows of dq_issue: errors kept a form out of the facts, warnings were published for review.", svg)


def _cell(text, href=None) -> tuple[str, str | None]:
    return ("–" if text is None or text == "" else str(text), href)


def _self_eval_table(con, links: SourceLinks) -> Table:
    rows = _dicts(con, """SELECT * FROM v_form WHERE form_type = 'self_evaluation'
                          ORDER BY fiscal_year DESC, area, execution_rate_pct NULLS FIRST, project_name""")
    out = []
    for r in rows:
        h = links.href(r["source_path"], r["page_start"])
        out.append([_cell(r["fiscal_year"]), _cell(r["area"]), _cell(r["unit_name"]), _cell(r["project_name"]),
                    _cell(fmt_number(r["full_year_budget_yuan"]), h), _cell(fmt_number(r["executed_yuan"]), h),
                    _cell(_pct(r["execution_rate_pct"]), h), _cell(fmt_number(r["total_score"]), h),
                    _cell(r["grade"], h), _cell(f"{r['n_met']} / {r['n_missed']} / {r['n_indicators']}", h),
                    _cell(links.label(r["source_path"], r["page_start"]), h)])
    keys = [(str(r["fiscal_year"] or ""), r["area"] or "") for r in rows]
    return Table("self-evaluations", "绩效自评表 Self-evaluations",
                 "One row per self-evaluated project and year; lowest execution first. Every number links to the "
                 "page of the PDF it was read from.",
                 ["年度 year", "地区 area", "单位 unit", "项目 project", "全年预算数 full-year budget (元)", "全年执行数 executed (元)",
                  "执行率 execution rate", "得分 score", "等级 grade", "达成/未达成/指标 met / missed / rows", "来源 source"], {0, 4, 5, 6, 7}, out, len(out), keys)


def _unmet_table(con, links: SourceLinks) -> Table:
    rows = _dicts(con, "SELECT * FROM v_unmet_target ORDER BY fiscal_year DESC, area, project_name, row_no")
    out = []
    for r in rows:
        h = links.href(r["source_path"], r["page_start"])
        out.append([_cell(r["fiscal_year"]), _cell(r["area"]), _cell(r["project_name"]),
                    _cell(" / ".join(x for x in (r["level1"], r["level2"], r["level3"]) if x)),
                    _cell(r["target_raw"], h), _cell(r["actual_raw"], h),
                    _cell(fmt_number(r["shortfall"]) if r["shortfall"] is not None else None, h),
                    _cell(fmt_number(r["points_lost"]) if r["points_lost"] is not None else None, h),
                    _cell(r["note"]), _cell(links.label(r["source_path"], r["page_start"]), h)])
    keys = [(str(r["fiscal_year"] or ""), r["area"] or "") for r in rows]
    return Table("unmet-targets", "未达成指标 Targets missed",
                 "Self-evaluation indicator rows whose actual value misses the target (v_unmet_target).",
                 ["年度 year", "地区 area", "项目 project", "指标 indicator", "目标值 target", "实际值 actual", "差距 shortfall",
                  "失分 points lost", "原因 reason given", "来源 source"], {0, 6, 7}, out, len(out), keys)


def _target_table(con, links: SourceLinks) -> Table:
    rows = _dicts(con, """SELECT * FROM v_form WHERE form_type = 'target'
                          ORDER BY fiscal_year DESC, area, annual_total_yuan DESC NULLS LAST, project_name""")
    out = []
    for r in rows:
        h = links.href(r["source_path"], r["page_start"])
        out.append([_cell(r["fiscal_year"]), _cell(r["area"]), _cell(r["unit_name"]), _cell(r["project_name"]),
                    _cell(fmt_number(r["annual_total_yuan"]), h), _cell(fmt_number(r["fiscal_yuan"]), h),
                    _cell(r["n_indicators"], h), _cell(links.label(r["source_path"], r["page_start"]), h)])
    keys = [(str(r["fiscal_year"] or ""), r["area"] or "") for r in rows]
    return Table("target-forms", "绩效目标表 Target forms",
                 "One row per project and year with a published target form; largest request first.",
                 ["年度 year", "地区 area", "单位 unit", "项目 project", "年度资金总额 annual total (元)", "财政资金 fiscal (元)",
                  "指标数 indicators", "来源 source"],
                 {0, 4, 5, 6}, out, len(out), keys)


def _dq_table(con, links: SourceLinks) -> Table:
    rows = _dicts(con, """SELECT * FROM v_dq_issue ORDER BY severity, rule, source_path, row_no NULLS FIRST""")
    out = []
    for r in rows:
        h = links.href(r["source_path"], r["page_start"])
        out.append([_cell(r["severity"]), _cell(r["rule"]), _cell(r["message"]), _cell(r["project_name"]),
                    _cell(r["row_no"], h), _cell(links.label(r["source_path"], r["page_start"]), h)])
    keys = [(str(r["fiscal_year"] or ""), r["area"] or "") for r in rows]
    return Table("dq-issues", "数据质量问题 Data-quality findings (dq_issue)",
                 "Every finding of the quality gate for this load.",
                 ["严重程度 severity", "规则 rule", "说明 message", "项目 project", "行 row", "来源 source"], {4}, out, len(out), keys)


def _files_table(con, links: SourceLinks) -> Table:
    rows = _dicts(con, """SELECT path, status, forms_found, forms_published, coalesce(error, note) AS remark
                          FROM load_log WHERE load_id = (SELECT max(load_id) FROM load_log)
                          ORDER BY status <> 'failed', path""")
    out = [[_cell(r["path"], links.href(r["path"])), _cell(r["status"]), _cell(r["forms_found"]),
            _cell(r["forms_published"]), _cell(r["remark"])] for r in rows]
    return Table("files", "加载文件 Files of the last load (load_log)",
                 "Every input file of the load that built this warehouse: failed files first, with the reason.",
                 ["文件 file", "状态 status", "表单数 forms found", "发布数 forms published", "错误/备注 error / note"], {2, 3}, out, len(out))


PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Jixiao 绩效 — 绩效数据报告 warehouse report</title>
<style>
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       margin: 0 auto; max-width: 1200px; padding: 16px 24px; color: #222; }
h1 { margin-bottom: 4px; } h2 { margin-top: 36px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.meta { color: #666; font-size: 13px; }
.summary { display: flex; flex-wrap: wrap; gap: 8px; margin: 16px 0; padding: 0; }
.summary li { list-style: none; background: #f4f6fa; border-radius: 6px; padding: 8px 12px; font-size: 13px; }
.summary b { display: block; font-size: 18px; }
figure.chart { margin: 18px 0; } figcaption { color: #555; font-size: 13px; margin-bottom: 6px; }
figure.chart h3 { margin: 0 0 4px; }
table { border-collapse: collapse; font-size: 12.5px; width: 100%; }
th, td { border-bottom: 1px solid #e5e5e5; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f4f6fa; cursor: pointer; position: sticky; top: 0; }
table.data td:nth-child(-n+2) { white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td a { color: #1f4e9c; text-decoration: none; } td a:hover { text-decoration: underline; }
nav a { margin-right: 14px; font-size: 14px; }
.empty { color: #666; font-style: italic; }
.filters { position: sticky; top: 0; z-index: 2; background: #fff; padding: 8px 0; border-bottom: 1px solid #eee;
           font-size: 14px; }
.filters select { margin: 0 12px 0 4px; font-size: 14px; }
.filters .count { color: #666; }
tr.hidden { display: none; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav, .filters, .noprint { display: none; }
  th { position: static; background: #eee; cursor: default; }
  table { font-size: 8.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr, figure.chart { break-inside: avoid; page-break-inside: avoid; }
  td a { color: inherit; }
  svg { max-width: 100%; height: auto; }
}
</style>
</head>
<body>
<h1>绩效数据报告 Jixiao warehouse report</h1>
<p class="meta">生成于 Generated {{ rep.generated_at }} from <code>{{ rep.warehouse }}</code>. 离线可用 Works offline:
no scripts or fonts are fetched. 点击数字打开来源页 Click a number to open the source page; 点击表头排序 click a column
header to sort.</p>
<nav>{% for c in rep.charts %}<a href="#{{ c.key }}">{{ c.title.split(' ')[0] }}</a>{% endfor %}
{% for t in rep.tables %}<a href="#{{ t.key }}">{{ t.title.split(' ')[0] }}</a>{% endfor %}</nav>
<ul class="summary">{% for k, v in rep.summary %}<li><b>{{ v }}</b>{{ k }}</li>{% endfor %}</ul>

<div class="filters" id="filters">
<label>年度 Year<select id="filter-year"><option value="">全部 all</option>
{% for y in years %}<option value="{{ y }}">{{ y }}</option>{% endfor %}</select></label>
<label>地区 District<select id="filter-area"><option value="">全部 all</option>
{% for a in areas %}<option value="{{ a }}">{{ a }}</option>{% endfor %}</select></label>
<span class="count" id="filter-count">筛选表格 Filters the tables below</span>
</div>

<h2>图表 Charts</h2>
{% for c in rep.charts %}
<figure class="chart" id="{{ c.key }}" data-chart="{{ c.key }}">
<h3>{{ c.title }}</h3>
<figcaption>{{ c.caption }}</figcaption>
{{ c.svg | safe }}
</figure>
{% endfor %}

{% for t in rep.tables %}
<h2 id="{{ t.key }}">{{ t.title }} <span class="meta" data-total="{{ t.total }}">{{ t.total }} 行 rows</span></h2>
<p class="meta">{{ t.caption }}</p>
{% if t.rows %}
<table class="data" data-table="{{ t.key }}">
<thead><tr>{% for c in t.columns %}<th>{{ c }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in t.rows %}{% set k = t.keys[loop.index0] if t.keys else ('', '') %}<tr{% if t.keys %} data-year="{{ k[0] }}" data-area="{{ k[1] }}"{% endif %}>{% for text, href in row %}<td{% if loop.index0 in t.numeric %} class="num"{% endif %}>
{%- if href %}<a href="{{ href }}">{{ text }}</a>{% else %}{{ text }}{% endif %}</td>{% endfor %}</tr>
{% endfor %}
</tbody>
</table>
{% else %}<p class="empty">None.</p>{% endif %}
{% endfor %}

<script>
// filter every table by year and district (rows without a year or district are kept)
(function () {
  var year = document.getElementById("filter-year"), area = document.getElementById("filter-area");
  function apply() {
    var y = year.value, a = area.value, shown = 0, total = 0;
    document.querySelectorAll("table.data").forEach(function (table) {
      var n = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) {
        var ry = tr.dataset.year, ra = tr.dataset.area;
        var keep = (!y || ry === undefined || ry === y) && (!a || ra === undefined || ra === a);
        tr.classList.toggle("hidden", !keep);
        if (keep) { n += 1; }
        total += 1;
      });
      shown += n;
      var head = table.previousElementSibling;
      while (head && head.tagName !== "H2") { head = head.previousElementSibling; }
      var meta = head ? head.querySelector("[data-total]") : null;
      if (meta) { meta.textContent = (y || a ? n + " / " : "") + meta.dataset.total + " 行 rows"; }
    });
    document.getElementById("filter-count").textContent =
      (y || a) ? "显示 showing " + shown + " / " + total + " 行 rows" : "筛选表格 Filters the tables below";
  }
  year.addEventListener("change", apply);
  area.addEventListener("change", apply);
})();
// sort a table by the clicked column (numbers numerically, text by Chinese collation)
document.querySelectorAll("table.data th").forEach(function (th, _) {
  th.addEventListener("click", function () {
    var table = th.closest("table"), body = table.tBodies[0];
    var idx = Array.prototype.indexOf.call(th.parentNode.children, th);
    var asc = th.dataset.sort !== "asc";
    th.parentNode.querySelectorAll("th").forEach(function (h) { delete h.dataset.sort; });
    th.dataset.sort = asc ? "asc" : "desc";
    var key = function (tr) {
      var t = tr.children[idx].textContent.trim().replace(/[,%]/g, "");
      var n = parseFloat(t);
      return isNaN(n) || !/^-?[\\d.]+$/.test(t) ? t : n;
    };
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      var c = (typeof x === "number" && typeof y === "number") ? x - y : String(x).localeCompare(String(y), "zh-CN");
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
</script>
</body>
</html>
"""


def render(rep: Report) -> str:
    import jinja2

    years = sorted({y for t in rep.tables for y, _ in t.keys if y}, reverse=True)
    areas = sorted({a for t in rep.tables for _, a in t.keys if a})
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return env.from_string(PAGE).render(rep=rep, years=years, areas=areas)


def build_report(con, out_dir: Path, raw_dir: Path, warehouse_label: str = "", page_name: str = "index.html",
                 source_base: str | None = None) -> Path:
    """Write out_dir/page_name (atomically) and return its path. The page is one self-contained file (inline
    CSS, SVG and script); `source_base` decides where its source links point (SourceLinks)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rep = collect(con, SourceLinks(raw_dir, out_dir, source_base), warehouse_label)
    page = out_dir / page_name
    tmp = page.with_name(f".{page_name}.tmp")
    tmp.write_text(render(rep), encoding="utf-8")
    tmp.replace(page)
    return page
