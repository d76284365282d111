-- v_satisfaction_target: satisfaction (满意度) indicators, and their targets per year.
CREATE OR REPLACE VIEW v_satisfaction_target AS
SELECT *
FROM v_indicator
WHERE level1_en = 'satisfaction'
   OR level1 LIKE '%满意%'
   OR level2 LIKE '%满意%';

COMMENT ON VIEW v_satisfaction_target IS '满意度指标 — every satisfaction indicator row (level1_en = satisfaction, or 满意 in the first or second label), all columns of v_indicator.';

-- how demanding: only lower-bound or exact percent targets (≥90%, =100%); a complaint rate ≤0.01% is not a satisfaction level
CREATE OR REPLACE VIEW v_satisfaction_trend AS
SELECT
    fiscal_year,
    form_type,
    province,
    area,
    count(*)                                                           AS n_targets,
    count(*) FILTER (WHERE is_level)                                   AS n_level_targets,
    CAST(round(avg(target_value_std) FILTER (WHERE is_level), 2) AS DECIMAL(18,2)) AS avg_level_pct,
    min(target_value_std) FILTER (WHERE is_level)                      AS min_level_pct,
    max(target_value_std) FILTER (WHERE is_level)                      AS max_level_pct,
    count(*) FILTER (WHERE achieved)                                   AS n_met,
    count(*) FILTER (WHERE NOT achieved)                               AS n_missed
FROM (
    SELECT *, (target_unit_std = '%' AND target_op IN ('>=', '>', '=') AND target_value_std IS NOT NULL) AS is_level
    FROM v_satisfaction_target
)
GROUP BY ALL;

COMMENT ON VIEW v_satisfaction_trend IS '满意度目标趋势 — satisfaction targets over time: per year, form type, province and area, how many, how demanding (the satisfaction level demanded by ≥/>/= percent targets) and how many were met or missed.';
COMMENT ON COLUMN v_satisfaction_trend.n_targets IS '满意度指标数 — all satisfaction rows';
COMMENT ON COLUMN v_satisfaction_trend.n_level_targets IS '满意度水平目标数 — rows demanding a percentage (≥, > or =)';
COMMENT ON COLUMN v_satisfaction_trend.avg_level_pct IS '平均满意度目标 Mean satisfaction level demanded over the level targets, percent';
COMMENT ON COLUMN v_satisfaction_trend.min_level_pct IS '最低满意度目标 Lowest satisfaction level demanded, percent';
COMMENT ON COLUMN v_satisfaction_trend.max_level_pct IS '最高满意度目标 Highest satisfaction level demanded, percent';
COMMENT ON COLUMN v_satisfaction_trend.n_met IS '达成数 Rows met (self-evaluations)';
COMMENT ON COLUMN v_satisfaction_trend.n_missed IS '未达成数 Rows missed (self-evaluations)';
