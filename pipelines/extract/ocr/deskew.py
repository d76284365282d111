"""Measure how far a scan is turned and turn it upright.

Decides the skew angle from the page's dark pixels: the angle at which their horizontal
projection is sharpest (ruling lines and text lines pile up into few rows). This works
for ruled tables and plain text alike and needs no line detector. Angles up to ±`MAX_ANGLE`
degrees are searched coarse to fine; a page is only turned when the gain is real.
"""
from __future__ import annotations

import numpy as np

MAX_ANGLE = 6.0
_SAMPLE = 60000  # dark pixels used for the estimate (subsampled for speed)


def ink(grey: np.ndarray) -> np.ndarray:
    """Binary ink mask (True = dark) by Otsu's threshold."""
    import cv2

    _, bw = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return bw > 0


def skew_angle(grey: np.ndarray) -> float:
    """Degrees to turn the image by (`rotate`) so that its lines are level (0.0 when unsure)."""
    ys, xs = np.nonzero(ink(grey))
    if len(ys) < 500:
        return 0.0
    if len(ys) > _SAMPLE:
        pick = np.random.default_rng(0).choice(len(ys), _SAMPLE, replace=False)
        ys, xs = ys[pick], xs[pick]
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64) - grey.shape[1] / 2

    def sharpness(deg: float) -> float:
        t = np.deg2rad(deg)
        proj = ys * np.cos(t) + xs * np.sin(t)
        hist = np.bincount(np.clip(proj, 0, None).astype(np.int64))
        return float((hist.astype(np.float64) ** 2).sum())

    best, step = 0.0, 0.5
    for span, step in ((MAX_ANGLE, 0.5), (0.5, 0.1), (0.1, 0.02)):
        grid = np.arange(best - span, best + span + 1e-9, step)
        scores = [sharpness(a) for a in grid]
        best = float(grid[int(np.argmax(scores))])
    if sharpness(best) < 1.02 * sharpness(0.0):
        return 0.0
    return -best


def rotate(img: np.ndarray, angle: float) -> np.ndarray:
    """`img` turned by `angle` degrees about its centre, same size, paper-white corners."""
    import cv2

    if abs(angle) < 0.02:
        return img
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    fill = int(np.percentile(img, 95)) if img.ndim == 2 else (255, 255, 255)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=fill)
