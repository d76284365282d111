-- Every year's cost indicators (成本指标), whether the form printed them as a 一级 (2024, 2026) or as a 二级 under 产出指标 (2023): one taxonomy (category1_key), the printed labels beside it.
SELECT fiscal_year, form_type, level1, level2, category2_key,
       count(*)                    AS n_rows,
       count(DISTINCT project_key) AS projects
FROM v_indicator
WHERE category1_key = 'cost'
GROUP BY ALL
ORDER BY fiscal_year, form_type, level1, level2;
