-- Budget execution by district and year: budget, amount executed and the pooled execution rate.
SELECT province, area, fiscal_year, n_projects,
       full_year_budget_yuan, executed_yuan, execution_rate_pct,
       min_project_rate_pct, n_projects_below_90pct
FROM v_budget_execution
ORDER BY fiscal_year, execution_rate_pct;
