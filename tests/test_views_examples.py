"""The example questions of the README (sql/examples/*.sql) on the warehouse built from the sample PDFs.

The sample (tests/fixtures/corpus, loaded by `jixiao load`'s run_load): 2020 and 2026 target forms of two Shanghai
municipal centres, 2023 target forms of 嘉定区 and 2024 self-evaluations of 闵行区 — the same facts as data/raw.
"""
from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from analyst_warehouse import ROOT, sample_warehouse, synthetic_warehouse
from pipelines.report import examples as ex

EXAMPLES = {e.name: e for e in ex.examples()}


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    c = duckdb.connect(str(sample_warehouse(tmp_path_factory)), read_only=True)
    yield c
    c.close()


def result(con, name):
    columns, rows = ex.run(con, EXAMPLES[name])
    return [dict(zip(columns, r)) for r in rows]


def test_there_are_ten_examples_each_with_a_question():
    assert len(EXAMPLES) == 12
    assert all(e.question.endswith((".", "?")) and len(e.question) > 20 for e in EXAMPLES.values())


def test_readme_shows_every_example_sql():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for e in EXAMPLES.values():
        body = "\n".join(e.sql.splitlines()[1:]).strip()
        assert body in readme, f"README lacks the SQL of {e.name}: run python -m pipelines.report.examples --readme"
        assert e.question in readme


def test_01_contents_by_year(con):
    got = [(r["fiscal_year"], r["form_type"], r["area"], r["forms"], r["indicator_rows"])
           for r in result(con, "01_contents_by_year")]
    assert got == [(2020, "target", "上海市", 2, 32), (2023, "target", "嘉定区", 16, 223),
                   (2024, "self_evaluation", "闵行区", 17, 191), (2026, "target", "上海市", 8, 77)]


def test_02_fiscal_requested_per_unit_year(con):
    got = {(r["unit_name"], r["fiscal_year"]): (r["projects"], r["fiscal_yuan"], r["annual_total_yuan"])
           for r in result(con, "02_fiscal_requested_per_unit_year")}
    assert got == {
        ("上海市卫生健康信息中心", 2020): (2, None, 28668816.0),      # the 2020 forms print no fiscal split
        ("上海市嘉定区卫生事务管理中心", 2023): (16, 21392300.0, 21392300.0),
        ("上海市卫生健康统计中心", 2026): (8, 5577010.0, 7577010.0),  # incl. 非财政项目: 0 fiscal of 2,000,000
    }


def test_03_budget_execution_by_district(con):
    (r,) = result(con, "03_budget_execution_by_district")
    assert (r["area"], r["fiscal_year"], r["n_projects"]) == ("闵行区", 2024, 17)
    assert (r["full_year_budget_yuan"], r["executed_yuan"]) == (36780700.0, 36755400.0)
    assert r["execution_rate_pct"] == Decimal("99.93") and r["min_project_rate_pct"] == Decimal("99.50")
    assert r["n_projects_below_90pct"] == 0


def test_04_district_fewest_targets_met_2024(con):
    assert result(con, "04_district_fewest_targets_met_2024") == [
        dict(area="闵行区", projects=17, indicator_rows=191, met=191, missed=0, undecided=0, pct_met=100.0)]


def test_05_missed_satisfaction_targets(con, tmp_path):
    assert result(con, "05_missed_satisfaction_targets") == []  # every 2024 satisfaction target was met
    # the query does find a miss where there is one
    c = duckdb.connect(str(synthetic_warehouse(tmp_path)), read_only=True)
    got = [(r["project_name"], r["target_raw"], r["actual_raw"], r["shortfall"])
           for r in result(c, "05_missed_satisfaction_targets")]
    c.close()
    assert got == [("乙区便民服务", ">=90%", "85%", 5.0)]


def test_06_satisfaction_targets_over_time(con):
    got = [(r["fiscal_year"], r["form_type"], r["targets"], r["level_targets"], r["lowest_pct"], r["highest_pct"],
            r["met"], r["missed"]) for r in result(con, "06_satisfaction_targets_over_time")]
    assert got == [(2020, "target", 2, 2, 85.0, 90.0, 0, 0), (2023, "target", 20, 20, 85.0, 90.0, 0, 0),
                   (2024, "self_evaluation", 17, 17, 85.0, 95.0, 17, 0), (2026, "target", 10, 7, 90.0, 100.0, 0, 0)]


def test_07_lowest_execution_projects(con):
    got = result(con, "07_lowest_execution_projects")
    assert [r["execution_rate_pct"] for r in got] == [Decimal(x) for x in ("99.50", "99.55", "99.59", "99.68", "99.80")]
    first = got[0]
    assert first["project_name"] == "闵行区医学检验检查互联互通互认服务系统(2024运维)"
    assert (first["full_year_budget_yuan"], first["executed_yuan"], first["total_score"]) == (80400, 80000, Decimal("99.95"))
    assert first["budget_points_lost"] == Decimal("0.05")
    assert first["source_path"].startswith("002_da716e0b91d770b9.") and first["page_start"] == 1


def test_08_largest_requests_per_year(con):
    got = [(r["fiscal_year"], r["project_name"], r["annual_total_yuan"]) for r in result(con, "08_largest_requests_per_year")]
    assert len(got) == 8  # 2020 has only two target forms
    assert got[0] == (2020, "信息化-基于市民电子健康档案的卫生信息化工程项目(运维)", 16907221.0)
    assert got[2] == (2023, "嘉定区数字健康城区一期项目", 5919400.0)
    assert got[5] == (2026, "非财政项目", 2000000.0)


def test_09_indicator_mix(con):
    got = {r["level1_en"]: (r["rows"], r["on_targets"], r["on_self_evaluations"], r["numeric_targets"])
           for r in result(con, "09_indicator_mix")}
    # 2023's cost rows (printed as a 二级 under 产出指标) count as cost, not output: one taxonomy across years
    assert got == {"output": (230, 135, 95, 168), "outcome": (182, 119, 63, 62), "satisfaction": (49, 32, 17, 49),
                   "cost": (42, 26, 16, 9), "input & management": (20, 20, 0, 3)}
    assert sum(v[0] for v in got.values()) == 523  # every indicator row of the published forms


def test_10_project_history(con):
    got = [(r["fiscal_year"], r["area"], r["has_target"], r["has_self_evaluation"], r["target_annual_total_yuan"],
            r["executed_yuan"]) for r in result(con, "10_project_history")]
    assert got == [(2023, "嘉定区", True, False, 1153000.0, None), (2023, "嘉定区", True, False, 4778000.0, None),
                   (2024, "闵行区", False, True, None, 8991000.0)]


def test_11_cost_indicators_across_years(con):
    got = [(r["fiscal_year"], r["form_type"], r["level1"], r["level2"], r["category2_key"], r["n_rows"])
           for r in result(con, "11_cost_indicators_across_years")]
    assert got == [(2023, "target", "产出指标", "成本指标", None, 16),          # printed as a 二级 under 产出指标
                   (2024, "self_evaluation", "成本指标", "经济成本指标", "cost.economic", 16),
                   (2026, "target", "成本指标", "经济成本指标", "cost.economic", 10)]
    # the English label agrees: level1_en = 'cost' no longer drops 2023
    years = con.execute("SELECT DISTINCT fiscal_year FROM v_indicator WHERE level1_en = 'cost' ORDER BY 1").fetchall()
    assert years == [(2023,), (2024,), (2026,)]


def test_12_one_project_across_years_is_empty_on_the_one_year_per_unit_sample(con):
    assert result(con, "12_one_project_across_years") == []   # tests/test_project_identity.py: two years


def test_every_view_answers_on_the_sample(con):
    counts = dict(con.execute("""
        SELECT 'v_indicator', count(*) FROM v_indicator UNION ALL SELECT 'v_form', count(*) FROM v_form
        UNION ALL SELECT 'v_unmet_target', count(*) FROM v_unmet_target
        UNION ALL SELECT 'v_project_history', count(*) FROM v_project_history
        UNION ALL SELECT 'v_satisfaction_target', count(*) FROM v_satisfaction_target""").fetchall())
    assert counts == {"v_indicator": 523, "v_form": 43, "v_unmet_target": 0, "v_project_history": 43,
                      "v_satisfaction_target": 49}
    # v_indicator carries each fact's district and source page
    assert con.execute("""SELECT count(*) FROM v_indicator
                          WHERE area IS NULL OR source_path IS NULL OR page_start IS NULL""").fetchone() == (0,)
