"""Page geometry: a page model's words → cell blocks (the text of one cell each).

Decides which words belong to one cell: letter-spaced runs ('项 目 名 称') are rejoined,
a word running across a vertical rule is cut there, and wrapped lines stacked under each
other (small gap, overlapping x, no rule in between) join into one block; vertical labels
('可持\\n续影\\n响指\\n标') become one block the same way. `same_row` says when two blocks
share a table row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..page import HRule, PageModel, VRule, Word


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
    """Is there a horizontal rule strictly between heights y0 and y1 that crosses the x-span [x0, x1]?

    Callers pass the centres of two text lines: a glyph belongs to the cell that holds its
    centre, whatever its box touches (office exports set a cell's first line a little above the
    row's top border, so glyph boxes straddle it)."""
    mid = (x0 + x1) / 2
    for r in hrules:
        if y0 < r.y < y1 and r.covers(mid):
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
            last_cy = b.bottom - b.size / 2  # centre of the block's last line
            if hrules and _rule_between(hrules, last_cy, w.cy, max(w.x0, b.last_x0), min(w.x1, b.last_x1)):
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


def has_cjk(s: str) -> bool:
    return bool(_CJK.search(s))
