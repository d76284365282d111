"""The 总分 / 评分等级 lines that close a self-evaluation's indicator table.

Decides whether a line is the total-score or grade line (both may share one line: '总分 99.95
评分等级 优') and reads the total score (the last number after 总分) and the grade.
"""
from __future__ import annotations

from .. import vocabulary as L
from ..assemble import FormBuilder
from ..normalize import parse_number


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
