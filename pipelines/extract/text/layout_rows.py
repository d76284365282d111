"""pdftotext -layout text: the rows of the indicator table and which row each printed line belongs to.

Decides one row per anchor (a weight/score pair on scored tables, a target cell otherwise; a name
with no anchor beside it is a row whose value is blank), and gives each line of the name, value and
note columns to a row: a cell is centred on its anchor (or starts at it), wraps only after a full line
(or early before punctuation no line starts with, or inside brackets), and closes the brackets it opens.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..normalize import squash
from .rows import value_like
from .tokens import PURE_NUMBER, VALUE_START
from .layout_place import width


@dataclass
class Row:
    anchor: float  # the line the row is centred on (its anchor cell's centre)
    lines: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # role -> [(line, text)]

    def span(self) -> tuple[float, float]:
        ls = [ln for parts in self.lines.values() for ln, _ in parts] or [self.anchor]
        return min(ls + [self.anchor]), max(ls + [self.anchor])

    def text(self, role: str) -> str | None:
        return squash("".join(t for _, t in sorted(self.lines.get(role, []))))


# --- rows ----------------------------------------------------------------------------------------------


def cell_width(parts: list[str]) -> int:
    """The widest line of a column: how wide its cells print (a line that wide is full)."""
    return max((width(t) for t in parts), default=0)


_NO_LINE_START = "，。、；：？！”’）》】,.;:?!)%"  # punctuation a line never starts with: the glyph before it wraps too
_NO_LINE_END = "“‘（《【("


def open_bracket(text: str) -> bool:
    return sum(text.count(x) for x in "(（[【") > sum(text.count(x) for x in ")）]】")


def wrapped_after(prev: str, nxt: str, full: int) -> bool:
    """Whether a cell's line `prev` can be followed by `nxt` in the same cell: `prev` fills the column
    (within one glyph), or was broken early because punctuation no line may start with comes first or
    second in `nxt` (the glyph before it moves down with it)."""
    early = nxt[:1] in _NO_LINE_START or nxt[1:2] in _NO_LINE_START or prev[-1:] in _NO_LINE_END
    return width(prev) >= full - 2 or (early and width(prev) >= full - 4)


def _wraps(prev: str, t: str, full: int) -> bool:
    """Whether `t` can be the next line of a cell whose line before is `prev`: the earlier line fills a
    column wide enough to wrap (8 display places or more) and is no complete value, the later one is
    no longer and starts no value."""
    return full >= 8 and width(prev) >= full - 1 and width(t) <= width(prev) and not value_like(prev) \
        and not VALUE_START.match(t)


def _wrapped(p: str, q: str, full: int) -> bool:
    """Whether `p` over `q` is one number wrapped in its column: `p` fills the column and is cut inside
    its decimals ('10.0' / '0', '10.' / '00'), `q` is digits (or the decimals)."""
    return bool(p and q and width(p) >= full and re.fullmatch(r"\.?\d{1,2}", q) and ("." in p or q.startswith("."))
                and re.fullmatch(r"\d{1,3}\.\d{1,2}", p + q))  # a weight or score prints at most two decimals


def join_wrapped_numbers(cells: dict[int, dict[str, str]], roles: tuple[str, ...] = ("weight", "score")) -> None:
    """A number wrapped in a narrow weight/score column ('10.0' / '0'): its pieces one or two lines
    apart with nothing of the column between go together on the row's line — where the other column's
    number is printed, else the line between the pieces (both columns may wrap) — so the row has one
    anchor. A line of each column's own number is a row of its own: never joined."""
    fulls = {r: cell_width([c[r] for c in cells.values() if c.get(r)]) for r in roles}
    for role in roles:  # a tail alone between the two columns may be placed in the other one
        for other in roles:
            for a in sorted(n for n, c in cells.items() if c.get(role) and other != role and not c.get(other)):
                for b in (a + 1, a + 2):
                    cb = cells.get(b, {})
                    if cb.get(role):
                        break
                    if cb.get(other) and _wrapped(cells[a][role], cb[other], fulls[role]):
                        cb[role] = cb.pop(other)
                        break
    for role in roles:
        lines = sorted(n for n, c in cells.items() if c.get(role))
        for a, b in zip(lines, lines[1:]):
            p, q = cells[a].get(role, ""), cells[b].get(role, "")
            if b - a > 2 or not _wrapped(p, q, fulls[role]):
                continue
            moves, beside = [(role, a, b)], None
            for r in roles:
                nums = [n for n in range(a, b + 1) if PURE_NUMBER.match(cells.get(n, {}).get(r, ""))]
                if r == role or not nums:
                    continue
                if nums == [a, b] and _wrapped(cells[a][r], cells[b][r], fulls[r]):
                    moves.append((r, a, b))
                elif len(nums) == 1:
                    beside = nums[0]
                else:
                    moves = []
            if not moves:
                continue
            at = beside if beside is not None else (a + b + 1) // 2 if b - a == 2 else a
            for r, x, y in moves:
                whole = cells[x].pop(r) + cells[y].pop(r)
                cells.setdefault(at, {})[r] = whole


def anchors(cells: dict[int, dict[str, str]], scored: bool, full: dict[str, int]) -> list[float]:
    """One anchor per row: the lines of a weight/score pair (scored tables) or the centre of each target
    cell (a target cell wraps only after a full line that is not a complete value)."""
    if scored:
        return [float(n) for n, c in sorted(cells.items())
                if any(PURE_NUMBER.match(c.get(r, "") or "") for r in ("weight", "score"))]
    out: list[float] = []
    run: list[int] = []
    prev = ""
    for n in sorted(n for n, c in cells.items() if c.get("target")):
        t = cells[n]["target"]
        names = [cells[k].get("level3", "") for k in (n - 1, n)] if n - 1 in cells else ["", ""]
        new_name = all(names) and width(names[0]) < full.get("level3", 0) - 1  # a name ends, another starts
        cont = run and n == run[-1] + 1 and _wraps(prev, t, full.get("target", 0)) and not new_name
        if not cont and run:
            out.append((run[0] + run[-1]) / 2)
            run = []
        run.append(n)
        prev = t
    if run:
        out.append((run[0] + run[-1]) / 2)
    return out


def unanchored_names(cells: dict[int, dict[str, str]], anchor_lines: list[float], full: int) -> list[tuple[float, str]]:
    """Name cells with no anchor beside them (a row whose target, or weight and score, is blank):
    (centre line, name) each. A name cell is its lines joined while each line before is full; a line of
    another column may print between two of its lines."""
    runs: list[list[int]] = []
    for n in sorted(n for n, c in cells.items() if c.get("level3")):
        # a cell's next line, or the one after when a line of another column is printed between them
        # (pdftotext gives each baseline its own line: a label's or value's line interleaves)
        near = runs and (n == runs[-1][-1] + 1 or (n == runs[-1][-1] + 2 and n - 1 in cells))
        if near and full >= 8 and wrapped_after(cells[runs[-1][-1]]["level3"], cells[n]["level3"], full):
            runs[-1].append(n)
        else:
            runs.append([n])
    runs = [part for run in runs for part in _interleaved(run, anchor_lines)]

    def free(a: float) -> bool:  # an anchor with no name printed on its own line(s)
        return not any(cells.get(n, {}).get("level3") for n in {int(a), int(a + 0.5)})

    out = []
    for run in runs:
        if not any(run[0] - 0.5 <= a <= run[-1] + 0.5 or (run[0] - 1 <= a <= run[-1] + 1 and free(a))
                   for a in anchor_lines):
            out.append(((run[0] + run[-1]) / 2, "".join(cells[n]["level3"] for n in run)))
    return out


def _interleaved(run: list[int], anchor_lines: list[float]) -> list[list[int]]:
    """A name joined over a line of another column is one cell only when its row's anchor lies inside it
    (the lines of a tall cell surround the line its values are centred on); else the pieces are the
    names of rows of their own."""
    if all(b == a + 1 for a, b in zip(run, run[1:])) or any(run[0] < a < run[-1] for a in anchor_lines):
        return [run]
    out = [[run[0]]]
    for a, b in zip(run, run[1:]):
        if b == a + 1:
            out[-1].append(b)
        else:
            out.append([b])
    return out


def split_column(role: str, parts: list[tuple[int, str]], rows: list[Row], full: int, top_aligned: bool,
                 late: bool = False) -> tuple[float, list[list[tuple[int, str]]]]:
    """Give each line of one column to a row: rows keep their order, each row's lines are one cell
    (contiguous, wrapped after full lines, centred on / starting at its anchor). Returns the cost and
    each row's lines; of equally good readings the earliest cut is taken (the latest with `late`)."""
    n = len(rows)
    if not parts:
        return 0.0, [[] for _ in rows]
    # lines on or next to an anchor: cut points between rows are chosen by dynamic programming over
    # (row, first line index of the next row)
    m = len(parts)

    def cell_cost(i: int, a: int, b: int) -> float:
        """Row i takes parts[a:b]."""
        if a == b:
            return 3.0 if role == "level3" else (1.0 if role == "target" else 0.0)
        lines = [parts[k][0] for k in range(a, b)]
        anchor = rows[i].anchor
        c = abs(lines[0] - anchor) if top_aligned else abs((lines[0] + lines[-1]) / 2 - anchor)
        if width(parts[a][1]) <= 2 and b - a == 1 and role == "level3":
            c += 1.0  # a one-character name is the tail of a wrapped one
        for k in range(a, b - 1):
            t, nxt = parts[k][1], parts[k + 1][1]
            gap = parts[k + 1][0] - parts[k][0]
            if gap > 1:
                c += 0.5 if gap == 2 else 1.5  # a cell's lines are adjacent (pdftotext may space them by one)
            if not wrapped_after(t, nxt, full) and not open_bracket("".join(p for _, p in parts[a:k + 1])):
                c += 1.0  # a cell wraps only after a full line (or inside brackets)
            if role != "level3" and value_like(t) and VALUE_START.match(nxt):
                c += 1.0
        if open_bracket("".join(p for _, p in parts[a:b])):
            c += 2.0  # a cell closes the brackets it opens: '=9.00(小时/' / '天（一周5' / '天）)'
        return c

    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n):
        for a in range(m + 1):
            if best[i][a] == inf:
                continue
            for b in range(a, m + 1):
                if b > a and abs(parts[b - 1][0] - rows[i].anchor) > 8:
                    break
                c = best[i][a] + cell_cost(i, a, b)
                if c < best[i + 1][b] - 1e-9 or (late and abs(c - best[i + 1][b]) <= 1e-9):
                    best[i + 1][b], back[i + 1][b] = c, a
    b = m
    if best[n][m] == inf:
        return inf, [[] for _ in rows]
    out: list[list[tuple[int, str]]] = [[] for _ in rows]
    for i in range(n, 0, -1):
        a = back[i][b]
        out[i - 1] = parts[a:b]
        b = a
    return best[n][m], out
