"""Line shapes of flowing pdftotext text inside an indicator table, and how wrapped cells split.

Decides, for one line or a run of lines: is it a category label (whole, cut by a wrap, a piece of
a vertical label, the outer 绩效指标 column), a repeated column title, or row text; and how lines
printed on their own split into a row's cells (name, then values) as plausible wraps.
"""
from __future__ import annotations

import re

from .. import vocabulary as L
from ..normalize import squash
from .rows import JUNK, label_level
from .tokens import VALUE_START, column_role

def label_prefix(k: str) -> bool:
    """A category label cut by a line wrap ('服务对象满意度指' of 服务对象满意度指标)."""
    return len(k) >= 4 and any(v.startswith(k) and v != k for v in (*L.LEVEL1, *L.LEVEL2))


def label_line(t: str) -> bool:
    """A line of category labels only (whole, cut by a wrap, or the outer 绩效指标 column)."""
    parts = [squash(x) or "" for x in t.split()]
    return bool(parts) and all(k in JUNK or label_prefix(k) or label_level(k) is not None for k in parts)




def split_texts(texts: list[str], missing: int) -> list[str | None]:
    """Cells of a row that pdftotext printed on lines of their own, in column order."""
    if missing <= 0:
        return []
    groups: list[list[str]] = []
    for t in texts:
        if not groups or VALUE_START.match(t):
            groups.append([t])
        else:
            groups[-1].append(t)
    if len(groups) < missing and groups and len(groups[0]) > 1:
        first = groups.pop(0)
        groups[:0] = _split_wrapped(first, min(len(first), missing - len(groups)))
    while len(groups) > missing:
        groups[0] = groups[0] + groups.pop(1)
    out: list[str | None] = [squash("".join(g)) for g in groups]
    return [None] * (missing - len(out)) + out


_VOCAB = sorted(L.LEVEL1 | L.LEVEL2)


def in_label(piece: str) -> bool:
    """A short line that can be a piece of a vertically printed category label ('可持', '度指', '标')."""
    return any(piece in v for v in _VOCAB)


def starts_label(piece: str) -> bool:
    return any(v.startswith(piece) for v in _VOCAB)


def skip_header_lines(lines: list[str], i: int, acc: str = "") -> int:
    """Skip the header's wrapped column titles ('偏差原因分析' / '及改进措施') after its main line."""
    while i < len(lines):
        t = squash(lines[i]) or ""
        if not t:
            i += 1
            continue
        role = column_role(t)
        if role and role not in ("level1", "level2"):
            acc = t
        elif not (acc and 4 <= len(t) <= 8 and len(lines[i].split()) == 1 and not re.search(r"\d", t)
                  and label_level(t) is None and column_role(acc + t)):
            return i
        else:
            acc += t
        i += 1
    return i


def drop_header_pieces(pieces: list[str]) -> list[str]:
    """Remove the vertical '一级 / 指标', '二级 / 指标' column titles of a repeated header."""
    out: list[str] = []
    skip_next = False
    for p in pieces:
        if skip_next and p in ("指标", "目标"):
            skip_next = False
            continue
        skip_next = p in ("一级", "二级")
        if not skip_next and p not in ("一级指标", "二级指标", "一级目标", "二级目标"):
            out.append(p)
    return out


def _wrap_ok(lines: list[str]) -> bool:
    """Lines that can be one wrapped cell: a full first line (a column is never under 4 characters wide),
    no later line longer than the lines before it."""
    if len(lines) > 1 and len(lines[0]) < 4:
        return False
    return all(len(lines[k]) <= min(len(x) for x in lines[:k]) for k in range(1, len(lines)))


def _split_wrapped(lines: list[str], parts: int) -> list[list[str]]:
    """Consecutive lines → `parts` cells, each a plausible wrap; earlier cells as short as possible
    (the name column is the widest, so it wraps least). Falls back to one line per leading cell."""

    def search(start: int, k: int) -> list[list[str]] | None:
        if k == 1:
            return [lines[start:]] if _wrap_ok(lines[start:]) else None
        for cut in range(start + 1, len(lines) - k + 2):
            if _wrap_ok(lines[start:cut]):
                rest = search(cut, k - 1)
                if rest is not None:
                    return [lines[start:cut]] + rest
        return None

    return search(0, parts) or [[x] for x in lines[: parts - 1]] + [lines[parts - 1:]]
