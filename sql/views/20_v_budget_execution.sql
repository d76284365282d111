-- v_budget_execution: budget execution (预算执行) of self-evaluated projects by province, city, district and year.
CREATE OR REPLACE VIEW v_budget_execution AS
SELECT
    u.province,
    u.city,
    u.district,
    coalesce(u.district, u.city, u.province)                                  AS area,
    b.fiscal_year,
    count(DISTINCT b.project_key)                                             AS n_projects,
    sum(b.full_year_budget_yuan)                                              AS full_year_budget_yuan,
    sum(b.executed_yuan)                                                      AS executed_yuan,
    CAST(round(100 * sum(b.executed_yuan) / nullif(sum(b.full_year_budget_yuan), 0), 2) AS DECIMAL(18,2)) AS execution_rate_pct,
    min(b.execution_rate_pct)                                                 AS min_project_rate_pct,
    count(*) FILTER (WHERE b.execution_rate_pct < 90)                         AS n_projects_below_90pct,
    CAST(round(avg(b.total_score), 2) AS DECIMAL(18,2))                       AS avg_total_score
FROM fact_project_budget AS b
LEFT JOIN dim_unit AS u ON u.unit_key = b.unit_key
WHERE b.form_type = 'self_evaluation'
GROUP BY ALL;

COMMENT ON VIEW v_budget_execution IS '预算执行 — budget execution of self-evaluated projects per province/city/district and fiscal year: full-year budget, executed amount (元) and the pooled execution rate.';
COMMENT ON COLUMN v_budget_execution.area IS '地区 — district, else city, else province';
COMMENT ON COLUMN v_budget_execution.n_projects IS '项目数 — self-evaluated projects';
COMMENT ON COLUMN v_budget_execution.full_year_budget_yuan IS '全年预算数合计 Sum of full-year budgets, 元';
COMMENT ON COLUMN v_budget_execution.executed_yuan IS '全年执行数合计 Sum of amounts executed, 元';
COMMENT ON COLUMN v_budget_execution.execution_rate_pct IS '执行率 (%) — executed / full-year budget over all projects of the group';
COMMENT ON COLUMN v_budget_execution.min_project_rate_pct IS '最低项目执行率 Lowest project execution rate as printed, percent';
COMMENT ON COLUMN v_budget_execution.n_projects_below_90pct IS '执行率低于90%的项目数 Projects whose printed execution rate is below 90%';
COMMENT ON COLUMN v_budget_execution.avg_total_score IS '平均自评得分 Mean total self-evaluation score';
