"""Recognised text lines → page-model words.

Decides a word's box: the detector's box is padded (it is grown around the text before
recognition), so each box is shrunk to the ink inside it, ruling-line pixels and a seal's
remains excluded, and
then given the em height a text layer's glyph boxes have (the layout engine's line-spacing
rules are made for those). Pieces of one text line
that the detector split at a wide gap are joined again unless a vertical rule lies between
them (`join_pieces`); a header label glued to its value is cut apart (`_label_cut`); a short
piece lying inside another word's box is a second reading of a glyph the detector cut
(`drop_overlaps`).
Boxes are turned into
PDF points (`72 / dpi`), text is stripped, and the recogniser's score is the confidence.
A weakly read line of one or two characters in a box far shorter than the page's text lines
is dust or the remains of a painted-out rule, not text (`_speck`).
"""
from __future__ import annotations

import numpy as np

from ..page import VRule, Word
from .engine import Line
from .lexicon import same_char

# pieces of one text line closer than this many glyph heights are one word (the detector splits a
# line at a wide glyph gap such as before a full-width parenthesis; a text layer keeps it whole)
_JOIN_GAP = 0.8
# a character read with less certainty than this, whose ink is seal-red, is the seal's
_SEAL_CHAR_SURE = 0.5
# a line of at most _SPECK_CHARS characters read with less certainty than _SPECK_SURE, in a box
# lower than _SPECK_HEIGHT of the page's median line, is a speck
_SPECK_CHARS, _SPECK_SURE, _SPECK_HEIGHT = 2, 0.5, 0.6
_SPECK_SHARE = 0.1  # a row of a word's box with less ink than this share of its inkiest row is not text


def to_words(lines: list[Line], text_ink: np.ndarray, dpi: int, vrules: list[VRule] = (),
             seal_px: tuple[np.ndarray, ...] | None = None) -> list[Word]:
    """Page-model words of recognised lines; `text_ink` is the ink mask without rule pixels;
    `seal_px` (stamped pages) is (faint ink: anything darker than paper, seal-red among it, dark ink)."""
    h, w = text_ink.shape
    if seal_px is not None:  # the seal's remains are not the text's ink: a box does not grow over them
        text_ink = text_ink & ~seal_px[1]
    scale = 72.0 / dpi
    rules_px = [(v.x / scale, v.top / scale, v.bottom / scale) for v in vrules]
    out = []
    heights = [float(ln.quad[:, 1].max() - ln.quad[:, 1].min()) for ln in lines]
    usual = float(np.median(heights)) if heights else 0.0
    for line, height in zip(lines, heights):
        if _speck(line, height, usual):
            continue
        y0 = max(0, int(np.floor(line.quad[:, 1].min())))
        y1 = min(h, int(np.ceil(line.quad[:, 1].max())))
        for text, x0, x1, sure in _pieces(line, rules_px, seal_px, y0, y1):
            x0, x1 = max(0, int(x0)), min(w, int(np.ceil(x1)))
            if x1 <= x0 or y1 <= y0:
                continue
            tx0, ty0, tx1, ty1 = _tight(text_ink[y0:y1, x0:x1])
            top, bottom = float(y0), float(y1)
            if tx1 > tx0 and ty1 > ty0:
                x0, x1 = x0 + tx0, x0 + tx1
                top, bottom = _em_box(text, y0 + ty0, y0 + ty1)
            out.append(Word(text, x0 * scale, x1 * scale, top * scale, bottom * scale, round(sure, 4)))
    return out


def _speck(line: Line, height: float, usual: float) -> bool:
    return (len(line.text.strip()) <= _SPECK_CHARS and line.confidence < _SPECK_SURE
            and height < _SPECK_HEIGHT * usual)


def _pieces(line: Line, rules_px, seal_px, y0: int, y1: int):
    """(text, x0, x1, confidence) pieces of a line: cut where a vertical rule passes between two characters
    (the detector may read across a cell border the scan blurred), ends trimmed to the rules
    around them, characters drawn by the seal dropped. Without character positions (a vertical
    line) the line is one piece, trimmed by `_inside_rules`."""
    qx0, qx1 = float(line.quad[:, 0].min()), float(line.quad[:, 0].max())
    text = line.text
    cy = (y0 + y1) / 2
    if len(line.xs) != len(text) or not text:
        x0, x1 = _inside_rules(int(qx0), int(qx1), cy, y1 - y0, rules_px)
        return [(text.strip(), x0, x1, line.confidence)] if text.strip() else []
    xs = line.xs
    crossing = sorted(x for x, top, bottom in rules_px if top <= cy <= bottom and qx0 < x < qx1)
    keep = [i for i, ch in enumerate(text) if not ch.isspace()]
    if seal_px is not None:  # a seal's character is read weakly through its remains
        keep = [i for i in keep if not (line.chars and line.chars[i][0][1] < _SEAL_CHAR_SURE
                                        and _seal_char(i, xs, qx0, qx1, seal_px, y0, y1))]
    pieces: list[tuple[str, float, float, float]] = []
    cur: list[int] = []

    def flush(end: float) -> None:
        if not cur:
            return
        start = max([qx0] + [x for x in crossing if x < xs[cur[0]]])
        k = _label_cut(text, xs, cur)
        parts = [(cur[:k], start, (xs[cur[k - 1]] + xs[cur[k]]) / 2), (cur[k:], (xs[cur[k - 1]] + xs[cur[k]]) / 2, end)] \
            if k else [(cur, start, end)]
        for idx, a, b in parts:
            sure = min(sum(p for c, p in line.chars[i] if same_char(c, text[i])) for i in idx) if line.chars else 1.0
            piece = "".join(text[i] for i in idx)
            pieces.append((piece.lstrip(":：") if k and idx is parts[1][0] else piece, a, min(b, qx1), sure))

    for i in keep:
        if cur and any(xs[cur[-1]] < x < xs[i] for x in crossing):
            flush(min(x for x in crossing if x > xs[cur[-1]]))
            cur = []
        cur.append(i)
    if cur:
        flush(min([qx1] + [x for x in crossing if x > xs[cur[-1]]]))
    return pieces


def _seal_char(i: int, xs: list[float], qx0: float, qx1: float, seal_px: tuple[np.ndarray, ...],
               y0: int, y1: int) -> bool:
    """Is character i drawn by the seal (read through its remains)? Much of its ink is seal-red
    and almost none of it is dark: black ink under a seal stays dark, the seal's remains do not."""
    faint, red, dark = seal_px
    a = int((xs[i - 1] + xs[i]) / 2) if i > 0 else int(qx0)
    b = int(np.ceil((xs[i] + xs[i + 1]) / 2)) if i + 1 < len(xs) else int(np.ceil(qx1))
    n = int(faint[y0:y1, a:b].sum())
    return n > 0 and float(red[y0:y1, a:b].sum()) > 0.4 * n and float(dark[y0:y1, a:b].sum()) < 0.1 * n


def _inside_rules(x0: int, x1: int, cy: float, height: int, vrules: list[tuple[float, float, float]]) -> tuple[int, int]:
    """A box that pokes over a vertical rule by less than 1.5 line heights (the detector's padding,
    or a stray glyph edge of the next cell) ends at the rule; a longer overhang is text on both
    sides, split later by the layout engine."""
    for x, top, bottom in vrules:
        if not top <= cy <= bottom or not x0 < x < x1:
            continue
        if x - x0 < 1.5 * height and x1 - x > x - x0:
            x0 = int(np.ceil(x)) + 1
        elif x1 - x < 1.5 * height and x - x0 > x1 - x:
            x1 = int(np.floor(x))
    return x0, x1


def _em_box(text: str, top: int, bottom: int) -> tuple[float, float]:
    """The line's em box around its ink: CJK glyphs fill ~88% of the em, digits and Latin ~70%
    (text-layer boxes, which the layout engine's spacing rules are made for, span the em)."""
    ink_h = bottom - top
    cjk = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")
    share = 0.88 if cjk else 0.70
    pad = ink_h * (1 / share - 1) / 2
    return top - pad, bottom + pad


def _tight(crop: np.ndarray) -> tuple[int, int, int, int]:
    """The ink extent of a crop: rows and columns holding at least two ink pixels and a tenth of
    the inkiest row's (column's) count, so that dust and noise specks above or below the text
    do not stretch the box (a taller box reads as a larger font or a line of its own)."""
    by_row, by_col = crop.sum(axis=1), crop.sum(axis=0)
    if by_row.size == 0 or by_col.size == 0:
        return 0, 0, 0, 0
    rows = np.nonzero(by_row >= max(2, _SPECK_SHARE * by_row.max()))[0]
    cols = np.nonzero(by_col >= max(2, _SPECK_SHARE * by_col.max()))[0]
    if len(rows) == 0 or len(cols) == 0:
        return 0, 0, 0, 0
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def drop_overlaps(words: list[Word]) -> list[Word]:
    """Words without the ones read twice: a detector box that reached into the next cell cuts the
    neighbour's edge glyph, whose half is read as a character of its own ('指' → '旨' beside
    '效益指'). A word of one or two characters lying mostly inside a longer word's box on the
    same line is that second reading."""
    out = []
    for w in words:
        wide, high = w.x1 - w.x0, w.bottom - w.top
        twice = len(w.text) <= 2 and any(
            o is not w and len(o.text) > len(w.text)
            and min(o.x1, w.x1) - max(o.x0, w.x0) > 0.5 * wide
            and min(o.bottom, w.bottom) - max(o.top, w.top) > 0.5 * min(high, o.bottom - o.top)
            for o in words)
        if not twice:
            out.append(w)
    return out


def join_pieces(words: list[Word], vrules: list[VRule]) -> list[Word]:
    """Join words on one line whose gap is under `_JOIN_GAP` glyph heights and holds no vertical rule."""
    out: list[Word] = []
    for w in sorted(words, key=lambda w: (w.x0, w.top)):
        h = w.bottom - w.top
        for o in out:
            oh = o.bottom - o.top
            overlap = min(o.bottom, w.bottom) - max(o.top, w.top)
            gap = w.x0 - o.x1
            if (overlap > 0.6 * min(h, oh) and -0.5 * min(h, oh) < gap < _JOIN_GAP * max(h, oh)
                    and not any(o.x1 - 3 <= v.x <= w.x0 + 3 and v.top <= (w.top + w.bottom) / 2 <= v.bottom
                                for v in vrules)):
                o.text += w.text
                o.x1 = max(o.x1, w.x1)
                o.top, o.bottom = min(o.top, w.top), max(o.bottom, w.bottom)
                o.confidence = min(o.confidence, w.confidence)
                break
        else:
            out.append(Word(w.text, w.x0, w.x1, w.top, w.bottom, w.confidence))
    return out


def _label_cut(text: str, xs: list[float], idx: list[int]) -> int:
    """Where a header label glued to its value ends ('计划完成日期2020-12-31': the cell border between
    them faded, or lies under a seal), as a count of the piece's characters; 0 for none. The label
    is the longest start that is a header-field label of the form vocabulary (or a fund label
    before an amount), and the value must stand apart: the gap between the two characters wider
    than 1.4 times their usual spacing ('主管部门满意度', one evenly spaced name, stays whole)."""
    from .. import vocabulary as labels

    chars = [text[i] for i in idx]
    whole = "".join(chars)
    if len(chars) < 3 or labels.header_field(whole) or labels.budget_row(whole):
        return 0
    steps = [(xs[b] - xs[a]) / ((_width(text[a]) + _width(text[b])) / 2) for a, b in zip(idx, idx[1:])]
    pitch = sorted(steps)[len(steps) // 2]
    for k in range(min(len(chars) - 1, 16), 1, -1):
        head, tail = whole[:k], whole[k:].lstrip(":：")
        # a fund label only before an amount ('年度预算执行率' is an indicator, not 年度预算 + 执行率)
        if tail and (labels.header_field(head) or (labels.budget_row(head) and tail[:1].isdigit())):
            return k if steps[k - 1] > 1.4 * pitch else 0
    return 0


def _width(text: str) -> float:
    """Relative printed width: CJK and full-width characters are one em, others about half."""
    import unicodedata

    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text) or 1.0
