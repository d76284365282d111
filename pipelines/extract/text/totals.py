"""The 总分 / 评分等级 lines that close a self-evaluation's indicator table.

Decides whether a line is the total-score or grade line (both may share one line: '总分 99.95
评分等级 优') and reads the total score (the last number after 总分) and the grade; and, where the
grade is printed away from its label, which printed cell is the grade (the grade scales' words).
"""
from __future__ import annotations

from .. import vocabulary as L
from ..assemble import FormBuilder
from ..normalize import parse_number, squash

# the words of the grading scales (优/良/中/差, 优秀/良好/合格/不合格, A–D)
_GRADES = {"优", "良", "中", "差", "优秀", "良好", "中等", "合格", "不合格", "较好", "一般", "较差", "及格", "不及格",
           "A", "B", "C", "D", "A级", "B级", "C级", "D级"}


def is_grade_value(t: str | None) -> bool:
    """Whether a printed cell is a grade of the grading scales."""
    return (squash(t) or "") in _GRADES


def grade_after(texts: list[tuple[str, int]], label_line: int) -> int | None:
    """Index of the grade among cells (text, line) printed in a table's last stretch when 评分等级 is
    printed without it: the last cell after the label's line that is a grade of the scales."""
    return next((k for k in range(len(texts) - 1, -1, -1) if texts[k][1] > label_line and is_grade_value(texts[k][0])),
                None)


def read_totals(b: FormBuilder, toks: list[str]) -> bool:
    """A 总分 / 评分等级 line (both may share one line: '总分 99.95 评分等级 优'); False for any other."""
    heads = [k for k, t in enumerate(toks) if L.is_total_score_label(t) or L.is_grade_label(t)]
    if not heads or heads[0] != 0:
        return False
    for n, k in enumerate(heads):
        rest = toks[k + 1: heads[n + 1] if n + 1 < len(heads) else len(toks)]
        if L.is_total_score_label(toks[k]):
            nums = [t for t in rest if parse_number(t) is not None]
            if nums:
                b.number("total_score", nums[-1])
        elif rest:
            b.grade("".join(rest))
    return True
