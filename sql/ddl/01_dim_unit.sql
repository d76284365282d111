-- dim_unit: one row per organisation (单位). Key = hash of the unit name.
CREATE TABLE dim_unit (
    unit_key        VARCHAR NOT NULL,
    unit_name       VARCHAR,
    unit_code       VARCHAR,
    department_name VARCHAR,
    province        VARCHAR,
    city            VARCHAR,
    district        VARCHAR,
    admin_level     VARCHAR,
    first_year      INTEGER,
    last_year       INTEGER,
    n_projects      INTEGER,
    PRIMARY KEY (unit_key)
);
COMMENT ON TABLE dim_unit IS '单位维度 Unit dimension: one row per organisation (实施单位/申报单位), across years; key (unit_key) is unique, checked by the quality gate before publish';
COMMENT ON COLUMN dim_unit.unit_key IS '单位键 Unit key: hash of the unit name (deterministic across loads)';
COMMENT ON COLUMN dim_unit.unit_name IS '单位名称 Unit name: 实施单位/申报单位 as printed (主管部门 when no unit is printed)';
COMMENT ON COLUMN dim_unit.unit_code IS '单位编码 Unit code as printed (e.g. 280024); null when the forms print none';
COMMENT ON COLUMN dim_unit.department_name IS '主管部门 Supervising department, without "(汇总)"; from the latest year';
COMMENT ON COLUMN dim_unit.province IS '省级 Province or municipality (上海市, 安徽省 …), derived from the names with cpca-new';
COMMENT ON COLUMN dim_unit.city IS '地市 Prefecture-level city (for a district of a municipality: the municipality); null for province-level units';
COMMENT ON COLUMN dim_unit.district IS '区县 District or county (闵行区, 嘉定区 …); null for province- or city-level units';
COMMENT ON COLUMN dim_unit.admin_level IS '行政级别 Administrative level: province | municipal | district (null when no place is named)';
COMMENT ON COLUMN dim_unit.first_year IS '首个年度 First fiscal year with a published form of this unit';
COMMENT ON COLUMN dim_unit.last_year IS '最近年度 Last fiscal year with a published form of this unit';
COMMENT ON COLUMN dim_unit.n_projects IS '项目数 Number of distinct projects of this unit in the warehouse';
