"""One indicator taxonomy across years: dim_category, and the category of a printed label pair whatever the year's
form generation printed."""
from __future__ import annotations

from pipelines.transform.vocab import category_frame, category_keys, standardise


def _cat(level1, level2):
    l1, l2, *_ = standardise(level1, level2)
    return category_keys(l1, l2)


def test_cost_is_one_level1_category_in_every_generation():
    assert _cat("产出指标", "成本指标") == ("cost", None)            # 2023: a 二级 under 产出指标
    assert _cat("成本指标", "经济成本指标") == ("cost", "cost.economic")  # 2024/2026: a 一级
    assert _cat("成本指标", "社会成本指标") == ("cost", "cost.social")
    assert standardise("产出指标", "成本指标")[2] == "cost"           # level1_en agrees with the category


def test_older_wording_maps_onto_the_same_categories():
    assert _cat("产出目标", "数量") == _cat("产出指标", "数量指标") == ("output", "output.quantity")
    assert _cat("效果目标", "满意度") == ("satisfaction", "satisfaction.service_recipient")
    assert _cat("投入与管理", "财务管理") == ("management", "management.financial")
    assert _cat("过程指标", "某某") == (None, None)                   # not in the taxonomy: nothing invented


def test_dim_category_is_a_small_readable_tree():
    df = category_frame()
    keys = df["category_key"].to_list()
    assert len(keys) == len(set(keys)) and df.height < 40
    level1 = df.filter(df["level"] == 1)["category_key"].to_list()
    assert set(level1) == {"output", "outcome", "satisfaction", "cost", "management"}
    for key, parent in df.filter(df["level"] == 2).select("category_key", "parent_key").iter_rows():
        assert parent in level1 and key.startswith(parent + ".")
    assert df.filter(df["category_key"] == "cost.economic").row(0, named=True)["name_zh"] == "经济成本指标"
