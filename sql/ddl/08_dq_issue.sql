-- dq_issue: one row per data-quality finding of the load that built this warehouse.
CREATE TABLE dq_issue (
    rule        VARCHAR NOT NULL,
    severity    VARCHAR NOT NULL,
    form_key    VARCHAR,
    row_no      INTEGER,
    message     VARCHAR,
    source_path VARCHAR
);
COMMENT ON TABLE dq_issue IS '数据质量问题 Data-quality findings: errors quarantine a form, warnings are kept for review';
COMMENT ON COLUMN dq_issue.rule IS '规则 Rule that found the issue';
COMMENT ON COLUMN dq_issue.severity IS '严重程度 error (form quarantined, not in the facts) | warning (form published, please review)';
COMMENT ON COLUMN dq_issue.form_key IS '表单键 Form concerned → dim_document (null for file-level findings)';
COMMENT ON COLUMN dq_issue.row_no IS '行号 Indicator row concerned (null for form-level findings)';
COMMENT ON COLUMN dq_issue.message IS '说明 What is wrong, in a sentence';
COMMENT ON COLUMN dq_issue.source_path IS '来源文件 Source file of the form, relative to the raw folder';
