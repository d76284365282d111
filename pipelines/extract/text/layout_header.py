"""The header zone of pdftotext -layout text: labels broken inside their cells put back together.

Decides which pieces printed one above the other in one column are one label ('计划开始' / '日期',
'年度资金申请总' / '额', '项目' / '资金' / '(元)', '年' / '度' / '总' / '体' / '目' / '标'): the
longest run of pieces (each on one of the next two lines, overlapping the first piece's columns)
whose joined text is a label of the form's vocabulary. The label is put on the middle line of its
pieces, where the cell's value is printed (on its first line when the value is printed there: a
top-aligned cell), and the lines go on to the header scanner as tokens. A
value wrapped over two lines, one above and one below its label's line, is joined on that line; so is
the second line of a value in a top-aligned cell, printed alone under the value's start, and a
funds number wrapped around its row's line.
Nothing that is not a known label is joined, so values are never glued to labels.
"""
from __future__ import annotations

import re

from ..normalize import squash
from .layout_place import Word, width, words_of
from .tokens import STOP_WORDS, budget_row, is_label, line_tokens, money_unit

_MAX_PIECES = 8  # '年度总体目标' printed one character per line, with a spare


def is_whole_label(text: str) -> bool:
    k = squash(text) or ""
    if re.fullmatch(r"[（(]\s*万?元\s*[)）]", k):
        return False  # a unit alone is the last piece of a label ('项目当年预算' / '（元）')
    if money_unit(k) and not re.search(r"[)）]$", k):
        return False  # a unit closes its label: '项目总预算（元）' + '一级' is no label
    return bool(k) and len(k) <= 16 and (is_label(k) or bool(money_unit(k)) or k.startswith(STOP_WORDS))


def _below(w: Word, words: list[Word], taken: set[int], first: Word) -> Word | None:
    """The nearest piece on the next two lines under `first`'s columns. A piece alone on its line is
    placed by pdftotext anywhere between `first`'s place counted in characters and in display width
    (taken only when no piece stands right under `first`); so is `first` when it is alone on its line."""
    first_alone = sum(1 for x in words if x.line == first.line) == 1
    for loose in (False, True):
        for gap in (1, 2):
            for v in words:
                if v.line != w.line + gap or id(v) in taken or re.search(r"\d", v.text):
                    continue  # a value between two pieces is passed over
                alone = loose and sum(1 for x in words if x.line == v.line) == 1
                right = max(first.end, first.dcenter + width(first.text) / 2) if alone else first.end
                if v.start <= right and v.end >= first.start:
                    return v
                if first_alone:
                    # `first` alone on its line, placed at the display width of the line below it ('全年' over
                    # '年初预算数 全年预算数 执行 …')
                    half = width(v.text) / 2
                    if min(v.dcenter + half, first.end) - max(v.dcenter - half, first.start) > 0:
                        return v
    return None


def _by_line(words: list[Word]) -> dict[int, list[Word]]:
    by_line: dict[int, list[Word]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    return by_line


def _values_below(words: list[Word]) -> list[Word]:
    """A value in a top-aligned cell wraps onto the next line, under its first line: a word alone on
    that line, starting where the value starts, is the value's end (never a label or its piece)."""
    by_line = _by_line(words)
    gone: set[int] = set()
    for ln in sorted(by_line):
        ws = sorted(by_line[ln], key=lambda w: w.start)
        nxt = by_line.get(ln + 1, [])
        if len(nxt) != 1 or id(nxt[0]) in gone or is_whole_label(nxt[0].text) or is_label(nxt[0].text):
            continue
        v = nxt[0]
        for k in range(1, len(ws)):
            u, lab = ws[k], ws[k - 1]
            if is_label(lab.text) and not is_label(u.text) and abs(v.start - u.start) <= 1 \
                    and (k + 1 == len(ws) or v.end < ws[k + 1].start):
                u.text += v.text
                gone.add(id(v))
                break
    return [w for w in words if id(w) not in gone]


def _values_around_labels(words: list[Word]) -> list[Word]:
    """A value wrapped over several lines in a tall cell is centred on its label's line: as many lines
    above it as below, in the span right of the label up to the next label, with no label of their own
    left of them. With nothing right of the label on its line (two, four lines) the lines around are
    the value; with the value's middle line printed there (three lines), only lines that hold nothing
    but the value's piece are. The nearest lines, as many on each side, join on the label's line."""
    by_line = _by_line(words)
    for ws in by_line.values():
        ws.sort(key=lambda w: w.start)
    gone: set[int] = set()
    added: list[Word] = []
    for ln, ws in sorted(by_line.items()):
        for k, w in enumerate(ws):
            if not is_whole_label(w.text) or re.search(r"\d", w.text) or id(w) in gone:
                continue
            nxt = next((j for j in range(k + 1, len(ws)) if is_label(ws[j].text)), len(ws))
            right = ws[nxt].start if nxt < len(ws) else 10 ** 6
            mid = ws[k + 1:nxt]
            if any(id(v) in gone for v in mid):
                continue
            sides: dict[int, list[list[Word]]] = {-1: [], 1: []}
            for step in (-1, 1):
                other = ln + step
                while other in by_line:
                    line = [v for v in by_line[other] if id(v) not in gone]
                    inside = [v for v in line if w.end < v.start < right]
                    if not inside or any(v.start <= w.end for v in line) or any(is_label(v.text) for v in inside):
                        break
                    if mid and len(inside) != len(line):
                        break  # beside a value's middle line only the value's own lines
                    sides[step].append(inside)
                    other += step
            n = min(len(sides[-1]), len(sides[1]))
            if not n:
                continue
            lines = sides[-1][:n][::-1] + [mid] + sides[1][:n]
            text = "".join(v.text for part in lines for v in part)
            gone.update(id(v) for part in lines for v in part)
            added.append(Word(ln, w.end + 1, w.end + 1 + len(text), text))
    return [w for w in words if id(w) not in gone] + added


def _numbers_around_rows(words: list[Word]) -> list[Word]:
    """A funds number a narrow cell wraps ('358.8' / '9') is centred on its row's line: its first piece on
    the line above, its last digits on the line below, in the same column, with nothing of the row's
    line in that column; joined on the row's line, in its place."""
    by_line = _by_line(words)
    gone: set[int] = set()
    added: list[Word] = []
    for ln, row in sorted(by_line.items()):
        if not any(budget_row(squash(w.text) or "") for w in row):
            continue
        for a in by_line.get(ln - 1, []):
            c = next((v for v in by_line.get(ln + 1, []) if abs(v.start - a.start) <= 3 and v.text.isdigit()), None)
            if c is None or id(a) in gone or id(c) in gone or not re.fullmatch(r"\d+(?:\.\d*)?", a.text) \
                    or any(w.start <= max(a.end, c.end) and w.end >= min(a.start, c.start) for w in row):
                continue
            gone.update((id(a), id(c)))
            added.append(Word(ln, a.start, a.end, a.text + c.text))
    return [w for w in words if id(w) not in gone] + added


def rejoin_labels(lines: list[str]) -> list[list[str]]:
    """Token lines of the header zone with broken labels joined on their middle line."""
    words = words_of(lines)
    taken: set[int] = set()
    chains: list[list[Word]] = []
    for w in words:
        if id(w) in taken or re.search(r"\d", w.text):
            continue
        chain, best = [w], None
        cur = w
        while len(chain) < _MAX_PIECES:
            nxt = _below(cur, words, taken, w)
            if nxt is None or nxt in chain:
                break
            if is_whole_label(nxt.text.rstrip("：:")):
                # a label of its own is no piece of another (a colon alone makes none: '年度资金总' / '额：') — but
                # it may end a piece that is none ('其中：当年' / '财政拨款')
                whole = "".join(x.text for x in chain) + nxt.text
                if not is_whole_label("".join(x.text for x in chain)) and is_whole_label(whole.rstrip("：:")):
                    best = chain + [nxt]
                break
            chain.append(nxt)
            cur = nxt
            joined = "".join(x.text for x in chain)
            if is_whole_label(joined) and (is_whole_label(joined.rstrip("：:")) or not nxt.text.endswith(("：", ":"))):
                best = list(chain)  # (a piece's colon makes no label of what it ends)
        if best is not None:
            taken.update(id(x) for x in best)
            chains.append(best)
    starts = {id(c[0]) for c in chains}
    placed: list[Word] = []
    for best in chains:
        w = best[0]
        mid = (best[0].line + best[-1].line + 1) // 2
        after = min((v for v in words if v.line == w.line and v.start > w.end), key=lambda v: v.start, default=None)
        if len(best) == 2 and after is not None and not is_label(after.text) and id(after) not in starts:
            mid = w.line  # a top-aligned cell: its value is printed on the label's first line
        at = next((x for x in best if x.line == mid), w)  # its place among the words of the line it goes on
        placed.append(Word(mid, at.start, at.end, "".join(x.text for x in best)))
    keep = [w for w in words if id(w) not in taken] + placed
    keep = _values_below(_values_around_labels(_numbers_around_rows(keep)))
    out: list[list[str]] = [[] for _ in lines]
    for w in sorted(keep, key=lambda w: (w.line, w.start)):
        out[w.line].append(w.text)
    return [line_tokens(" ".join(ws), False) for ws in out]
