-- What is in the warehouse: forms, projects and indicator rows per year, form type and area.
SELECT fiscal_year, form_type, area,
       count(*)                     AS forms,
       count(DISTINCT project_key)  AS projects,
       sum(n_indicators)            AS indicator_rows
FROM v_form
GROUP BY ALL
ORDER BY fiscal_year, form_type, area;
