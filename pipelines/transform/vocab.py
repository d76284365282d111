"""One indicator taxonomy across form generations and years, with English labels.

2020-era target forms print 一级目标 产出目标 / 效果目标 / 影响力目标 with short
二级 labels (数量, 质量, 满意度 …); later forms print 产出指标 / 效益指标 /
满意度指标 / 成本指标 with full 二级 labels (数量指标, 社会效益指标 …). Both map
onto the later vocabulary here. Labels not recognised keep their printed text as
the standard label and get no English label (null), so nothing is invented.

成本指标 is one level-1 category in the taxonomy, whatever the year printed: 2024/2026
forms print it as a 一级 (over 经济/社会/生态环境成本指标), 2023 forms as a 二级 under
产出指标. A 2023 cost row therefore gets level1_std 成本指标 / level1_en cost and the
category `cost` (its printed labels stay in level1/level2), so one filter finds every
year's cost indicators. The categories form a small dimension (`category_frame`, table
dim_category): a key such as `cost` or `cost.economic`, its level, parent and names.
"""
from __future__ import annotations

import re

import polars as pl

from pipelines.extract.vocabulary import LEVEL1_CATEGORIES, LEVEL2_CATEGORIES

# The category table lives with the rest of the printed vocabulary (extract/vocabulary.py);
# here: the categories that have a standard English label.
# 二级 stems (label minus a trailing 指标/目标) → (standard 二级, standard 一级, English 二级).
LEVEL2: dict[str, tuple[str, str, str]] = {k: v for k, v in LEVEL2_CATEGORIES.items() if v[2] is not None}
# 一级 stems → (standard 一级, English).
LEVEL1: dict[str, tuple[str, str]] = {k: v for k, v in LEVEL1_CATEGORIES.items() if v[1] is not None}
LEVEL1_EN = {std: en for std, en in LEVEL1.values()}
COST = "成本指标"

# 2020-era 影响力目标 children are about lasting effects.
IMPACT_PARENTS = {"影响力"}

_SUFFIX = re.compile(r"(指标|目标)$")


def _stem(label: str | None) -> str | None:
    if label is None:
        return None
    s = re.sub(r"\s+", "", label)
    return _SUFFIX.sub("", s) or s


def standardise(level1: str | None, level2: str | None) -> tuple[str | None, str | None, str | None, str | None]:
    """(level1_std, level2_std, level1_en, level2_en) for one printed label pair."""
    s1, s2 = _stem(level1), _stem(level2)
    l1 = LEVEL1.get(s1) if s1 else None
    l2 = LEVEL2.get(s2) if s2 else None
    if s1 in IMPACT_PARENTS and l2 is None and s2:
        l2 = ("可持续影响指标", "效益指标", "sustainable impact")
    if l2 is not None:
        # The 二级 label decides the 一级 when the printed 一级 is an older or looser word
        # (效果目标/满意度 → 满意度指标); a 二级 成本指标 (2023: under 产出指标) is the 一级 成本指标.
        level2_std, parent, level2_en = l2
        level1_std = COST if level2_std == COST else parent
    else:
        level2_std = re.sub(r"\s+", "", level2) if level2 else None
        level2_en = None
        level1_std = l1[0] if l1 else (re.sub(r"\s+", "", level1) if level1 else None)
    level1_en = LEVEL1_EN.get(level1_std) if level1_std else None
    return level1_std, level2_std, level1_en, level2_en


def standardise_frame(df: pl.DataFrame) -> pl.DataFrame:
    """Add level1_std/level2_std/level1_en/level2_en and the category keys to a frame with level1/level2
    (one call per distinct pair)."""
    pairs = df.select("level1", "level2").unique(maintain_order=True)
    rows = [standardise(a, b) for a, b in pairs.iter_rows()]
    rows = [(*r, *category_keys(r[0], r[1])) for r in rows]
    names = ["level1_std", "level2_std", "level1_en", "level2_en", "category1_key", "category2_key"]
    mapped = pairs.with_columns(
        [pl.Series(n, [r[i] for r in rows], dtype=pl.String) for i, n in enumerate(names)]
    )
    return df.join(mapped, on=["level1", "level2"], how="left", nulls_equal=True, maintain_order="left")


def _key1(en: str) -> str:
    return en.split()[-1]   # output, outcome, satisfaction, cost, management ('input & management')


def _key2(level1_key: str, en: str) -> str:
    words = en.replace("-", "_").split()
    return f"{level1_key}.{'_'.join(words[:-1]) if len(words) > 1 else words[0]}"   # cost.economic, output.quantity


def _categories() -> list[tuple[str, int, str | None, str, str]]:
    """(category_key, level, parent_key, name_zh, name_en): the level-1 then the level-2 categories."""
    out: dict[str, tuple[str, int, str | None, str, str]] = {}
    for std, en in LEVEL1.values():
        out.setdefault(_key1(en), (_key1(en), 1, None, std, en))
    for std, parent, en in LEVEL2.values():
        if std == COST or parent not in LEVEL1_EN:
            continue   # the 2023 二级 成本指标 is the 一级 cost itself
        k1 = _key1(LEVEL1_EN[parent])
        out.setdefault(_key2(k1, en), (_key2(k1, en), 2, k1, std, en))
    return list(out.values())


CATEGORIES = _categories()
_CATEGORY_OF = {(name_zh, level): key for key, level, _, name_zh, _ in CATEGORIES}


def category_keys(level1_std: str | None, level2_std: str | None) -> tuple[str | None, str | None]:
    """(level-1 category key, level-2 category key) of a standardised label pair; None where not in the taxonomy."""
    k1 = _CATEGORY_OF.get((level1_std, 1))
    k2 = _CATEGORY_OF.get((level2_std, 2))
    if k2 is not None and k1 is not None and not k2.startswith(k1 + "."):
        k2 = None
    return k1, k2


def category_frame() -> pl.DataFrame:
    """dim_category: one row per category of the taxonomy (level 1, then its level-2 children), sorted."""
    order = {key: i for i, (key, level, *_rest) in enumerate(CATEGORIES) if level == 1}
    rows = sorted(CATEGORIES, key=lambda c: (order[c[2] or c[0]], c[1], c[0]))
    return pl.DataFrame(
        [(key, level, parent, zh, en, i + 1) for i, (key, level, parent, zh, en) in enumerate(rows)],
        schema={"category_key": pl.String, "level": pl.Int32, "parent_key": pl.String, "name_zh": pl.String,
                "name_en": pl.String, "sort_order": pl.Int32}, orient="row")


# Actual-value words on self-evaluation forms for a qualitative target.
ACHIEVED_WORDS = ("达成指标", "达成", "已达成", "完成", "已完成", "达到", "已达到", "达标", "实现", "已实现", "是", "符合")
NOT_ACHIEVED_WORDS = ("未达成指标", "未达成", "部分达成", "未完成", "部分完成", "未达到", "未达标", "未实现", "否", "不符合")
