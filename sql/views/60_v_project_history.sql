-- v_project_history: one row per project and year, the target form next to the self-evaluation of the same year.
-- A project is one identity across years (dim_project: names differing only by year tokens, brackets or (汇总)
-- are one project), so ORDER BY project_key, fiscal_year reads a project's money, targets and results over time.
CREATE OR REPLACE VIEW v_project_history AS
WITH t AS (
    SELECT * FROM v_form WHERE form_type = 'target'
), s AS (
    SELECT * FROM v_form WHERE form_type = 'self_evaluation'
), years AS (
    SELECT DISTINCT project_key, fiscal_year FROM v_form
)
SELECT
    y.fiscal_year,
    p.project_name,
    coalesce(t.project_name_printed, s.project_name_printed) AS project_name_printed,
    u.unit_name,
    u.province,
    u.city,
    u.district,
    coalesce(u.district, u.city, u.province)   AS area,
    t.form_key IS NOT NULL                     AS has_target,
    s.form_key IS NOT NULL                     AS has_self_evaluation,
    t.fiscal_yuan                              AS target_fiscal_yuan,
    t.annual_total_yuan                        AS target_annual_total_yuan,
    t.n_indicators                             AS target_n_indicators,
    s.full_year_budget_yuan,
    s.executed_yuan,
    s.execution_rate_pct,
    s.n_indicators                             AS self_eval_n_indicators,
    s.n_met                                    AS self_eval_n_met,
    s.n_missed                                 AS self_eval_n_missed,
    s.total_score,
    s.grade,
    t.source_path                              AS target_source_path,
    t.page_start                               AS target_page,
    s.source_path                              AS self_eval_source_path,
    s.page_start                               AS self_eval_page,
    t.form_key                                 AS target_form_key,
    s.form_key                                 AS self_eval_form_key,
    y.project_key,
    p.project_name_std,
    p.name_variants,
    p.first_year,
    p.last_year
FROM years AS y
JOIN dim_project AS p ON p.project_key = y.project_key
LEFT JOIN dim_unit AS u ON u.unit_key = p.unit_key
-- a project may have more than one form of a type in a year (e.g. a revised target): keep the latest in the file order
LEFT JOIN (SELECT * FROM t QUALIFY row_number() OVER (PARTITION BY project_key, fiscal_year ORDER BY source_path DESC, form_seq DESC) = 1) AS t
       ON t.project_key = y.project_key AND t.fiscal_year = y.fiscal_year
LEFT JOIN (SELECT * FROM s QUALIFY row_number() OVER (PARTITION BY project_key, fiscal_year ORDER BY source_path DESC, form_seq DESC) = 1) AS s
       ON s.project_key = y.project_key AND s.fiscal_year = y.fiscal_year;

COMMENT ON VIEW v_project_history IS '项目历年情况 — one row per project and fiscal year (one project across years even when its printed name changes: see project_name_printed and name_variants): what the target form promised (funds, indicators) next to what the self-evaluation of the same year reported (budget execution, targets met, score, grade), with both sources.';
COMMENT ON COLUMN v_project_history.area IS '地区 — district, else city, else province';
COMMENT ON COLUMN v_project_history.has_target IS '有绩效目标表 The project has a target form this year';
COMMENT ON COLUMN v_project_history.has_self_evaluation IS '有绩效自评表 The project has a self-evaluation this year';
COMMENT ON COLUMN v_project_history.target_fiscal_yuan IS '目标表财政资金 Fiscal appropriation on the target form, 元';
COMMENT ON COLUMN v_project_history.target_annual_total_yuan IS '目标表年度资金申请总额 Annual funds requested on the target form, 元';
COMMENT ON COLUMN v_project_history.target_n_indicators IS '目标表指标数 Indicator rows on the target form';
COMMENT ON COLUMN v_project_history.self_eval_n_indicators IS '自评表指标数 Indicator rows on the self-evaluation';
COMMENT ON COLUMN v_project_history.self_eval_n_met IS '自评表达成指标数 Self-evaluation rows with the target met';
COMMENT ON COLUMN v_project_history.self_eval_n_missed IS '自评表未达成指标数 Self-evaluation rows with the target missed';
COMMENT ON COLUMN v_project_history.target_source_path IS '目标表来源文件 Source file of the target form, relative to the raw folder';
COMMENT ON COLUMN v_project_history.target_page IS '目标表首页码 First page of the target form';
COMMENT ON COLUMN v_project_history.self_eval_source_path IS '自评表来源文件 Source file of the self-evaluation, relative to the raw folder';
COMMENT ON COLUMN v_project_history.self_eval_page IS '自评表首页码 First page of the self-evaluation';
COMMENT ON COLUMN v_project_history.target_form_key IS '目标表键 form_key of the target form → dim_document';
COMMENT ON COLUMN v_project_history.self_eval_form_key IS '自评表键 form_key of the self-evaluation → dim_document';
COMMENT ON COLUMN v_project_history.project_name_printed IS '项目名称(当年) Project name as printed that year (target form, else self-evaluation)';
