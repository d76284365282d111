-- Which district's projects met the fewest targets in 2024 (share of self-evaluation indicator rows met)?
SELECT area,
       count(DISTINCT project_key)                       AS projects,
       count(*)                                          AS indicator_rows,
       count(*) FILTER (WHERE achieved)                  AS met,
       count(*) FILTER (WHERE NOT achieved)              AS missed,
       count(*) FILTER (WHERE achieved IS NULL)          AS undecided,
       round(100 * count(*) FILTER (WHERE achieved)
             / nullif(count(achieved), 0), 1)            AS pct_met
FROM v_indicator
WHERE form_type = 'self_evaluation' AND fiscal_year = 2024
GROUP BY area
ORDER BY pct_met, missed DESC, area;
