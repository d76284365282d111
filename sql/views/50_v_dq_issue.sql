-- v_dq_issue: every data-quality finding with the form, project, unit and source it concerns.
-- v_score_anomaly: the findings about scores, weights and grades, with the indicator row's weight and score.
CREATE OR REPLACE VIEW v_dq_issue AS
SELECT
    q.rule,
    q.severity,
    q.message,
    d.fiscal_year,
    d.form_type,
    u.province,
    coalesce(u.district, u.city, u.province)  AS area,
    coalesce(u.unit_name, d.unit_name)        AS unit_name,
    coalesce(p.project_name, d.project_name)  AS project_name,
    d.status                                  AS form_status,
    q.row_no,
    coalesce(q.source_path, d.source_path)    AS source_path,
    d.page_start,
    d.page_end,
    q.form_key
FROM dq_issue AS q
LEFT JOIN dim_document        AS d ON d.form_key = q.form_key
LEFT JOIN fact_project_budget AS b ON b.form_key = q.form_key
LEFT JOIN dim_unit            AS u ON u.unit_key = b.unit_key
LEFT JOIN dim_project         AS p ON p.project_key = b.project_key;

COMMENT ON VIEW v_dq_issue IS '数据质量问题 — every data-quality finding (dq_issue) with the year, area, unit, project and source file/page of the form it concerns (quarantined forms keep the names printed on them; form_status says whether the form reached the facts).';
COMMENT ON COLUMN v_dq_issue.area IS '地区 — district, else city, else province';
COMMENT ON COLUMN v_dq_issue.unit_name IS '单位名称 Unit name: from dim_unit for published forms, as printed on the form otherwise';
COMMENT ON COLUMN v_dq_issue.project_name IS '项目名称 Project name: from dim_project for published forms, as printed on the form otherwise';
COMMENT ON COLUMN v_dq_issue.source_path IS '来源文件 Source file of the finding (or of its form), relative to the raw folder';
COMMENT ON COLUMN v_dq_issue.form_status IS '表单状态 — published | superseded | quarantined (dim_document.status)';

CREATE OR REPLACE VIEW v_score_anomaly AS
SELECT
    q.*,
    f.level3,
    f.weight,
    f.score,
    b.total_score,
    b.grade
FROM v_dq_issue AS q
LEFT JOIN fact_project_budget AS b ON b.form_key = q.form_key
LEFT JOIN (
    SELECT fi.form_key, fi.row_no, i.level3, fi.weight, fi.score
    FROM fact_indicator AS fi
    LEFT JOIN dim_indicator AS i ON i.indicator_key = fi.indicator_key
) AS f ON f.form_key = q.form_key AND f.row_no = q.row_no
WHERE regexp_matches(lower(q.rule), 'score|weight|grade|points|得分|分值|等级');

COMMENT ON VIEW v_score_anomaly IS '评分异常 — data-quality findings about scores, weights and grades (rules whose name mentions score, weight or grade: score_exceeds_weight, weight_sum_not_100, score_sum_not_total, missed_target_full_score, weight_score_range …), with the indicator row''s weight and score and the form''s total score and grade.';
