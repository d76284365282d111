-- Every satisfaction target of at least 90% that was missed.
SELECT fiscal_year, area, project_name, level3,
       target_raw, actual_raw, shortfall, note, source_path, page_start
FROM v_unmet_target
WHERE (level1_en = 'satisfaction' OR level1 LIKE '%满意%' OR level2 LIKE '%满意%')
  AND target_op IN ('>=', '>', '=') AND target_unit_std = '%' AND target_value_std >= 90
ORDER BY fiscal_year, area, shortfall DESC;
