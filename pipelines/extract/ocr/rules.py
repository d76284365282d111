"""Find a table's ruling lines in an upright page image.

Decides what is a rule: on the binarised page, a morphological opening with a long thin
kernel keeps only runs of ink far longer than any glyph stroke (horizontal, then vertical);
each connected thin run is one segment (a filled area — a shaded cell, a bar — is not). Short breaks (scan noise, a character touching the
line) are bridged first. Segments come back as page-model `HRule` / `VRule` in PDF points,
and the line pixels as a mask (so the words step can ignore them).
"""
from __future__ import annotations

import numpy as np

from ..page import HRule, VRule


def find_rules(bw: np.ndarray, dpi: int) -> tuple[list[HRule], list[VRule], np.ndarray]:
    """(horizontal rules, vertical rules, mask of rule pixels) of a binary ink image (True = ink)."""
    import cv2

    img = bw.astype(np.uint8) * 255
    scale = 72.0 / dpi
    # longer than any glyph stroke: a 10.5 pt glyph is ~22 px at 150 dpi
    length = max(15, round(dpi * 0.22))
    bridge = max(3, round(dpi * 0.03))
    hmask = cv2.morphologyEx(img, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    hmask = cv2.morphologyEx(hmask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (bridge, 1)))
    vmask = cv2.morphologyEx(img, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    vmask = cv2.morphologyEx(vmask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, bridge)))
    thick = max(3, round(dpi * 0.04))  # a rule is thin; a thicker run is a filled area or a bar
    hrules: list[HRule] = []
    vrules: list[VRule] = []
    mask = np.zeros(bw.shape, bool)
    n, lab, stats, _ = cv2.connectedComponentsWithStats(hmask, connectivity=8)
    keep = [i for i in range(1, n) if stats[i, 2] >= length and stats[i, 3] <= thick + 4]
    for i in keep:
        x, y, w, h, _area = stats[i]
        hrules.append(HRule((y + h / 2) * scale, x * scale, (x + w) * scale))
    mask |= np.isin(lab, keep) & (hmask > 0)
    n, lab, stats, _ = cv2.connectedComponentsWithStats(vmask, connectivity=8)
    keep = [i for i in range(1, n) if stats[i, 3] >= length and stats[i, 2] <= thick + 4]
    for i in keep:
        x, y, w, h, _area = stats[i]
        vrules.append(VRule((x + w / 2) * scale, y * scale, (y + h) * scale))
    # a table's vertical rule meets a horizontal one (at an end or crossing it); a tall glyph
    # stroke of a large title does not
    vrules = [v for v in vrules if any(h.x0 - 3 <= v.x <= h.x1 + 3 and v.top - 3 <= h.y <= v.bottom + 3
                                       for h in hrules)]
    mask |= np.isin(lab, keep) & (vmask > 0)
    return _merge(hrules, "y", "x0", "x1"), _merge(vrules, "x", "top", "bottom"), mask


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
