"""The same project across years: yearly forms of one unit's project whose printed names differ only by year
tokens, brackets, quote shapes or (汇总) share one project_key; the printed names are kept; v_project_history reads the
project's money, targets and results year by year."""
from __future__ import annotations

import shutil
from decimal import Decimal

import duckdb
import pytest

from analyst_warehouse import FIXTURES, ROOT
from pipelines.transform.project_identity import identity_name


@pytest.mark.parametrize("a, b", [
    ("闵行区医学检验检查互联互通互认服务系统(2024运维)", "闵行区医学检验检查互联互通互认服务系统（2023年运维）"),
    ("闵行区专业站所核心业务系统网络安全运维服务项目(2024运维)", "2023年闵行区专业站所核心业务系统网络安全运维服务项目(运维)"),
    ("闵行区医卫云 PaaS运维服务项目（2024年运维）", "闵行区医卫云PaaS运维服务项目(2025年运维)"),
    ("区域卫生健康信息化拓展建设（第三年）", "区域卫生健康信息化拓展建设(第二年)"),
    ("卫生统计（汇总）", "卫生统计"),
    ("2024年度卫生统计", "2025年度卫生统计"),
    ('嘉定区社区卫生服务综合改革"1+1+1"签约信息服务平台运维', "嘉定区社区卫生服务综合改革“1+1+1”签约信息服务平台运维"),
])
def test_names_that_differ_by_year_tokens_are_one_project(a, b):
    assert identity_name(a) == identity_name(b)


@pytest.mark.parametrize("a, b", [
    ("数字健康城区一期项目", "数字健康城区二期项目"),
    ("“便捷就医服务”数字化转型2.0应用场景", "“便捷就医服务”数字化转型3.0应用场景"),
    ("卫生信息化数据备份项目", "卫生信息化数据灾备项目"),
])
def test_other_differences_stay_different_projects(a, b):
    assert identity_name(a) != identity_name(b)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    from pipelines.load import LoadConfig, run_load

    tmp = tmp_path_factory.mktemp("years")
    raw = tmp / "raw"
    raw.mkdir()
    shutil.copy2(FIXTURES / "corpus" / "002_da716e0b91d770b9.grid.pdf", raw)           # 闵行区 2024
    shutil.copy2(FIXTURES / "years" / "minhang_2023_self_evaluation.txt", raw)         # two of its projects in 2023
    cfg = LoadConfig(raw_dir=raw, warehouse=tmp / "warehouse.duckdb", cache_dir=tmp / "cache")
    assert run_load(cfg).published
    c = duckdb.connect(str(cfg.warehouse), read_only=True)
    yield c
    c.close()


def test_yearly_forms_share_one_project_key_with_every_printed_name_kept(con):
    rows = con.execute("""SELECT project_name_std, name_variants, first_year, last_year, n_forms
                          FROM dim_project WHERE n_name_variants > 1 ORDER BY 1""").fetchall()
    assert rows == [
        ("闵行区专业站所核心业务系统网络安全运维服务项目运维",
         "2023年闵行区专业站所核心业务系统网络安全运维服务项目(运维) | 闵行区专业站所核心业务系统网络安全运维服务项目(2024运维)",
         2023, 2024, 2),
        ("闵行区医学检验检查互联互通互认服务系统运维",
         "闵行区医学检验检查互联互通互认服务系统（2023年运维） | 闵行区医学检验检查互联互通互认服务系统(2024运维)",
         2023, 2024, 2),
    ]
    # each form keeps the name it printed
    printed = con.execute("""SELECT fiscal_year, project_name FROM dim_document
                             WHERE project_name LIKE '%互认服务系统%' ORDER BY 1""").fetchall()
    assert printed == [(2023, "闵行区医学检验检查互联互通互认服务系统（2023年运维）"),
                       (2024, "闵行区医学检验检查互联互通互认服务系统(2024运维)")]


def test_project_history_reads_money_targets_and_results_across_years(con):
    sql = (ROOT / "sql" / "examples" / "12_one_project_across_years.sql").read_text(encoding="utf-8")
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r)) for r in cur.fetchall()]
    one = [r for r in rows if r["project_name_std"] == "闵行区医学检验检查互联互通互认服务系统运维"]
    assert [(r["fiscal_year"], r["full_year_budget_yuan"], r["executed_yuan"], r["self_eval_n_met"]) for r in one] == [
        (2023, Decimal("80000.00"), Decimal("79600.00"), 12), (2024, Decimal("80400.00"), Decimal("80000.00"), 12)]
    assert len(rows) == 4 and {r["fiscal_year"] for r in rows} == {2023, 2024}
