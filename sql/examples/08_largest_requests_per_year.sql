-- The three largest funding requests of each year (target forms).
SELECT fiscal_year, area, project_name, annual_total_yuan, fiscal_yuan
FROM v_form
WHERE form_type = 'target'
QUALIFY row_number() OVER (PARTITION BY fiscal_year ORDER BY annual_total_yuan DESC NULLS LAST) <= 3
ORDER BY fiscal_year, annual_total_yuan DESC;
