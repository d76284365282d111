"""Labels that flowing text breaks over several lines, put back on one line.

Decides which consecutive short lines are pieces of one label of the form's header or funds block:
a form title cut before its last characters ('…绩效自' / '评表'), '项目资金（万' / '元）', funds column
titles cut inside a word ('年初预算' / '数', '全年执行' / '' / '数'), header labels ('计划开始' /
'日期'), and the goal label printed one character per line ('年' '度' '总' '体' '目' '标'). Lines
join only when the joined text is such a label and the later pieces are no label or value of their
own; anything else is left as printed.
"""
from __future__ import annotations

import re

from .. import vocabulary as L
from ..normalize import squash
from .rows import value_like
from .tokens import STOP_WORDS, budget_column, budget_row, header_field, money_unit

_MAX_PIECES = 8  # '年度总体目标' one character per line, with a spare
_PIECE = re.compile(r"^[^\d\s]{1,6}$")  # a piece: short, no digits (a value is never a label piece)


def _header_label(k: str) -> bool:
    return bool(header_field(k) or budget_row(k) or (budget_column(k) and len(k) <= 8) or money_unit(k)
                or k in STOP_WORDS)


def _is_title(k: str) -> bool:
    return L.is_form_title(k)


def _pieces(out: list[str], i: int) -> list[tuple[int, str]]:
    """The short lines after line i that may continue it: (index, text), one blank line allowed
    between two of them ('全年执行' / '' / '数')."""
    got: list[tuple[int, str]] = []
    j = i + 1
    while j < len(out) and len(got) < _MAX_PIECES:
        k = squash(out[j]) or ""
        if not k:
            if j + 1 < len(out) and squash(out[j + 1]) and (not got or got[-1][0] == j - 1):
                j += 1
                continue
            break
        if not _PIECE.match(k) or _header_label(k) or _is_title(k):
            break
        got.append((j, k))
        j += 1
    return got


def _label_at(out: list[str], i: int) -> tuple[str, list[int]] | None:
    """The longest header label (or form title) that line i and the pieces after it spell, with the
    lines used."""
    first = squash(out[i]) or ""
    if not first or " " in out[i].strip() or len(first) > 24 or value_like(first):
        return None  # a value ('≤13.10(万元)') is never the start of a label
    joined, used, best = first, [], None
    for j, k in _pieces(out, i):
        joined += k
        used.append(j)
        if _header_label(joined) and len(joined) <= 16:
            best = (joined, list(used))
        elif _is_title(joined) and not _is_title(first):
            return joined, list(used)  # a title is complete once it names a form
    return best


def rejoin_broken_labels(lines: list[str]) -> list[str]:
    """`lines` with each broken label joined onto its first line (the pieces' lines left empty)."""
    out = list(lines)
    i = 0
    while i < len(out):
        got = _label_at(out, i)
        if got and got[1]:
            out[i] = got[0]
            for k in got[1]:
                out[k] = ""
            i = got[1][-1] + 1
            continue
        i += 1
    return out
