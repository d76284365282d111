-- One theme across years and districts: every project whose name mentions 便捷就医 (convenient care), target next to self-evaluation.
SELECT fiscal_year, area, project_name,
       has_target, target_annual_total_yuan, target_n_indicators,
       has_self_evaluation, executed_yuan, execution_rate_pct, total_score
FROM v_project_history
WHERE project_name LIKE '%便捷就医%'
ORDER BY fiscal_year, area, project_name;
