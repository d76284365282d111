"""Gold form records for the extraction tests: reading them, perturbing them into another issuer's
forms of the same shape, and scoring extracted records against them (tests/score_extraction.py's rules).

Shared by the PDF, office and generalisation tests and by the fixture factories, so no test module
imports another.
"""
from __future__ import annotations

import copy
import importlib.util
import json
import random
from pathlib import Path

HERE = Path(__file__).parent
GOLD = HERE / "fixtures" / "gold"

_spec = importlib.util.spec_from_file_location("score_extraction", HERE / "score_extraction.py")
score_extraction = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score_extraction)


def gold_forms(name: str) -> list[dict]:
    return json.loads((GOLD / name).read_text(encoding="utf-8"))["forms"]


# ------------------------------------------------------------------------------ perturbation

ISSUERS = [
    ("北京市朝阳区教育委员会", "北京市朝阳区第一实验小学"),
    ("广东省交通运输厅", "广东省公路事务中心"),
    ("四川省成都市武侯区民政局", "成都市武侯区社会福利院"),
    ("浙江省杭州市财政局(汇总)", "杭州市政府采购中心"),
]
NAME_PARTS = ["智慧", "校园", "公路养护", "养老服务", "数据平台", "(2025运维)", "二期", "“一网通办”", "3.0", "ERP升级",
              "专项", "设备购置", "信息系统", "补助资金", "（第二年）"]


def perturb(form: dict, rng: random.Random, *, unit: str | None = None) -> dict:
    """Another issuer's form of the same shape: names, year, amounts, values and units changed."""
    f = copy.deepcopy(form)
    f["doubts"] = []
    f["year"] = (f.get("year") or 2024) + rng.randint(1, 3)
    f["project_name"] = "".join(rng.sample(NAME_PARTS, rng.randint(2, 5)))
    dept, unit_name = rng.choice(ISSUERS)
    if f.get("department"):
        f["department"] = dept
    f["implementing_unit"] = unit_name
    for k in ("start_date", "end_date"):
        if f.get(k):
            f[k] = f"{f['year']}" + f[k][4:]
    if unit and f["form_type"] == "target":
        f["money_unit_printed"] = unit
    factor = rng.choice([3, 7, 11])
    b = f["budget"]
    for k in ("total", "annual_total", "fiscal", "carryover", "other", "initial_budget", "full_year_budget", "executed"):
        if b.get(k):
            b[k] = round(b[k] * factor / 100) * 100  # whole hundreds: exact in 万元 with two decimals
    pool = [i for i in f["indicators"]]
    rng.shuffle(pool)
    for ind, donor in zip(f["indicators"], pool):
        ind["level3"] = ind["level3"] + rng.choice(["", "情况", "率", "（年度）"])
        ind["target_raw"], ind["target"] = donor["target_raw"], donor["target"]
        if f["form_type"] == "self_evaluation":
            ind["weight"] = rng.choice([2, 5, 10])
            ind["score"] = ind["weight"] - rng.choice([0, 0, 0.5, 1])
            ind["note"] = rng.choice([None, None, "已按计划完成", "受疫情影响进度滞后，下年度加强管理"])
    return f
