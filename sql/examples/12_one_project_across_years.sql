-- One project across years: money, targets and results of every project with forms in two or more years, whatever name it printed each year (data/raw has each unit in one year only: no rows there; tests/fixtures/years adds a 2023 for two 闵行区 projects).
SELECT project_name_std, fiscal_year, project_name_printed,
       target_annual_total_yuan, full_year_budget_yuan, executed_yuan, execution_rate_pct,
       self_eval_n_indicators, self_eval_n_met, total_score, grade
FROM v_project_history
WHERE project_key IN (SELECT project_key FROM v_project_history GROUP BY 1 HAVING count(*) >= 2)
ORDER BY project_name_std, fiscal_year;
