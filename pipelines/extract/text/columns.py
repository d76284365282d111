"""pdftotext -layout text: the indicator table read from the column positions the spaces give.

Decides the table's parts page by page (column titles printed again, page breaks, a page continued
without titles lined up with the titled one — its edges against the titled page's edges or a
column's, whichever places its words best —, the 总分 / 评分等级 lines, the table's end) and puts each
page's rows together: words to columns (`layout_place`), lines to rows (`layout_rows`), merged
labels to the rows they cover (`layout_labels`). A cell's lines are centred on its row or
top-aligned: the reading that fits the page better is taken. Where a line or a label fits two rows
equally well the reading is kept and a doubt says so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import vocabulary as L
from ..assemble import FormBuilder
from ..normalize import squash
from .rows import Label, RowRec
from .totals import read_totals
from .tokens import PAGE_NUMBER, PURE_NUMBER, TABLE_END, line_tokens, table_header_roles
from .layout_labels import category_labels, cover
from .layout_place import LABEL_ROLES, CELL_ROLES, Column, Word, header_columns, is_title_line, place_line, placed, stacked_labels, title_top, width, words_of
from .layout_rows import Row, anchors, cell_width, join_wrapped_numbers, split_column, unanchored_names


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
            seg.scale = _page_scale(seg, ext, ref)
        out.extend(_read_segment(b, seg, scored))
    return out


def extent(words: list[Word]) -> tuple[float, float, float, float]:
    """(left, right) of a page's table words in characters and in display width."""
    if not words:
        return (0.0, 1.0, 0.0, 1.0)
    return (min(w.start for w in words), max(w.end for w in words),
            min(w.dcenter - width(w.text) / 2 for w in words), max(w.dcenter + width(w.text) / 2 for w in words))


def _page_scale(seg: Segment, ext: tuple, ref: tuple) -> tuple | None:
    """How a page continued without column titles lines up with the titled page. pdftotext lays each
    page out anew: the page's table may start at the outer row-header column (printed on the titled
    page only) or at the first column, and end at whichever column its widest cells are in. So the
    page's left and right edges are tried against the titled page's edges and every column's edges
    (and the page as printed); the mapping that places the page's words best in the columns is taken."""
    cols = seg.cols
    lefts = [(float(ref[0]), ref[2])] + [(float(c.start), c.dcenter - (c.end - c.start)) for c in cols]
    rights = [(float(ref[1]), ref[3])] + [(float(c.end), c.dcenter + (c.end - c.start)) for c in cols]
    lines = [words_of([line], n) for n, line in enumerate(seg.lines)]
    best, got = None, None
    span = max(1.0, ext[1] - ext[0])
    # a page laid out anew is narrower or wider, never squeezed into one column
    for scale in [None] + [(ext, (a, b, da, db)) for a, da in lefts for b, db in rights
                           if 0.5 <= (b - a) / span <= 3 and db > da + 4]:
        cost = 0.0
        for words in lines:
            if scale:
                words = [Word(w.line, w.start, w.end, w.text, w.dcenter) for w in words]
                for w in words:
                    rescale(w, *scale)
            cost += placed(words, cols)[1]
        if best is None or cost < best - 1e-9:
            best, got = cost, scale
    return got


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
        if line.strip() == "\f" or (PAGE_NUMBER.match(line) and line.strip() and _page_foot(body, i)):
            segs.append(Segment(cur, first, cols, continuation, titled))
            cur, first, continuation, titled = [], i + 1, True, False
            i += 1
            continue
        if toks and (table_header_roles(toks) or is_title_line(body, i)):
            again = header_columns(body, i)
            del cur[max(0, len(cur) - (i - title_top(body, i))):]  # the titles' pieces above their line
            segs.append(Segment(cur, first, cols, continuation, titled))
            if again:
                cols = again[0]
                i = again[1]
            else:
                i += 1
            cur, first, continuation, titled = [], i, True, again is not None
            continue
        at = next((k for k, t in enumerate(toks) if L.is_total_score_label(t) or L.is_grade_label(t)), None)
        if at is not None and L.is_total_score_label(toks[at]) and cur:
            whole = _numbers_around(body, i)
            if whole:  # numbers wrapped in their narrow columns: a line above and a line below
                toks, cur = line_tokens(" ".join(whole), False), cur[:-1]
                body = body[:i + 1] + [""] + body[i + 2:]
        if toks and read_totals(b, toks[at or 0:]):
            cur.append("")  # the 总分 / 评分等级 line (printed under the label columns)
            i += 1
            continue
        if head and (TABLE_END.match(head) or L.is_form_title(head)):
            break
        cur.append(line)
        i += 1
    segs.append(Segment(cur, first, cols, continuation, titled))
    return [s for s in segs if any(x.strip() for x in s.lines)]


def _page_foot(body: list[str], i: int) -> bool:
    """Whether the page number-like line `i` is a page's foot. '-3-' or '第3页' always; a bare number only
    where the page ends after it (a form feed, the end, the column titles again) and it is no number's
    wrapped tail (under a number one or two lines above in its place: '10.0' / '0') — elsewhere it is a
    cell ('0' as a target)."""
    m = re.search(r"\S", body[i])
    if not PURE_NUMBER.match(body[i].strip()) or m is None:
        return True
    for above in body[max(0, i - 2):i]:
        if any(abs(w.start() - m.start()) <= 2 and PURE_NUMBER.match(w.group(0)) for w in re.finditer(r"\S+", above)):
            return False
    k = next((k for k in range(i + 1, len(body)) if body[k].strip()), None)
    return k is None or body[k].strip() == "\f" or any(
        table_header_roles(line_tokens(body[j], False)) or is_title_line(body, j) for j in range(k, min(k + 2, len(body))))


def _cover_levels(b: FormBuilder | None, labels: dict[str, list], rows: list[Row], bottom: float, top_aligned: bool,
                  continuation: bool) -> tuple[dict[str, list[str | None]], float]:
    """The 一级 and 二级 label over each row: the 二级 cells alone first, then the 一级 cells ending where
    二级 cells end and holding categories that fit, then the 二级 cells again under that reading; and how
    badly the labels fit that reading of the rows. Ties are doubts (on `b`, when given)."""
    l1, l2 = labels["level1"], labels["level2"]
    args = (-0.5, bottom, top_aligned, continuation)
    got: dict[str, list[int]] = {}
    alt: dict[str, list[int]] = {}
    inner, _ = cover(l2, rows, *args, inner=True)
    for late in (False, True):
        outer, _ = cover(l1, rows, *args, late=late, other=inner, other_labels=l2)
        (alt if late else got)["level1"] = outer
    misfit = 0.0
    for late in (False, True):
        got2, misfit = cover(l2, rows, *args, late=late, other=got["level1"], other_labels=l1, inner=True)
        (alt if late else got)["level2"] = got2
    misfit += cover(l1, rows, *args, other=got["level2"], other_labels=l2)[1]
    out: dict[str, list[str | None]] = {}
    for role in LABEL_ROLES:
        texts = [labels[role][k].text if k >= 0 else None for k in got[role]]
        torn = [r.text("level3") or "?" for r, a, o in zip(rows, got[role], alt[role]) if a != o]
        if torn and b is not None:
            b.doubt(f"Rows {'/'.join(torn)} sit between two merged {role} labels that fit them equally well; read "
                    "under the label above.")
        out[role] = texts
    return out, misfit


def _numbers_around(body: list[str], i: int) -> list[str] | None:
    """Line `i`'s words with the numbers printed in two pieces around it — each piece alone in its place,
    one on the line above and one on the line below ('99.9' / '5', '59.0  100.0' / '0  0') — put back
    whole in their places; None when the lines around hold anything else."""
    if i == 0 or i + 1 >= len(body):
        return None
    a, c = list(re.finditer(r"\S+", body[i - 1])), list(re.finditer(r"\S+", body[i + 1]))
    if not a or len(a) != len(c):
        return None
    words = [(m.start(), m.group(0)) for m in re.finditer(r"\S+", body[i])]
    for x, y in zip(a, c):
        text = x.group(0) + y.group(0)
        if abs(x.start() - y.start()) > 3 or not re.fullmatch(r"\d+(?:\.\d+)?", text) \
                or not re.fullmatch(r"[\d.]+", y.group(0)):
            return None
        words.append((x.start(), text))
    return [t for _, t in sorted(words)]


def _read_segment(b: FormBuilder, seg: Segment, scored: bool) -> list[RowRec]:
    cols = seg.cols
    cells: dict[int, dict[str, str]] = {}
    page: list[tuple[Word, str | None]] = []
    for n, line in enumerate(seg.lines):
        words = words_of([line], n)
        if seg.scale:
            for w in words:
                rescale(w, *seg.scale)
        page.extend(zip(words, place_line(words, cols)))
    glued: set[int] = set()  # lines whose name cell holds several words (a neighbour's text may be glued on)
    for w, role in stacked_labels(page):
        if role is not None:
            row = cells.setdefault(w.line, {})
            if role == "level3" and row.get(role):
                glued.add(w.line)
            row[role] = row.get(role, "") + w.text
    labels = {role: category_labels(b, cells, role) for role in LABEL_ROLES}
    full: dict[str, int] = {}
    for role in ("level3", "target", "actual", "note"):
        full[role] = cell_width([c[role] for c in cells.values() if c.get(role)])
    # a name line of several words wider than every one-word line is a neighbour's text glued on by a
    # one-space gap (cramped Word tables): the one-word lines say how wide names print
    alone = [c["level3"] for n, c in cells.items() if c.get("level3") and n not in glued]
    if alone:
        full["level3"] = cell_width(alone)
    if scored:
        join_wrapped_numbers(cells)
    anchor_lines = anchors(cells, scored, full)
    blank = unanchored_names(cells, anchor_lines, full.get("level3", 0))
    if blank:
        b.doubt(f"Rows {'/'.join(t for _, t in blank)} print no {'weight/score' if scored else 'target'}; read as "
                "rows of their own with that cell blank.")
        anchor_lines = sorted(anchor_lines + [a for a, _ in blank])
    if not anchor_lines:
        return []
    readings = []
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
        readings.append((cost, top_aligned, rows))
    bottom = float(max(cells)) + 0.5 if cells else 0.0
    (c_centre, _, centred), (c_top, _, topped) = readings
    top_aligned = c_top < c_centre
    if abs(c_top - c_centre) <= 1e-9:
        # cells that fit both readings equally (one-line rows): the merged labels say whether cells are
        # top-aligned — each printed on its group's first row — when that fits them clearly better
        # (by more than two lines' misplacement in all)
        fits = [_cover_levels(None, labels, r, bottom, top, seg.continuation)[1] for top, r in ((False, centred), (True, topped))]
        top_aligned = fits[1] + 2 < fits[0]
    rows = topped if top_aligned else centred
    for d in doubts_of[top_aligned]:
        b.doubt(d)
    if scored:
        for r in rows:
            c = cells.get(int(r.anchor), {})
            r.lines["weight"] = [(int(r.anchor), c.get("weight", ""))]
            r.lines["score"] = [(int(r.anchor), c.get("score", ""))]
    levels, _ = _cover_levels(b, labels, rows, bottom, top_aligned, seg.continuation)
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
