"""Take a red seal (公章) out of a page image before rules are found or text is read.

Decides how colour becomes grey: official seals, signatures' stamps and red headers are
printed in red, the form in black. In the red channel red ink is as light as the paper
while black ink stays dark, so a page that has red ink is read through its red channel;
a page without colour keeps its luminance (the red channel of grey pixels is their grey).
What the recogniser still reads in the seal's remains is dropped later, character by
character (words.py: a character whose ink is nearly all red-tinted is the seal's).
"""
from __future__ import annotations

import numpy as np

# a pixel is red ink when red clearly exceeds both green and blue
_RED_MARGIN = 60
# share of the page's pixels that must be red before the page counts as stamped
_MIN_SHARE = 0.0005
# a pixel of the seal's fringe: redder than this, and not dark
_FRINGE = 25
# tinted pixels lighter than this share of paper are seal, not ink under it
_INK_SHARE = 0.78


def red_mask(rgb: np.ndarray) -> np.ndarray:
    r = rgb[:, :, 0].astype(np.int16)
    g = rgb[:, :, 1].astype(np.int16)
    b = rgb[:, :, 2].astype(np.int16)
    return (r - np.maximum(g, b)) > _RED_MARGIN


def tinted(rgb: np.ndarray) -> np.ndarray:
    """Pixels with a red tint: the seal, its fringes, and what is left of it after `drop_seal`."""
    r = rgb[:, :, 0].astype(np.int16)
    return (r - np.maximum(rgb[:, :, 1], rgb[:, :, 2]).astype(np.int16)) > _FRINGE


def drop_seal(rgb: np.ndarray) -> tuple[np.ndarray, bool]:
    """(grey page image without red ink, whether red ink was found)."""
    import cv2

    if rgb.ndim == 2:
        return rgb, False
    mask = red_mask(rgb)
    if mask.mean() < _MIN_SHARE:
        return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), False
    grey = rgb[:, :, 0].astype(np.float32)
    # In the red channel the seal is light but not paper-white (a stamp is a pale red, ~0.9 of
    # paper): scale its pixels so that the seal's typical level becomes paper. Black ink under the
    # seal is dark in the red channel too and stays dark after the scaling.
    tint = tinted(rgb)
    paper = float(np.percentile(grey, 90))
    seal_level = float(np.median(grey[mask])) or paper
    gain = max(1.0, paper / seal_level)
    grey[tint] = np.minimum(paper, grey[tint] * gain)
    # a tinted pixel far lighter than ink is seal alone (its darker strokes): paper
    grey[tint & (grey > _INK_SHARE * paper)] = paper
    return grey.astype(np.uint8), True
