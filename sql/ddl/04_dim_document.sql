-- dim_document: one row per form as found in a file (provenance), including forms not published.
CREATE TABLE dim_document (
    form_key          VARCHAR NOT NULL,
    source_path       VARCHAR NOT NULL,
    sha256            VARCHAR NOT NULL,
    form_seq          INTEGER,
    page_start        INTEGER,
    page_end          INTEGER,
    extraction_method VARCHAR,
    form_type         VARCHAR,
    fiscal_year       INTEGER,
    extractor_version VARCHAR,
    loaded_at         TIMESTAMPTZ,
    project_key       VARCHAR,
    unit_key          VARCHAR,
    project_name      VARCHAR,
    unit_name         VARCHAR,
    status            VARCHAR,
    superseded_by     VARCHAR,
    n_indicators      INTEGER,
    n_doubts          INTEGER,
    doubts            VARCHAR,
    PRIMARY KEY (form_key)
);
COMMENT ON TABLE dim_document IS '表单来源 Document dimension (provenance): one row per form as found in a file; status says whether its rows are in the facts; key (form_key) is unique, checked by the quality gate before publish';
COMMENT ON COLUMN dim_document.form_key IS '表单键 Form key: hash of (file sha256, position in file)';
COMMENT ON COLUMN dim_document.source_path IS '来源文件 Source file, relative to the raw folder';
COMMENT ON COLUMN dim_document.sha256 IS '文件指纹 SHA-256 of the file content (a changed file is a new version)';
COMMENT ON COLUMN dim_document.form_seq IS '表序号 Position of the form in its file, from 1';
COMMENT ON COLUMN dim_document.page_start IS '起始页 First page of the form (1-based; null for text exports)';
COMMENT ON COLUMN dim_document.page_end IS '结束页 Last page of the form (1-based; null for text exports)';
COMMENT ON COLUMN dim_document.extraction_method IS '抽取方式 How the form was read: text (a PDF text layer or a text export) | ocr (one or more of its pages are images read by OCR: weigh or filter its values accordingly; uncertain readings are in doubts)';
COMMENT ON COLUMN dim_document.form_type IS '表类型 Form type: target (绩效目标表) | self_evaluation (绩效自评表)';
COMMENT ON COLUMN dim_document.fiscal_year IS '年度 Fiscal year of the form';
COMMENT ON COLUMN dim_document.extractor_version IS '抽取器版本 Version of the extractor that read the file';
COMMENT ON COLUMN dim_document.loaded_at IS '抽取时间 When this file version was first extracted (UTC; unchanged by reloads)';
COMMENT ON COLUMN dim_document.project_key IS '项目键 Project key → dim_project (only published forms have a dim_project row)';
COMMENT ON COLUMN dim_document.unit_key IS '单位键 Unit key → dim_unit (only published forms have a dim_unit row)';
COMMENT ON COLUMN dim_document.project_name IS '项目名称 Project name as printed on this form';
COMMENT ON COLUMN dim_document.unit_name IS '单位名称 Unit name as printed on this form';
COMMENT ON COLUMN dim_document.status IS '状态 published (in the facts) | superseded (same unit, project, year and form type published from another copy, see superseded_by: a newer document — with equal content, mtimes within 60 s are a tie decided by PDF over text export, then the smaller path — or a second copy in the same document: identical copies keep the first, differing ones the later, see dq_issue rule duplicate_form_in_document) | quarantined (blocked by a data-quality error, see dq_issue)';
COMMENT ON COLUMN dim_document.superseded_by IS '替代表单 form_key of the published copy that replaced this one (status superseded; may be in the same file)';
COMMENT ON COLUMN dim_document.n_indicators IS '指标行数 Number of indicator rows on the form';
COMMENT ON COLUMN dim_document.n_doubts IS '存疑数 Number of extractor doubts (garbled places where the extractor had to choose)';
COMMENT ON COLUMN dim_document.doubts IS '存疑说明 The extractor doubts, joined with " | "';
