"""A scored table printed row band by row band (word processors' one-table self-evaluations) → rows.

Word and WPS centre every cell of a table row vertically, and pdftotext's default mode prints the
row's lines top to bottom. The one-line cells at the row's middle share one line with its 分值 and
得分 — the row's anchor ('达成指标 10.00 9.00 已按计划完成': actual, weight, score, note). A cell wrapped
over several lines straddles the anchor: as many of its lines above as below, the middle line of an
odd count on the anchor's level (on the anchor's line, or printed just before or after it); lines at
one level come left to right. So between two anchors come the lower lines of one row, then the upper
lines of the next.

Decides which printed pieces are each row's name, target, actual and note: where each run of pieces
between two anchors is cut between the rows (chosen for the whole table at once), and which cell each
piece of a row is, so that every wrapped cell balances around its anchor, levels keep their left-to-
right order, and the value grammar holds (a value is never a name or a note; a comparison is a
target's, a measured value an actual's; a cell worded as an indicator name is a name). Where two
readings cost the same, the first found is kept; the row split is never certain, so the form says so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from functools import lru_cache
from itertools import permutations, product

from ..assemble import FormBuilder
from ..normalize import parse_number, squash
from ..vocabulary import names_a_measure
from .layout_place import width
from .name_tails import opened_brackets
from .band_labels import place_band_labels
from .label_levels import resolve_levels
from .rows import RowRec

if TYPE_CHECKING:
    from .cell_pieces import Piece

CELLS = ("level3", "target", "actual", "note")  # left to right
ANCHOR_CELLS = ("actual", "target", "level3")  # right to left: the cells printed on the anchor's line
INF = float("inf")
MAX_LINES = 4  # lines of one wrapped cell considered
SKIP = 2.5  # a piece left out of every row (between two rows)


def printed_in_bands(ps: list[Piece], pairs: list[tuple[int, int]] | None = None) -> bool:
    """Whether the table's rows are printed in bands: most weight/score pairs (`pairs`, or any two bare
    numbers side by side on a line) share their line with the cell before them (the row's actual), which a
    table printed cell by cell or column by column never does."""
    if pairs is None:
        pairs = [(k, k + 1) for k in range(len(ps) - 1) if ps[k].kind == "num" and ps[k + 1].kind == "num"
                 and ps[k].line == ps[k + 1].line and (k == 0 or ps[k - 1].kind != "num" or ps[k - 1].line != ps[k].line)]
    if len(pairs) < 2:
        return False
    shared = sum(1 for w, s in pairs if w > 0 and ps[w - 1].line == ps[w].line and ps[w - 1].kind not in ("label", "num")
                 and ps[s].line == ps[w].line)
    return shared * 3 >= len(pairs) * 2


def banded_total(b: FormBuilder, ps: list[Piece], items: list[int], pairs: list[tuple[int, int]],
                 total: tuple[int, int] | None, total_line: int | None) -> tuple[list[tuple[int, int]], set[int]]:
    """The rows' pairs without the total row's, and the pieces that are the total row's. The total row is
    the pair printed after 总分 (`total_line`) when the sums did not show it (`total`); its score, too
    wide for the narrow 得分 column ('100.00'), may wrap around the row's line: '100.0' printed before
    总分, '0' after the weights' sum — the two are one number."""
    if total is None and total_line is not None and len(pairs) > 1 and ps[pairs[-1][0]].line > total_line:
        total = pairs.pop()
        b.number("total_score", ps[total[1]].text)
    if total is None:
        return pairs, set()
    done = set(total)
    head = [k for k in items if pairs and pairs[-1][1] < k < total[0] and total_line is not None
            and ps[k].line < total_line]
    tail = ps[total[1]].text
    if head and re.fullmatch(r"\d{1,2}", tail) and re.fullmatch(r"\d+\.\d?", ps[head[-1]].text):
        joined = ps[head[-1]].text + tail
        if parse_number(joined) is not None and parse_number(joined) <= 100:
            b.form.total_score = None  # the pair's score was read as printed: its wrapped tail only
            b.number("total_score", joined)
            b.doubt(f"The total score is printed wrapped in its narrow column ('{ps[head[-1]].text}' / '{tail}'); "
                    f"read as {joined}.")
            done.add(head[-1])
    return pairs, done


@dataclass
class _Anchor:
    w: int
    s: int
    left: list[int]  # pieces printed on the anchor's line before the weight (at most the three anchor cells)
    note: list[int]  # pieces printed after the score on its line


# where a cell printed on the anchor's line has its other lines: (lines, the anchor's line among them).
# Its middle line; or, for two lines, either (pdftotext joins a line half a line off the anchor's to it)
ON_ANCHOR = ((1, 0), (2, 0), (2, 1), (3, 1))


@lru_cache(maxsize=None)
def _shapes(on_anchor: tuple[str, ...], nb: int, na: int) -> tuple[tuple[tuple, tuple, tuple], ...]:
    """Every printed shape of a row whose cells `on_anchor` have a line on the anchor's line, with `nb`
    pieces printed before it and `na` after: (before, after, on the anchor), each a tuple of (cell, line,
    lines)."""
    options: list[list[tuple[int, str, int]]] = []
    for c in CELLS:
        if c in on_anchor:
            options.append([(k, "anchor", j) for k, j in ON_ANCHOR])
        else:
            opts = [(0, "", -1)]
            for k in range(1, MAX_LINES + 1):
                opts += [(k, "before", -1), (k, "after", -1)] if k % 2 else [(k, "", -1)]
            options.append(opts)
    out = []
    for combo in product(*options):
        tops, bottoms, mid_b, mid_a, on = [], [], [], [], []
        for c, (k, mid, aj) in zip(CELLS, combo):
            for j in range(k):
                y = j - (k - 1) / 2
                if j == aj:
                    on.append((c, j, k))
                elif y < 0:
                    tops.append((y, CELLS.index(c), (c, j, k)))
                elif y > 0:
                    bottoms.append((y, CELLS.index(c), (c, j, k)))
                elif mid == "before":
                    mid_b.append((c, j, k))
                else:
                    mid_a.append((c, j, k))
        if len(tops) + len(mid_b) != nb or len(bottoms) + len(mid_a) != na:
            continue
        before = tuple(x for _, _, x in sorted(tops))
        after = tuple(x for _, _, x in sorted(bottoms))
        for pb in set(permutations(mid_b)):  # pieces on the anchor's level: any order around it
            for pa in set(permutations(mid_a)):
                out.append((before + pb, pa + after, tuple(on)))
    return tuple(out)


_NO_START = re.compile(r"^[）)、，。；：,.;:%％]")  # glyphs line breaking never puts first on a line


_QUALIFIED = re.compile(r"[（(][^（()）]*[）)]$")  # a closing qualifier: '…（年度）'


def _is_value(p: Piece) -> bool:
    return p.kind in ("value", "num")


def _comparison(t: str) -> bool:
    return t[:1] in "=<>≥≤＝＞＜≧≦"


def _piece_cost(p: Piece, cell: str, j: int) -> float:
    """What it costs to read a piece as line `j` of `cell` (the value grammar; a line no cell starts with)."""
    t = p.text
    if _is_value(p):
        if cell in ("level3", "note"):
            return INF
        if cell == "target":
            return 0.0 if _comparison(t) else 0.4
        return 0.8 if _comparison(t) else 0.0
    if j == 0 and (opened_brackets(t) < 0 or _NO_START.match(t)):
        return 2.0
    return 0.0


_EMPTY = {"level3": 8.0, "target": 2.0, "actual": 2.0, "note": 0.0}
LONG_STATE = 8  # characters: a target or actual line this long is rather a name's or a note's


def _cell_cost(c: str, texts: list[str], values: bool) -> float:
    """What it costs to read lines `texts` as one cell `c` (`values`: one of them reads as a value)."""
    if not texts:
        return _EMPTY[c]
    text = "".join(texts)
    cost = 0.5 * max(0, len(texts) - 2) + _wrap_cost(texts)
    if values and len(texts) > 1:
        cost += 3.0  # a value is printed whole, on a line of its own
    named = names_a_measure(_QUALIFIED.sub("", text) or text)
    if c == "level3":
        return cost - (0.3 if named else 0.0) + (1.0 if len(text) <= 3 else 0.3 if len(text) == 4 else 0.0)
    if c == "note":
        return cost + 0.6 + (0.5 if len(text) <= 4 else 0.0)
    if not values:  # a state or a sentence in a value column: short, rarely wrapped
        cost += 0.5 + 0.5 * sum(1 for t in texts if len(t) >= LONG_STATE) + 0.5 * (len(texts) > 1)
        if c == "target" and named:
            cost += 1.0  # a target worded as an indicator name
    return cost


SAME_LINE = 1.5  # two pieces of one printed line read at different levels of their row


def _level(line: tuple[str, int, int]) -> float:
    """Where a cell's line stands in its row: lines from the middle, for a cell of `lines` lines."""
    _, j, k = line
    return j - (k - 1) / 2


def _row_cost(ps: list[Piece], before: list[int], anchor: _Anchor, after: list[int]
              ) -> tuple[float, dict[str, list[int]]]:
    """The cheapest reading of one row: its cost and each cell's pieces in line order."""
    on_anchor = ANCHOR_CELLS[:len(anchor.left)]
    if anchor.note:
        on_anchor += ("note",)
    best: tuple[float, dict[str, list[int]]] = (INF, {})
    for shape_b, shape_a, shape_on in _shapes(tuple(sorted(on_anchor)), len(before), len(after)):
        at = {c: j for c, j, _ in shape_on}
        cost = sum(0.3 for _, j, k in shape_on if k % 2 == 0)  # a line half a line off the anchor's, joined to it
        cells: dict[str, list[tuple[int, int]]] = {c: [] for c in CELLS}  # cell → (line, piece)
        for side, shape in ((before, shape_b), (after, shape_a)):
            for q in range(1, len(side)):
                if ps[side[q]].line == ps[side[q - 1]].line and _level(shape[q]) != _level(shape[q - 1]):
                    cost += SAME_LINE  # pieces printed on one line stand at one level
        for k, (c, j, _) in zip(before + after, shape_b + shape_a):
            cost += _piece_cost(ps[k], c, j)
            if cost >= best[0]:
                break
            cells[c].append((j, k))
        else:
            for c, k in zip(ANCHOR_CELLS, reversed(anchor.left)):
                cells[c].append((at[c], k))
                cost += _piece_cost(ps[k], c, at[c])
            for k in anchor.note:
                cells["note"].append((at["note"], k))
            for c in CELLS:
                got = [k for _, k in sorted(cells[c])]
                cost += _cell_cost(c, [ps[k].text for k in got], any(_is_value(ps[k]) for k in got))
            if cost < best[0]:
                best = (cost, {c: [k for _, k in sorted(v)] for c, v in cells.items()})
    return best


def _first_unit(line: str) -> str:
    """A line's first glyph with the glyphs that may not start a line after it ('度）'): what line
    breaking moves on together."""
    n = 1
    while n < len(line) and _NO_START.match(line[n]):
        n += 1
    return line[:n]


def _wrap_cost(lines: list[str]) -> float:
    """How badly lines read as one cell wrapped in its column: every line but the last fills the column
    (as wide as the first, give or take a glyph), and no line is wider than the first."""
    if len(lines) < 2:
        return 0.0
    full = width(lines[0])
    cost = 0.0
    for k, t in enumerate(lines[1:], 1):
        w = width(t)
        if w > full + 1:
            cost += 3.0  # wider than the column its first line filled
        elif k < len(lines) - 1 and w + width(_first_unit(lines[k + 1])) <= full:
            cost += 1.5  # the next line's first glyph would have fitted on it: no wrap there
    return cost


def band_rows(ps: list[Piece], items: list[int], pairs: list[tuple[int, int]], skip: set[int], doubt
              ) -> list[RowRec]:
    """Rows of a table printed in bands, with their category labels placed (`band_labels`): `pairs` the
    rows' (weight, score) pieces in order, `items` the table's pieces (labels excluded) in printed order,
    `skip` pieces that are no row's (the total row, the grade)."""
    anchors: list[_Anchor] = []
    taken: set[int] = set(skip)
    for w, s in pairs:
        left = [k for k in items if k < w and ps[k].line == ps[w].line and k not in taken]
        left = left[-len(ANCHOR_CELLS):]
        note = [k for k in items if k > s and ps[k].line == ps[s].line and ps[k].kind == "text" and k not in taken]
        anchors.append(_Anchor(w, s, left, note))
        taken |= {w, s, *left, *note}
    free = [k for k in items if k not in taken]
    bounds = [a.left[0] if a.left else a.w for a in anchors]
    gaps: list[list[int]] = []
    prev = -1
    for r, a in enumerate(anchors):
        gaps.append([k for k in free if prev < k < bounds[r]])
        prev = max([a.s, *a.note])
    gaps.append([k for k in free if k > prev])
    n = len(anchors)

    def skipped(pieces: list[int]) -> float:
        return sum(0.5 if ps[k].header_value else SKIP for k in pieces)

    # best[r][c]: rows before r read, row r starts at piece c of gap r (pieces of gap r before c: row
    # r-1's lower lines, then pieces left out)
    best: list[dict[int, tuple[float, list]]] = [dict() for _ in range(n + 1)]
    for c in range(len(gaps[0]) + 1):
        best[0][c] = (skipped(gaps[0][:c]), [])
    memo: dict[tuple[int, int, int], tuple[float, dict[str, list[int]]]] = {}
    for r in range(n):
        g, nxt = gaps[r], gaps[r + 1]
        for c, (acc, path) in best[r].items():
            for e in range(len(nxt) + 1):  # row r takes nxt[:e]
                key = (r, c, e)
                if key not in memo:
                    memo[key] = _row_cost(ps, g[c:], anchors[r], nxt[:e])
                cost, cells = memo[key]
                if cost == INF:
                    continue
                for c2 in range(e, len(nxt) + 1):  # nxt[e:c2] left out, row r+1 starts at c2
                    if r + 1 == n and c2 != len(nxt):
                        continue
                    total = acc + cost + skipped(nxt[e:c2])
                    if c2 not in best[r + 1] or total < best[r + 1][c2][0]:
                        best[r + 1][c2] = (total, path + [cells])
    if not best[n]:
        return [RowRec([], None, weight=ps[w].text, score=ps[s].text) for w, s in pairs]
    _, path = min(best[n].values(), key=lambda v: v[0])
    rows: list[RowRec] = []
    spans: list[tuple[int, int]] = []
    for r, (a, cells) in enumerate(zip(anchors, path)):
        row = RowRec([], None, weight=ps[a.w].text, score=ps[a.s].text)
        for c in CELLS:
            if cells[c]:
                setattr(row, c, _join([ps[k].text for k in cells[c]]))
        if row.level3 is None:
            doubt(f"Row {r + 1} of the indicator table (weight {row.weight}, score {row.score}) has no indicator "
                  "name the export places; kept with level3 null.")
        lines = [ps[k].line for k in (a.w, *a.left, *(k for got in cells.values() for k in got))]
        spans.append((min(lines), max(lines)))
        rows.append(row)
    doubt("The indicator table is printed in row bands (cells centred in their rows); each row's wrapped cells "
          "read around its 分值/得分 line, the split between rows chosen by balance and value grammar.")
    printed = [p for p in ps if p.kind == "label" and p.level in (1, 2)]
    levels = resolve_levels([(p.text, p.level) for p in printed])
    place_band_labels([(p.text, lv, (p.line + max(p.line, p.end_line)) / 2) for p, lv in zip(printed, levels)],
                      spans, rows, doubt)
    return rows


def _join(parts: list[str]) -> str:
    return squash("".join(parts)) or ""
