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
    d.project_name                                    AS project_name_printed,
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
    coalesce(c.n_indicators, 0)                       AS n_indicators,
    coalesce(c.n_met, 0)                              AS n_met,
    coalesce(c.n_missed, 0)                           AS n_missed,
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
LEFT JOIN dim_document AS d ON d.form_key = b.form_key
LEFT JOIN (
    -- one pass over the facts for all three counts
    SELECT form_key,
           count(*)                           AS n_indicators,
           count(*) FILTER (WHERE achieved)     AS n_met,
           count(*) FILTER (WHERE NOT achieved) AS n_missed
    FROM fact_indicator
    GROUP BY form_key
) AS c ON c.form_key = b.form_key;

COMMENT ON VIEW v_form IS '表单一览 — one row per form (fact_project_budget) with unit, district, project, budget, score, indicator counts and source file/page.';
COMMENT ON COLUMN v_form.area IS '地区 — district, else city, else province of the unit';
COMMENT ON COLUMN v_form.n_indicators IS '指标数 — indicator rows on the form';
COMMENT ON COLUMN v_form.n_met IS '达成指标数 — indicator rows with achieved = true';
COMMENT ON COLUMN v_form.n_missed IS '未达成指标数 — indicator rows with achieved = false';
COMMENT ON COLUMN v_form.project_name_printed IS '项目名称(本表) Project name as printed on this form (project_name: the project''s latest name across years)';
