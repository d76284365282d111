"""pdftotext -layout text: the indicator table read from the column positions the spaces give.

Decides which column each printed piece belongs to (by the position of the table's column titles,
corrected by the value grammar and the label vocabulary), where each row is (one row per *anchor*:
a weight/score pair on scored tables, a target cell otherwise), which row each wrapped line of a
name, value or note belongs to, and which rows each merged category label covers.

A cell's lines are centred on its row (or top-aligned: the table says which fits better), so a
line between two anchors goes to the row whose cell it completes best: centred on the anchor,
wrapped only after a full line, never after a complete value, and no row without a name. When
both readings fit equally the line still has to go somewhere: the choice is a doubt.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .. import vocabulary as L
from ..assemble import FormBuilder
from ..normalize import squash
from .flow_lines import label_prefix
from .label_pieces import segment
from .rows import JUNK, Label, RowRec, label_level, value_like
from .totals import read_totals
from .tokens import DASHES, PAGE_NUMBER, PURE_NUMBER, TABLE_END, VALUE_START, column_role, line_tokens, table_header_roles

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


@dataclass
class Row:
    anchor: float  # the line the row is centred on (its anchor cell's centre)
    lines: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # role -> [(line, text)]

    def span(self) -> tuple[float, float]:
        ls = [ln for parts in self.lines.values() for ln, _ in parts] or [self.anchor]
        return min(ls + [self.anchor]), max(ls + [self.anchor])

    def text(self, role: str) -> str | None:
        return squash("".join(t for _, t in sorted(self.lines.get(role, []))))


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


def header_columns(lines: list[str], h: int) -> tuple[list[Column], int] | None:
    """Columns from the title band around line `h` (titles wrap above and below it); returns the
    columns and the index of the first line after the band."""
    top = h
    while top - 1 >= 0 and lines[top - 1].strip() and all(_title_piece(w) for w in lines[top - 1].split()):
        top -= 1
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
    """The role of each word of one line: words keep their left-to-right order across the columns
    (several words may share one), each sits near its column's title, and each fits what its column
    holds (weight/score: a bare number; category columns: a piece of a category label). The outer
    row-header column ('绩效 / 指标', left of every title) is none."""
    n, m = len(words), len(cols)
    if not n:
        return []
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
        if c.role in ("target", "actual") and value_like(a.text) and value_like(b.text):
            return 3.0
        if c.role == "level3" and VALUE_START.match(b.text) and value_like(b.text):
            return 3.0  # a value after the name is the next cell, however close pdftotext printed it
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
    out: list[str | None] = [None] * n
    for i in range(n - 1, -1, -1):
        out[i] = cols[j].role
        j = back[i][j]
    for i, w in enumerate(words):  # the outer row-header column
        if w.end <= cols[0].start and (squash(w.text) or "") in JUNK:
            out[i] = None
    return out


def _label_piece(k: str) -> bool:
    return any(k in v for v in _VOCAB) or label_level(k) is not None


_VOCAB = sorted(L.LEVEL1 | L.LEVEL2)


# --- rows ----------------------------------------------------------------------------------------------


def _full(parts: list[str]) -> int:
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
    (centre line, name) each. A name cell is its lines joined while each line before is full."""
    runs: list[list[int]] = []
    for n in sorted(n for n, c in cells.items() if c.get("level3")):
        if runs and n == runs[-1][-1] + 1 and full >= 8 and wrapped_after(cells[runs[-1][-1]]["level3"], cells[n]["level3"], full):
            runs[-1].append(n)
        else:
            runs.append([n])
    def free(a: float) -> bool:  # an anchor with no name printed on its own line(s)
        return not any(cells.get(n, {}).get("level3") for n in {int(a), int(a + 0.5)})

    out = []
    for run in runs:
        if not any(run[0] - 0.5 <= a <= run[-1] + 0.5 or (run[0] - 1 <= a <= run[-1] + 1 and free(a))
                   for a in anchor_lines):
            out.append(((run[0] + run[-1]) / 2, "".join(cells[n]["level3"] for n in run)))
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


# --- merged category labels ------------------------------------------------------------------------


@dataclass
class PrintedLabel:
    text: str
    top: int
    bottom: int


def printed_labels(pieces: list[tuple[int, str]]) -> tuple[list[PrintedLabel], list[tuple[int, str]]]:
    """Pieces of one label column (line, text) → whole labels with their line spans, and the pieces
    no label takes (line, text)."""
    plan = segment(tuple(t for _, t in pieces), None)
    out: list[PrintedLabel] = []
    used: set[int] = set()
    k = 0
    for g in list(plan.groups) + ([plan.incomplete] if plan.incomplete else []):
        acc, took = "", []
        while k < len(pieces) and acc != g:
            if g.startswith(acc + pieces[k][1]):
                acc += pieces[k][1]
                took.append(k)
            k += 1
        if acc == g and took:
            used.update(took)
            out.append(PrintedLabel(g, pieces[took[0]][0], pieces[took[-1]][0]))
    return out, [p for n, p in enumerate(pieces) if n not in used]


def cover(labels: list[PrintedLabel], rows: list[Row], top: float, bottom: float, top_aligned: bool,
          continuation: bool, late: bool = False) -> list[str | None]:
    """Which label covers each row: labels keep their order, each covers a run of rows, and sits
    centred on (or at the top of) the rows it covers. Rows before the first label are unlabelled
    (they continue the group of the page before)."""
    n, m = len(rows), len(labels)
    if not m or not n:
        return [None] * n
    spans = [r.span() for r in rows]
    edges = [top] + [(spans[k - 1][1] + spans[k][0]) / 2 for k in range(1, n)] + [bottom]
    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(m + 1)]
    back = [[0] * (n + 1) for _ in range(m + 1)]
    for s in range(n + 1):
        best[0][s] = 0.0 if continuation or s == 0 else 2.0 * s
    for j in range(m):
        lab = labels[j]
        pos = lab.top if top_aligned else (lab.top + lab.bottom) / 2
        for s in range(n):
            if best[j][s] == inf:
                continue
            for e in range(s + 1, n + 1):
                ref = spans[s][0] if top_aligned else (edges[s] + edges[e]) / 2
                # a merged cell's label lies inside the rows it covers
                c = best[j][s] + abs(pos - ref) + max(0.0, edges[s] - lab.top) + max(0.0, lab.bottom - edges[e])
                if c < best[j + 1][e] - 1e-9 or (late and abs(c - best[j + 1][e]) <= 1e-9):
                    best[j + 1][e], back[j + 1][e] = c, s
    out: list[str | None] = [None] * n
    e = n
    for j in range(m, 0, -1):
        s = back[j][e]
        for k in range(s, e):
            out[k] = labels[j - 1].text
        e = s
    return out


# --- one table -------------------------------------------------------------------------------------


@dataclass
class Segment:
    """The part of a table on one page (between column titles, page breaks and the table's end)."""

    lines: list[str]
    first: int  # index of lines[0] in the form body
    cols: list[Column]
    continuation: bool  # a page break (or the column titles again) comes before it
    own_titles: bool = True  # the column titles are printed over it (not a page continued without them)
    scale: tuple | None = None  # (extent, reference extent): placement rescaled onto the titled page


def column_table(b: FormBuilder, body: list[str], hdr: int) -> list[RowRec] | None:
    """The rows of a -layout table whose column titles are on body line `hdr`; None when the titles
    do not give columns."""
    got = header_columns(body, hdr)
    if got is None:
        return None
    cols, start = got
    segments = _segments(b, body, cols, start)
    scored = any(c.role in ("weight", "score") for c in cols)
    out: list[RowRec] = []
    ref = None
    for seg in segments:
        ext = extent(words_of(seg.lines))
        if seg.own_titles or ref is None:
            ref = ext
        elif ext != ref:
            seg.scale = (ext, ref)
        out.extend(_read_segment(b, seg, scored))
    return out


def extent(words: list[Word]) -> tuple[float, float, float, float]:
    """(left, right) of a page's table words in characters and in display width."""
    if not words:
        return (0.0, 1.0, 0.0, 1.0)
    return (min(w.start for w in words), max(w.end for w in words),
            min(w.dcenter - width(w.text) / 2 for w in words), max(w.dcenter + width(w.text) / 2 for w in words))


def rescale(w: Word, ext: tuple, ref: tuple) -> None:
    """Move a word of a page continued without column titles (pdftotext lays each page out anew, often
    narrower) onto the titled page's places: the table's left and right edges line up."""
    def f(x: float, a: float, b: float, ra: float, rb: float) -> float:
        return ra + (x - a) * (rb - ra) / (b - a) if b > a else x

    n = len(w.text)
    start = f(w.start, ext[0], ext[1], ref[0], ref[1])
    w.start, w.end = round(start), round(start) + n
    w.dcenter = f(w.dcenter, ext[2], ext[3], ref[2], ref[3])


def _segments(b: FormBuilder, body: list[str], cols: list[Column], start: int) -> list[Segment]:
    segs: list[Segment] = []
    cur: list[str] = []
    first = start
    continuation, titled = False, True
    i = start
    while i < len(body):
        line = body[i]
        toks = line_tokens(line, False)
        head = squash(toks[0]) if toks else ""
        if line.strip() == "\f" or (PAGE_NUMBER.match(line) and line.strip()):
            segs.append(Segment(cur, first, cols, continuation, titled))
            cur, first, continuation, titled = [], i + 1, True, False
            i += 1
            continue
        if toks and table_header_roles(toks):
            again = header_columns(body, i)
            segs.append(Segment(cur, first, cols, continuation, titled))
            if again:
                cols = again[0]
                i = again[1]
            else:
                i += 1
            cur, first, continuation, titled = [], i, True, again is not None
            continue
        if toks and read_totals(b, toks[next((k for k, t in enumerate(toks) if L.is_total_score_label(t)
                                               or L.is_grade_label(t)), 0):]):
            cur.append("")  # the 总分 / 评分等级 line (printed under the label columns)
            i += 1
            continue
        if head and (TABLE_END.match(head) or L.is_form_title(head)):
            break
        cur.append(line)
        i += 1
    segs.append(Segment(cur, first, cols, continuation, titled))
    return [s for s in segs if any(x.strip() for x in s.lines)]


def category_labels(b: FormBuilder, cells: dict[int, dict[str, str]], role: str) -> list[PrintedLabel]:
    """The labels of one category column; a short piece no label takes is the tail of a wrapped name
    printed left of its column ('网络安全巡检服务次' / '数'), and goes back to the name column."""
    pieces = [(n, c[role]) for n, c in sorted(cells.items()) if c.get(role)]
    labs, left = printed_labels(pieces)
    for n, t in left:
        if len(t) <= 2:
            cells[n]["level3"] = t + cells[n].get("level3", "")
        else:
            b.doubt(f"Text {t} in the label columns is not a category label; ignored.")
    return labs


def _read_segment(b: FormBuilder, seg: Segment, scored: bool) -> list[RowRec]:
    cols = seg.cols
    cells: dict[int, dict[str, str]] = {}
    for n, line in enumerate(seg.lines):
        words = words_of([line], n)
        if seg.scale:
            for w in words:
                rescale(w, *seg.scale)
        for w, role in zip(words, place_line(words, cols)):
            if role is not None:
                row = cells.setdefault(n, {})
                row[role] = row.get(role, "") + w.text
    labels = {role: category_labels(b, cells, role) for role in LABEL_ROLES}
    full: dict[str, int] = {}
    for role in ("level3", "target", "actual", "note"):
        full[role] = _full([c[role] for c in cells.values() if c.get(role)])
    anchor_lines = anchors(cells, scored, full)
    blank = unanchored_names(cells, anchor_lines, full.get("level3", 0))
    if blank:
        b.doubt(f"Rows {'/'.join(t for _, t in blank)} print no {'weight/score' if scored else 'target'}; read as "
                "rows of their own with that cell blank.")
        anchor_lines = sorted(anchor_lines + [a for a, _ in blank])
    if not anchor_lines:
        return []
    bottom = float(max(cells)) + 0.5 if cells else 0.0
    best = None
    doubts_of: dict[bool, list[str]] = {False: [], True: []}
    for top_aligned in (False, True):
        rows = [Row(a) for a in anchor_lines]
        cost = 0.0
        for role in CELL_ROLES:
            if scored and role in ("weight", "score"):
                continue
            if not scored and role == "target":
                parts = [(n, c["target"]) for n, c in sorted(cells.items()) if c.get("target")]
            else:
                parts = [(n, c[role]) for n, c in sorted(cells.items()) if c.get(role)]
            c, got = split_column(role, parts, rows, full.get(role, 0), top_aligned)
            _, other = split_column(role, parts, rows, full.get(role, 0), top_aligned, late=True)
            for r, lines in zip(rows, got):
                if lines:
                    r.lines[role] = list(lines)
            cost += c
            ties = [(k, a, o) for k, (a, o) in enumerate(zip(got, other)) if a != o]
            if ties and c < float("inf"):
                moved = sorted({t for _, a, o in ties for _, t in set(a) ^ set(o)})
                doubts_of[top_aligned].append(
                    f"Text {'/'.join(moved)} could belong to the row above or below it (the layout fits both); read "
                    "with the row it completes first.")
        if best is None or cost < best[0]:
            best = (cost, top_aligned, rows)
    _, top_aligned, rows = best
    for d in doubts_of[top_aligned]:
        b.doubt(d)
    if scored:
        for r in rows:
            c = cells.get(int(r.anchor), {})
            r.lines["weight"] = [(int(r.anchor), c.get("weight", ""))]
            r.lines["score"] = [(int(r.anchor), c.get("score", ""))]
    levels: dict[str, list[str | None]] = {}
    for role in LABEL_ROLES:
        levels[role] = cover(labels[role], rows, -0.5, bottom, top_aligned, seg.continuation)
        other = cover(labels[role], rows, -0.5, bottom, top_aligned, seg.continuation, late=True)
        torn = [r.text("level3") or "?" for r, a, o in zip(rows, levels[role], other) if a != o]
        if torn:
            b.doubt(f"Rows {'/'.join(torn)} sit between two merged {role} labels that fit them equally well; read "
                    "under the label above.")
    out = []
    for k, r in enumerate(rows):
        labs = [Label(t) for t in (levels["level1"][k], levels["level2"][k]) if t]
        rec = RowRec(labs, r.text("level3"), target=r.text("target"), actual=r.text("actual"),
                     weight=r.text("weight"), score=r.text("score"), note=r.text("note"),
                     after_break=seg.continuation and k == 0)
        if rec.level3 is None:
            b.doubt(f"A row ({rec.target or ''} {rec.actual or ''}) has no indicator name in the export; kept "
                    "with level3 null.")
        out.append(rec)
    return out
