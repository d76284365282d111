-- The five self-evaluated projects that executed the smallest share of their budget, and the points it cost them.
SELECT fiscal_year, area, project_name,
       full_year_budget_yuan, executed_yuan, execution_rate_pct,
       budget_weight - budget_score  AS budget_points_lost,
       total_score, grade,
       source_path, page_start
FROM v_form
WHERE form_type = 'self_evaluation'
ORDER BY execution_rate_pct NULLS LAST, executed_yuan
LIMIT 5;
