"""Find a table's ruling lines in an upright page image.

Decides what is a rule: on the binarised page, a morphological opening with a long thin
kernel keeps only runs of ink far longer than any glyph stroke (horizontal, then vertical);
each connected thin run is one segment (a filled area — a shaded cell, a bar — is not).
Short breaks (scan noise, a character touching the line) are bridged. A table's rules
meet: a vertical run that meets no horizontal rule is a tall glyph stroke, a vertical rule
running on past its last crossing by less than two rule lengths ends there (the run-on is a
glyph's stroke the bridging joined to it: it would cut a label in two), and where there are
vertical rules, a short horizontal run meeting none of them is the strokes of a line of text
that the binarised scan ran together. Segments come back as page-model `HRule` / `VRule` in PDF points,
and the line pixels as a mask (so the words step can ignore them).
"""
from __future__ import annotations

import numpy as np

from ..page import HRule, VRule

_LONE_RULE = 4  # a horizontal rule meeting no vertical one is kept when this many times the minimum length


def find_rules(bw: np.ndarray, dpi: int) -> tuple[list[HRule], list[VRule], np.ndarray]:
    """(horizontal rules, vertical rules, mask of rule pixels) of a binary ink image (True = ink)."""
    import cv2

    img = bw.astype(np.uint8) * 255
    scale = 72.0 / dpi
    # longer than any glyph stroke: a 10.5 pt glyph is ~22 px at 150 dpi
    length = max(15, round(dpi * 0.22))
    bridge = max(3, round(dpi * 0.03))
    # a scan breaks a thin rule in one or two pixel rows where noise or JPEG lightened it: those
    # breaks are closed before the opening (which would otherwise drop the short pieces), wider
    # ones (a character touching the line) after it
    crack = max(2, round(dpi * 0.015))
    hmask = cv2.morphologyEx(img, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (crack, 1)))
    hmask = cv2.morphologyEx(hmask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    hmask = cv2.morphologyEx(hmask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (bridge, 1)))
    vmask = cv2.morphologyEx(img, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, crack)))
    vmask = cv2.morphologyEx(vmask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    vmask = cv2.morphologyEx(vmask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, bridge)))
    thick = max(3, round(dpi * 0.04))  # a rule is thin; a thicker run is a filled area or a bar
    hsegs, hlab = _segments(hmask, lambda w, h: w >= length and h <= thick + 4,
                            lambda x, y, w, h: HRule((y + h / 2) * scale, x * scale, (x + w) * scale))
    vsegs, vlab = _segments(vmask, lambda w, h: h >= length and w <= thick + 4,
                            lambda x, y, w, h: VRule((x + w / 2) * scale, y * scale, (y + h) * scale))
    # a table's vertical rule meets a horizontal one (at an end or crossing it); a tall glyph
    # stroke of a large title does not
    vsegs = [(v, px) for v, px in vsegs if any(_meet(h, v) for h, _ in hsegs)]
    # ... and where a table has vertical rules, a short horizontal run that meets none of them is the
    # strokes of a line of characters that the binarised scan ran together ('管理' inside a label cell),
    # not a rule: it would cut the cell in two and be painted out of the text
    if vsegs:
        hsegs = [(h, px) for h, px in hsegs
                 if h.x1 - h.x0 >= _LONE_RULE * length * scale or any(_meet(h, v) for v, _ in vsegs)]
    mask = (np.isin(hlab, [i for _, i in hsegs]) & (hmask > 0)) | (np.isin(vlab, [i for _, i in vsegs]) & (vmask > 0))
    hrules = _merge([h for h, _ in hsegs], "y", "x0", "x1")
    vrules = _merge([v for v, _ in vsegs], "x", "top", "bottom")  # pieces of one broken line first
    for v in vrules:  # a vertical rule ends at a horizontal one: what runs on is a glyph's stroke
        cross = [h.y for h in hrules if _meet(h, v)]
        if not cross:
            continue
        for end, stop in (("bottom", max(cross)), ("top", min(cross))):
            over = abs(getattr(v, end) - stop)
            if 3.0 < over < 2 * length * scale:
                x0, x1 = int(v.x / scale) - thick, int(np.ceil(v.x / scale)) + thick + 1
                if end == "bottom":  # from past the crossing rule to the run-on's end
                    y0, y1 = int(stop / scale) + thick, int(np.ceil(v.bottom / scale)) + 1
                else:
                    y0, y1 = max(0, int(v.top / scale) - 1), int(stop / scale) - thick
                mask[y0:y1, max(0, x0):x1] &= ~(vmask[y0:y1, max(0, x0):x1] > 0)  # the glyph keeps its stroke
                setattr(v, end, stop)
    return hrules, vrules, mask


def _segments(lines: np.ndarray, fits, make) -> tuple[list[tuple], np.ndarray]:
    """([(rule, component label)] of each connected run of `lines` whose (width, height) `fits`,
    the component labels)."""
    import cv2

    n, lab, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h, _area = (int(v) for v in stats[i])
        if fits(w, h):
            out.append((make(x, y, w, h), i))
    return out, lab


def _meet(h: HRule, v: VRule, tol: float = 3.0) -> bool:
    return h.x0 - tol <= v.x <= h.x1 + tol and v.top - tol <= h.y <= v.bottom + tol


def _merge(segs: list, pos: str, lo: str, hi: str, tol: float = 2.0, gap: float = 4.0) -> list:
    """Collinear pieces of one line (split by a gap in the scan) become one segment."""
    segs = sorted(segs, key=lambda r: (getattr(r, pos), getattr(r, lo)))
    out: list = []
    for r in segs:
        for o in out:
            if abs(getattr(o, pos) - getattr(r, pos)) <= tol and getattr(r, lo) <= getattr(o, hi) + gap \
                    and getattr(o, lo) <= getattr(r, hi) + gap:
                setattr(o, lo, min(getattr(o, lo), getattr(r, lo)))
                setattr(o, hi, max(getattr(o, hi), getattr(r, hi)))
                break
        else:
            out.append(r)
    return out
