"""Transform pieces without a load: keys, vocabulary, achievement, duplicate resolution (regions: test_region.py)."""
from __future__ import annotations

import polars as pl
import pytest

from pipelines.ingest.inventory import RawFile
from pipelines.transform.keys import key_column, make_key
from pipelines.transform.staging import resolve_duplicates, stage_records
from pipelines.transform.star import achieved_expr
from pipelines.transform.vocab import standardise


def test_keys_are_stable_hashes_of_natural_keys():
    assert make_key("unit", "上海市卫生健康信息中心") == make_key("unit", "上海市卫生健康信息中心")
    assert make_key("unit", "a") != make_key("project", "a")
    assert make_key("x", None) != make_key("x", "")
    # Pinned: a change here re-keys every published warehouse, so it must be deliberate.
    assert make_key("unit", "上海市卫生健康信息中心") == "7d5beeb6f38682c2"
    df = pl.DataFrame({"a": ["p", "q", "p", None]})
    keyed = key_column(df, "t", ["a"], "k")
    assert keyed["k"].to_list() == [make_key("t", "p"), make_key("t", "q"), make_key("t", "p"), make_key("t", None)]


@pytest.mark.parametrize("l1,l2,expected", [
    ("产出指标", "数量指标", ("产出指标", "数量指标", "output", "quantity")),
    ("产出目标", "质量", ("产出指标", "质量指标", "output", "quality")),
    ("效果目标", "社会效益", ("效益指标", "社会效益指标", "outcome", "social benefit")),
    ("效果目标", "满意度", ("满意度指标", "服务对象满意度指标", "satisfaction", "service-recipient satisfaction")),
    ("影响力目标", "信息共享", ("效益指标", "可持续影响指标", "outcome", "sustainable impact")),
    ("产出指标", "成本指标", ("成本指标", "成本指标", "cost", "cost")),   # 2023: one taxonomy, cost is level 1
    ("成本指标", "经济成本指标", ("成本指标", "经济成本指标", "cost", "economic cost")),
    ("投入与管理", "财务管理", ("投入与管理", "财务管理指标", "input & management", "financial management")),
    ("新的一级", "新的二级", ("新的一级", "新的二级", None, None)),
])
def test_indicator_vocabulary(l1, l2, expected):
    assert standardise(l1, l2) == expected


def test_achieved_rules():
    rows = [  # target_op, target_value_std, target_unit_std, actual_value_std, actual_unit_std, actual_raw, target_raw, expected
        (">=", 95.0, "%", 97.0, "%", "97%", "≥95%", True),
        (">=", 95.0, "%", 90.0, "%", "90%", "≥95%", False),
        ("<=", 100.0, "元", 120.0, "元", "120元", "≤100元", False),
        ("=", 0.0, "起", 0.0, "起", "0起", "=0起", True),
        (None, 12.0, "月", 12.0, "月", "12月", "12月", True),
        (None, 12.0, "月", 11.0, "月", "11月", "12月", None),
        (">=", 95.0, "%", 3.0, "次", "3次", "≥95%", None),         # different units: undecided
        (None, None, None, None, None, "达成指标", "有效", True),
        (None, None, None, None, None, "未达成", "有效", False),
        (None, None, None, None, None, "基本稳定", "稳定运行", None),
    ]
    cols = ["target_op", "target_value_std", "target_unit_std", "actual_value_std", "actual_unit_std", "actual_raw",
            "target_raw", "expected"]
    df = pl.DataFrame(rows, schema=dict(zip(cols, [pl.String, pl.Float64, pl.String, pl.Float64, pl.String, pl.String,
                                                     pl.String, pl.Boolean])), orient="row")
    out = df.with_columns(pl.lit("self_evaluation").alias("form_type")).with_columns(achieved_expr())
    assert out["achieved"].to_list() == out["expected"].to_list()
    target = df.with_columns(pl.lit("target").alias("form_type")).with_columns(achieved_expr())
    assert target["achieved"].null_count() == target.height


def _doc(path: str, mtime: int, kind: str, project: str = "项目甲") -> tuple[RawFile, dict, str]:
    form = {"seq": 1, "form_type": "target", "year": 2024, "project_name": project, "department": None,
            "implementing_unit": "某单位", "budget": {}, "indicators": [
                {"level1": "产出指标", "level2": "数量指标", "level3": "x", "target_raw": "1次",
                 "target": {"op": None, "value": 1, "unit": "次", "text": None}}]}
    return RawFile(path, 10, mtime, f"sha-{path}", kind), {"source": path, "forms": [form]}, "v"


def test_duplicates_newest_wins_then_pdf_then_path():
    docs = [_doc("b.pdf", 100, "pdf"), _doc("a.pdf", 100, "pdf"), _doc("a.txt", 200, "text"),
            _doc("c.txt", 200, "text", project="项目乙"), _doc("c.pdf", 200, "pdf", project="项目乙")]
    forms, _ = stage_records(docs)
    kept, superseded = resolve_duplicates(forms, [d[0] for d in docs])
    assert sorted(kept["source_path"]) == ["a.txt", "c.pdf"]       # newest; on a tie the PDF
    assert dict(zip(superseded["source_path"], superseded["winner_path"])) == {
        "a.pdf": "a.txt", "b.pdf": "a.txt", "c.txt": "c.pdf"}
    tie = [_doc("z.pdf", 100, "pdf"), _doc("m.pdf", 100, "pdf")]
    kept, _ = resolve_duplicates(stage_records(tie)[0], [d[0] for d in tie])
    assert kept["source_path"].to_list() == ["m.pdf"]               # then the smaller path
