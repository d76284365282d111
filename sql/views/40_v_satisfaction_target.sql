-- v_satisfaction_target: satisfaction (满意度) indicators, and their targets per year.
CREATE OR REPLACE VIEW v_satisfaction_target AS
SELECT *
FROM v_indicator
WHERE level1_en = 'satisfaction'
   OR level1 LIKE '%满意%'
   OR level2 LIKE '%满意%';

COMMENT ON VIEW v_satisfaction_target IS '满意度指标 — every satisfaction indicator row (level1_en = satisfaction, or 满意 in the first or second label), all columns of v_indicator.';

CREATE OR REPLACE VIEW v_satisfaction_trend AS
SELECT
    fiscal_year,
    form_type,
    province,
    area,
    count(*)                                                           AS n_targets,
    count(target_value_std) FILTER (WHERE target_unit_std = '%')       AS n_percent_targets,
    round(avg(target_value_std) FILTER (WHERE target_unit_std = '%'), 2) AS avg_target_pct,
    min(target_value_std) FILTER (WHERE target_unit_std = '%')         AS min_target_pct,
    max(target_value_std) FILTER (WHERE target_unit_std = '%')         AS max_target_pct,
    count(*) FILTER (WHERE achieved)                                   AS n_met,
    count(*) FILTER (WHERE NOT achieved)                               AS n_missed
FROM v_satisfaction_target
GROUP BY ALL;

COMMENT ON VIEW v_satisfaction_trend IS '满意度目标趋势 — satisfaction targets over time: per year, form type, province and area, how many, how demanding (percent targets) and how many were met or missed.';
COMMENT ON COLUMN v_satisfaction_trend.n_targets IS '满意度指标数';
COMMENT ON COLUMN v_satisfaction_trend.n_percent_targets IS '以百分比表示的目标数';
COMMENT ON COLUMN v_satisfaction_trend.avg_target_pct IS '平均目标值 (%)';
COMMENT ON COLUMN v_satisfaction_trend.min_target_pct IS '最低目标值 (%)';
COMMENT ON COLUMN v_satisfaction_trend.max_target_pct IS '最高目标值 (%)';
COMMENT ON COLUMN v_satisfaction_trend.n_met IS '达成数 (self-evaluations)';
COMMENT ON COLUMN v_satisfaction_trend.n_missed IS '未达成数 (self-evaluations)';
