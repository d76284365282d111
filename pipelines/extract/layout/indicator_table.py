"""The indicator table of a form: its header row, its end, its totals.

Decides which band of blocks is the table header (column-role labels around a 三级指标
cell, two-level headers, unlabelled header cells), where the body ends (a footer line such as
填报人 / 注：) and reads the 总分 / 评分等级 rows that close a self-evaluation table.
"""
from __future__ import annotations

import re

from .. import vocabulary
from ..normalize import parse_number
from .columns import column_of
from .geometry import Box, join_text, same_row
from .state import FormState


def find_table_header(seg: list[Box]) -> tuple[list[tuple[str, Box]], tuple[float, float]] | None:
    """The indicator table's header row: the band of column-role labels around a 三级指标 cell."""
    roles = [(vocabulary.column_role(b.text), b) for b in seg]
    roles = [(r, b) for r, b in roles if r]
    anchors = [b for r, b in roles if r == "level3"] or [b for r, b in roles if r == "target"]
    best = None
    for a in anchors:
        band = [(r, b) for r, b in roles if same_row(a, b, 0.3)]
        grown = True
        while grown:  # header cells stacked in two levels: role labels just above or below the band
            t, btm = min(b.top for _, b in band), max(b.bottom for _, b in band)
            more = [(r, b) for r, b in roles if (r, b) not in band and -b.size < b.top - btm < 0.8 * b.size
                    or (r, b) not in band and -b.size < t - b.bottom < 0.8 * b.size]
            band += more
            grown = bool(more)
        kinds = {r for r, _ in band}
        if len(kinds) < 3 or not ({"level3", "target"} & kinds) or not ({"level1", "level2", "level3"} & kinds):
            continue
        if best is None or len(kinds) > len({r for r, _ in best}):
            best = band
    if best is None:
        return None
    top = min(b.top for _, b in best)
    bottom = max(b.bottom for _, b in best)
    cands = list(best)
    # unlabelled header cells of the same band are columns too (their text is not read)
    for b in seg:
        if vocabulary.column_role(b.text) is None and top - 1 <= b.cy <= bottom + 1 and b.bottom - b.top < 3 * (bottom - top + 1):
            if all(not same_row(b, h) or b.x1 < h.x0 or b.x0 > h.x1 for _, h in best):
                cands.append(("?", b))
    # a two-level header: a parent cell ('指标值' over 年度指标值 | 实际完成值) is not a column
    def is_parent(b: Box) -> bool:
        return any(
            h is not b and r != "?" and h.top >= b.bottom - 1 and min(h.x1, b.x1) > max(h.x0, b.x0) for r, h in cands
        )

    heads: list[tuple[str, Box]] = []
    seen: set[str] = set()
    for r, b in sorted(cands, key=lambda rb: rb[1].x0):
        if is_parent(b):
            continue
        if r == "?":
            heads.append((f"?{b.text[:6]}", b))
            continue
        heads.append((r if r not in seen else f"?{r}", b))
        seen.add(r)
    return heads, (top, bottom)


_FOOTER = re.compile(r"^(?:填报人|填表人|联系人|联系电话|审核人|单位负责人|负责人|填报日期|填表日期|注[:：]|说明[:：]|备注[:：])")


def above_footer(body: list[Box]) -> list[Box]:
    """The body blocks above a footer line under the table (填报人, 联系电话, 注： …)."""
    stops = [b.top for b in body if _FOOTER.match(b.text)]
    if not stops:
        return body
    end = min(stops)
    return [b for b in body if b.cy < end - 0.5]


def read_totals(body: list[Box], st: FormState) -> list[Box]:
    """Read 总分 / 评分等级 rows; return the body blocks above them (the indicator rows)."""
    marks = [b for b in body if vocabulary.is_total_score_label(b.text) or vocabulary.is_grade_label(b.text)]
    if not marks:
        return body
    end = min(b.top for b in marks)
    cols = st.columns or []
    for m in marks:
        others = sorted((b for b in body if b is not m and same_row(m, b) and b.x0 > m.x0), key=lambda b: b.x0)
        if vocabulary.is_total_score_label(m.text):
            score = None
            for b in others:
                c = column_of(b, cols)
                if c is not None and c.role == "score":
                    score = b.text
            if score is None:
                nums = [b.text for b in others if parse_number(b.text) is not None]
                score = nums[-1] if nums else None
            st.builder.number("total_score", score)
        else:
            text = ""
            for b in others:
                text = join_text(text, b.text) if text else b.text
            if text:
                st.builder.grade(text)
    st.closed = True
    return [b for b in body if b.cy < end - 0.5]
