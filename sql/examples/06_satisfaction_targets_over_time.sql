-- Satisfaction targets over time: how many, how demanding, how many met or missed, per year and form type.
SELECT fiscal_year, form_type,
       sum(n_targets)        AS targets,
       sum(n_level_targets)  AS level_targets,
       min(min_level_pct)    AS lowest_pct,
       max(max_level_pct)    AS highest_pct,
       round(sum(avg_level_pct * n_level_targets) / nullif(sum(n_level_targets), 0), 2) AS avg_pct,
       sum(n_met)            AS met,
       sum(n_missed)         AS missed
FROM v_satisfaction_trend
GROUP BY ALL
ORDER BY fiscal_year, form_type;
