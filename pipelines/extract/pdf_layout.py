"""Page geometry for the PDF extractor: words → blocks (cells), columns, rows, merged label cells.

Works from the text layer and the ruling lines only, so the same code reads fully
ruled tables, tables with horizontal rules only, and tables with no rules at all:

- a *block* is the text of one cell: words stacked by a line wrap (small vertical gap,
  overlapping x, no rule between them) joined into one string; vertical labels
  ('可持\\n续影\\n响指\\n标') become one block the same way;
- columns come from the table's header cells (x-extents), snapped to vertical rules or
  to the ends of partial horizontal rules when the page has them;
- rows are cut by horizontal rules when they separate the level-3 cells, otherwise by
  the level-3 blocks themselves (one block per row, values attached by y-overlap);
- a merged label cell covers the rows between its rules, or (no rules) the rows around
  which it is vertically centred.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .page import HRule, PageModel, VRule, Word

_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


@dataclass(slots=True)
class Box:
    """A word or a block of wrapped words (one table cell's text)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    lines: int = 1
    last_x0: float = 0.0  # extent of the last line, for attaching the next wrapped line
    last_x1: float = 0.0
    confidence: float = 1.0  # the lowest of its words' (OCR); 1.0 for a text layer

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class PageData:
    number: int  # 1-based
    width: float
    height: float
    blocks: list[Box]
    hrules: list[HRule]
    vrules: list[VRule]
    n_chars: int = 0
    n_unmapped: int = 0  # glyphs without a Unicode mapping ('(cid:123)')
    source: str = "text"  # the page model's source: 'text' | 'ocr'


def page_data(model: PageModel) -> PageData:
    """A page model's cell blocks: words (letter-spaced runs rejoined, split at vertical rules)
    stacked into blocks between the horizontal rules."""
    boxes = words_to_boxes(model.words, model.vrules)
    blocks = build_blocks(boxes, model.hrules)
    return PageData(model.number, model.width, model.height, blocks, model.hrules, model.vrules,
                    model.n_chars, model.n_unmapped, model.source)


# --------------------------------------------------------------------------------- harvesting


def dedupe_chars(chars: list[dict], tol: float = 1.0) -> list[dict]:
    """Drop fake-bold duplicates: the same glyph, font size, drawn again within `tol` points.

    The same rule as pdfplumber's page.dedupe_chars(), in one hashed pass (that one
    clusters every page's characters and costs a third of the parse).
    """
    seen: dict[tuple, list[tuple[float, float]]] = {}
    out = []
    for c in chars:
        x, y = c["x0"], c["top"]
        key = (c["text"], round(c.get("size", 0), 1))
        kx, ky = int(x // 2), int(y // 2)
        dup = False
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for x2, y2 in seen.get((key, kx + dx, ky + dy), ()):
                    if abs(x2 - x) <= tol and abs(y2 - y) <= tol:
                        dup = True
                        break
                if dup:
                    break
            if dup:
                break
        if dup:
            continue
        seen.setdefault((key, kx, ky), []).append((x, y))
        out.append(c)
    return out


def rules_from_edges(edges: list[dict]) -> tuple[list[HRule], list[VRule]]:
    """Horizontal and vertical ruling segments, collinear pieces merged."""
    hs: list[HRule] = []
    vs: list[VRule] = []
    for e in edges:
        x0, x1, top, bottom = e["x0"], e["x1"], e["top"], e["bottom"]
        if bottom - top < 1.5 and x1 - x0 > 4:
            hs.append(HRule((top + bottom) / 2, x0, x1))
        elif x1 - x0 < 1.5 and bottom - top > 4:
            vs.append(VRule((x0 + x1) / 2, top, bottom))
    return _merge_collinear(hs, "y", "x0", "x1"), _merge_collinear(vs, "x", "top", "bottom")


def _merge_collinear(segs: list, pos: str, lo: str, hi: str) -> list:
    """Join segments on the same line (within 1.5 pt) that touch or overlap."""
    segs = sorted(segs, key=lambda r: (round(getattr(r, pos)), getattr(r, lo)))
    out: list = []
    for r in segs:
        last = out[-1] if out else None
        if last and abs(getattr(last, pos) - getattr(r, pos)) <= 1.5 and getattr(r, lo) <= getattr(last, hi) + 2:
            setattr(last, hi, max(getattr(last, hi), getattr(r, hi)))
        else:
            out.append(r)
    return out


def join_letter_spaced(words: list[Word], vrules: list[VRule]) -> list[Word]:
    """Rejoin text drawn glyph by glyph with wide gaps ('项 目 名 称': Word/Excel distributed
    alignment), which comes out as single glyphs or evenly spaced pieces: CJK words on one
    baseline, no vertical rule between them, each a single glyph or spaced inside like the
    gap between them, gaps even and under 2.5 glyph heights, are one word."""
    def cjk(w: Word) -> bool:
        t = w.text.strip()
        return bool(t) and all(_is_cjk(ch) for ch in t)

    def inner(w: Word) -> float | None:  # spacing between the glyphs of a word (None: one glyph)
        n = len(w.text.strip())
        return None if n < 2 else ((w.x1 - w.x0) - n * (w.bottom - w.top)) / (n - 1)

    def close(a: float, b: float) -> bool:
        return abs(a - b) <= 1 + 0.25 * max(a, b)

    cands = [w for w in words if cjk(w)]
    if len(cands) < 2:
        return words
    merged: dict[int, Word | None] = {}
    cands.sort(key=lambda w: (round(w.top), w.x0))
    run: list[Word] = []

    def flush() -> None:
        if len(run) >= 2:
            new = Word("".join(w.text.strip() for w in run), run[0].x0, run[-1].x1,
                       min(w.top for w in run), max(w.bottom for w in run), min(w.confidence for w in run))
            merged[id(run[0])] = new
            for w in run[1:]:
                merged[id(w)] = None

    for w in cands:
        if run:
            last = run[-1]
            size = last.bottom - last.top
            gap = w.x0 - last.x1
            spaced = [g for g in (inner(last), inner(w)) if g is not None]
            spaced += [b.x0 - a.x1 for a, b in zip(run, run[1:])]
            ok = (abs(w.top - last.top) <= 1 and 0.5 < gap <= 2.5 * size and all(close(gap, g) for g in spaced)
                  and not any(last.x1 - 0.5 <= v.x <= w.x0 + 0.5 and v.top <= w.top + size / 2 <= v.bottom
                              for v in vrules))
            if ok:
                run.append(w)
                continue
            flush()
        run = [w]
    flush()
    if not merged:
        return words
    return [merged.get(id(w), w) for w in words if merged.get(id(w), w) is not None]


def _is_cjk(ch: str) -> bool:
    """CJK ideographs, CJK punctuation and full-width forms (（万元）, ：)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


def words_to_boxes(words: list[Word], vrules: list[VRule]) -> list[Box]:
    words = join_letter_spaced(words, vrules)
    out = []
    for w in words:
        text = w.text.strip()
        if not text:
            continue
        size = w.bottom - w.top
        out.append(Box(text, w.x0, w.x1, w.top, w.bottom, size, 1, w.x0, w.x1, w.confidence))
    if vrules:
        out = [piece for b in out for piece in _split_at_vrules(b, vrules)]
    return out


def _split_at_vrules(b: Box, vrules: list[VRule]) -> list[Box]:
    """A word that runs across a vertical rule is two cells' texts (tight layouts)."""
    cuts = [v.x for v in vrules if b.x0 + 2 < v.x < b.x1 - 2 and v.top <= b.cy <= v.bottom]
    if not cuts or len(b.text) < 2:
        return [b]
    pieces, start = [], b.x0
    per_char = (b.x1 - b.x0) / len(b.text)
    i0 = 0
    for x in sorted(cuts) + [b.x1 + 1]:
        i1 = min(len(b.text), max(i0, round((x - b.x0) / per_char)))
        if x > b.x1:
            i1 = len(b.text)
        t = b.text[i0:i1].strip()
        if t:
            x1 = min(x, b.x1)
            pieces.append(Box(t, start, x1, b.top, b.bottom, b.size, 1, start, x1, b.confidence))
        i0, start = i1, x
    return pieces or [b]


def _rule_between(hrules: list[HRule], y0: float, y1: float, x0: float, x1: float) -> bool:
    """Is there a horizontal rule between y0 and y1 that crosses the x-span [x0, x1]?"""
    mid = (x0 + x1) / 2
    for r in hrules:
        if y0 - 0.5 <= r.y <= y1 + 0.5 and r.covers(mid):
            return True
    return False


def join_text(a: str, b: str) -> str:
    """Join a wrapped line to the previous one: CJK (and everything else) joins with '' —
    names are compared without whitespace; two Latin words keep one space."""
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    return a + b


def build_blocks(words: list[Box], hrules: list[HRule], gap_ratio: float = 0.55) -> list[Box]:
    """Stack wrapped lines of one cell into blocks.

    A word continues a block when it starts just below the block's last line (gap under
    `gap_ratio` × font size), overlaps it horizontally, and no rule lies in between.
    """
    words = sorted(words, key=lambda w: (round(w.top, 1), w.x0))
    blocks: list[Box] = []
    open_blocks: list[Box] = []
    for w in words:
        best = None
        best_gap = None
        for b in open_blocks:
            gap = w.top - b.bottom
            lim = gap_ratio * min(w.size, b.size)
            if gap < -0.35 * w.size or gap > lim:
                continue
            ov = min(w.x1, b.last_x1) - max(w.x0, b.last_x0)
            if ov <= 0:
                continue
            if hrules and _rule_between(hrules, b.bottom, w.top, max(w.x0, b.last_x0), min(w.x1, b.last_x1)):
                continue
            if best_gap is None or gap < best_gap:
                best, best_gap = b, gap
        if best is None:
            nb = Box(w.text, w.x0, w.x1, w.top, w.bottom, w.size, 1, w.x0, w.x1, w.confidence)
            blocks.append(nb)
            open_blocks.append(nb)
        else:
            best.text = join_text(best.text, w.text)
            best.x0, best.x1 = min(best.x0, w.x0), max(best.x1, w.x1)
            best.bottom = max(best.bottom, w.bottom)
            best.lines += 1
            best.last_x0, best.last_x1 = w.x0, w.x1
            best.confidence = min(best.confidence, w.confidence)
        # blocks whose last line is far above the current line can no longer grow
        if len(open_blocks) > 64:
            open_blocks = [b for b in open_blocks if w.top - b.bottom <= 2 * b.size]
    return blocks


def same_row(a: Box, b: Box, frac: float = 0.45) -> bool:
    """Two blocks share a table row: enough vertical overlap, or one's centre inside the other."""
    ov = min(a.bottom, b.bottom) - max(a.top, b.top)
    if ov >= frac * min(a.height, b.height):
        return True
    return a.top <= b.cy <= a.bottom or b.top <= a.cy <= b.bottom


# --------------------------------------------------------------------------------- columns


@dataclass
class Column:
    role: str
    left: float
    right: float
    head: Box | None = None

    @property
    def center(self) -> float:
        return (self.left + self.right) / 2


def make_columns(
    heads: list[tuple[str, Box]], vrules: list[VRule], hrules: list[HRule], band: tuple[float, float]
) -> list[Column]:
    """Column x-ranges from the header cells: boundaries on vertical rules, else on the ends of
    partial horizontal rules (merged cells), else halfway between neighbouring header texts."""
    heads = sorted(heads, key=lambda rh: rh[1].x0)
    top, bottom = band
    vx = sorted({round(v.x, 1) for v in vrules if v.top <= bottom and v.bottom >= top})
    hx = sorted({round(r.x0, 1) for r in hrules} | {round(r.x1, 1) for r in hrules})

    def snap(lo: float, hi: float) -> float | None:
        mid = (lo + hi) / 2
        for xs in (vx, hx):
            inside = [x for x in xs if lo - 0.5 <= x <= hi + 0.5]
            if inside:
                return min(inside, key=lambda x: abs(x - mid))
        return None

    cols: list[Column] = []
    bounds: list[float] = []
    for (_, a), (_, b) in zip(heads, heads[1:]):
        lo, hi = a.x1, b.x0
        if hi < lo:  # overlapping header texts: split at the overlap centre
            lo = hi = (lo + hi) / 2
        s = snap(lo, hi)
        bounds.append(s if s is not None else (lo + hi) / 2)
    for i, (role, h) in enumerate(heads):
        left = bounds[i - 1] if i > 0 else None
        right = bounds[i] if i < len(bounds) else None
        if left is None:
            reach = (right - h.x1) if right is not None else h.x1 - h.x0
            cands = [x for x in vx if h.x0 - max(2 * reach, 30) <= x <= h.x0 + 0.5]
            left = max(cands) if cands else h.x0 - max(reach, 4)
        if right is None:  # the last column runs to the table's right border (header texts may sit left)
            cands = [x for x in vx if x >= h.x1 - 0.5]
            ends = [r.x1 for r in hrules if r.x1 >= h.x1 - 0.5]
            right = min(cands) if cands else max(ends) if ends else float("inf")
        cols.append(Column(role, left, right, h))
    return cols


def column_of(b: Box, cols: list[Column]) -> Column | None:
    """The column holding a block: by its centre, else by the largest overlap."""
    for c in cols:
        if c.left <= b.cx <= c.right:
            return c
    best, best_ov = None, 0.0
    for c in cols:
        ov = min(b.x1, c.right) - max(b.x0, c.left)
        if ov > best_ov:
            best, best_ov = c, ov
    return best if best_ov > 0.5 * (b.x1 - b.x0) else None


# --------------------------------------------------------------------------------- rows


@dataclass
class Row:
    top: float
    bottom: float
    cells: dict[str, list[Box]] = field(default_factory=dict)

    def text(self, role: str) -> str | None:
        bs = self.cells.get(role)
        if not bs:
            return None
        out = ""
        for b in sorted(bs, key=lambda b: (round(b.top), b.x0)):
            out = join_text(out, b.text) if out else b.text
        return out or None

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class LabelCell:
    """A (possibly merged) label cell of one page part: its text and the rows it covers."""

    text: str | None
    rows: list[int]
    at_top: bool  # starts at the top of the page part (may continue a cell from the page before)
    at_bottom: bool  # ends at the bottom of the page part (may continue on the next page)


def _intervals(ys: list[float]) -> list[tuple[float, float]]:
    ys = sorted(ys)
    out: list[float] = []
    for y in ys:
        if not out or y - out[-1] > 2.0:
            out.append(y)
    return list(zip(out, out[1:]))


def cut_rows(
    blocks: list[tuple[Column, Box]], hrules: list[HRule], anchor: Column, row_roles: set[str]
) -> tuple[list[Row], bool]:
    """Rows of one page part. Returns (rows, ruled): ruled when rules separate the anchor cells."""
    row_blocks = [(c, b) for c, b in blocks if c.role in row_roles]
    if not row_blocks:
        return [], False
    cross = [r.y for r in hrules if r.covers(anchor.center)]
    if len(cross) >= 2:
        ivs = _intervals(cross)
        rows = [Row(t, b) for t, b in ivs]
        ok = True
        for c, b in row_blocks:
            i = _find_interval(ivs, b.cy)
            if i is None:
                continue
            rows[i].cells.setdefault(c.role, []).append(b)
        for r in rows:
            if len(r.cells.get(anchor.role, [])) > 1:
                ok = False  # two separate anchor cells between the same rules: rules don't cut rows here
                break
        if ok:
            return [r for r in rows if r.cells], True
    return _rows_by_anchor(row_blocks, anchor), False


def _find_interval(ivs: list[tuple[float, float]], y: float) -> int | None:
    for i, (t, b) in enumerate(ivs):
        if t - 0.5 <= y <= b + 0.5:
            return i
    return None


def _rows_by_anchor(row_blocks: list[tuple[Column, Box]], anchor: Column) -> list[Row]:
    anchors = sorted((b for c, b in row_blocks if c is anchor), key=lambda b: b.top)
    rows = [Row(b.top, b.bottom, {anchor.role: [b]}) for b in anchors]
    others = sorted(((c, b) for c, b in row_blocks if c is not anchor), key=lambda cb: cb[1].top)
    pitch = _median([b.height for b in anchors]) or 12.0
    for c, b in others:
        best, best_score = None, None
        for i, r in enumerate(rows):
            ov = min(r.bottom, b.bottom) - max(r.top, b.top)
            score = ov if ov > 0 else -abs(r.cy - b.cy)
            if best_score is None or score > best_score:
                best, best_score = i, score
        # text wholly above the first 三级指标 cell (clear of it) is the rest of a row cut by the
        # page break, not part of that row
        above_first = bool(anchors) and b.bottom < anchors[0].top - 0.25 * pitch
        if best is None or above_first or (best_score is not None and best_score < 0 and -best_score > 1.5 * pitch):
            rows.append(Row(b.top, b.bottom, {c.role: [b]}))
            rows.sort(key=lambda r: r.top)
            continue
        r = rows[best]
        r.cells.setdefault(c.role, []).append(b)
        r.top, r.bottom = min(r.top, b.top), max(r.bottom, b.bottom)
    return rows


def _median(xs: list[float]) -> float | None:
    if not xs:
        return None
    s = sorted(xs)
    return s[len(s) // 2]


def label_cells(
    col: Column, labels: list[Box], rows: list[Row], hrules: list[HRule], ruled: bool, continuation: bool
) -> list[LabelCell]:
    """Merged label cells of one column over the rows of one page part."""
    if not rows:
        return []
    if ruled:
        cross = [r.y for r in hrules if r.covers(col.center)]
        lo, hi = rows[0].top, rows[-1].bottom
        ys = [y for y in cross if lo - 1 <= y <= hi + 1] + [lo, hi]
        ivs = _intervals(ys)
        cells: list[LabelCell] = []
        for k, (t, b) in enumerate(ivs):
            rs = [i for i, r in enumerate(rows) if t - 0.5 <= r.cy <= b + 0.5]
            if not rs:
                continue
            txt = [lb for lb in labels if t - 0.5 <= lb.cy <= b + 0.5]
            cells.append(LabelCell(_join(txt), rs, False, False))
        if cells:
            cells[0].at_top = True
            cells[-1].at_bottom = True
        return cells
    return unruled_label_cells({"_": labels}, rows, continuation)["_"]


def unruled_label_cells(
    labels_by_col: dict[str, list[Box]], rows: list[Row], continuation: bool, hint: list[str] | None = None
) -> dict[str, list[LabelCell]]:
    """Label cells of every label column of a page part without rules. Labels are centred in
    their merged cells or printed at their top; one style holds for the whole table, and the
    cells of an outer column (一级) must end where cells of the next column (二级) end."""
    fits = {
        style: {role: fn(sorted(lbs, key=lambda b: b.cy), rows, continuation) for role, lbs in labels_by_col.items()}
        for style, fn in (("centred", _centred_fit), ("top", _top_aligned_fit))
    }
    roles = list(labels_by_col)

    def rank(style: str) -> tuple[int, float, int]:
        f = fits[style]
        if any(f[r] is None for r in roles):
            return (2, 0.0, 0)
        bad = 0
        for outer, inner in zip(roles, roles[1:]):
            inner_ends = {c.rows[-1] for c in f[inner][1]}
            bad += sum(1 for c in f[outer][1] if c.rows[-1] not in inner_ends)  # cells must nest
            for oc in f[outer][1]:  # and a 二级 label must belong to its 一级 category
                bad += sum(1 for ic in f[inner][1] if ic.rows[0] in oc.rows and not _compatible(oc.text, ic.text))
        return (1 if bad else 0, sum(f[r][0] for r in roles), 0 if style == "centred" else 1)

    # centred unless the top-aligned reading fits clearly better (misfit in points, penalties for
    # rows left to a neighbouring page not counted): most forms centre their merged cells
    # `hint` carries the style of the table's earlier page parts: it decides where this part can't.
    rc, rt = rank("centred"), rank("top")
    tol = 0.75 * len(roles)
    if rt[0] < rc[0] or (rt[0] == rc[0] < 2 and rt[1] + tol < rc[1]):
        style = "top"
    elif rc[0] < rt[0] or (rc[0] == rt[0] < 2 and rc[1] + tol < rt[1]):
        style = "centred"
    else:
        style = None
    if style is not None and hint is not None:
        hint[:] = [style]  # the latest decisive part sets the document's style
    style = style or (hint[0] if hint else "centred")
    if rank(style)[0] == 2:
        return {role: [LabelCell(_join(lbs), list(range(len(rows))), True, True)] for role, lbs in labels_by_col.items()}
    return {role: fits[style][role][1] for role in roles}


_FAMILY = [("满意", "satisfaction"), ("成本", "cost"), ("数量", "output"), ("质量", "output"), ("时效", "output"),
           ("产出", "output"), ("效益", "effect"), ("效果", "effect"), ("可持续", "effect"), ("影响", "effect")]
_FITS = {"output": {"output", "cost"}, "cost": {"cost"}, "effect": {"effect", "satisfaction"},
         "satisfaction": {"satisfaction"}}


def _family(label: str | None) -> str | None:
    for key, fam in _FAMILY:
        if label and key in label:
            return fam
    return None


def _compatible(level1: str | None, level2: str | None) -> bool:
    """Can this 二级 category stand under this 一级 category (产出 → 数量/质量/时效/成本, 效益/效果 →
    …效益/可持续影响/满意度, 满意度 → 满意度)? Unknown wording is always compatible."""
    f1, f2 = _family(level1), _family(level2)
    if f1 is None or f2 is None or f1 not in _FITS:
        return True
    return f2 in _FITS[f1]


def _join(boxes: list[Box]) -> str | None:
    out = ""
    for b in sorted(boxes, key=lambda b: (round(b.top), b.x0)):
        out = join_text(out, b.text) if out else b.text
    return out or None


def _centred_cells(labels: list[Box], rows: list[Row], continuation: bool) -> list[LabelCell]:
    return unruled_label_cells({"_": labels}, rows, continuation)["_"]


def _centred_fit(labels: list[Box], rows: list[Row], continuation: bool) -> tuple[float, list[LabelCell]] | None:
    """No rules: each label is vertically centred on the rows it covers (the usual rendering of a
    merged cell). Partition the rows into consecutive groups, one per label, minimising how far
    each label sits from its group's middle; on a continuation page the first rows may belong to
    the label of the page before. Top-aligned labels are the fallback when centring fits badly."""
    n = len(rows)
    labels = sorted(labels, key=lambda b: b.cy)
    if not labels:
        return 0.0, [LabelCell(None, list(range(n)), True, True)]
    # row boundaries: halfway between neighbouring rows
    half_gap = (_median([max(0.0, rows[i + 1].top - rows[i].bottom) for i in range(n - 1)]) or 0.0) / 2
    edges = [rows[0].top - half_gap] + [(rows[i].bottom + rows[i + 1].top) / 2 for i in range(n - 1)]
    edges.append(rows[-1].bottom + half_gap)
    k = len(labels)
    INF = float("inf")
    unlabelled = _unlabelled_cost(rows)  # rows at either end left without a label of this page
    # best[j][e]: minimal cost with labels[:j] placed and rows[:e] consumed
    best = [[INF] * (n + 1) for _ in range(k + 1)]
    back: list[list[int]] = [[-1] * (n + 1) for _ in range(k + 1)]
    for e in range(n + 1):
        if e == 0 or continuation:
            best[0][e] = 0.0 if e == 0 else unlabelled  # leading rows continue a cell of the page before
    for j in range(1, k + 1):
        lb = labels[j - 1]
        for e in range(1, n + 1):
            for s in range(0, e):
                if best[j - 1][s] == INF:
                    continue
                top, bot = edges[s], edges[e]
                if not (top - 2 <= lb.cy <= bot + 2):
                    continue
                # centred on the span of its rows' text (row edges are only estimates without rules)
                cost = best[j - 1][s] + abs(lb.cy - (rows[s].top + rows[e - 1].bottom) / 2)
                if cost < best[j][e]:
                    best[j][e], back[j][e] = cost, s
    # a trailing group without a label: its label may be printed on the next page
    end = min(range(n + 1), key=lambda e: (best[k][e] + (unlabelled if e < n else 0.0), -e))
    if best[k][end] == INF:
        return None
    groups: list[tuple[int, int, Box | None]] = []
    if end < n:
        groups.append((end, n, None))
    e = end
    for j in range(k, 0, -1):
        s = back[j][e]
        groups.append((s, e, labels[j - 1]))
        e = s
    if e > 0:
        groups.append((0, e, None))
    groups.reverse()
    cells = [LabelCell(lb.text if lb else None, list(range(s, e)), False, False) for s, e, lb in groups]
    cells[0].at_top = True
    cells[-1].at_bottom = True
    misfit = sum(abs(lb.cy - (rows[s].top + rows[e - 1].bottom) / 2) for s, e, lb in groups if lb is not None)
    return misfit / k, cells


def _unlabelled_cost(rows: list[Row]) -> float:
    """What leaving the first (last) rows of a page part to a label of the page before (after) costs."""
    n = len(rows)
    pitch = _median([rows[i + 1].cy - rows[i].cy for i in range(n - 1)]) or (rows[0].bottom - rows[0].top)
    return 0.1 * pitch


def _top_aligned_fit(labels: list[Box], rows: list[Row], continuation: bool) -> tuple[float, list[LabelCell]] | None:
    """Labels printed at the top of their merged cell: each starts the row whose text top it shares.
    Returns (mean misfit, cells), or None when the labels cannot be read that way."""
    if not labels:
        return 0.0, [LabelCell(None, list(range(len(rows))), True, True)]
    starts: list[int] = []
    cost = 0.0
    for lb in labels:
        i = min(range(len(rows)), key=lambda i: abs(rows[i].top - lb.top))
        if starts and i <= starts[-1]:
            return None
        starts.append(i)
        cost += abs(rows[i].top - lb.top)
    if not starts or (starts[0] > 0 and not continuation):
        return None
    cells: list[LabelCell] = []
    if starts[0] > 0:
        cells.append(LabelCell(None, list(range(starts[0])), False, False))
    for j, i in enumerate(starts):
        end = starts[j + 1] if j + 1 < len(starts) else len(rows)
        cells.append(LabelCell(labels[j].text, list(range(i, end)), False, False))
    cells[0].at_top = True
    cells[-1].at_bottom = True
    return cost / len(labels), cells


def has_cjk(s: str) -> bool:
    return bool(_CJK.search(s))
