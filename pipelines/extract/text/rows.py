"""Indicator rows of text exports and the category labels printed on them → level1/level2 per row.

Every text shape reduces a table to a list of `RowRec`: the row's own cells (level3, target,
actual, …) and the category labels *printed on that row* (as `Label` objects, which later
fragments may still complete or extend). `assign_levels` decides each row's level1/level2 like a
reader of the merged cells: a printed label opens a group, an empty one continues the group
above. Labels are classified by vocabulary (`vocabulary.level_of`), never by the column they landed
in, so a label drifting one column left or right still lands at its level. Every repair leaves a
sentence in the form's doubts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import vocabulary as L
from ..vocabulary import PARENT
from ..normalize import squash, strip_group_weight
from ..values import clean_raw, parse_value

ERA_LEVEL1 = {"产出指标", "效益指标", "满意度指标", "成本指标"}

# Cells of the outer row-header column ('绩效 指标' printed vertically) and its pieces.
JUNK = {"绩效指标", "绩效", "指标", "项目绩效目标", "绩效目标", "项目绩效指标", "绩效指标目标"}


@dataclass
class Label:
    """A printed category label; `text` may still grow (vertical label split by a page break)."""

    text: str

    @property
    def level(self) -> int | None:
        return label_level(self.text)


@dataclass
class RowRec:
    labels: list[Label]
    level3: str | None
    target: str | None = None
    actual: str | None = None
    weight: str | None = None
    score: str | None = None
    note: str | None = None
    after_break: bool = False  # a page break (blank lines) comes right before this row


@lru_cache(maxsize=4096)
def label_level(text: str | None) -> int | None:
    """level_of, refusing glued labels ('效益指标社会效益指标' is two labels, not one)."""
    t = strip_group_weight(text)
    if not t:
        return None
    for word in ("指标", "目标"):
        if word in t[:-len(word)]:
            return None
    return L.level_of(t)


def in_vocabulary(text: str) -> bool:
    t = strip_group_weight(text) or ""
    return t in L.LEVEL1 or t in L.LEVEL2


def value_like(raw: str | None) -> bool:
    """A cell that reads as a value (operator, number with a short unit), not as a name."""
    t = clean_raw(raw)
    if not t:
        return False
    v = parse_value(t)
    if v.op is not None and (v.value is not None or re.match(r"^[=<>≥≤＝＞＜]", t)):
        return True
    if v.value is not None:
        return v.unit is None or v.unit == "%" or len(v.unit) <= 4 or t[len(t) - len(v.unit) - 1:].startswith("(")
    return False


# --- rows → level1/level2 ---------------------------------------------------------------------------


def assign_levels(rows: list[RowRec], doubt) -> list[tuple[str | None, str | None, RowRec]]:
    """Forward-fill printed labels into (level1, level2) per row, repairing drifted labels."""
    out: list[tuple[str | None, str | None, RowRec]] = []
    cur1: str | None = None
    cur2: str | None = None
    prev: RowRec | None = None
    for n, row in enumerate(rows):
        if prev is not None and row.after_break and same_row(prev, row):
            doubt(f"Row {row.level3} is printed twice across a page break; kept once.")
            continue
        if row.after_break and not row.labels and cur2 is not None:
            doubt(f"Row {row.level3} follows a page break without labels; read as continuing {cur1}/{cur2}.")
        nxt = rows[n + 1] if n + 1 < len(rows) else None
        if prev is not None and not row.labels and nxt is not None and nxt.after_break and nxt.labels:
            doubt(f"Row {row.level3} (no labels, last before a page break) kept under {cur1}/{cur2}; the labels "
                  f"after the break ({'/'.join(x.text for x in nxt.labels)}) are read as starting the next row.")
        prev = row
        texts: list[str] = []
        for lab in row.labels:
            t = strip_group_weight(lab.text)
            if t and (not texts or texts[-1] != t):
                texts.append(t)
        levels = [label_level(t) for t in texts]
        for i, (t, lv) in enumerate(zip(texts, levels)):
            if lv is None:
                # An unfinished vertical label: place it by position (first of two = level 1).
                levels[i] = 1 if (len(texts) >= 2 and i < len(texts) - 1) else 2
                doubt(f"Label '{t}' (row {row.level3}) is incomplete in the export; read as level {levels[i]}.")
            elif lv == 1 and "成本" in t and not L.is_level1_only(t):
                has_l2_after = any(label_level(u) == 2 for u in texts[i + 1:])
                has_l1_other = any(label_level(u) == 1 for u in texts[:i])
                if not has_l2_after and (has_l1_other or (cur1 is not None and cur1 != t)):
                    levels[i] = 2
                    doubt(f"'{t}' printed without a level-2 label of its own (row {row.level3}); "
                          f"read as a level-2 category under {texts[i - 1] if has_l1_other else cur1}.")
        l1p = [t for t, lv in zip(texts, levels) if lv == 1]
        l2p = [t for t, lv in zip(texts, levels) if lv == 2]
        if len(l1p) > 1 or len(l2p) > 1:
            doubt(f"Row {row.level3} carries several labels of one level ({'/'.join(texts)}); the last is used.")
        if l1p:
            cur1, cur2 = l1p[-1], None
        if l2p:
            cur2 = l2p[-1]
        row_l1 = cur1
        parent = PARENT.get(cur2 or "")
        if parent and row_l1 in ERA_LEVEL1 and row_l1 != parent:
            doubt(f"Row {row.level3}: level-2 '{cur2}' belongs under {parent}, but '{row_l1}' is printed "
                  f"{'on this row' if l1p else 'above'}; read as {parent}/{cur2} (label on the wrong row).")
            row_l1 = parent
            if not l1p:
                cur1 = parent
        out.append((row_l1, cur2, row))
    return out


def same_row(a: RowRec, b: RowRec) -> bool:
    """The same indicator printed again (name, target and actual), e.g. on both sides of a page break."""
    return (squash(a.level3) == squash(b.level3) and clean_raw(a.target) == clean_raw(b.target)
            and clean_raw(a.actual) == clean_raw(b.actual) and a.level3 is not None)


def last_label(rows: list[RowRec]) -> Label | None:
    for r in reversed(rows):
        if r.labels:
            return r.labels[-1]
    return None


# --- flowing text tables ------------------------------------------------------------------------------

