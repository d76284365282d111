-- v_unmet_target: self-evaluation indicator rows whose actual value misses the target (achieved = false).
CREATE OR REPLACE VIEW v_unmet_target AS
SELECT
    fiscal_year, province, city, district, area, unit_name, project_name,
    level1, level2, level3, level1_std, level2_std, level1_en,
    target_raw, target_op, target_value, target_unit, target_text, target_value_std, target_unit_std,
    actual_raw, actual_value, actual_unit, actual_text, actual_value_std, actual_unit_std,
    -- compared in the standard units (元, percent) so that 万元 targets meet 元 actuals
    CASE
        WHEN target_value_std IS NULL OR actual_value_std IS NULL
             OR coalesce(target_unit_std, '') <> coalesce(actual_unit_std, '') THEN NULL
        WHEN target_op IN ('>=', '>') THEN target_value_std - actual_value_std
        WHEN target_op IN ('<=', '<') THEN actual_value_std - target_value_std
        ELSE abs(actual_value_std - target_value_std)
    END                                                   AS shortfall,
    target_unit_std                                       AS shortfall_unit,
    weight, score, points_lost, note,
    source_path, page_start, page_end, form_key, project_key, indicator_key, row_no
FROM v_indicator
WHERE form_type = 'self_evaluation' AND achieved = false;

COMMENT ON VIEW v_unmet_target IS '未达成指标 — self-evaluation indicator rows whose actual value misses the target (achieved = false), with the shortfall and the reason given (note).';
COMMENT ON COLUMN v_unmet_target.shortfall IS '差距 — how far the actual is from the target, in the standard unit (null when target and actual are not comparable numbers)';
COMMENT ON COLUMN v_unmet_target.shortfall_unit IS '差距单位 — unit of shortfall (元, %, or the printed unit)';
