-- v_indicator: every indicator fact with its form, project, unit, district, year and indicator labels.
-- The one view most questions start from. LEFT JOINs: a fact never disappears because a dimension row is missing.
CREATE OR REPLACE VIEW v_indicator AS
SELECT
    f.fiscal_year,
    f.form_type,
    u.province,
    u.city,
    u.district,
    coalesce(u.district, u.city, u.province)          AS area,
    u.admin_level,
    u.department_name,
    u.unit_name,
    u.unit_code,
    p.project_name,
    p.project_category,
    i.level1,
    i.level2,
    i.level3,
    i.level1_std,
    i.level2_std,
    i.level1_en,
    i.level2_en,
    i.category1_key,
    i.category2_key,
    f.row_no,
    f.target_raw,
    f.target_op,
    f.target_value,
    f.target_unit,
    f.target_text,
    f.target_value_std,
    f.target_unit_std,
    f.actual_raw,
    f.actual_value,
    f.actual_unit,
    f.actual_text,
    f.actual_value_std,
    f.actual_unit_std,
    f.weight,
    f.score,
    CAST(f.weight - f.score AS DECIMAL(18,2))          AS points_lost,
    f.achieved,
    f.note,
    d.source_path,
    d.page_start,
    d.page_end,
    d.form_seq,
    f.form_key,
    f.project_key,
    f.unit_key,
    f.indicator_key
FROM fact_indicator AS f
LEFT JOIN dim_unit      AS u ON u.unit_key = f.unit_key
LEFT JOIN dim_project   AS p ON p.project_key = f.project_key
LEFT JOIN dim_indicator AS i ON i.indicator_key = f.indicator_key
LEFT JOIN dim_document  AS d ON d.form_key = f.form_key;

COMMENT ON VIEW v_indicator IS '指标明细宽表 — every indicator row of every form (fact_indicator) with its year, form type, province/city/district, unit, project, indicator labels (as printed and standardised) and source file/page. Start most questions here.';
COMMENT ON COLUMN v_indicator.area IS '地区 — district, else city, else province of the unit: one label to group by';
COMMENT ON COLUMN v_indicator.points_lost IS '失分 — weight minus score (self-evaluations; null on target forms)';
