-- fact_indicator: grain = one indicator row of one published form.
CREATE TABLE fact_indicator (
    form_key         VARCHAR NOT NULL,
    project_key      VARCHAR NOT NULL,
    unit_key         VARCHAR NOT NULL,
    indicator_key    VARCHAR NOT NULL,
    fiscal_year      INTEGER,
    form_type        VARCHAR,
    row_no           INTEGER NOT NULL,
    target_raw       VARCHAR,
    target_op        VARCHAR,
    target_value     DECIMAL(38,4),
    target_unit      VARCHAR,
    target_text      VARCHAR,
    target_value_std DECIMAL(38,4),
    target_unit_std  VARCHAR,
    actual_raw       VARCHAR,
    actual_op        VARCHAR,
    actual_value     DECIMAL(38,4),
    actual_unit      VARCHAR,
    actual_text      VARCHAR,
    actual_value_std DECIMAL(38,4),
    actual_unit_std  VARCHAR,
    weight           DECIMAL(18,2),
    score            DECIMAL(18,2),
    achieved         BOOLEAN,
    note             VARCHAR,
    PRIMARY KEY (form_key, row_no),
    FOREIGN KEY (form_key) REFERENCES dim_document (form_key),
    FOREIGN KEY (project_key) REFERENCES dim_project (project_key),
    FOREIGN KEY (unit_key) REFERENCES dim_unit (unit_key),
    FOREIGN KEY (indicator_key) REFERENCES dim_indicator (indicator_key)
);
COMMENT ON TABLE fact_indicator IS '绩效指标事实 Indicator facts: one indicator row of one published form; key (form_key, row_no) is unique, checked by the quality gate before publish';
COMMENT ON COLUMN fact_indicator.form_key IS '表单键 Form key → dim_document';
COMMENT ON COLUMN fact_indicator.project_key IS '项目键 Project key → dim_project';
COMMENT ON COLUMN fact_indicator.unit_key IS '单位键 Unit key → dim_unit';
COMMENT ON COLUMN fact_indicator.indicator_key IS '指标键 Indicator key → dim_indicator';
COMMENT ON COLUMN fact_indicator.fiscal_year IS '年度 Fiscal year';
COMMENT ON COLUMN fact_indicator.form_type IS '表类型 target (绩效目标表) | self_evaluation (绩效自评表)';
COMMENT ON COLUMN fact_indicator.row_no IS '行号 Position of the row in the form''s indicator table, from 1';
COMMENT ON COLUMN fact_indicator.target_raw IS '指标值(原文) Target value as printed (指标目标值 / 年度指标值), conversion artefacts removed';
COMMENT ON COLUMN fact_indicator.target_op IS '比较符 Target operator: = | >= | <= | > | < (null when none printed)';
COMMENT ON COLUMN fact_indicator.target_value IS '目标数值 Target number as printed (in target_unit)';
COMMENT ON COLUMN fact_indicator.target_unit IS '目标单位 Target unit as printed (%, 次, 万元 …)';
COMMENT ON COLUMN fact_indicator.target_text IS '目标描述 Qualitative target (健全, 及时 …) when there is no number';
COMMENT ON COLUMN fact_indicator.target_value_std IS '目标数值(标准) Target number in the standard unit: money in 元, ratios in percent';
COMMENT ON COLUMN fact_indicator.target_unit_std IS '目标单位(标准) Standard unit: 元 for money, % for ratios, else the printed unit';
COMMENT ON COLUMN fact_indicator.actual_raw IS '实际完成值(原文) Actual value as printed (self-evaluation only)';
COMMENT ON COLUMN fact_indicator.actual_op IS '实际比较符 Operator printed with the actual value, if any';
COMMENT ON COLUMN fact_indicator.actual_value IS '实际数值 Actual number as printed (in actual_unit)';
COMMENT ON COLUMN fact_indicator.actual_unit IS '实际单位 Actual unit as printed';
COMMENT ON COLUMN fact_indicator.actual_text IS '实际描述 Qualitative actual value (达成指标 …) when there is no number';
COMMENT ON COLUMN fact_indicator.actual_value_std IS '实际数值(标准) Actual number in the standard unit (元, percent)';
COMMENT ON COLUMN fact_indicator.actual_unit_std IS '实际单位(标准) Standard unit of the actual value';
COMMENT ON COLUMN fact_indicator.weight IS '分值 Weight (points) of the row (self-evaluation)';
COMMENT ON COLUMN fact_indicator.score IS '得分 Score given (self-evaluation)';
COMMENT ON COLUMN fact_indicator.achieved IS '是否达成 Target met: true / false / null when it cannot be decided (target forms; numbers in different units; no operator and unequal values; unknown wording)';
COMMENT ON COLUMN fact_indicator.note IS '偏差原因分析及改进措施 Deviation explanation and remedy (self-evaluation)';
