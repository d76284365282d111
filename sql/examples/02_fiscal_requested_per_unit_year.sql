-- Total fiscal funds requested per unit per year (target forms, 元).
SELECT unit_name, fiscal_year,
       count(*)                AS projects,
       sum(fiscal_yuan)        AS fiscal_yuan,
       sum(annual_total_yuan)  AS annual_total_yuan
FROM v_form
WHERE form_type = 'target'
GROUP BY ALL
ORDER BY fiscal_year, fiscal_yuan DESC NULLS LAST;
