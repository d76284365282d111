"""The analyst views (sql/views/*.sql) on a small hand-made warehouse whose answers are known."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from analyst_warehouse import ROOT, synthetic_warehouse

VIEWS = {"v_indicator", "v_form", "v_budget_execution", "v_unmet_target", "v_satisfaction_target",
         "v_satisfaction_trend", "v_dq_issue", "v_score_anomaly", "v_project_history"}


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = synthetic_warehouse(tmp_path_factory.mktemp("synthetic"))
    c = duckdb.connect(str(path), read_only=True)
    yield c
    c.close()


def rows(con, sql):
    return con.execute(sql).fetchall()


def test_view_files_are_numbered_and_replaceable():
    files = sorted((ROOT / "sql" / "views").glob("*.sql"))
    assert files, "no view files"
    for f in files:
        assert f.name[:2].isdigit() and f.name[2] == "_", f.name
        text = f.read_text(encoding="utf-8")
        assert "CREATE OR REPLACE VIEW" in text and "COMMENT ON VIEW" in text, f.name


def test_every_view_exists_and_has_a_comment(con):
    found = dict(rows(con, "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal"))
    assert VIEWS <= set(found)
    for name in VIEWS:
        assert found[name] and len(found[name]) > 20, name


def test_views_can_be_rerun_over_a_built_warehouse(tmp_path):
    path = synthetic_warehouse(tmp_path)
    c = duckdb.connect(str(path))
    for f in sorted((ROOT / "sql" / "views").glob("*.sql")):  # a reload runs them again
        c.execute(f.read_text(encoding="utf-8"))
    assert c.execute("SELECT count(*) FROM v_indicator").fetchone()[0] == 10
    c.close()


def test_v_indicator_keeps_every_fact_with_its_context(con):
    assert rows(con, "SELECT count(*) FROM v_indicator") == rows(con, "SELECT count(*) FROM fact_indicator")
    r = rows(con, """SELECT district, area, unit_name, project_name, level1_en, source_path, page_start, points_lost
                     FROM v_indicator WHERE form_key = 'f3' AND row_no = 1""")
    assert r == [("甲区", "甲区", "甲区信息中心", "甲区网络安全", "output", "a_2024_self.pdf", 3, 5.0)]
    # a city-level unit has no district: area falls back to the city
    assert rows(con, "SELECT DISTINCT area FROM v_indicator WHERE form_key = 'f5'") == [("上海市",)]


def test_v_form_counts_met_and_missed(con):
    got = rows(con, "SELECT form_key, n_indicators, n_met, n_missed FROM v_form ORDER BY form_key")
    assert got == [("f1", 2, 0, 0), ("f2", 2, 2, 0), ("f3", 2, 1, 1), ("f4", 2, 0, 1), ("f5", 1, 0, 0),
                   ("f6", 1, 1, 0)]


def test_budget_execution_pools_projects_per_district_and_year(con):
    got = rows(con, """SELECT area, fiscal_year, n_projects, full_year_budget_yuan, executed_yuan, execution_rate_pct,
                              n_projects_below_90pct FROM v_budget_execution ORDER BY area, fiscal_year""")
    assert got == [("乙区", 2024, 1, 200000.0, 200000.0, 100.0, 0),
                   ("甲区", 2023, 1, 300000.0, 300000.0, 100.0, 0),
                   ("甲区", 2024, 2, 500000.0, 460000.0, 92.0, 1)]


def test_unmet_targets_are_the_missed_self_evaluation_rows_with_their_shortfall(con):
    got = rows(con, "SELECT project_name, level3, shortfall, note FROM v_unmet_target ORDER BY project_name")
    assert got == [("乙区便民服务", "用户满意度", 5.0, "未达预期"), ("甲区网络安全", "任务完成率", 5.0, "未达预期")]


def test_satisfaction_targets_over_time(con):
    assert rows(con, "SELECT count(*) FROM v_satisfaction_target") == [(5,)]
    got = rows(con, """SELECT fiscal_year, form_type, sum(n_targets), min(min_level_pct), sum(n_met), sum(n_missed)
                       FROM v_satisfaction_trend GROUP BY ALL ORDER BY ALL""")
    assert got == [(2023, "self_evaluation", 1, 80.0, 1, 0), (2023, "target", 1, 85.0, 0, 0),
                   (2024, "self_evaluation", 2, 90.0, 1, 1), (2024, "target", 1, 90.0, 0, 0)]


def test_score_anomalies_come_from_dq_issue_with_the_row(con):
    assert rows(con, "SELECT count(*) FROM v_dq_issue") == [(2,)]
    got = rows(con, "SELECT rule, project_name, level3, weight, score, total_score, grade FROM v_score_anomaly")
    assert got == [("indicator_score_below_weight_without_note", "甲区网络安全", "任务完成率", 50.0, 45.0, 88.0, "良")]


def test_project_history_puts_target_next_to_self_evaluation(con):
    got = rows(con, """SELECT project_name, fiscal_year, has_target, has_self_evaluation, target_fiscal_yuan,
                              executed_yuan, total_score, target_source_path, self_eval_source_path
                       FROM v_project_history ORDER BY project_name, fiscal_year""")
    assert ("甲区平台运维", 2024, True, True, 500000.0, 380000.0, 99.5, "a_2024_targets.pdf", "a_2024_self.pdf") in got
    assert ("甲区平台运维", 2023, False, True, None, 300000.0, 100.0, None, "a_2023_self.pdf") in got
    assert ("市级统计", 2023, True, False, 1000000.0, None, None, "city_2023.pdf", None) in got
    assert len(got) == 5  # one row per project and year
