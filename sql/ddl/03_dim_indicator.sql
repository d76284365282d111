-- dim_indicator: one row per distinct indicator label path (一级/二级/三级).
CREATE TABLE dim_indicator (
    indicator_key VARCHAR NOT NULL,
    level1        VARCHAR,
    level2        VARCHAR,
    level3        VARCHAR,
    level1_std    VARCHAR,
    level2_std    VARCHAR,
    level1_en     VARCHAR,
    level2_en     VARCHAR,
    category1_key VARCHAR,
    category2_key VARCHAR,
    PRIMARY KEY (indicator_key)
);
COMMENT ON TABLE dim_indicator IS '指标维度 Indicator dimension: one row per distinct label path (一级/二级/三级指标); key (indicator_key) is unique, checked by the quality gate before publish';
COMMENT ON COLUMN dim_indicator.indicator_key IS '指标键 Indicator key: hash of (level1, level2, level3) as printed';
COMMENT ON COLUMN dim_indicator.level1 IS '一级指标 Level-1 label as printed (一级目标 on 2020-era forms), whitespace removed';
COMMENT ON COLUMN dim_indicator.level2 IS '二级指标 Level-2 label as printed, whitespace removed';
COMMENT ON COLUMN dim_indicator.level3 IS '三级指标 Level-3 label (the indicator itself) as printed, whitespace removed';
COMMENT ON COLUMN dim_indicator.level1_std IS '一级指标(标准) Level-1 in one vocabulary across form generations and years (产出目标 → 产出指标, 效果目标 → 效益指标; a 2023 二级 成本指标 under 产出指标 → 成本指标)';
COMMENT ON COLUMN dim_indicator.level2_std IS '二级指标(标准) Level-2 in one vocabulary (数量 → 数量指标, 满意度 → 服务对象满意度指标 …); printed text when unknown';
COMMENT ON COLUMN dim_indicator.level1_en IS '一级指标英文 English level-1: output | outcome | satisfaction | cost | input & management (null when unknown); cost on every year''s cost rows (2023 prints them under 产出指标)';
COMMENT ON COLUMN dim_indicator.level2_en IS '二级指标英文 English level-2: quantity, quality, timeliness, social benefit … (null when unknown)';
COMMENT ON COLUMN dim_indicator.category1_key IS '一级分类 Level-1 category of the taxonomy → dim_category (output, outcome, satisfaction, cost, management; the same across years; null when the labels are not recognised)';
COMMENT ON COLUMN dim_indicator.category2_key IS '二级分类 Level-2 category of the taxonomy → dim_category (cost.economic, output.quantity …; null when the form prints no recognised breakdown, e.g. 2023''s 成本指标 under 产出指标)';
