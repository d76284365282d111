"""The level of a printed category label that the vocabulary allows at both levels.

成本指标 is a 一级 on 2024-era forms (over 经济成本指标 / 社会成本指标 …) and a 二级 under 产出指标 on
earlier ones. Decides which, from the other labels printed in the same table: it is a 一级 when
a printed 二级 stands under it (`vocabulary.level2_parent`, or a 二级 by shape ending in its words), a 二级 when none does and the 一级 it
stands under as a 二级 (产出指标) is printed; otherwise the vocabulary's default (一级) stays.
A label printed twice in one table keeps the vocabulary's reading (one copy may be each).
"""
from __future__ import annotations

from ..normalize import strip_group_weight
from ..vocabulary import level1_standard, level2_parent
from .rows import label_level


def resolve_levels(labels: list[tuple[str, int]]) -> list[int]:
    """The level of each (text, vocabulary level) printed label of one table."""
    texts = [strip_group_weight(t) or "" for t, _ in labels]
    out = []
    for k, (t, level) in enumerate(labels):
        dual = level == 1 and label_level(t) == 1 and level2_parent(texts[k]) is not None
        if not dual or texts.count(texts[k]) > 1:
            out.append(level)
            continue
        own = level1_standard(texts[k])
        others = [u for j, u in enumerate(texts) if j != k]
        children = any((level2_parent(u) == own or u.endswith(texts[k])) and level1_standard(u) is None
                       and label_level(u) == 2 for u in others)  # '经济成本指标', or one by shape only
        parent = level2_parent(texts[k])
        if not children and any(level1_standard(u) == parent for u in others):
            out.append(2)
        else:
            out.append(level)
    return out
