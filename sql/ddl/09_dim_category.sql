-- dim_category: the indicator taxonomy, one row per category (level 1, and level 2 under it), the same for every year.
CREATE TABLE dim_category (
    category_key VARCHAR NOT NULL,
    level        INTEGER NOT NULL,
    parent_key   VARCHAR,
    name_zh      VARCHAR,
    name_en      VARCHAR,
    sort_order   INTEGER,
    PRIMARY KEY (category_key)
);
COMMENT ON TABLE dim_category IS '指标分类 Indicator taxonomy: one row per standard category (level 1: output, outcome, satisfaction, cost, management; level 2 under them), the same across years — 2023 forms print 成本指标 as a 二级 under 产出指标, later forms as a 一级, both are category cost; dim_indicator.category1_key / category2_key point here; key (category_key) is unique, checked by the quality gate before publish';
COMMENT ON COLUMN dim_category.category_key IS '分类键 Category key: cost, cost.economic, output.quantity … (level-2 keys start with their level-1 key)';
COMMENT ON COLUMN dim_category.level IS '层级 Level: 1 (一级指标) or 2 (二级指标)';
COMMENT ON COLUMN dim_category.parent_key IS '上级分类 Level-1 category of a level-2 category (null for level 1)';
COMMENT ON COLUMN dim_category.name_zh IS '标准名称 Standard Chinese name (成本指标, 经济成本指标 …)';
COMMENT ON COLUMN dim_category.name_en IS '英文名称 English name (cost, economic cost …)';
COMMENT ON COLUMN dim_category.sort_order IS '排序 Order for listings: each level-1 category followed by its level-2 categories';
