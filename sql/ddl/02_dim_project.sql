-- dim_project: one row per project of a unit, across years. Key = hash of (unit name, identity name of the project).
CREATE TABLE dim_project (
    project_key      VARCHAR NOT NULL,
    unit_key         VARCHAR NOT NULL,
    project_name     VARCHAR,
    project_name_std VARCHAR,
    project_category VARCHAR,
    project_nature   VARCHAR,
    performance_type VARCHAR,
    first_year       INTEGER,
    last_year        INTEGER,
    n_forms          INTEGER,
    name_variants    VARCHAR,
    n_name_variants  INTEGER,
    PRIMARY KEY (project_key),
    FOREIGN KEY (unit_key) REFERENCES dim_unit (unit_key)
);
COMMENT ON TABLE dim_project IS '项目维度 Project dimension: one row per project of a unit, across fiscal years (yearly forms whose names differ only by year tokens, brackets or (汇总) are one project); key (project_key) is unique, checked by the quality gate before publish';
COMMENT ON COLUMN dim_project.project_key IS '项目键 Project key: hash of (unit name, project_name_std): the same across years';
COMMENT ON COLUMN dim_project.unit_key IS '单位键 Unit key → dim_unit';
COMMENT ON COLUMN dim_project.project_name IS '项目名称 Project name as printed in the latest year (whitespace removed); each form''s own printing: dim_document.project_name';
COMMENT ON COLUMN dim_project.project_name_std IS '项目标识名 Identity name that links the yearly forms of one project: the printed name without year tokens ((2024运维), 2023年, 第三年), (汇总), brackets, spaces; full-width characters as half-width';
COMMENT ON COLUMN dim_project.name_variants IS '名称变体 Every printed name of the project, oldest first, joined with " | "';
COMMENT ON COLUMN dim_project.n_name_variants IS '名称变体数 Number of different printed names of the project';
COMMENT ON COLUMN dim_project.project_category IS '项目类别 Project category (经常性项目, 一次性项目 …), latest year that prints it';
COMMENT ON COLUMN dim_project.project_nature IS '项目性质 Project nature, latest year that prints it';
COMMENT ON COLUMN dim_project.performance_type IS '绩效类型 Performance type (e.g. 信息化建设工程类), latest year that prints it';
COMMENT ON COLUMN dim_project.first_year IS '首个年度 First fiscal year the project appears';
COMMENT ON COLUMN dim_project.last_year IS '最近年度 Last fiscal year the project appears';
COMMENT ON COLUMN dim_project.n_forms IS '表数 Number of published forms (target and self-evaluation) of the project';
