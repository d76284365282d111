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
_VALUE = re.compile(r"^(?:19|20)\d\d[-/.年]\d{1,2}(?:[-/.月]\d{1,2}日?)?$|^[\d,.]+$")  # a date or an amount
_UNIT_END = re.compile(r"[（(]\s*万?元\s*[)）]?$")
_PIECE = re.compile(r"^[^\d\s]{1,6}$")  # a piece: short, no digits (a value is never a label piece)


def _header_label(k: str) -> bool:
    return bool(header_field(k) or budget_row(k) or (budget_column(k) and len(k) <= 8) or _unit_label(k)
                or k in STOP_WORDS)


def _unit_label(k: str) -> bool:
    """'项目资金（万元）', '（元）', '项目总预算（元）' — not a name run into a unit ('某局…项目资金（元）')."""
    if not money_unit(k) or not _UNIT_END.search(k):
        return False  # the unit ends the label: '项目资金（元）一次性项目' is a label run into a value
    stem = _UNIT_END.sub("", k)
    return not stem or stem in STOP_WORDS or stem.startswith("项目资金") or bool(budget_row(stem))


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
    if header_field(first) or budget_row(first):
        return None  # a whole field label is complete: the lines after it are other cells ('项目资金（' / '元）')
    joined, used, best = first, [], None
    pieces = _pieces(out, i)
    for j, k in pieces:
        joined += k
        used.append(j)
        field = header_field(joined) or budget_row(joined)
        if best and (header_field(best[0]) or budget_row(best[0])) and not field:
            continue  # a field label is whole: '计划开始日' '期' stays apart from the unit label after it
        if _header_label(joined) and len(joined) <= 16:
            best = (joined, list(used))
        elif _is_title(joined) and not _is_title(first):
            return joined, list(used)  # a title is complete once it names a form
    return best or _around_other(out, i, first, pieces)


def _around_other(out: list[str], i: int, first: str, pieces: list[tuple[int, str]]) -> tuple[str, list[int]] | None:
    """A label whose last piece comes after one line of something else: a piece of the vertical label
    beside it ('其中：当年财政拨' / '资金' / '款') or its own value, printed on the label's middle line
    ('计划开始' / '2023-01-01' / '日期'). The line between stays where it is."""
    between = [(n, j, k) for n, (j, k) in enumerate(pieces[:2])]
    if i + 1 < len(out) and _VALUE.match(squash(out[i + 1]) or ""):
        between.append((-1, i + 1, ""))  # the value line right after the first piece
    for n, j, _ in between:
        rest = pieces[n + 1:] if n >= 0 else _pieces(out, j)
        joined, used = first + "".join(k for _, k in pieces[:max(n, 0)]), [j2 for j2, _ in pieces[:max(n, 0)]]
        for j2, k in rest[:3]:
            joined += k
            used.append(j2)
            if _header_label(joined) and len(joined) <= 16 and not _header_label(first):
                return joined, used
    return None


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
