-- fact_project_budget: grain = one published form (a project in a year, per form type).
CREATE TABLE fact_project_budget (
    form_key              VARCHAR NOT NULL,
    project_key           VARCHAR NOT NULL,
    unit_key              VARCHAR NOT NULL,
    fiscal_year           INTEGER,
    form_type             VARCHAR,
    total_yuan            DECIMAL(38,2),
    annual_total_yuan     DECIMAL(38,2),
    fiscal_yuan           DECIMAL(38,2),
    carryover_yuan        DECIMAL(38,2),
    other_yuan            DECIMAL(38,2),
    initial_budget_yuan   DECIMAL(38,2),
    full_year_budget_yuan DECIMAL(38,2),
    executed_yuan         DECIMAL(38,2),
    execution_rate_pct    DECIMAL(18,2),
    budget_weight         DECIMAL(18,2),
    budget_score          DECIMAL(18,2),
    total_score           DECIMAL(18,2),
    grade                 VARCHAR,
    start_date            DATE,
    end_date              DATE,
    money_unit_printed    VARCHAR,
    PRIMARY KEY (form_key),
    FOREIGN KEY (form_key) REFERENCES dim_document (form_key),
    FOREIGN KEY (project_key) REFERENCES dim_project (project_key),
    FOREIGN KEY (unit_key) REFERENCES dim_unit (unit_key)
);
COMMENT ON TABLE fact_project_budget IS '项目资金事实 Project budget facts: one published form (a project in a year, per form type); amounts in 元; key (form_key) is unique, checked by the quality gate before publish';
COMMENT ON COLUMN fact_project_budget.form_key IS '表单键 Form key → dim_document';
COMMENT ON COLUMN fact_project_budget.project_key IS '项目键 Project key → dim_project';
COMMENT ON COLUMN fact_project_budget.unit_key IS '单位键 Unit key → dim_unit';
COMMENT ON COLUMN fact_project_budget.fiscal_year IS '年度 Fiscal year';
COMMENT ON COLUMN fact_project_budget.form_type IS '表类型 target | self_evaluation';
COMMENT ON COLUMN fact_project_budget.total_yuan IS '项目资金总额 Total project funds (项目总预算), 元';
COMMENT ON COLUMN fact_project_budget.annual_total_yuan IS '年度资金总额 Annual funds requested / budgeted (年度资金申请总额, 项目当年预算), 元';
COMMENT ON COLUMN fact_project_budget.fiscal_yuan IS '财政资金 Fiscal appropriation (当年财政拨款), 元';
COMMENT ON COLUMN fact_project_budget.carryover_yuan IS '上年结转资金 Carry-over from the previous year, 元';
COMMENT ON COLUMN fact_project_budget.other_yuan IS '其他资金 Other funds, 元';
COMMENT ON COLUMN fact_project_budget.initial_budget_yuan IS '年初预算数 Budget at the start of the year (self-evaluation), 元';
COMMENT ON COLUMN fact_project_budget.full_year_budget_yuan IS '全年预算数 Full-year budget (self-evaluation), 元';
COMMENT ON COLUMN fact_project_budget.executed_yuan IS '全年执行数 Amount executed in the year (self-evaluation), 元';
COMMENT ON COLUMN fact_project_budget.execution_rate_pct IS '执行率 Execution rate as printed, percent (self-evaluation)';
COMMENT ON COLUMN fact_project_budget.budget_weight IS '分值 Weight (points) of budget execution (self-evaluation)';
COMMENT ON COLUMN fact_project_budget.budget_score IS '得分 Score of budget execution (self-evaluation)';
COMMENT ON COLUMN fact_project_budget.total_score IS '总分 Total self-evaluation score';
COMMENT ON COLUMN fact_project_budget.grade IS '自评等级 Self-evaluation grade (优, 良, 中, 差)';
COMMENT ON COLUMN fact_project_budget.start_date IS '项目开始日期 Project start date';
COMMENT ON COLUMN fact_project_budget.end_date IS '项目结束日期 Project end date';
COMMENT ON COLUMN fact_project_budget.money_unit_printed IS '金额单位(原文) Money unit the form printed (元 or 万元); amounts here are always 元';
