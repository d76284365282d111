"""pdftotext -layout text: where each printed word stands, and which column of the indicator table it is in.

Decides a word's place (counted in characters and in display width: pdftotext means something in
between), the columns from the table's titles (titles wrap above and below their line), and each
word's column: words keep their order across the columns, sit near their titles, and fit what the
column holds (the value grammar, the category vocabulary); a cell's words are one space apart, a
label column holds one piece per line, and label pieces printed one under the other are one column.
Pieces of the outer row-header column ('绩效指' / '标', left of every title) are in none.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .. import vocabulary as L
from ..normalize import squash
from .flow_lines import label_prefix
from .rows import JUNK, label_level, value_like
from .tokens import DASHES, PURE_NUMBER, VALUE_START, column_role

LABEL_ROLES = ("level1", "level2")
CELL_ROLES = ("level3", "target", "actual", "note")
# Fragments of the indicator table's column titles (titles wrap inside their cells: '一级\n指标').
_TITLES = ("一级指标", "二级指标", "三级指标", "一级目标", "二级目标", "三级目标", "指标目标值", "年度指标值",
           "指标值", "目标值", "预期指标值", "年度目标值", "实际完成值", "全年实际完成值", "实际完成情况值", "分值", "权重",
           "得分", "偏差原因分析及改进措施", "偏差原因分析", "未完成原因分析", "原因分析", "备注", "绩效指标")
_WORD = re.compile(r"\S+")


def is_layout_text(lines: list[str]) -> bool:
    """Text laid out by spaces (pdftotext -layout): cells separated by runs of spaces inside lines."""
    return sum(1 for ln in lines if re.search(r"\S {3,}\S", ln)) >= 5


def width(s: str) -> int:
    """Display width: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" and ord(c) > 0x2000 else 1 for c in s)


@dataclass
class Word:
    """A word of a line and its place, counted two ways: in characters (`start`, `end`) and in display
    width (`dcenter`, a CJK glyph two places). pdftotext -layout means words to stand somewhere between
    the two (it keeps the gaps, but a wide glyph takes one character), so columns are matched on both."""

    line: int
    start: int
    end: int
    text: str
    dcenter: float = 0.0

    @property
    def center(self) -> float:
        return (self.start + self.end) / 2


@dataclass
class Column:
    role: str
    start: int
    end: int
    center: float
    dcenter: float



def words_of(lines: list[str], first: int = 0) -> list[Word]:
    out = []
    for i, ln in enumerate(lines):
        for m in _WORD.finditer(ln):
            d = width(ln[:m.start()]) + width(m.group(0)) / 2
            out.append(Word(first + i, m.start(), m.end(), m.group(0), d))
    return out


def _title_piece(t: str) -> bool:
    k = squash(t) or ""
    return bool(k) and any(k in title for title in _TITLES)


# --- the header: column titles → columns -------------------------------------------------------------


def title_top(lines: list[str], h: int) -> int:
    """The first line of the title band around line `h`: titles wrap above their line ('一级指' / '标')."""
    top = h
    while top - 1 >= 0 and lines[top - 1].strip() and all(_title_piece(w) for w in lines[top - 1].split()):
        top -= 1
    return top


def is_title_line(lines: list[str], i: int) -> bool:
    """Whether line `i` is the main line of the indicator table's title band: its titles (with the
    pieces wrapped above and below it, '年度指标' / '值') give a name column and a value column."""
    words = lines[i].split()
    if not any(column_role(w) == "level3" for w in words):
        return False
    got = header_columns(lines, i)
    return got is not None and any(c.role == "target" for c in got[0])


def header_columns(lines: list[str], h: int) -> tuple[list[Column], int] | None:
    """Columns from the title band around line `h` (titles wrap above and below it); returns the
    columns and the index of the first line after the band."""
    top = title_top(lines, h)
    bottom = h + 1
    while bottom < len(lines) and lines[bottom].strip() and all(_title_piece(w) for w in lines[bottom].split()):
        bottom += 1
    words = words_of(lines[top:bottom], top)
    groups: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.start):
        for g in groups:
            if any(w.start < o.end + 1 and o.start < w.end + 1 for o in g):
                g.append(w)
                break
        else:
            groups.append([w])
    cols = []
    for g in groups:
        text = "".join(w.text for w in sorted(g, key=lambda w: (w.line, w.start)))
        role = column_role(text)
        if role is None and len(g) > 1:  # two titles side by side on the main line: split by words
            for w in g:
                if column_role(w.text):
                    cols.append(Column(column_role(w.text), w.start, w.end, w.center, w.dcenter))
            continue
        if role:
            cols.append(Column(role, min(w.start for w in g), max(w.end for w in g), sum(w.center for w in g) / len(g),
                              sum(w.dcenter for w in g) / len(g)))
    cols.sort(key=lambda c: c.start)
    roles = [c.role for c in cols]
    if "level3" not in roles or not ({"target", "actual", "weight", "score"} & set(roles)):
        return None
    return cols, bottom


def place_line(words: list[Word], cols: list[Column]) -> list[str | None]:
    """The role of each word of one line (see `placed`)."""
    return placed(words, cols)[0]


def placed(words: list[Word], cols: list[Column]) -> tuple[list[str | None], float]:
    """The role of each word of one line: words keep their left-to-right order across the columns
    (several words may share one), each sits near its column's title, and each fits what its column
    holds (weight/score: a bare number; category columns: a piece of a category label). The outer
    row-header column ('绩效 / 指标', left of every title) is none."""
    outer = [w.end <= cols[0].start and _outer_piece(squash(w.text) or "") for w in words]
    if any(outer):  # the outer row-header column, read before the columns are matched
        roles, cost = placed([w for w, o in zip(words, outer) if not o], cols)
        inside = iter(roles)
        return [None if o else next(inside) for o in outer], cost
    n, m = len(words), len(cols)
    if not n:
        return [], 0.0
    def scale_of(centers: list[float]) -> float:
        return max(2.0, min([b - a for a, b in zip(centers, centers[1:])] or [10.0]) / 2)

    scale, dscale = scale_of([c.center for c in cols]), scale_of([c.dcenter for c in cols])
    inf = float("inf")

    def fit(w: Word, c: Column) -> float:
        k = squash(w.text) or ""
        cost = min(abs(w.center - c.center) / scale, abs(w.dcenter - c.dcenter) / dscale)
        if c.role in ("weight", "score") and not (PURE_NUMBER.match(k) or k in DASHES):
            cost += 6
        elif c.role in LABEL_ROLES and not _label_piece(k):
            cost += 6
        elif c.role == "level3" and PURE_NUMBER.match(k):
            cost += 3  # a bare number is not a name
        elif c.role == "level3" and label_prefix(k):
            cost += 1.5  # a category label cut by a wrap rarely is
        elif c.role == "note" and PURE_NUMBER.match(k) and any(x.role in ("weight", "score") for x in cols):
            cost += 2  # a bare number beside weight and score columns is one of them, not a note
        elif c.role == "level3" and label_level(k) is not None:
            cost += 0.5  # a whole category label rarely is
        return cost

    best = [[inf] * m for _ in range(n)]
    back = [[0] * m for _ in range(n)]
    for j in range(m):
        best[0][j] = fit(words[0], cols[j])
    def share(a: Word, b: Word, c: Column) -> float:
        """Two words of one line in one cell: never two numbers in a weight/score cell, rarely two values."""
        if c.role in ("weight", "score"):
            return 6.0
        if c.role in LABEL_ROLES:
            return 3.0  # a label's line is one piece: two pieces side by side are two label columns
        if c.role in ("target", "actual") and value_like(a.text) and value_like(b.text):
            return 3.0
        if c.role == "level3" and VALUE_START.match(b.text) and value_like(b.text):
            return 3.0  # a value after the name is the next cell, however close pdftotext printed it
        if b.start - a.end >= 3:
            return 1.5  # a cell's words are one space apart: a wide gap is the next column
        return 0.0

    for i in range(1, n):
        run, arg = inf, 0  # the best way to end word i-1 in a column left of j
        for j in range(m):
            same = best[i - 1][j] + share(words[i - 1], words[i], cols[j])
            best[i][j], back[i][j] = (run, arg) if run <= same else (same, j)
            best[i][j] += fit(words[i], cols[j])
            if best[i - 1][j] < run:
                run, arg = best[i - 1][j], j
    j = min(range(m), key=lambda j: best[n - 1][j])
    cost = best[n - 1][j]
    out: list[str | None] = [None] * n
    for i in range(n - 1, -1, -1):
        out[i] = cols[j].role
        j = back[i][j]
    return out, cost


def stacked_labels(page: list[tuple[Word, str | None]]) -> list[tuple[Word, str | None]]:
    """Label pieces printed one under the other in one place are one label column: where a line holds
    pieces of both label columns their order says which is which, and the pieces above and below that
    stand alone on their line take the same column (on a page continued without titles the label
    columns print where no title says)."""
    out = list(page)
    pieces = [k for k, (w, r) in enumerate(out) if r in LABEL_ROLES]
    chains: list[list[int]] = []
    for k in pieces:
        w = out[k][0]
        for c in chains:
            last = out[c[-1]][0]
            if 1 <= w.line - last.line <= 2 and abs(w.start - last.start) <= 1:
                c.append(k)
                break
        else:
            chains.append([k])
    paired = {out[k][0].line for k in pieces if sum(1 for j in pieces if out[j][0].line == out[k][0].line) >= 2}
    for c in chains:
        sure = {out[k][1] for k in c if out[k][0].line in paired}
        if len(sure) == 1:
            role = sure.pop()
            for k in c:
                out[k] = (out[k][0], role)
    return out


def _outer_piece(k: str) -> bool:
    """A piece of the outer row-header column's title ('绩效指' / '标', '绩效' / '指标')."""
    return bool(k) and any(k in j for j in JUNK)


def _label_piece(k: str) -> bool:
    return any(k in v for v in _VOCAB) or label_level(k) is not None


_VOCAB = sorted(L.LEVEL1 | L.LEVEL2)
