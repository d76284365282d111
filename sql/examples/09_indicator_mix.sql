-- What do projects promise? Indicator rows per standard category, and how many carry a number rather than words.
SELECT level1_std, level1_en,
       count(*)                                              AS rows,
       count(*) FILTER (WHERE form_type = 'target')          AS on_targets,
       count(*) FILTER (WHERE form_type = 'self_evaluation') AS on_self_evaluations,
       count(target_value_std)                               AS numeric_targets,
       round(100 * count(target_value_std) / count(*), 1)    AS pct_numeric
FROM v_indicator
GROUP BY ALL
ORDER BY rows DESC;
