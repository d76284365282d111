-- v_form: one row per form (a project in a year, per form type) with its unit, district, budget, score and source.
CREATE OR REPLACE VIEW v_form AS
SELECT
    b.fiscal_year,
    b.form_type,
    u.province,
    u.city,
    u.district,
    coalesce(u.district, u.city, u.province)          AS area,
    u.admin_level,
    u.department_name,
    u.unit_name,
    p.project_name,
    p.project_category,
    b.total_yuan,
    b.annual_total_yuan,
    b.fiscal_yuan,
    b.carryover_yuan,
    b.other_yuan,
    b.initial_budget_yuan,
    b.full_year_budget_yuan,
    b.executed_yuan,
    b.execution_rate_pct,
    b.budget_weight,
    b.budget_score,
    b.total_score,
    b.grade,
    b.start_date,
    b.end_date,
    (SELECT count(*) FROM fact_indicator AS fi WHERE fi.form_key = b.form_key)                       AS n_indicators,
    (SELECT count(*) FROM fact_indicator AS fi WHERE fi.form_key = b.form_key AND fi.achieved)       AS n_met,
    (SELECT count(*) FROM fact_indicator AS fi WHERE fi.form_key = b.form_key AND NOT fi.achieved)   AS n_missed,
    d.source_path,
    d.page_start,
    d.page_end,
    d.form_seq,
    b.form_key,
    b.project_key,
    b.unit_key
FROM fact_project_budget AS b
LEFT JOIN dim_unit     AS u ON u.unit_key = b.unit_key
LEFT JOIN dim_project  AS p ON p.project_key = b.project_key
LEFT JOIN dim_document AS d ON d.form_key = b.form_key;

COMMENT ON VIEW v_form IS '表单一览 — one row per form (fact_project_budget) with unit, district, project, budget, score, indicator counts and source file/page.';
COMMENT ON COLUMN v_form.area IS '地区 — district, else city, else province of the unit';
COMMENT ON COLUMN v_form.n_indicators IS '指标数 — indicator rows on the form';
COMMENT ON COLUMN v_form.n_met IS '达成指标数 — indicator rows with achieved = true';
COMMENT ON COLUMN v_form.n_missed IS '未达成指标数 — indicator rows with achieved = false';
